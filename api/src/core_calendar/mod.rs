//! core_calendar: calendar events.
pub mod event;
pub mod store;
pub mod time;

crate::component! {
    /// Calendar events
    core_calendar {
        get_action_events_by_timesort::GetActionEventsByTimesort,
        create_calendar_events::CreateCalendarEvents,
        delete_calendar_events::DeleteCalendarEvents,
        get_calendar_event_by_id::GetCalendarEventById,
        get_allowed_event_types::GetAllowedEventTypes,
        get_calendar_upcoming_view::GetCalendarUpcomingView,
        get_calendar_monthly_view::GetCalendarMonthlyView,
        get_calendar_day_view::GetCalendarDayView,
        get_calendar_events::GetCalendarEvents,
        get_action_events_by_course::GetActionEventsByCourse,
        get_action_events_by_courses::GetActionEventsByCourses,
    }
}
