//! core_cohort: site-wide and category-wide cohorts and their members. A cohort lives in the
//! system context or a category's; managing it needs `moodle/cohort:manage` there, changing its
//! members `moodle/cohort:assign`, reading it `moodle/cohort:view` (or manage).
pub mod store;

crate::component! {
    /// Cohorts
    core_cohort {
        create_cohorts::CreateCohorts,
        get_cohorts::GetCohorts,
        add_cohort_members::AddCohortMembers,
        delete_cohort_members::DeleteCohortMembers,
        search_cohorts::SearchCohorts,
        update_cohorts::UpdateCohorts,
        delete_cohorts::DeleteCohorts,
    }
}
