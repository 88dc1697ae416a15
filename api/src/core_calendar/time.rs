//! Dates as the calendar shows them. lmsgate's calendar is in UTC (the site time zone `99` is
//! the server's, and lmsgate's servers run in UTC); weeks start on Monday, as Moodle's default.
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use poem_openapi::Object;

pub const DAY: i64 = 86_400;

pub fn at(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

pub fn midnight(t: i64) -> i64 {
    t - t.rem_euclid(DAY)
}

pub fn month_start(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

pub fn timestamp(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp())
}

pub fn add_months(d: NaiveDate, months: i32) -> NaiveDate {
    let index = d.year() * 12 + d.month0() as i32 + months;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

pub fn days_in_month(d: NaiveDate) -> i64 {
    (add_months(d, 1) - d).num_days()
}

/// Moodle's `usergetdate`: a time's parts (`wday` 0 is Sunday, `yday` counts from 0).
#[derive(Debug, Clone, Object)]
#[oai(rename = "core_calendar_date")]
pub struct DateParts {
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
    /// Month (1 January).
    pub mon: i64,
    /// Year.
    pub year: i64,
    /// Day of the year (0 the first).
    pub yday: i64,
    /// Weekday's name.
    pub weekday: String,
    /// Month's name.
    pub month: String,
    /// The time (Unix time).
    pub timestamp: i64,
}

impl DateParts {
    pub fn of(t: i64) -> Self {
        let d = at(t);
        Self {
            seconds: d.second().into(),
            minutes: d.minute().into(),
            hours: d.hour().into(),
            mday: d.day().into(),
            wday: d.weekday().num_days_from_sunday().into(),
            mon: d.month().into(),
            year: d.year().into(),
            yday: d.ordinal0().into(),
            weekday: d.format("%A").to_string(),
            month: d.format("%B").to_string(),
            timestamp: t,
        }
    }
}

/// Moodle's `calendar_format_event_time`: the day (a link to the day view) and the times.
pub fn formatted_time(www: &str, start: i64, duration: i64) -> String {
    let day = |t: i64| {
        format!(
            "<a href=\"{www}/calendar/view.php?view=day&amp;time={t}\">{}</a>",
            at(t).format("%A, %-d %B")
        )
    };
    let clock = |t: i64| at(t).format("%-I:%M %p").to_string();
    if duration <= 0 {
        return format!("{}, {}", day(start), clock(start));
    }
    let end = start.saturating_add(duration);
    if midnight(start) == midnight(end) {
        format!("{}, {} <strong>&raquo;</strong> {}", day(start), clock(start), clock(end))
    } else {
        format!("{}, {} <strong>&raquo;</strong> {}, {}", day(start), clock(start), day(end), clock(end))
    }
}

/// The first day shown by a month grid: the Monday on or before the 1st.
pub fn grid_start(first: NaiveDate) -> NaiveDate {
    first - Duration::days(first.weekday().num_days_from_monday().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_formats_are_moodles() {
        // 2026-11-01 00:00 UTC, a Sunday, the 305th day.
        let p = DateParts::of(1_793_491_200);
        assert_eq!((p.mday, p.wday, p.mon, p.yday), (1, 0, 11, 304));
        assert_eq!((p.weekday.as_str(), p.month.as_str()), ("Sunday", "November"));
        let f = formatted_time("http://x", 1_796_149_560, 3600);
        assert_eq!(
            f,
            "<a href=\"http://x/calendar/view.php?view=day&amp;time=1796149560\">Tuesday, 1 December</a>, 6:26 PM <strong>&raquo;</strong> 7:26 PM"
        );
        let nov = month_start(2026, 11).unwrap();
        assert_eq!((days_in_month(nov), add_months(nov, 2)), (30, month_start(2027, 1).unwrap()));
        assert_eq!(grid_start(nov).to_string(), "2026-10-26");
    }
}
