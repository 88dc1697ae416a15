//! One error type for every failure an external function call can have. It carries Moodle's
//! exception class, `errorcode`, message and `debuginfo` (for the Moodle-compatible endpoints) and
//! the HTTP status the typed API answers with.
use poem::http::StatusCode;
use poem_openapi::Object;

use lmsgate_entities::cap::Capability;
use lmsgate_entities::capability_defs;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{errorcode}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub exception: &'static str,
    pub errorcode: String,
    pub message: String,
    pub debuginfo: Option<String>,
    /// Set when a rate limit refused the request.
    pub throttled: Option<Box<Throttled>>,
}

/// A refusal by a rate limit: what the `Retry-After` and `RateLimit` headers say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Throttled {
    /// Seconds until one more request is allowed.
    pub retry_after: u64,
    /// The limit's name in `RateLimit-Policy`.
    pub policy: &'static str,
    /// Requests allowed per window.
    pub quota: u32,
    /// The window, in seconds.
    pub window: u64,
}

impl Throttled {
    /// `Retry-After`, `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers).
    pub fn headers(&self) -> [(&'static str, String); 3] {
        [
            ("Retry-After", self.retry_after.to_string()),
            ("RateLimit-Policy", format!("\"{}\";q={};w={}", self.policy, self.quota, self.window)),
            ("RateLimit", format!("\"{}\";r=0;t={}", self.policy, self.retry_after)),
        ]
    }
}

pub const MOODLE_EXCEPTION: &str = "core\\exception\\moodle_exception";
pub const INVALID_PARAMETER_EXCEPTION: &str = "core\\exception\\invalid_parameter_exception";
pub const REQUIRED_CAPABILITY_EXCEPTION: &str = "core\\exception\\required_capability_exception";
pub const CODING_EXCEPTION: &str = "core\\exception\\coding_exception";
pub const ACCESS_EXCEPTION: &str = "webservice_access_exception";
pub const MISSING_RECORD_EXCEPTION: &str = "dml_missing_record_exception";

impl ApiError {
    pub fn new(status: StatusCode, exception: &'static str, errorcode: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            exception,
            errorcode: errorcode.into(),
            message: message.into(),
            debuginfo: None,
            throttled: None,
        }
    }

    pub fn with_debuginfo(mut self, debuginfo: impl Into<String>) -> Self {
        self.debuginfo = Some(debuginfo.into());
        self
    }

    /// A `moodle_exception` with the given status.
    pub fn moodle(status: StatusCode, errorcode: &str, message: impl Into<String>) -> Self {
        Self::new(status, MOODLE_EXCEPTION, errorcode, message)
    }

    pub fn invalid_token() -> Self {
        Self::moodle(StatusCode::UNAUTHORIZED, "invalidtoken", "Invalid token - token not found")
    }

    /// `webservice_access_exception`: the reason is only in `debuginfo`, as in Moodle.
    pub fn access(debuginfo: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ACCESS_EXCEPTION, "accessexception", "Access control exception")
            .with_debuginfo(debuginfo)
    }

    pub fn no_permission(capability: Capability) -> Self {
        let title = capability_defs::find(capability.name()).map_or(capability.name(), |c| c.title);
        Self::new(
            StatusCode::FORBIDDEN,
            REQUIRED_CAPABILITY_EXCEPTION,
            "nopermissions",
            format!("Sorry, but you do not currently have permissions to do that ({title})."),
        )
        .with_debuginfo(capability.to_string())
    }

    /// `invalidparameter`; `debuginfo` names the field path and the reason.
    pub fn invalid_parameter(debuginfo: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            INVALID_PARAMETER_EXCEPTION,
            "invalidparameter",
            "Invalid parameter value detected",
        )
        .with_debuginfo(debuginfo)
    }

    /// A duplicate: Moodle's `invalidparameter`, answered 409 on the typed API.
    pub fn conflict(debuginfo: impl Into<String>) -> Self {
        let mut e = Self::invalid_parameter(debuginfo);
        e.status = StatusCode::CONFLICT;
        e
    }

    pub fn missing_record(table: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            MISSING_RECORD_EXCEPTION,
            "invalidrecord",
            format!("Can't find data record in database table {table}."),
        )
    }

    pub fn invalid_user() -> Self {
        Self::new(StatusCode::NOT_FOUND, MISSING_RECORD_EXCEPTION, "invaliduser", "Invalid user")
    }

    pub fn coding(detail: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            CODING_EXCEPTION,
            "codingerror",
            format!("Coding error detected, it must be fixed by a programmer: {detail}"),
        )
    }

    /// A bug or an unavailable database: the detail is logged, never sent.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::moodle(StatusCode::INTERNAL_SERVER_ERROR, "generalexceptionmessage", "Exception - internal error")
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            exception: self.exception.to_string(),
            errorcode: self.errorcode.clone(),
            message: self.message.clone(),
            debuginfo: self.debuginfo.clone(),
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        // A unique index caught a duplicate that a concurrent request created after our check.
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = e.sql_err() {
            return Self::conflict("A record with the same unique value was created concurrently");
        }
        Self::internal(e)
    }
}

impl<E: std::fmt::Display> From<sea_orm::TransactionError<E>> for ApiError
where
    E: Into<ApiError> + std::error::Error,
{
    fn from(e: sea_orm::TransactionError<E>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(e) => e.into(),
            sea_orm::TransactionError::Transaction(e) => e.into(),
        }
    }
}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }
}

/// The error body of the typed API: the same fields as Moodle's error object.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ErrorBody {
    /// Moodle's exception class, e.g. `core\exception\invalid_parameter_exception`.
    pub exception: String,
    /// Stable machine-readable code, e.g. `invalidparameter`, `invalidtoken`, `nopermissions`.
    pub errorcode: String,
    /// Human-readable message (English).
    pub message: String,
    /// Details: for parameter errors the field path and the reason.
    pub debuginfo: Option<String>,
}
