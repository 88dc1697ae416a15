//! gradereport_overview: the overview report (a user's course totals across their courses).

crate::component! {
    /// The grades overview report
    gradereport_overview {
        get_course_grades::GetCourseGrades,
        view_grade_report::ViewGradeReport,
    }
}
