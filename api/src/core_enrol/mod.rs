//! core_enrol: who is enrolled where.
pub mod get_course_enrolment_methods;
pub mod get_enrolled_users;
pub mod get_users_courses;

use crate::Tag;

crate::operations!(CoreEnrolApi, "Tag::CoreEnrol", {
    /// Get the users enrolled in a course
    get_enrolled_users "/core_enrol_get_enrolled_users" "core_enrol_get_enrolled_users" => get_enrolled_users::GetEnrolledUsers;
    /// Get the courses a user is enrolled in
    get_users_courses "/core_enrol_get_users_courses" "core_enrol_get_users_courses" => get_users_courses::GetUsersCourses;
    /// Get the self and guest enrolment methods of a course
    get_course_enrolment_methods "/core_enrol_get_course_enrolment_methods" "core_enrol_get_course_enrolment_methods" => get_course_enrolment_methods::GetCourseEnrolmentMethods;
});
