//! core_calendar_get_action_events_by_course: the events of one course that ask the caller to
//! act (an assignment due and not yet submitted), by time, a page at a time.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::event::Events;
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope, code};

pub struct GetActionEventsByCourse;

fn twenty() -> i64 {
    20
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_action_events_by_course_params", deny_unknown_fields)]
pub struct Params {
    /// The course.
    pub courseid: i64,
    /// Events sorted at or after this time (Unix time).
    pub timesortfrom: Option<i64>,
    /// Events sorted at or before this time (Unix time).
    pub timesortto: Option<i64>,
    /// The last event already seen (0 for the first page).
    #[oai(default)]
    pub aftereventid: i64,
    /// How many, 1 to 50.
    #[oai(default = "twenty")]
    pub limitnum: i64,
    /// Text the events must contain.
    pub searchvalue: Option<String>,
}

impl ExternalFunction for GetActionEventsByCourse {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_action_events_by_course",
        summary: "Get a course's events that ask the caller to act",
        description: "Return the course's action events (an activity's due date) for the caller, at most 50 a page; the caller must be able to enter the course.",
        ajax: true,
        scope: Scope::Course("courseid"),
        checks: &[cap::COURSE_VIEWHIDDENACTIVITIES, cap::ASSIGN_SUBMIT, cap::CALENDAR_MANAGEENTRIES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"limitnum":20}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Events;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Events, ApiError> {
        if !(1..=50).contains(&p.limitnum) {
            return Err(code::LIMIT_OUT_OF_RANGE.err().with_debuginfo(format!("limitnum: {}", p.limitnum)));
        }
        let window = (p.timesortfrom.unwrap_or(0), p.timesortto);
        let events =
            store::action_events(call, &[p.courseid], window, p.aftereventid, p.limitnum as usize, p.searchvalue.as_deref())
                .await?;
        Ok(Events::page(events))
    }
}
