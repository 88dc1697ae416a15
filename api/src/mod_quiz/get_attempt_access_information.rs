//! mod_quiz_get_attempt_access_information: whether the caller may start a new attempt (attempts
//! are not on this site yet: there is never one in progress).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, now, seed};

use super::{closed_reason, quiz_of};
use crate::common::Warning;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetAttemptAccessInformation;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_quiz_get_attempt_access_information_params", deny_unknown_fields)]
pub struct Params {
    /// Quiz instance id.
    pub quizid: i64,
    /// An attempt (0: none).
    #[oai(default)]
    pub attemptid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_get_attempt_access_information_returns", skip_serializing_if_is_none)]
pub struct AttemptAccess {
    /// When the attempt must be submitted (determined by rules).
    pub endtime: Option<i64>,
    /// Whether there is no way the user will ever be allowed to attempt.
    pub isfinished: bool,
    /// Whether a check is required before the user starts/continues his attempt.
    pub ispreflightcheckrequired: Option<bool>,
    /// Why a new attempt cannot start now.
    pub preventnewattemptreasons: Vec<String>,
    /// Problems (none so far).
    pub warnings: Option<Vec<Warning>>,
}

impl ExternalFunction for GetAttemptAccessInformation {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_quiz_get_attempt_access_information",
        summary: "Get whether the caller may start a quiz attempt",
        description: "Whether the caller may start a new attempt at a quiz they may open, and why not (its open and close dates).",
        checks: &[cap::QUIZ_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"quizid":1,"attemptid":0}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = AttemptAccess;

    async fn execute(call: &Call<'_>, p: Params) -> Result<AttemptAccess, ApiError> {
        let a = openable(call, ModType::Quiz, p.quizid).await?;
        if p.attemptid != 0 {
            return Err(code::INVALID_RECORD.with("quiz_attempts").with_debuginfo(format!("no attempt {}", p.attemptid)));
        }
        let q = quiz_of(&a)?;
        Ok(AttemptAccess {
            endtime: None,
            isfinished: false,
            ispreflightcheckrequired: None,
            preventnewattemptreasons: closed_reason(q, now()).into_iter().collect(),
            warnings: Some(Vec::new()),
        })
    }
}
