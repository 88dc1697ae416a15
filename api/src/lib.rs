//! lmsgate-api: the external-functions framework and the functions, each a typed poem-openapi
//! operation defined once and reachable from every protocol.
pub mod common;
pub mod core_cohort;
pub mod core_course;
pub mod core_enrol;
pub mod core_files;
pub mod core_group;
pub mod core_role;
pub mod core_user;
pub mod core_webservice;
pub mod enrol_manual;
pub mod framework;
pub mod report_log;

use std::sync::Arc;

use framework::AppState;
use framework::catalogue::{Entry, entry};

/// Spec tags: one per component.
#[derive(poem_openapi::Tags)]
pub enum Tag {
    /// Site information
    #[oai(rename = "core_webservice")]
    CoreWebservice,
    /// Users
    #[oai(rename = "core_user")]
    CoreUser,
    /// Courses and categories
    #[oai(rename = "core_course")]
    CoreCourse,
    /// Enrolled users and their courses
    #[oai(rename = "core_enrol")]
    CoreEnrol,
    /// Manual enrolment
    #[oai(rename = "enrol_manual")]
    EnrolManual,
    /// Role assignments
    #[oai(rename = "core_role")]
    CoreRole,
    /// Groups in courses
    #[oai(rename = "core_group")]
    CoreGroup,
    /// Cohorts
    #[oai(rename = "core_cohort")]
    CoreCohort,
    /// Files: browse, upload, download
    #[oai(rename = "core_files")]
    CoreFiles,
    /// Audit log of function calls
    #[oai(rename = "report_log")]
    ReportLog,
}

/// Every catalogued function. Adding a function: one entry here, one operation in its component.
pub fn functions() -> Vec<Entry> {
    vec![
        entry::<core_webservice::get_site_info::GetSiteInfo>(),
        entry::<core_user::create_users::CreateUsers>(),
        entry::<core_user::update_users::UpdateUsers>(),
        entry::<core_user::delete_users::DeleteUsers>(),
        entry::<core_user::get_users::GetUsers>(),
        entry::<core_user::get_users_by_field::GetUsersByField>(),
        entry::<core_user::add_user_private_files::AddUserPrivateFiles>(),
        entry::<core_course::create_courses::CreateCourses>(),
        entry::<core_course::update_courses::UpdateCourses>(),
        entry::<core_course::delete_courses::DeleteCourses>(),
        entry::<core_course::get_courses::GetCourses>(),
        entry::<core_course::get_courses_by_field::GetCoursesByField>(),
        entry::<core_course::search_courses::SearchCourses>(),
        entry::<core_course::get_contents::GetContents>(),
        entry::<core_course::get_categories::GetCategories>(),
        entry::<core_course::create_categories::CreateCategories>(),
        entry::<core_course::update_categories::UpdateCategories>(),
        entry::<core_course::delete_categories::DeleteCategories>(),
        entry::<core_enrol::get_enrolled_users::GetEnrolledUsers>(),
        entry::<core_enrol::get_users_courses::GetUsersCourses>(),
        entry::<core_enrol::get_course_enrolment_methods::GetCourseEnrolmentMethods>(),
        entry::<enrol_manual::enrol_users::EnrolUsers>(),
        entry::<enrol_manual::unenrol_users::UnenrolUsers>(),
        entry::<core_role::assign_roles::AssignRoles>(),
        entry::<core_role::assign_roles::UnassignRoles>(),
        entry::<core_group::functions::CreateGroups>(),
        entry::<core_group::functions::GetGroups>(),
        entry::<core_group::functions::GetCourseGroups>(),
        entry::<core_group::functions::DeleteGroups>(),
        entry::<core_group::functions::AddGroupMembers>(),
        entry::<core_group::functions::DeleteGroupMembers>(),
        entry::<core_group::functions::GetGroupMembers>(),
        entry::<core_cohort::functions::CreateCohorts>(),
        entry::<core_cohort::functions::GetCohorts>(),
        entry::<core_cohort::functions::AddCohortMembers>(),
        entry::<core_cohort::functions::DeleteCohortMembers>(),
        entry::<core_cohort::functions::SearchCohorts>(),
        entry::<core_files::get_files::GetFiles>(),
        entry::<core_files::upload::Upload>(),
        entry::<report_log::get_entries::GetEntries>(),
    ]
}

/// The typed operations of every component.
#[allow(clippy::type_complexity)]
pub fn apis(
    state: Arc<AppState>,
) -> (
    core_webservice::CoreWebserviceApi,
    core_user::CoreUserApi,
    core_course::CoreCourseApi,
    core_enrol::CoreEnrolApi,
    enrol_manual::EnrolManualApi,
    core_role::CoreRoleApi,
    core_group::CoreGroupApi,
    core_cohort::CoreCohortApi,
    core_files::CoreFilesApi,
    core_files::FileTransferApi,
    report_log::ReportLogApi,
) {
    (
        core_webservice::CoreWebserviceApi(state.clone()),
        core_user::CoreUserApi(state.clone()),
        core_course::CoreCourseApi(state.clone()),
        core_enrol::CoreEnrolApi(state.clone()),
        enrol_manual::EnrolManualApi(state.clone()),
        core_role::CoreRoleApi(state.clone()),
        core_group::CoreGroupApi(state.clone()),
        core_cohort::CoreCohortApi(state.clone()),
        core_files::CoreFilesApi(state.clone()),
        core_files::FileTransferApi(state.clone()),
        report_log::ReportLogApi(state),
    )
}
