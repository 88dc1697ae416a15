//! mod_assign: the assignment activity (students submit work, teachers grade it).
pub mod store;

crate::component! {
    /// Assignments
    mod_assign {
        get_assignments::GetAssignments,
        get_submission_status::GetSubmissionStatus,
        get_submissions::GetSubmissions,
        view_assign::ViewAssign,
        view_submission_status::ViewSubmissionStatus,
        view_grading_table::ViewGradingTable,
        save_submission::SaveSubmission,
        submit_for_grading::SubmitForGrading,
        save_grade::SaveGrade,
    }
}
