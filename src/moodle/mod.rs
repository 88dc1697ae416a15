//! Moodle-compatible ways in.
pub mod ajax;
pub mod files;
pub mod login;
pub mod rest;
pub mod xml;

use poem::{Request, Response};
use serde_json::{Value, json};

use lmsgate_api::framework::ApiError;

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
    Response::builder().content_type("application/json; charset=utf-8").body(body.to_string())
}

/// The error object of Moodle's AJAX scripts (`login/token.php`, whole-request AJAX failures).
pub fn script_error(e: &ApiError) -> Value {
    json!({"error": e.message, "errorcode": e.errorcode, "stacktrace": null, "debuginfo": null, "reproductionlink": null})
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
