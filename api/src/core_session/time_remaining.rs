//! core_session_time_remaining: the seconds left before the caller's browser session times out
//! (Moodle's `\core\session\manager::time_remaining`): without a session, as for a web service
//! token, user 0 and the whole timeout.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::now;

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct TimeRemaining;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_session_time_remaining_params", deny_unknown_fields)]
pub struct Params {}

#[derive(Debug, Object)]
#[oai(rename = "core_session_time_remaining_returns")]
pub struct Returns {
    /// The current user id (0 without a session).
    pub userid: i64,
    /// The number of seconds remaining in this session.
    pub timeremaining: i64,
}

impl ExternalFunction for TimeRemaining {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_session_time_remaining",
        summary: "Count the seconds remaining in this session",
        description: "Count the seconds remaining in this session",
        ajax: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, _: Params) -> Result<Returns, ApiError> {
        let timeout = super::timeout(call.state).await?;
        Ok(match super::current(call).await? {
            Some(s) => Returns { userid: s.userid, timeremaining: timeout - (now() - s.timemodified) },
            None => Returns { userid: 0, timeremaining: timeout },
        })
    }
}
