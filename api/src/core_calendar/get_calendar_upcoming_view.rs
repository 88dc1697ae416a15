//! core_calendar_get_calendar_upcoming_view: the events the caller sees in the coming three
//! weeks (Moodle's default look-ahead), at most ten.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{ids, now, seed};

use super::event::DayEvent;
use super::store::{self, Sight};
use super::time::{DAY, DateParts, midnight};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetCalendarUpcomingView;

/// Moodle's `calendar_lookahead` and `calendar_maxevents` defaults.
const LOOKAHEAD_DAYS: i64 = 21;
const MAX_EVENTS: u64 = 10;

fn site() -> i64 {
    ids::SITE_COURSE
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_calendar_upcoming_view_params", deny_unknown_fields)]
pub struct Params {
    /// A course's events (1, the default, for all the caller's).
    #[oai(default = "site")]
    pub courseid: i64,
    /// A category's events.
    pub categoryid: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_get_calendar_upcoming_view_returns", skip_serializing_if_is_none)]
pub struct Upcoming {
    /// The events, by start.
    pub events: Vec<DayEvent>,
    /// The context new events default to.
    pub defaulteventcontext: i64,
    /// The course filter (HTML).
    pub filter_selector: String,
    /// The course shown.
    pub courseid: i64,
    /// The category shown.
    pub categoryid: Option<i64>,
    /// Whether the caller is signed in.
    pub isloggedin: bool,
    /// Now.
    pub date: DateParts,
}

impl ExternalFunction for GetCalendarUpcomingView {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_calendar_upcoming_view",
        summary: "Get the upcoming events view",
        description: "The events the caller sees from today for three weeks, at most ten, as Moodle's upcoming events page shows them.",
        ajax: true,
        checks: store::EVENT_CHECKS,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Upcoming;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Upcoming, ApiError> {
        let t = now();
        let from = midnight(t);
        let sight = Sight::load(call).await?;
        let course = (p.courseid != ids::SITE_COURSE).then_some(p.courseid);
        let rows = store::between(call, &sight, course, from, from + LOOKAHEAD_DAYS * DAY, MAX_EVENTS).await?;
        let events = store::export(call, rows).await?.into_iter().map(DayEvent::from).collect();
        Ok(Upcoming {
            events,
            defaulteventcontext: store::default_event_context(call).await?,
            filter_selector: store::filter_selector(call, "calendar-course-filter", p.courseid).await?,
            courseid: p.courseid,
            categoryid: Some(p.categoryid.unwrap_or(0)),
            isloggedin: true,
            date: DateParts::of(t),
        })
    }
}
