//! The catalogue table of `common::site`, one test per function: the caller holding what the
//! function needs succeeds (with no warnings); callers without the capability in that context get
//! the documented error over the typed API, Moodle REST and AJAX; a bad field is a 400 naming it;
//! a token whose service lacks the function is refused; and every capability the calls check is
//! one the function declares. Rows share one site, built once, and run in any order.
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde_json::Value;

use lmsgate_api::framework::{Kind, catalogue};
use lmsgate_entities::capability_defs;

use crate::common::site::{Case, Site};
use crate::common::{self, Browser, PASSWORD, TestServer};

/// The site every row runs on, served by a runtime of its own (each test has its own runtime).
struct Fixture {
    server: TestServer,
    site: Site,
    /// A token on the mobile service, for the functions it lacks.
    mobile_token: String,
    /// A browser session per user of the table.
    sessions: HashMap<&'static str, Browser>,
    /// Writes run one at a time: rows are independent, but concurrent writes to the same rows
    /// could deadlock on PostgreSQL and MariaDB, and a retry is not what a row tests.
    writing: tokio::sync::Mutex<()>,
    _runtime: tokio::runtime::Runtime,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| std::thread::spawn(build).join().expect("the catalogue fixture builds"))
}

fn build() -> Fixture {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (server, site, mobile_token, sessions) = runtime.block_on(async {
        let s = TestServer::start().await;
        let site = Site::build(&s).await;
        let mobile_token = s.token_for(s.create_user("mobileuser").await, "moodle_mobile_app").await;
        let mut sessions = HashMap::new();
        for name in ["manager", "teachera", "studenta", "teacherb", "plain"] {
            sessions.insert(name, s.browser_login(name, PASSWORD).await);
        }
        s.state.capability_log.enable();
        (s, site, mobile_token, sessions)
    });
    Fixture { server, site, mobile_token, sessions, writing: tokio::sync::Mutex::new(()), _runtime: runtime }
}

/// The code of an error body, or of the first warning of a body with warnings.
fn code(body: &Value) -> Option<&str> {
    body["errorcode"].as_str().or_else(|| body["warnings"][0]["warningcode"].as_str())
}

async fn row(function: &str) {
    let f = fixture();
    let s = f.server.view();
    let info = catalogue::find(function).expect("a catalogued function").info;
    let _one_writer = match info.kind {
        Kind::Write => Some(f.writing.lock().await),
        Kind::Read => None,
    };
    let cases = f.site.cases();
    let case: &Case = cases.iter().find(|c| c.function == function).expect("a row in common::site");
    assert!(case.public == case.denied.is_empty(), "the row lists a denial, or says it is public (not both)");

    for (who, params, expected) in &case.denied {
        let (status, body) = s.call(who, function, params.clone()).await;
        assert_eq!(code(&body), Some(*expected), "{status} {body}");
        if *expected == "nopermissions" && body["errorcode"].is_string() {
            assert_eq!(status, 403);
            let message = body["message"].as_str().unwrap();
            assert!(message.starts_with("Sorry, but you do not currently have permissions"), "{message}");
        }
        // The same refusal over Moodle REST, and over AJAX in the same user's browser session.
        let rest = s.rest_json(who, function, params).await;
        assert_eq!(code(&rest), Some(*expected), "over REST: {rest}");
        if info.ajax {
            let res = s.ajax_call(&f.sessions[f.site.username_of(who)], function, params).await;
            let got = code(&res[0]["exception"]).or_else(|| code(&res[0]["data"]));
            assert_eq!(got, Some(*expected), "over AJAX: {res}");
        }
    }
    if !info.services.contains(&"moodle_mobile_app") {
        let (status, body) = s.call(&f.mobile_token, function, case.params.clone()).await;
        assert_eq!((status, code(&body)), (403, Some("accessexception")));
    }
    let (bad, field) = &case.bad;
    let (status, body) = s.call(&s.admin_token, function, bad.clone()).await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
    let debuginfo = body["debuginfo"].as_str().unwrap();
    let names_field = debuginfo.starts_with(&format!("{field}: "))
        || debuginfo.starts_with(&format!("{field}["))
        || debuginfo == format!("Unexpected keys ({field}) detected in parameter array.");
    assert!(names_field, "{debuginfo}");

    let (status, body) = s.call(case.allowed, function, case.params.clone()).await;
    match case.always_fails {
        Some(expected) => assert_eq!(body["errorcode"].as_str(), Some(expected), "{body}"),
        None => {
            assert_eq!(status, 200, "{body}");
            assert!(body["warnings"].as_array().is_none_or(|w| w.is_empty()), "{body}");
        }
    }

    // Every capability a call checks is one its function declares, and every declared one exists.
    let declared: Vec<_> = info.capabilities().collect();
    for c in &declared {
        assert!(capability_defs::find(c.name()).is_some(), "declares {c}, which does not exist");
    }
    let undeclared: BTreeSet<_> =
        s.state.capability_log.take(function).into_iter().filter(|c| !declared.contains(c)).collect();
    assert!(
        undeclared.is_empty(),
        "checked {undeclared:?} but declares only {declared:?} (FunctionInfo::capabilities)"
    );
}

/// One test per row; `every_function_has_a_row` keeps the list and the catalogue equal.
macro_rules! rows {
    ($($function:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $function() {
                row(stringify!($function)).await;
            }
        )*
        const ROWS: &[&str] = &[$(stringify!($function)),*];
    };
}

rows![
    core_files_upload,
    core_files_get_files,
    core_user_add_user_private_files,
    report_log_get_entries,
    core_webservice_get_site_info,
    core_user_create_users,
    core_user_update_users,
    core_user_get_users,
    core_user_get_users_by_field,
    core_user_delete_users,
    core_user_get_user_preferences,
    core_user_view_user_list,
    core_course_create_courses,
    core_course_update_courses,
    core_course_get_courses,
    core_course_get_courses_by_field,
    core_course_search_courses,
    core_course_get_contents,
    core_course_view_course,
    core_course_get_categories,
    core_course_create_categories,
    core_course_update_categories,
    core_course_delete_courses,
    core_course_delete_categories,
    core_enrol_get_enrolled_users,
    core_enrol_get_users_courses,
    core_enrol_get_course_enrolment_methods,
    enrol_manual_enrol_users,
    enrol_manual_unenrol_users,
    core_role_assign_roles,
    core_role_unassign_roles,
    core_group_create_groups,
    core_group_get_groups,
    core_group_get_course_groups,
    core_group_add_group_members,
    core_group_get_group_members,
    core_group_delete_group_members,
    core_group_delete_groups,
    core_cohort_create_cohorts,
    core_cohort_get_cohorts,
    core_cohort_add_cohort_members,
    core_cohort_search_cohorts,
    core_cohort_delete_cohort_members,
    tool_mobile_get_public_config,
    tool_mobile_get_config,
    tool_mobile_get_plugins_supporting_mobile,
    tool_mobile_call_external_functions,
    core_my_view_page,
    core_filters_get_all_states,
    message_airnotifier_is_system_configured,
    tool_dataprivacy_get_access_information,
    core_calendar_get_action_events_by_timesort,
    core_block_get_dashboard_blocks,
    tool_mobile_get_content,
    core_user_get_course_user_profiles,
    tool_lp_data_for_plans_page,
    core_user_add_user_device,
    core_user_remove_user_device,
    core_user_update_picture,
    local_lmsgate_add_modules,
    mod_page_get_pages_by_courses,
    mod_page_view_page,
    mod_url_get_urls_by_courses,
    mod_url_view_url,
    mod_label_get_labels_by_courses,
    mod_resource_get_resources_by_courses,
    mod_resource_view_resource,
    mod_folder_get_folders_by_courses,
    mod_folder_view_folder,
    core_course_get_course_module,
    core_user_set_user_preferences,
    core_user_update_user_preferences,
    core_user_view_user_profile,
    core_course_set_favourite_courses,
    core_course_get_enrolled_courses_by_timeline_classification,
    core_course_get_recent_courses,
    core_calendar_get_calendar_day_view,
    core_calendar_get_calendar_events,
    core_calendar_get_action_events_by_course,
    core_calendar_get_action_events_by_courses,
    core_search_get_search_areas_list,
    core_course_get_user_navigation_options,
    core_course_get_user_administration_options,
    core_block_get_course_blocks,
    gradereport_user_get_access_information,
    core_calendar_create_calendar_events,
    core_calendar_delete_calendar_events,
    core_calendar_get_calendar_event_by_id,
    core_calendar_get_allowed_event_types,
    core_calendar_get_calendar_upcoming_view,
    core_calendar_get_calendar_monthly_view,
    core_message_send_instant_messages,
    core_message_send_messages_to_conversation,
    core_message_get_conversations,
    core_message_get_conversation,
    core_message_get_conversation_messages,
    core_message_get_conversation_counts,
    core_message_get_unread_conversation_counts,
    core_message_get_member_info,
    core_message_get_user_contacts,
    core_message_get_received_contact_requests_count,
    core_message_mark_all_conversation_messages_as_read,
    core_message_delete_message,
    core_message_get_messages,
    core_message_get_unread_notification_count,
    core_message_mark_notification_read,
    core_message_mark_all_notifications_as_read,
    local_example_set_greeting,
    local_example_get_greeting,
    core_grades_update_grades,
    gradereport_overview_get_course_grades,
    gradereport_overview_view_grade_report,
    gradereport_user_get_grades_table,
    gradereport_user_view_grade_report,
    mod_assign_get_assignments,
    mod_assign_get_submission_status,
    mod_assign_get_submissions,
    mod_assign_view_assign,
    mod_assign_view_submission_status,
    mod_assign_view_grading_table,
    core_group_get_activity_groupmode,
    core_comment_get_comments,
    mod_quiz_get_quizzes_by_courses,
    mod_quiz_get_quiz_access_information,
    mod_quiz_get_quiz_required_qtypes,
    mod_quiz_get_user_best_grade,
    mod_quiz_get_attempt_access_information,
    mod_quiz_get_user_attempts,
    mod_quiz_view_quiz,
    mod_forum_get_forums_by_courses,
    mod_forum_get_forum_access_information,
    mod_forum_can_add_discussion,
    mod_forum_get_forum_discussions,
    mod_forum_get_discussion_posts,
    mod_forum_view_forum,
    mod_forum_view_forum_discussion,
    mod_forum_add_discussion,
    mod_forum_add_discussion_post,
    core_course_get_course_module_by_instance,
    mod_assign_save_submission,
    mod_assign_submit_for_grading,
    mod_assign_save_grade,
    core_completion_update_activity_completion_status_manually,
    core_completion_get_activities_completion_status,
    core_completion_get_course_completion_status,
    gradereport_user_get_grade_items,
    core_grades_get_gradeitems,
    local_lmsgate_update_modules,
    local_lmsgate_delete_modules,
    core_cohort_update_cohorts,
    core_cohort_delete_cohorts,
    core_session_time_remaining,
    core_session_touch,
    core_fetch_notifications,
    core_get_string,
    core_get_strings,
    local_lmsgate_add_sections,
    local_lmsgate_update_sections,
    local_lmsgate_delete_sections,
    core_course_get_updates_since,
    core_course_check_updates,
];

#[test]
fn every_function_has_a_row() {
    let catalogued: BTreeSet<&str> = common::catalogue().iter().map(|e| e.info.name).collect();
    let rows: BTreeSet<&str> = ROWS.iter().copied().collect();
    assert_eq!(rows, catalogued, "every catalogued function needs a test in rows![...] and a Case in common::site");
}
