//! core_course: courses and categories, with capabilities checked in each course's or category's
//! own context.
pub mod activities;
pub mod categories;
pub mod contents;
pub mod exported;
pub mod favourites;
pub mod my_courses;
pub mod options;
pub mod placement;
pub mod removal;
pub mod store;
pub mod updates;
pub mod view;

crate::component! {
    /// Courses and categories
    core_course {
        create_courses::CreateCourses,
        update_courses::UpdateCourses,
        delete_courses::DeleteCourses,
        get_courses::GetCourses,
        get_courses_by_field::GetCoursesByField,
        search_courses::SearchCourses,
        get_contents::GetContents,
        get_course_module::GetCourseModule,
        get_course_module_by_instance::GetCourseModuleByInstance,
        get_updates_since::GetUpdatesSince,
        check_updates::CheckUpdates,
        view_course::ViewCourse,
        get_user_navigation_options::GetUserNavigationOptions,
        get_user_administration_options::GetUserAdministrationOptions,
        set_favourite_courses::SetFavouriteCourses,
        get_enrolled_courses_by_timeline_classification::GetEnrolledCoursesByTimelineClassification,
        get_recent_courses::GetRecentCourses,
        get_categories::GetCategories,
        create_categories::CreateCategories,
        update_categories::UpdateCategories,
        delete_categories::DeleteCategories,
    }
}
