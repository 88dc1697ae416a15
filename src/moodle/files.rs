//! Moodle's file endpoints (MOODLE-SPEC §8): `webservice/upload.php`,
//! `webservice/pluginfile.php` and `tokenpluginfile.php`. The work is in
//! `lmsgate_api::core_files`, shared with the typed twins.
use std::sync::Arc;

use poem::http::{HeaderValue, StatusCode};
use poem::web::Data;
use poem::{Body, Request, Response, handler};
use serde_json::json;

use lmsgate_api::core_files::{self, area::Place, transfer};
use lmsgate_api::framework::{ApiError, AppState, client_ip};

/// `POST /webservice/upload.php`: `text/plain` JSON as Moodle sends it (`[]`, as
/// `application/json`, when no file came), errors in the token.php shape with HTTP 200 —
/// except a body over the server's limit, which is 413.
#[handler]
pub async fn upload(req: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    let is_multipart = req.content_type().is_some_and(|c| c.to_ascii_lowercase().starts_with("multipart/form-data"));
    // The fields come in the query, in a urlencoded body (posted ones first, as PHP's
    // optional_param reads them) or as multipart fields (read with the files).
    let (params, body) = match is_multipart {
        true => (super::query_pairs(req), Some(body)),
        false => {
            let limit = state.settings.limits.max_body_bytes as usize;
            let bytes = body.into_bytes_limit(limit).await.unwrap_or_default();
            (super::request_params(req, &bytes), None)
        }
    };
    let arg = |name: &str| super::param(&params, name).map(str::to_string);
    let args = transfer::UploadArgs { token: arg("token"), itemid: arg("itemid"), filepath: arg("filepath") };
    let result = async {
        let form = match body {
            Some(body) => Some(transfer::multipart(req, body, state.settings.limits.max_upload_bytes)?),
            None => None,
        };
        transfer::upload(state, client_ip(req), args, form).await
    };
    let mut res = match result.await {
        Ok(files) if files.is_empty() => super::json_response(json!([])),
        Ok(files) => {
            let body = poem_openapi::types::ToJSON::to_json(&files).unwrap_or_default();
            Response::builder().content_type("text/plain; charset=utf-8").body(body.to_string())
        }
        Err(e) => {
            let status = if e.status == StatusCode::PAYLOAD_TOO_LARGE { e.status } else { StatusCode::OK };
            let body = super::script_error(state, &e).await.to_string();
            let mut res = Response::builder().content_type("text/plain; charset=utf-8").body(body);
            res.set_status(status);
            res
        }
    };
    res.headers_mut().insert("Access-Control-Allow-Origin", HeaderValue::from_static("*"));
    res
}

/// An error of the download endpoints, as Moodle's (`AJAX_SCRIPT`s) answer it: the token.php-
/// shaped JSON body, HTTP 404 for a file that is not there and 200 for everything else (a bad or
/// missing token, a service without downloads); limits keep their status.
async fn download_error(state: &AppState, e: &ApiError) -> Response {
    let mut res = super::json_response(super::script_error(state, e).await);
    if e.code() == transfer::file_not_found().code() {
        res.set_status(StatusCode::NOT_FOUND);
    }
    res.headers_mut().insert("Access-Control-Allow-Origin", HeaderValue::from_static("*"));
    super::limit_status(res, e)
}

/// The file path after the script name, or the `file` parameter.
fn file_path<'a>(req: &'a Request, script: &str, query: &'a [(String, String)]) -> Option<String> {
    let rest = req.uri().path().strip_prefix(script).unwrap_or("");
    if !rest.trim_matches('/').is_empty() {
        return Some(rest.to_string());
    }
    // `?file=` is already decoded once by the query parser; encode `%` again so the path
    // parser's single decoding sees the same text.
    super::param(query, "file").map(|f| f.replace('%', "%25"))
}

/// `GET|HEAD /webservice/draftfile.php/<usercontextid>/user/draft/<itemid>/<path>?token=`: the
/// caller's own draft files (what `upload.php` just took), nothing else.
#[handler]
pub async fn draftfile(req: &Request, Data(state): Data<&Arc<AppState>>) -> Response {
    let query = super::query_pairs(req);
    // The token comes first, as Moodle's `required_param('token')` does.
    let Some(token) = super::param(&query, "token") else {
        return download_error(state, &transfer::missing_token()).await;
    };
    let place = file_path(req, "/webservice/draftfile.php", &query)
        .and_then(|p| transfer::parse_file_path(&p))
        .filter(|p| p.component == "user" && p.filearea == "draft");
    let result = match place {
        None => Err(transfer::file_not_found()),
        Some(place) => core_files::download(state, token, req, &place).await,
    };
    match result {
        Ok(res) => res,
        Err(e) => download_error(state, &e).await,
    }
}

/// `GET|HEAD /webservice/pluginfile.php/<contextid>/<component>/<filearea>/<itemid>/<path>?token=`.
#[handler]
pub async fn pluginfile(req: &Request, Data(state): Data<&Arc<AppState>>) -> Response {
    let query = super::query_pairs(req);
    // The token comes first, as Moodle's `required_param('token')` does.
    let Some(token) = super::param(&query, "token") else {
        return download_error(state, &transfer::missing_token()).await;
    };
    let place = file_path(req, "/webservice/pluginfile.php", &query).and_then(|p| transfer::parse_file_path(&p));
    let result = match place {
        None => Err(transfer::file_not_found()),
        Some(place) => core_files::download(state, token, req, &place).await,
    };
    match result {
        Ok(res) => res,
        Err(e) => download_error(state, &e).await,
    }
}

/// `GET|HEAD /tokenpluginfile.php/<userprivateaccesskey>/<contextid>/...`: the key, not a
/// web-service token, says who is asking.
#[handler]
pub async fn tokenpluginfile(req: &Request, Data(state): Data<&Arc<AppState>>) -> Response {
    let rest = req.uri().path().strip_prefix("/tokenpluginfile.php/").unwrap_or("");
    let (key, path) = rest.split_once('/').unwrap_or((rest, ""));
    let result = async {
        let userid = transfer::key_user(state, key, client_ip(req)).await?;
        let place: Place = transfer::parse_file_path(path).ok_or_else(transfer::file_not_found)?;
        transfer::serve(state, Some(userid), &place, req).await
    };
    match result.await {
        Ok(res) => res,
        Err(e) => download_error(state, &e).await,
    }
}

/// `GET|HEAD /pluginfile.php/<contextid>/...`: the links functions give for pictures and course
/// images. Without a session (lmsgate's browser front end uses tokens), only the areas any
/// signed-in user may read are served; the app rewrites these links to `tokenpluginfile.php`.
#[handler]
pub async fn public_pluginfile(req: &Request, Data(state): Data<&Arc<AppState>>) -> Response {
    let query = super::query_pairs(req);
    let place = file_path(req, "/pluginfile.php", &query).and_then(|p| transfer::parse_file_path(&p));
    let result = match place {
        Some(place) if transfer::is_public_area(&place.component, &place.filearea) => {
            transfer::serve(state, None, &place, req).await
        }
        _ => Err(transfer::file_not_found()),
    };
    match result {
        Ok(res) => res,
        Err(e) => download_error(state, &e).await,
    }
}
