//! gradereport_user: the user grade report.

crate::component! {
    /// The user grade report
    gradereport_user {
        get_access_information::GetAccessInformation,
        get_grades_table::GetGradesTable,
        view_grade_report::ViewGradeReport,
        get_grade_items::GetGradeItems,
    }
}
