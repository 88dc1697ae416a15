//! core_calendar_get_action_events_by_timesort: the caller's "to do" events (the Timeline block):
//! events that ask the user to act, which activities make (an assignment that is due and not yet
//! submitted), by time, a page at a time.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::event::Events;
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetActionEventsByTimesort;

fn twenty() -> i64 {
    20
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_action_events_by_timesort_params", deny_unknown_fields)]
pub struct Params {
    /// Events sorted at or after this time (Unix time).
    #[oai(default)]
    pub timesortfrom: i64,
    /// Events sorted at or before this time (Unix time); none for no end.
    pub timesortto: Option<i64>,
    /// The last event already seen (0 for the first page).
    #[oai(default)]
    pub aftereventid: i64,
    /// How many events, 1 to 50.
    #[oai(default = "twenty")]
    pub limitnum: i64,
    /// Only events of courses the user is not suspended in.
    #[oai(default)]
    pub limittononsuspendedevents: bool,
    /// The user whose events these are; none for the caller (another user's need moodle/site:config).
    pub userid: Option<i64>,
    /// Text the events must contain.
    pub searchvalue: Option<String>,
}

impl ExternalFunction for GetActionEventsByTimesort {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_action_events_by_timesort",
        summary: "Get the events that ask the user to act, by time",
        description: "Return the caller's action events (an assignment due and not yet submitted) between two times, at most 50 a page. Another user's need moodle/site:config (and are not computed: the list is empty).",
        ajax: true,
        checks: &[cap::SITE_CONFIG, cap::COURSE_VIEWHIDDENACTIVITIES, cap::ASSIGN_SUBMIT, cap::CALENDAR_MANAGEENTRIES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"timesortfrom":1767225600,"limitnum":20,"limittononsuspendedevents":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Events;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Events, ApiError> {
        call.require_self_or_site_config(p.userid.unwrap_or(0)).await?;
        if !(1..=50).contains(&p.limitnum) {
            return Err(code::LIMIT_OUT_OF_RANGE.err().with_debuginfo(format!("limitnum: {}", p.limitnum)));
        }
        let me = call.caller.user().id;
        if p.userid.is_some_and(|u| u != me && u != 0) {
            // Actions are worked out for the caller; another user's timeline is not computed.
            return Ok(Events { events: Vec::new(), firstid: 0, lastid: 0 });
        }
        let courses: Vec<i64> = call.my_courses().await?.iter().copied().collect();
        let events = store::action_events(
            call,
            &courses,
            (p.timesortfrom, p.timesortto),
            p.aftereventid,
            p.limitnum as usize,
            p.searchvalue.as_deref(),
        )
        .await?;
        Ok(Events::page(events))
    }
}
