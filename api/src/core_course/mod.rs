//! core_course: courses and categories, with capabilities checked in each course's or category's
//! own context.
pub mod categories;
pub mod create_categories;
pub mod create_courses;
pub mod delete_categories;
pub mod delete_courses;
pub mod get_categories;
pub mod get_contents;
pub mod get_courses;
pub mod get_courses_by_field;
pub mod search_courses;
pub mod store;
pub mod update_categories;
pub mod update_courses;
pub mod view;

use crate::Tag;

crate::operations!(CoreCourseApi, "Tag::CoreCourse", {
    /// Create courses (all or nothing)
    create_courses "/core_course_create_courses" "core_course_create_courses" => create_courses::CreateCourses;
    /// Update courses (per-course problems are warnings)
    update_courses "/core_course_update_courses" "core_course_update_courses" => update_courses::UpdateCourses;
    /// Delete courses (per-course problems are warnings)
    delete_courses "/core_course_delete_courses" "core_course_delete_courses" => delete_courses::DeleteCourses;
    /// Get full course records
    get_courses "/core_course_get_courses" "core_course_get_courses" => get_courses::GetCourses;
    /// Get courses by a field
    get_courses_by_field "/core_course_get_courses_by_field" "core_course_get_courses_by_field" => get_courses_by_field::GetCoursesByField;
    /// Search courses by name, with paging
    search_courses "/core_course_search_courses" "core_course_search_courses" => search_courses::SearchCourses;
    /// Get the sections and activities of a course
    get_contents "/core_course_get_contents" "core_course_get_contents" => get_contents::GetContents;
    /// Get categories matching criteria
    get_categories "/core_course_get_categories" "core_course_get_categories" => get_categories::GetCategories;
    /// Create categories (all or nothing)
    create_categories "/core_course_create_categories" "core_course_create_categories" => create_categories::CreateCategories;
    /// Update categories (all or nothing)
    update_categories "/core_course_update_categories" "core_course_update_categories" => update_categories::UpdateCategories;
    /// Delete categories, moving or deleting their contents (all or nothing)
    delete_categories "/core_course_delete_categories" "core_course_delete_categories" => delete_categories::DeleteCategories;
});
