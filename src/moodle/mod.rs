//! Moodle-compatible ways in.
pub mod ajax;
pub mod browser_login;
pub mod files;
pub mod login;
pub mod rest;
pub mod theme;
pub mod xml;

use poem::{Request, Response};
use serde_json::Value;

use lmsgate_api::framework::{ApiError, AppState, reply};

/// The query string's `(name, value)` pairs.
pub fn query_pairs(req: &Request) -> Vec<(String, String)> {
    serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default()
}

/// The first value of `name`.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A JSON body as Moodle's AJAX scripts send it.
pub fn json_response(body: Value) -> Response {
    Response::builder()
        .content_type("application/json; charset=utf-8")
        .body(serde_json::to_string(&body).unwrap_or_default())
}

/// The error object of Moodle's AJAX scripts (`login/token.php`, whole-request AJAX failures),
/// as the site's debugging shows it.
pub async fn script_error(state: &AppState, e: &ApiError) -> Value {
    state.debugging().await.script_error(e, &state.settings.wwwroot)
}

/// A whole request refused before any call runs (AJAX, the browser login): the script error
/// object, limits keeping their status.
pub async fn request_error(state: &AppState, e: &ApiError) -> Response {
    limit_status(json_response(script_error(state, e).await), e)
}

/// GET query and form body pairs, body winning on the same key (as PHP's `$_POST` over `$_GET`).
pub fn request_params(req: &Request, body: &[u8]) -> Vec<(String, String)> {
    let mut params = query_pairs(req);
    let is_form = req.content_type().is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        let posted: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        params.retain(|(k, _)| !posted.iter().any(|(p, _)| p == k));
        params.extend(posted);
    }
    params
}

/// Limits (408, 413, 429) keep their status on the compatible endpoints too, so HTTP clients,
/// proxies and retry logic can back off; the body stays Moodle's.
pub fn limit_status(mut res: Response, e: &ApiError) -> Response {
    if matches!(e.status.as_u16(), 408 | 413 | 429) {
        res.set_status(e.status);
        for (name, value) in e.throttled.iter().flat_map(|t| t.headers()) {
            if let Ok(v) = poem::http::HeaderValue::from_str(&value) {
                res.headers_mut().insert(name, v);
            }
        }
    }
    res
}

/// The answer to a request refused before its endpoint ran, in that endpoint's shape: the typed
/// API's error body, `server.php`'s exception (JSON or XML as asked), else the script error.
pub async fn refusal(state: &AppState, path: &str, query: &str, e: &ApiError) -> Response {
    if path.starts_with(lmsgate_openapi::API_PREFIX) {
        return reply::error_response(e);
    }
    let res = if path.starts_with("/webservice/rest/") {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        rest::error(state, rest::format_of(&pairs), e).await
    } else {
        json_response(script_error(state, e).await)
    };
    limit_status(res, e)
}
