//! core_completion_get_activities_completion_status: a user's completion of each tracked activity
//! of a course.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, ids, seed};

use super::store::{self, AUTOMATIC, data, is_tracked_user, states_of, tracked};
use crate::common::Warning;
use crate::core_course::activities::of_course;
use crate::core_course::contents::CompletionRule;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct GetActivitiesCompletionStatus;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_completion_get_activities_completion_status_params", deny_unknown_fields)]
pub struct Params {
    /// Course ID.
    pub courseid: i64,
    /// User ID.
    pub userid: i64,
}

/// An activity's completion.
#[derive(Debug, Object)]
#[oai(rename = "core_completion_activity_status", skip_serializing_if_is_none)]
pub struct Status {
    /// Course module ID.
    pub cmid: i64,
    /// Activity module name.
    pub modname: String,
    /// Instance ID.
    pub instance: i64,
    /// Completion state value: 0 means incomplete, 1 complete, 2 complete pass, 3 complete fail.
    pub state: i32,
    /// Timestamp for completed activity.
    pub timecompleted: i64,
    /// Type of tracking: 0 means none, 1 manual, 2 automatic.
    pub tracking: i32,
    /// The user id who has overriden the status, or null.
    pub overrideby: Option<i64>,
    /// Whether the completion status affects the availability of another activity.
    pub valueused: Option<bool>,
    /// Whether this activity module has completion enabled.
    pub hascompletion: Option<bool>,
    /// Whether this activity module instance tracks completion automatically.
    pub isautomatic: Option<bool>,
    /// Whether completion is being tracked for this user.
    pub istrackeduser: Option<bool>,
    /// Whether this activity is visible to the user.
    pub uservisible: Option<bool>,
    /// The completion rules and their state.
    pub details: Vec<CompletionRule>,
    /// Whether the overall completion state of this course module should be marked as complete or not.
    pub isoverallcomplete: Option<bool>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_completion_get_activities_completion_status_returns")]
pub struct Statuses {
    /// List of activities status.
    pub statuses: Vec<Status>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetActivitiesCompletionStatus {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_completion_get_activities_completion_status",
        summary: "Get a user's completion of a course's activities",
        description: "A user's completion of each tracked activity of a course the caller may enter: the caller's, or another user's with report/progress:view.",
        scope: Scope::Course("courseid"),
        checks: &[cap::REPORT_PROGRESS_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"userid":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Statuses;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Statuses, ApiError> {
        let (place, user) = store::course_and_user(call, p.courseid, p.userid).await?;
        let db = call.db();
        let Some(c) = place.course.as_ref().filter(|c| c.id != ids::SITE_COURSE) else {
            return Ok(Statuses { statuses: Vec::new(), warnings: Vec::new() });
        };
        let tracked_user = is_tracked_user(&db, place.context.id, user.id).await?;
        let mut activities = Vec::new();
        for a in of_course(&db, c.id).await? {
            if !tracked(c, &a.cm) {
                continue;
            }
            let hidden = a.cm.visible == 0 && !call.can(cap::COURSE_VIEWHIDDENACTIVITIES, &path_of(&a.context)).await?;
            if !hidden {
                activities.push(a);
            }
        }
        let rows = states_of(&db, user.id, &activities.iter().map(|a| a.cm.id).collect::<Vec<_>>()).await?;
        let statuses = activities
            .iter()
            .map(|a| {
                let row = rows.get(&a.cm.id);
                let d = data(&a.cm, row, tracked_user);
                Status {
                    cmid: a.cm.id,
                    modname: a.kind.name().into(),
                    instance: a.cm.instance,
                    state: d.state,
                    timecompleted: d.timecompleted,
                    tracking: a.cm.completion,
                    overrideby: d.overrideby.0,
                    valueused: Some(false),
                    hascompletion: Some(true),
                    isautomatic: Some(a.cm.completion == AUTOMATIC),
                    istrackeduser: Some(tracked_user),
                    uservisible: Some(true),
                    details: d.details,
                    isoverallcomplete: d.isoverallcomplete,
                }
            })
            .collect();
        Ok(Statuses { statuses, warnings: Vec::new() })
    }
}
