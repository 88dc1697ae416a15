//! core_completion_get_course_completion_status: a user's course completion. Courses here have no
//! course completion criteria yet, so a tracked user gets Moodle's `nocriteriaset`, as on a
//! Moodle course without criteria.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::store::{self, is_tracked_user};
use crate::common::Warning;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope, code};

pub struct GetCourseCompletionStatus;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_completion_get_course_completion_status_params", deny_unknown_fields)]
pub struct Params {
    /// Course ID.
    pub courseid: i64,
    /// User ID.
    pub userid: i64,
}

/// A course completion criterion's state.
#[derive(Debug, Object)]
#[oai(rename = "core_completion_criterion_status")]
pub struct Criterion {
    /// Completion criteria type.
    #[oai(rename = "type")]
    pub kind: i32,
    /// Completion criteria Title.
    pub title: String,
    /// Completion status (Yes/No) a % or number.
    pub status: String,
    /// Completion status (true/false).
    pub complete: bool,
    /// Timestamp for criteria completion.
    pub timecompleted: OrNull<i64>,
    /// Details.
    pub details: CriterionDetails,
}

/// A criterion's details.
#[derive(Debug, Object)]
#[oai(rename = "core_completion_criterion_details")]
pub struct CriterionDetails {
    /// Type description.
    #[oai(rename = "type")]
    pub kind: String,
    /// Criteria description.
    pub criteria: String,
    /// Requirement description.
    pub requirement: String,
    /// Status description, can be anything.
    pub status: String,
}

/// The course completion.
#[derive(Debug, Object)]
#[oai(rename = "core_completion_course_status")]
pub struct CompletionStatus {
    /// True if the course is complete, false otherwise.
    pub completed: bool,
    /// Aggregation method 1 means all, 2 means any.
    pub aggregation: i32,
    /// The criteria.
    pub completions: Vec<Criterion>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_completion_get_course_completion_status_returns")]
pub struct Returns {
    /// Course status.
    pub completionstatus: CompletionStatus,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetCourseCompletionStatus {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_completion_get_course_completion_status",
        summary: "Get a user's course completion",
        description: "A user's completion of a course the caller may enter (another user's needs report/progress:view). Courses here have no completion criteria yet: a tracked user gets `nocriteriaset`, as from Moodle for a course without criteria.",
        scope: Scope::Course("courseid"),
        checks: &[cap::REPORT_PROGRESS_VIEW],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"userid":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let (place, user) = store::course_and_user(call, p.courseid, p.userid).await?;
        let db = call.db();
        if place.course.as_ref().is_none_or(|c| c.enablecompletion == 0) {
            return Err(code::COMPLETION_NOT_ENABLED.err());
        }
        if !is_tracked_user(&db, place.context.id, user.id).await? {
            return Err(code::NOT_TRACKED.err());
        }
        Err(code::NO_CRITERIA_SET.err())
    }
}
