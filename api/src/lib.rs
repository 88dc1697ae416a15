//! lmsgate-api: the external-functions framework and the functions, each a typed poem-openapi
//! operation defined once and reachable from every protocol.
pub mod common;
pub mod framework;

use std::sync::Arc;

use framework::AppState;

// Every built-in component, in spec order. Adding a function: its file, and one line in its
// component's `component!` list.
components![
    core_webservice,
    core_user,
    core_course,
    core_enrol,
    enrol_manual,
    core_role,
    core_group,
    core_cohort,
    core_session,
    core,
    core_files,
    report_log,
    tool_mobile,
    core_my,
    core_filters,
    message_airnotifier,
    tool_dataprivacy,
    core_calendar,
    core_block,
    core_message,
    core_search,
    core_comment,
    gradereport_user,
    gradereport_overview,
    core_grades,
    core_completion,
    tool_lp,
    mod_page,
    mod_url,
    mod_label,
    mod_resource,
    mod_folder,
    mod_assign,
    mod_quiz,
    mod_forum,
    local_lmsgate,
];

/// The typed operations: every catalogued function, then the file transfer endpoints.
pub fn apis(state: Arc<AppState>) -> (framework::typed::TypedApi, core_files::FileTransferApi) {
    (framework::typed::TypedApi(state.clone()), core_files::FileTransferApi(state))
}
