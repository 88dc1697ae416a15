//! core_calendar_get_calendar_day_view: one day of the calendar: the events the caller sees
//! starting on it.
use chrono::Datelike;
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{ids, now, seed};

use super::event::DayEvent;
use super::store::{self, Sight};
use super::time::{DAY, DateParts, at, midnight, month_start, timestamp};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetCalendarDayView;

/// The most events one day shows.
const MAX_EVENTS: u64 = 200;

fn site() -> i64 {
    ids::SITE_COURSE
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_calendar_day_view_params", deny_unknown_fields)]
pub struct Params {
    /// Year.
    #[oai(validator(minimum(value = "1900"), maximum(value = "2200")))]
    pub year: i64,
    /// Month (1 January).
    #[oai(validator(minimum(value = "1"), maximum(value = "12")))]
    pub month: i64,
    /// Day of the month.
    #[oai(validator(minimum(value = "1"), maximum(value = "31")))]
    pub day: i64,
    /// A course's events (1, the default, for all the caller's).
    #[oai(default = "site")]
    pub courseid: i64,
    /// A category's events.
    pub categoryid: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_get_calendar_day_view_returns", skip_serializing_if_is_none)]
pub struct DayView {
    /// The events starting on the day.
    pub events: Vec<DayEvent>,
    /// The context new events default to.
    pub defaulteventcontext: i64,
    /// The course filter (HTML).
    pub filter_selector: String,
    /// The course shown.
    pub courseid: i64,
    /// The category shown.
    pub categoryid: Option<i64>,
    /// When a new event made on the day starts (Unix time).
    pub neweventtimestamp: i64,
    /// The day.
    pub date: DateParts,
    /// e.g. "Tuesday, 1 December 2026".
    pub periodname: String,
    /// The day before.
    pub previousperiod: DateParts,
    /// Its page.
    pub previousperiodlink: String,
    /// Its name.
    pub previousperiodname: String,
    /// The day after.
    pub nextperiod: DateParts,
    /// Its name.
    pub nextperiodname: String,
    /// Its page.
    pub nextperiodlink: String,
    /// Left arrow (HTML entity).
    pub larrow: String,
    /// Right arrow (HTML entity).
    pub rarrow: String,
}

impl ExternalFunction for GetCalendarDayView {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_calendar_day_view",
        summary: "Get a day of the calendar",
        description: "The events the caller sees starting on the day (UTC), as Moodle's day page shows them.",
        ajax: true,
        checks: store::EVENT_CHECKS,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"year":2026,"month":12,"day":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = DayView;

    async fn execute(call: &Call<'_>, p: Params) -> Result<DayView, ApiError> {
        let www = call.state.settings.wwwroot.as_str();
        let first = month_start(p.year as i32, p.month as u32)
            .ok_or_else(|| code::INVALID_PARAMETER.err().with_debuginfo("month: no such month"))?;
        let day = first
            .with_day(p.day as u32)
            .ok_or_else(|| code::INVALID_PARAMETER.err().with_debuginfo(format!("day: no day {} in that month", p.day)))?;
        let start = timestamp(day);
        let sight = Sight::load(call).await?;
        let course = (p.courseid != ids::SITE_COURSE).then_some(p.courseid);
        let rows = store::between(call, &sight, course, start, start + DAY, MAX_EVENTS).await?;
        let events = store::export(call, rows).await?.into_iter().map(DayEvent::from).collect();
        let link = |t: i64| format!("{www}/calendar/view.php?view=day&time={t}");
        let name = |t: i64| at(t).format("%A, %-d %B").to_string();
        let t = now();
        Ok(DayView {
            events,
            defaulteventcontext: store::default_event_context(call).await?,
            filter_selector: store::filter_selector(call, "calendar-course-filter", p.courseid).await?,
            courseid: p.courseid,
            categoryid: Some(p.categoryid.unwrap_or(0)),
            neweventtimestamp: start + (t - midnight(t)),
            date: DateParts::of(start),
            periodname: at(start).format("%A, %-d %B %Y").to_string(),
            previousperiod: DateParts::of(start - DAY),
            previousperiodlink: link(start - DAY),
            previousperiodname: name(start - DAY),
            nextperiod: DateParts::of(start + DAY),
            nextperiodname: name(start + DAY),
            nextperiodlink: link(start + DAY),
            larrow: "&#x25C4;".into(),
            rarrow: "&#x25BA;".into(),
        })
    }
}
