//! core_calendar_get_calendar_monthly_view: a month as Moodle's calendar page shows it: weeks
//! from Monday, each day with the events the caller sees starting that day.
use chrono::{Datelike, Duration};
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{ids, now, seed};

use super::event::DayEvent;
use super::store::{self, Sight};
use super::time::{DAY, DateParts, add_months, at, days_in_month, grid_start, midnight, month_start, timestamp};
use crate::framework::types::Alpha;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetCalendarMonthlyView;

/// The most events one month shows.
const MAX_EVENTS: u64 = 1000;

fn site() -> i64 {
    ids::SITE_COURSE
}
fn yes() -> bool {
    true
}
fn first() -> i64 {
    1
}
fn month_view() -> Alpha {
    Alpha("month".into())
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_calendar_monthly_view_params", deny_unknown_fields)]
pub struct Params {
    /// Year.
    #[oai(validator(minimum(value = "1900"), maximum(value = "2200")))]
    pub year: i64,
    /// Month (1 January).
    #[oai(validator(minimum(value = "1"), maximum(value = "12")))]
    pub month: i64,
    /// A course's events (1, the default, for all the caller's).
    #[oai(default = "site")]
    pub courseid: i64,
    /// A category's events.
    pub categoryid: Option<i64>,
    /// Include the links to the previous and next months.
    #[oai(default = "yes")]
    pub includenavigation: bool,
    /// The small (block) version.
    #[oai(default)]
    pub mini: bool,
    /// Day of the month to focus.
    #[oai(default = "first", validator(minimum(value = "1"), maximum(value = "31")))]
    pub day: i64,
    /// `month` or `day`.
    #[oai(default = "month_view")]
    pub view: Alpha,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_get_calendar_monthly_view_returns", skip_serializing_if_is_none)]
pub struct Month {
    /// This view's page.
    pub url: String,
    /// The course shown.
    pub courseid: i64,
    /// The category shown.
    pub categoryid: Option<i64>,
    /// The course filter (HTML).
    pub filter_selector: Option<String>,
    /// The weeks.
    pub weeks: Vec<Week>,
    /// The days' names, Monday first.
    pub daynames: Vec<DayName>,
    /// `month`.
    pub view: String,
    /// The month's first day.
    pub date: DateParts,
    /// e.g. "November 2026".
    pub periodname: String,
    /// Whether navigation is included.
    pub includenavigation: bool,
    /// Whether the events are included.
    pub initialeventsloaded: bool,
    /// The previous month's first day.
    pub previousperiod: DateParts,
    /// Its page.
    pub previousperiodlink: String,
    /// Its name.
    pub previousperiodname: String,
    /// The next month's first day.
    pub nextperiod: DateParts,
    /// Its name.
    pub nextperiodname: String,
    /// Its page.
    pub nextperiodlink: String,
    /// Left arrow (HTML entity).
    pub larrow: String,
    /// Right arrow (HTML entity).
    pub rarrow: String,
    /// The context new events default to.
    pub defaulteventcontext: i64,
    /// Instance of this calendar on the page.
    pub calendarinstanceid: i64,
    /// Whether a month is viewed.
    pub viewingmonth: bool,
    /// Whether the view selector is shown.
    pub showviewselector: bool,
    /// Whether shown in a block.
    pub viewinginblock: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_week")]
pub struct Week {
    /// Positions of the days before the month in this week.
    pub prepadding: Vec<i64>,
    /// Positions of the days after the month in this week.
    pub postpadding: Vec<i64>,
    /// The month's days in this week.
    pub days: Vec<Day>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_day", skip_serializing_if_is_none)]
pub struct Day {
    /// Seconds.
    pub seconds: i64,
    /// Minutes.
    pub minutes: i64,
    /// Hours.
    pub hours: i64,
    /// Day of the month.
    pub mday: i64,
    /// Day of the week (0 Sunday).
    pub wday: i64,
    /// Year.
    pub year: i64,
    /// Day of the year (0 the first).
    pub yday: i64,
    /// Whether it is today.
    pub istoday: bool,
    /// Whether it is Saturday or Sunday.
    pub isweekend: bool,
    /// Its midnight (Unix time).
    pub timestamp: i64,
    /// When a new event made on it starts (Unix time).
    pub neweventtimestamp: i64,
    /// Its day view.
    pub viewdaylink: Option<String>,
    /// That link's title.
    pub viewdaylinktitle: Option<String>,
    /// The events starting on it.
    pub events: Vec<DayEvent>,
    /// Whether it has events.
    pub hasevents: bool,
    /// The kinds of its events.
    pub calendareventtypes: Vec<String>,
    /// The previous day's midnight.
    pub previousperiod: i64,
    /// The next day's midnight.
    pub nextperiod: i64,
    /// Whether an event ends on it.
    pub haslastdayofevent: bool,
    /// Title of its pop-up.
    pub popovertitle: String,
    /// Its title, e.g. "No events, Sunday, 1 November".
    pub daytitle: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_day_name")]
pub struct DayName {
    /// Day number (0 Sunday).
    pub dayno: i64,
    /// e.g. "Mon".
    pub shortname: String,
    /// e.g. "Monday".
    pub fullname: String,
}

impl ExternalFunction for GetCalendarMonthlyView {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_calendar_monthly_view",
        summary: "Get a month of the calendar",
        description: "A month as Moodle's calendar page shows it: weeks from Monday, each day with the events the caller sees starting on it (UTC).",
        ajax: true,
        checks: store::EVENT_CHECKS,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"year":2026,"month":11,"mini":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Month;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Month, ApiError> {
        let www = call.state.settings.wwwroot.as_str();
        let first = month_start(p.year as i32, p.month as u32)
            .ok_or_else(|| code::INVALID_PARAMETER.err().with_debuginfo("month: no such month"))?;
        let start = timestamp(first);
        let days = days_in_month(first);
        let end = start + days * DAY;
        let sight = Sight::load(call).await?;
        let course = (p.courseid != ids::SITE_COURSE).then_some(p.courseid);
        let rows = store::between(call, &sight, course, start, end, MAX_EVENTS).await?;
        let mut events: Vec<DayEvent> =
            store::export(call, rows).await?.into_iter().map(DayEvent::from).collect();
        let t = now();
        let today = midnight(t);
        let mut weeks = Vec::new();
        let mut week = Week { prepadding: Vec::new(), postpadding: Vec::new(), days: Vec::new() };
        let lead = (first - grid_start(first)).num_days();
        week.prepadding = (0..lead).collect();
        for i in 0..days {
            let date = first + Duration::days(i);
            let midnight = timestamp(date);
            let (mine, rest): (Vec<DayEvent>, Vec<DayEvent>) =
                events.into_iter().partition(|e| e.event.timestart < midnight + DAY);
            events = rest;
            let wday = i64::from(date.weekday().num_days_from_sunday());
            let title_day = date.format("%A, %-d %B").to_string();
            let daytitle = match mine.len() {
                0 => format!("No events, {title_day}"),
                1 => format!("One event, {title_day}"),
                n => format!("{n} events, {title_day}"),
            };
            let mut kinds: Vec<String> = mine.iter().map(|e| e.event.normalisedeventtype.clone()).collect();
            kinds.dedup();
            week.days.push(Day {
                seconds: 0,
                minutes: 0,
                hours: 0,
                mday: date.day().into(),
                wday,
                year: date.year().into(),
                yday: date.ordinal0().into(),
                istoday: midnight == today,
                isweekend: wday == 0 || wday == 6,
                timestamp: midnight,
                neweventtimestamp: midnight + (t - today),
                viewdaylink: Some(format!("{www}/calendar/view.php?view=day&time={midnight}")),
                viewdaylinktitle: None,
                hasevents: !mine.is_empty(),
                popovertitle: if mine.is_empty() { String::new() } else { title_day.clone() },
                events: mine,
                calendareventtypes: kinds,
                previousperiod: midnight - DAY,
                nextperiod: midnight + DAY,
                haslastdayofevent: false,
                daytitle,
            });
            if wday == 0 {
                weeks.push(std::mem::replace(
                    &mut week,
                    Week { prepadding: Vec::new(), postpadding: Vec::new(), days: Vec::new() },
                ));
            }
        }
        if !week.days.is_empty() {
            let used = week.days.len() as i64;
            week.postpadding = (used..7).collect();
            weeks.push(week);
        }
        let (previous, next) = (add_months(first, -1), add_months(first, 1));
        let link = |t: i64| format!("{www}/calendar/view.php?view=month&time={t}");
        Ok(Month {
            url: link(start),
            courseid: p.courseid,
            categoryid: Some(p.categoryid.unwrap_or(0)),
            filter_selector: Some(store::filter_selector(call, "calendar-course-filter-1", p.courseid).await?),
            weeks,
            daynames: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
                .iter()
                .enumerate()
                .map(|(i, short)| DayName {
                    dayno: (i as i64 + 1) % 7,
                    shortname: (*short).into(),
                    fullname: at(timestamp(grid_start(first)) + i as i64 * DAY).format("%A").to_string(),
                })
                .collect(),
            view: "month".into(),
            date: DateParts::of(start),
            periodname: first.format("%B %Y").to_string(),
            includenavigation: p.includenavigation,
            initialeventsloaded: true,
            previousperiod: DateParts::of(timestamp(previous)),
            previousperiodlink: link(timestamp(previous)),
            previousperiodname: previous.format("%B").to_string(),
            nextperiod: DateParts::of(timestamp(next)),
            nextperiodname: next.format("%B").to_string(),
            nextperiodlink: link(timestamp(next)),
            larrow: "&#x25C4;".into(),
            rarrow: "&#x25BA;".into(),
            defaulteventcontext: store::default_event_context(call).await?,
            calendarinstanceid: 1,
            viewingmonth: true,
            showviewselector: true,
            viewinginblock: false,
        })
    }
}
