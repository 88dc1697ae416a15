//! core_completion: activity completion (marked by hand, or on view) and course completion.
pub mod store;

crate::component! {
    /// Completion
    core_completion {
        update_activity_completion_status_manually::UpdateActivityCompletionStatusManually,
        get_activities_completion_status::GetActivitiesCompletionStatus,
        get_course_completion_status::GetCourseCompletionStatus,
    }
}
