//! Activity completion: activities tracked by hand or on view, marked through the functions and
//! the view calls, shown on the course page, in the completion status and as course progress.
use serde_json::json;

use crate::common::TestServer;

#[tokio::test]
async fn marks_and_views_complete_activities_and_make_progress() {
    let s = TestServer::start().await;
    let (teacher, student) = (s.create_user("cora").await, s.create_user("carl").await);
    let course = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Done", "shortname": "DONE", "categoryid": 1}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    s.admin(
        "enrol_manual_enrol_users",
        json!({"enrolments": [{"userid": teacher, "courseid": course, "roleid": 3}, {"userid": student, "courseid": course, "roleid": 5}]}),
    )
    .await;
    let (t_teacher, t_student) =
        (s.token_for(teacher, "all_functions").await, s.token_for(student, "moodle_mobile_app").await);
    let add = json!({"modules": [
        {"courseid": course, "section": 1, "modname": "page", "name": "Read me", "content": "<p>Hi</p>", "completion": 1},
        {"courseid": course, "section": 1, "modname": "url", "name": "Visit", "externalurl": "https://example.org/", "completion": 2, "completionview": true},
        {"courseid": course, "section": 1, "modname": "label", "intro": "<p>Not tracked</p>"}]});
    let (status, added) = s.call(&t_teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{added}");
    let (page_cm, url) = (added[0]["id"].as_i64().unwrap(), added[1]["instance"].as_i64().unwrap());

    let states = |body: &serde_json::Value| -> Vec<(i64, i64)> {
        body["statuses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["tracking"].as_i64().unwrap(), x["state"].as_i64().unwrap()))
            .collect()
    };
    let status_args = json!({"courseid": course, "userid": student});
    let (_, before) = s.call(&t_student, "core_completion_get_activities_completion_status", status_args.clone()).await;
    assert_eq!(states(&before), [(1, 0), (2, 0)], "{before}");
    let (_, contents) = s.call(&t_student, "core_course_get_contents", json!({"courseid": course})).await;
    let modules = contents[1]["modules"].as_array().unwrap();
    assert_eq!(modules[0]["completiondata"]["state"], 0);
    assert_eq!(modules[1]["completiondata"]["isautomatic"], true);
    assert_eq!(modules[1]["completiondata"]["details"][0]["rulename"], "completionview");
    assert!(modules[2].get("completiondata").is_none(), "the label is not tracked");

    // Viewing the URL completes it; the page is marked by hand.
    s.call(&t_student, "mod_url_view_url", json!({"urlid": url})).await;
    let (status, body) = s
        .call(
            &t_student,
            "core_completion_update_activity_completion_status_manually",
            json!({"cmid": page_cm, "completed": true}),
        )
        .await;
    assert_eq!((status, body), (200, json!({"status": true, "warnings": []})));
    let (_, after) = s.call(&t_student, "core_completion_get_activities_completion_status", status_args.clone()).await;
    assert_eq!(states(&after), [(1, 1), (2, 1)], "{after}");
    let (_, courses) = s.call(&t_teacher, "core_enrol_get_users_courses", json!({"userid": student})).await;
    assert_eq!(
        (courses[0]["progress"].as_f64(), courses[0]["completionusertracked"].as_bool()),
        (Some(100.0), Some(true)),
        "{courses}"
    );

    // Undone by hand; the URL cannot be marked by hand; the teacher is not tracked.
    s.call(
        &t_student,
        "core_completion_update_activity_completion_status_manually",
        json!({"cmid": page_cm, "completed": false}),
    )
    .await;
    let (_, courses) = s.call(&t_teacher, "core_enrol_get_users_courses", json!({"userid": student})).await;
    assert_eq!(courses[0]["progress"].as_f64(), Some(50.0));
    let url_cm = added[1]["id"].as_i64().unwrap();
    let (status, body) = s
        .call(
            &t_student,
            "core_completion_update_activity_completion_status_manually",
            json!({"cmid": url_cm, "completed": true}),
        )
        .await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("cannotmanualctrack")), "{body}");
    let (status, body) = s
        .call(
            &t_teacher,
            "core_completion_get_course_completion_status",
            json!({"courseid": course, "userid": teacher}),
        )
        .await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("nottracked")), "{body}");
    let (status, body) = s.call(&t_student, "core_completion_get_course_completion_status", status_args).await;
    assert_eq!((status, body["errorcode"].as_str()), (404, Some("nocriteriaset")), "{body}");

    // Automatic completion needs its rule.
    let bad = json!({"modules": [{"courseid": course, "modname": "page", "name": "X", "content": "<p>x</p>", "completion": 2}]});
    let (status, body) = s.call(&t_teacher, "local_lmsgate_add_modules", bad).await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
}
