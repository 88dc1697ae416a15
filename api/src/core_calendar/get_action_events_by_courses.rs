//! core_calendar_get_action_events_by_courses: the events that ask the caller to act, grouped
//! by course, for the courses given that the caller is enrolled in.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::event::Event;
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetActionEventsByCourses;

fn ten() -> i64 {
    10
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_action_events_by_courses_params", deny_unknown_fields)]
pub struct Params {
    /// The courses, at most 100.
    #[oai(validator(max_items = 100))]
    pub courseids: Vec<i64>,
    /// Events sorted at or after this time (Unix time).
    pub timesortfrom: Option<i64>,
    /// Events sorted at or before this time (Unix time).
    pub timesortto: Option<i64>,
    /// How many per course, 1 to 50.
    #[oai(default = "ten")]
    pub limitnum: i64,
    /// Text the events must contain.
    pub searchvalue: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_get_action_events_by_courses_returns")]
pub struct Grouped {
    /// Per course the caller is enrolled in.
    pub groupedbycourse: Vec<CourseEvents>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_course_events")]
pub struct CourseEvents {
    /// The events, by time.
    pub events: Vec<Event>,
    /// Id of the first event (0 when none).
    pub firstid: i64,
    /// Id of the last event (0 when none).
    pub lastid: i64,
    /// The course.
    pub courseid: i64,
}

impl ExternalFunction for GetActionEventsByCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_action_events_by_courses",
        summary: "Get the events that ask the caller to act, by course",
        description: "Return the caller's action events grouped by course, for the courses given that the caller is enrolled in (others are left out), at most 50 per course.",
        ajax: true,
        checks: &[cap::COURSE_VIEWHIDDENACTIVITIES, cap::ASSIGN_SUBMIT, cap::CALENDAR_MANAGEENTRIES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2],"limitnum":10}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Grouped;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Grouped, ApiError> {
        if !(1..=50).contains(&p.limitnum) {
            return Err(code::LIMIT_OUT_OF_RANGE.err().with_debuginfo(format!("limitnum: {}", p.limitnum)));
        }
        let mine = call.my_courses().await?.clone();
        let mut ids = p.courseids.clone();
        ids.dedup();
        let window = (p.timesortfrom.unwrap_or(0), p.timesortto);
        let mut groupedbycourse = Vec::new();
        for courseid in ids.into_iter().filter(|c| mine.contains(c)) {
            let events =
                store::action_events(call, &[courseid], window, 0, p.limitnum as usize, p.searchvalue.as_deref()).await?;
            let page = super::event::Events::page(events);
            groupedbycourse.push(CourseEvents { events: page.events, firstid: page.firstid, lastid: page.lastid, courseid });
        }
        Ok(Grouped { groupedbycourse })
    }
}
