//! One error type for every failure an external function call can have. It carries Moodle's
//! exception class, `errorcode`, message and `debuginfo` (for the Moodle-compatible endpoints) and
//! the HTTP status the typed API answers with.
use poem::http::StatusCode;
use poem_openapi::Object;

use lmsgate_entities::cap::Capability;
use lmsgate_entities::capability_defs;

pub use super::error_codes::{ErrorCode, code};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", code.code)]
pub struct ApiError {
    code: ErrorCode,
    /// The typed API's status: the code's, unless the server mapped a protocol error.
    pub status: StatusCode,
    /// The code's message with its placeholders filled.
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

impl ApiError {
    pub(super) fn from_code(code: ErrorCode, message: String) -> Self {
        Self { code, status: code.status, message, debuginfo: None, throttled: None }
    }

    /// Moodle's `errorcode`, e.g. `invalidparameter`.
    pub fn errorcode(&self) -> &'static str {
        self.code.code
    }

    /// Moodle's exception class.
    pub fn exception(&self) -> &'static str {
        self.code.exception.class()
    }

    pub fn code(&self) -> ErrorCode {
        self.code
    }

    pub fn with_debuginfo(mut self, debuginfo: impl Into<String>) -> Self {
        self.debuginfo = Some(debuginfo.into());
        self
    }

    /// The status a protocol error (from the HTTP layer, not a function) was answered with.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn invalid_token() -> Self {
        code::INVALID_TOKEN.err()
    }

    /// `webservice_access_exception`: the reason is only in `debuginfo`, as in Moodle.
    pub fn access(debuginfo: impl Into<String>) -> Self {
        code::ACCESS_EXCEPTION.err().with_debuginfo(debuginfo)
    }

    /// `nopermissions`, naming the capability as Moodle does (its title).
    pub fn no_permission(capability: Capability) -> Self {
        let title = capability_defs::find(capability.name()).map_or(capability.name(), |c| c.title);
        code::NO_PERMISSIONS.with(title).with_debuginfo(capability.to_string())
    }

    /// `invalidparameter`; `debuginfo` names the field path and the reason.
    pub fn invalid_parameter(debuginfo: impl Into<String>) -> Self {
        code::INVALID_PARAMETER.err().with_debuginfo(debuginfo)
    }

    /// A duplicate: Moodle's `invalidparameter`, answered 409 on the typed API.
    pub fn conflict(debuginfo: impl Into<String>) -> Self {
        code::DUPLICATE.err().with_debuginfo(debuginfo)
    }

    pub fn missing_record(table: &str) -> Self {
        code::INVALID_RECORD.with(table)
    }

    pub fn invalid_user() -> Self {
        code::INVALID_USER.err()
    }

    pub fn coding(detail: &str) -> Self {
        code::CODING_ERROR.with(detail)
    }

    /// A bug or an unavailable database: the detail is logged, never sent.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        code::INTERNAL.with("internal error")
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            exception: self.exception().to_string(),
            errorcode: self.errorcode().to_string(),
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
