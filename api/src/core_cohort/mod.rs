//! core_cohort: site-wide and category-wide cohorts and their members.
pub mod functions;

use crate::Tag;
use functions::*;

crate::operations!(CoreCohortApi, "Tag::CoreCohort", {
    /// Create cohorts (all or nothing)
    create_cohorts "/core_cohort_create_cohorts" "core_cohort_create_cohorts" => CreateCohorts;
    /// Get cohorts by id
    get_cohorts "/core_cohort_get_cohorts" "core_cohort_get_cohorts" => GetCohorts;
    /// Add users to cohorts (problems are warnings)
    add_cohort_members "/core_cohort_add_cohort_members" "core_cohort_add_cohort_members" => AddCohortMembers;
    /// Remove users from cohorts (all or nothing)
    delete_cohort_members "/core_cohort_delete_cohort_members" "core_cohort_delete_cohort_members" => DeleteCohortMembers;
    /// Search cohorts visible from a context
    search_cohorts "/core_cohort_search_cohorts" "core_cohort_search_cohorts" => SearchCohorts;
});
