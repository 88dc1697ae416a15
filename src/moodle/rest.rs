//! `/webservice/rest/server.php` (MOODLE-SPEC §3, §4): form or query in, JSON or XML out, HTTP 200
//! for results and errors alike. Dispatches by name through the catalogue into the same pipeline
//! as the typed API: no per-function code here.
use std::sync::Arc;

use poem::http::StatusCode;
use poem::http::header::{self, HeaderName, HeaderValue};
use poem::web::{Data, Multipart};
use poem::{Body, FromRequest, Request, RequestBody, Response, handler};
use serde_json::json;

use lmsgate_api::framework::caller::Protocol;
use lmsgate_api::framework::{ApiError, AppState, Returned, caller, catalogue, client_ip, form};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

/// Moodle's `server.php` headers (never cached, any origin), as values rather than text that each
/// response would parse again.
const HEADERS: [(HeaderName, HeaderValue); 5] = [
    (header::CACHE_CONTROL, HeaderValue::from_static("private, must-revalidate, pre-check=0, post-check=0, max-age=0")),
    (header::EXPIRES, HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT")),
    (header::PRAGMA, HeaderValue::from_static("no-cache")),
    (header::ACCEPT_RANGES, HeaderValue::from_static("none")),
    (header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")),
];

const XML_HEADERS: [(HeaderName, HeaderValue); 2] = [
    (header::CONTENT_TYPE, HeaderValue::from_static("application/xml; charset=utf-8")),
    (header::CONTENT_DISPOSITION, HeaderValue::from_static("inline; filename=\"response.xml\"")),
];

fn send(format: Format, body: impl Into<poem::Body>) -> Response {
    let mut res = Response::from(body.into());
    let headers = res.headers_mut();
    for (name, value) in HEADERS {
        headers.insert(name, value);
    }
    match format {
        Format::Json => {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        Format::Xml => {
            for (name, value) in XML_HEADERS {
                headers.insert(name, value);
            }
        }
    }
    res
}

/// `server.php`'s exception, as the site's debugging shows it.
pub async fn error(state: &AppState, format: Format, e: &ApiError) -> Response {
    let debugging = state.debugging().await;
    let (message, debuginfo) = (debugging.message(e), debugging.rest_debuginfo(e));
    let res = match format {
        Format::Json => {
            let mut body = json!({"exception": e.exception(), "errorcode": e.errorcode(), "message": message});
            if let Some(d) = debuginfo {
                body["debuginfo"] = json!(d);
            }
            send(format, body.to_string())
        }
        Format::Xml => send(format, super::xml::exception(e, &message, debuginfo)),
    };
    super::limit_status(res, e)
}

/// `moodlewsrestformat`: JSON when it says so, else Moodle's default XML.
pub fn format_of(pairs: &[(String, String)]) -> Format {
    match pairs.iter().rev().find(|(k, _)| k == "moodlewsrestformat") {
        Some((_, f)) if f == "json" => Format::Json,
        _ => Format::Xml,
    }
}

/// Query pairs, then form or multipart body pairs (the body wins on the same name).
async fn params(req: &Request, body: Body) -> Result<Vec<(String, String)>, ApiError> {
    let content_type = req.content_type().unwrap_or("").to_string();
    if content_type.starts_with("multipart/form-data") {
        let mut query: Vec<(String, String)> = super::query_pairs(req);
        let mut posted = Vec::new();
        let mut body = RequestBody::new(body);
        let mut multipart = Multipart::from_request(req, &mut body)
            .await
            .map_err(|e| ApiError::invalid_parameter(format!("Unreadable multipart body: {e}")))?;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| ApiError::invalid_parameter(format!("Unreadable multipart body: {e}")))?
        {
            let name = field.name().unwrap_or_default().to_string();
            if field.file_name().is_some() {
                continue;
            }
            let value = field.text().await.map_err(|e| ApiError::invalid_parameter(format!("{name}: {e}")))?;
            posted.push((name, value));
        }
        query.retain(|(k, _)| !posted.iter().any(|(p, _)| p == k));
        query.extend(posted);
        return Ok(query);
    }
    let bytes = body.into_vec().await.map_err(|e| ApiError::invalid_parameter(format!("Unreadable body: {e}")))?;
    Ok(super::request_params(req, &bytes))
}

/// `server.php`: authenticated by `wstoken`.
#[handler]
pub async fn server(req: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    respond(req, body, state, Credentials::Token).await
}

/// `simpleserver.php`: authenticated by `wsusername` and `wspassword` (accounts with the
/// `webservice` authentication method), no service restriction; off unless
/// `enablesimplewebservices` is set.
#[handler]
pub async fn simple_server(req: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    respond(req, body, state, Credentials::Password).await
}

#[derive(Clone, Copy)]
enum Credentials {
    Token,
    Password,
}

async fn respond(req: &Request, body: Body, state: &AppState, credentials: Credentials) -> Response {
    match state.site().await {
        Ok(site)
            if site.enabled("enablewebservices")
                && site.get("webserviceprotocols").split(',').any(|p| p.trim() == "rest") => {}
        Ok(_) => return Response::builder().status(StatusCode::FORBIDDEN).finish(),
        Err(e) => return error(state, Format::Json, &e).await,
    }
    let pairs = match params(req, body).await {
        Ok(p) => p,
        // The format the query asks for; the body's never arrived.
        Err(e) => return error(state, format_of(&super::query_pairs(req)), &e).await,
    };
    let format = format_of(&pairs);
    match call(state, req, pairs, credentials).await {
        Ok((returned, schema)) => match format {
            Format::Json => send(format, returned.json_text()),
            Format::Xml => send(format, super::xml::response(&returned.into_value(), &schema, catalogue::registry())),
        },
        Err(e) => error(state, format, &e).await,
    }
}

async fn call(
    state: &AppState,
    req: &Request,
    mut pairs: Vec<(String, String)>,
    credentials: Credentials,
) -> Result<(Box<dyn Returned>, poem_openapi::registry::MetaSchemaRef), ApiError> {
    let take = |pairs: &mut Vec<(String, String)>, name: &str| {
        let value = pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        pairs.retain(|(k, _)| k != name);
        value
    };
    let caller = match credentials {
        Credentials::Token => {
            let token = take(&mut pairs, "wstoken").unwrap_or_default();
            caller::resolve(state, &token, client_ip(req), Protocol::Rest).await?
        }
        Credentials::Password => {
            let username = take(&mut pairs, "wsusername").unwrap_or_default();
            let password = take(&mut pairs, "wspassword").unwrap_or_default();
            caller::resolve_password(state, &username, &password, client_ip(req)).await?
        }
    };
    let function = take(&mut pairs, "wsfunction").unwrap_or_default();
    // Settings are read leniently and removed before the arguments are validated.
    pairs.retain(|(k, _)| k != "moodlewsrestformat" && !k.starts_with("moodlewssetting"));
    if function.is_empty() {
        return Err(ApiError::invalid_parameter("Missing function name"));
    }
    let Some(entry) = catalogue::find(&function) else {
        return Err(ApiError::missing_record("external_functions"));
    };
    let args =
        form::arguments(&pairs, state.settings.limits.max_input_vars, &(entry.params_schema)(), catalogue::registry())
            .map_err(ApiError::invalid_parameter);
    let value = (entry.call_json)(state, &caller, None, args).await?;
    Ok((value, (entry.returns_schema)()))
}
