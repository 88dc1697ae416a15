//! `Reply<T>`: the response of every typed operation. 200 carries the function's return struct;
//! every failure carries `ErrorBody` with a real status. All of them are declared in the spec, and
//! poem-openapi's own extractor errors (missing token, bad body, wrong content type) are turned
//! into the same body (`BAD_REQUEST_HANDLER`).
use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::registry::{
    MetaHeader, MetaMediaType, MetaResponse, MetaResponses, MetaSchema, MetaSchemaRef, Registry,
};
use poem_openapi::types::{ToJSON, Type};
use std::borrow::Cow;

use super::error::{ApiError, ErrorBody, code};

pub struct Reply<T>(pub Result<T, ApiError>);

const JSON: &str = "application/json; charset=utf-8";

/// Error statuses every operation may answer, with what they mean.
pub const ERROR_RESPONSES: &[(u16, &str)] = &[
    (400, "Invalid parameter (`invalidparameter`; `debuginfo` names the field and the reason)"),
    (401, "Missing, unknown or expired token (`invalidtoken`)"),
    (403, "Access refused (`accessexception`, `nopermissions`, `wsaccessuser*`)"),
    (404, "A record named by the parameters does not exist (`invalidrecord`, `invaliduser`)"),
    (409, "Conflict with existing data (duplicate username, email, ...)"),
    (408, "The request took longer than the server's limit (`requesttimeout`)"),
    (413, "The request body is over the server's limit (`requesttoolarge`)"),
    (415, "The request body is not JSON"),
    (429, "Over a rate limit (`ratelimited`); wait `Retry-After` seconds"),
    (500, "Internal error (a bug; details are logged, never sent)"),
];

impl<T: ToJSON> ApiResponse for Reply<T> {
    const BAD_REQUEST_HANDLER: bool = true;

    fn meta() -> MetaResponses {
        let mut responses = vec![MetaResponse {
            description: "Success",
            status: Some(200),
            status_range: None,
            content: vec![MetaMediaType { content_type: JSON, schema: T::schema_ref() }],
            headers: vec![],
        }];
        responses.extend(ERROR_RESPONSES.iter().map(|(status, description)| MetaResponse {
            description,
            status: Some(*status),
            status_range: None,
            content: vec![MetaMediaType { content_type: JSON, schema: ErrorBody::schema_ref() }],
            headers: if *status == 429 { throttle_headers() } else { vec![] },
        }));
        MetaResponses { responses }
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
        ErrorBody::register(registry);
    }

    fn from_parse_request_error(err: poem::Error) -> Self {
        if let Some(api) = err.downcast_ref::<ApiError>() {
            return Reply(Err(api.clone()));
        }
        let e = match err.status() {
            StatusCode::UNAUTHORIZED => {
                ApiError::invalid_token().with_debuginfo("Missing token: send `Authorization: Bearer <token>`")
            }
            StatusCode::UNSUPPORTED_MEDIA_TYPE => code::UNSUPPORTED_MEDIA_TYPE
                .err()
                .with_debuginfo(format!("{err}: send `Content-Type: application/json`")),
            _ => ApiError::invalid_parameter(err.to_string()),
        };
        Reply(Err(e))
    }
}

impl<T: ToJSON> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(value) => json_response(StatusCode::OK, value.to_json().unwrap_or_default()),
            Err(e) => error_response(&e),
        }
    }
}

fn json_response(status: StatusCode, value: serde_json::Value) -> Response {
    json_text(status, serde_json::to_vec(&value).unwrap_or_default().into())
}

pub fn json_text(status: StatusCode, text: bytes::Bytes) -> Response {
    Response::builder().status(status).content_type(JSON).body(text)
}

/// The typed API's answer for an error: its status, `ErrorBody`, and for a rate limit the
/// `Retry-After` and `RateLimit` headers.
pub fn error_response(e: &ApiError) -> Response {
    let mut res = json_response(e.status, e.body().to_json().unwrap_or_default());
    for (name, value) in e.throttled.iter().flat_map(|t| t.headers()) {
        if let Ok(v) = poem::http::HeaderValue::from_str(&value) {
            res.headers_mut().insert(name, v);
        }
    }
    res
}

/// The headers of a 429, as declared in the spec.
fn throttle_headers() -> Vec<MetaHeader> {
    let header = |name: &str, description: &str, schema: MetaSchemaRef| MetaHeader {
        name: name.into(),
        description: Some(description.into()),
        required: true,
        deprecated: false,
        schema,
    };
    vec![
        header("Retry-After", "Seconds to wait before the next request", u64::schema_ref()),
        header(
            "RateLimit-Policy",
            "The limit that refused the request, e.g. `\"calls\";q=6000;w=60` (requests per window of seconds)",
            String::schema_ref(),
        ),
        header(
            "RateLimit",
            "What is left of it, e.g. `\"calls\";r=0;t=3` (remaining, seconds to reset)",
            String::schema_ref(),
        ),
    ]
}

/// The return type of functions that return nothing: `null`, as in Moodle.
#[derive(Debug, Clone, Copy, Default)]
pub struct Nothing;

impl Type for Nothing {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        "Nothing".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            description: Some("No return value: always `null`."),
            nullable: true,
            ..MetaSchema::new("object")
        }))
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl ToJSON for Nothing {
    fn to_json(&self) -> Option<serde_json::Value> {
        Some(serde_json::Value::Null)
    }
}
