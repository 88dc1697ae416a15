//! core_enrol: who is enrolled where.

crate::component! {
    /// Enrolled users and their courses
    core_enrol {
        get_enrolled_users::GetEnrolledUsers,
        get_users_courses::GetUsersCourses,
        get_course_enrolment_methods::GetCourseEnrolmentMethods,
    }
}
