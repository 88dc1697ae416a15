//! core_grades: the gradebook, and pushing grades into it.
pub mod gradebook;
pub mod report;

crate::component! {
    /// Grades
    core_grades {
        update_grades::UpdateGrades,
        get_gradeitems::GetGradeitems,
    }
}
