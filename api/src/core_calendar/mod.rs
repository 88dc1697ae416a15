//! core_calendar: calendar events.
pub mod event;

crate::component! {
    /// Calendar events
    core_calendar {
        get_action_events_by_timesort::GetActionEventsByTimesort,
    }
}
