//! Assignments and grades: an assignment added through `local_lmsgate_add_modules`, grades pushed
//! by `core_grades_update_grades` (as a student information system does) and read back by the
//! overview and user reports and the assignment's status, with the access rules of each.
use serde_json::{Value, json};

use crate::common::TestServer;

struct Class {
    course: i64,
    other_course: i64,
    teacher: String,
    student: String,
    /// The student on the all-functions service (to try what the app's service lacks).
    student_everywhere: String,
    student_id: i64,
    classmate_id: i64,
    /// A student of the other course only.
    stranger: String,
}

async fn class(s: &TestServer) -> Class {
    let (teacher, student, classmate, stranger) = (
        s.create_user("gina").await,
        s.create_user("stu").await,
        s.create_user("cleo").await,
        s.create_user("xavi").await,
    );
    let courses = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "History", "shortname": "HIS", "categoryid": 1},
                {"fullname": "Art", "shortname": "ART", "categoryid": 1}]}),
        )
        .await;
    let (course, other_course) = (courses[0]["id"].as_i64().unwrap(), courses[1]["id"].as_i64().unwrap());
    let enrol = |u: i64, c: i64, r: i64| json!({"userid": u, "courseid": c, "roleid": r});
    s.admin(
        "enrol_manual_enrol_users",
        json!({"enrolments": [enrol(teacher, course, 3), enrol(student, course, 5), enrol(classmate, course, 5),
            enrol(stranger, other_course, 5)]}),
    )
    .await;
    Class {
        course,
        other_course,
        teacher: s.token_for(teacher, "all_functions").await,
        student: s.token_for(student, "moodle_mobile_app").await,
        student_everywhere: s.token_for(student, "all_functions").await,
        student_id: student,
        classmate_id: classmate,
        stranger: s.token_for(stranger, "moodle_mobile_app").await,
    }
}

/// The text of a report cell, tags removed.
fn text(cell: &Value) -> String {
    let html = cell["content"].as_str().unwrap_or("");
    let mut out = String::new();
    let mut tag = false;
    for ch in html.chars() {
        match ch {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[tokio::test]
async fn pushed_grades_are_read_back_by_the_reports_and_the_assignment() {
    let s = TestServer::start().await;
    let c = class(&s).await;
    let due = lmsgate_entities::now() + 7 * 86_400;
    let add = json!({"modules": [{"courseid": c.course, "section": 1, "modname": "assign", "name": "Essay 1",
        "intro": "<p>Write 500 words.</p>", "duedate": due, "maxsubmissionsizebytes": 1048576}]});
    let (status, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{added}");
    let (assign, cmid) = (added[0]["instance"].as_i64().unwrap(), added[0]["id"].as_i64().unwrap());

    // Before any grade: the course is listed with no total, the item is empty.
    let (_, overview) = s.call(&c.student, "gradereport_overview_get_course_grades", json!({})).await;
    assert_eq!(overview["grades"], json!([{"courseid": c.course, "grade": "-", "rawgrade": null}]), "{overview}");

    let push = json!({"source": "sis", "courseid": c.course, "component": "mod_assign", "activityid": cmid, "itemnumber": 0,
        "grades": [{"studentid": c.student_id, "grade": 85, "str_feedback": "Well argued."},
                   {"studentid": c.classmate_id, "grade": 250}]});
    let (status, body) = s.call(&c.teacher, "core_grades_update_grades", push.clone()).await;
    assert_eq!((status, body), (200, json!(0)));

    let (_, overview) = s.call(&c.student, "gradereport_overview_get_course_grades", json!({})).await;
    assert_eq!(overview["grades"], json!([{"courseid": c.course, "grade": "85.00", "rawgrade": "85.00000"}]));
    let (_, view) = s.call(&c.student, "gradereport_overview_view_grade_report", json!({"courseid": 1})).await;
    assert_eq!(view, json!({"status": true, "warnings": []}));

    // The user report: the category, the item with grade, range, percentage and feedback, the total.
    let (status, report) = s
        .call(&c.student, "gradereport_user_get_grades_table", json!({"courseid": c.course, "userid": c.student_id}))
        .await;
    assert_eq!(status, 200, "{report}");
    let table = &report["tables"][0];
    assert_eq!((table["userid"].as_i64(), table["userfullname"].as_str()), (Some(c.student_id), Some("First stu")));
    let rows = table["tabledata"].as_array().unwrap();
    assert_eq!(text(&rows[0]["itemname"]), "History");
    let item = rows.iter().find(|r| text(&r["itemname"]).contains("Essay 1")).expect("the assignment's row");
    let cells: Vec<String> =
        ["grade", "range", "percentage", "feedback", "weight"].iter().map(|k| text(&item[*k])).collect();
    assert_eq!(cells, ["85.00", "0&ndash;100", "85.00 %", "Well argued.", "100.00 %"]);
    assert!(item["itemname"]["content"].as_str().unwrap().contains(&format!("/mod/assign/view.php?id={cmid}")));
    let total = rows.last().unwrap();
    assert_eq!(
        (text(&total["itemname"]).as_str(), text(&total["grade"]).as_str()),
        ("AggregationCourse total", "85.00")
    );

    // The same report as data, and the course's grade items.
    let (_, data) = s
        .call(&c.student, "gradereport_user_get_grade_items", json!({"courseid": c.course, "userid": c.student_id}))
        .await;
    let items = data["usergrades"][0]["gradeitems"].as_array().unwrap();
    let essay = &items[0];
    assert_eq!(
        (
            essay["itemname"].as_str(),
            essay["graderaw"].as_f64(),
            essay["gradeformatted"].as_str(),
            essay["cmid"].as_i64()
        ),
        (Some("Essay 1"), Some(85.0), Some("85.00"), Some(cmid)),
        "{data}"
    );
    assert_eq!(
        (essay["weightformatted"].as_str(), essay["feedback"].as_str()),
        (Some("100.00 %"), Some("Well argued."))
    );
    assert_eq!(items.last().unwrap()["itemtype"], "course");
    let (_, listed) = s.call(&c.student, "core_grades_get_gradeitems", json!({"courseid": c.course})).await;
    assert_eq!(listed["gradeItems"][0]["itemname"], "Essay 1", "{listed}");
    assert_eq!(listed["gradeItems"][0]["category"], "History");

    // A grade above the maximum is kept within the range (as Moodle's final grade is).
    let (_, mate) = s
        .call(&c.teacher, "gradereport_user_get_grades_table", json!({"courseid": c.course, "userid": c.classmate_id}))
        .await;
    let rows = mate["tables"][0]["tabledata"].as_array().unwrap();
    assert_eq!(text(&rows.last().unwrap()["grade"]), "100.00");
    // The teacher sees every student's table.
    let (_, all) = s.call(&c.teacher, "gradereport_user_get_grades_table", json!({"courseid": c.course})).await;
    let users: Vec<i64> = all["tables"].as_array().unwrap().iter().map(|t| t["userid"].as_i64().unwrap()).collect();
    assert_eq!(users, [c.student_id, c.classmate_id]);

    // The assignment: settings, the student's status with feedback, the grader's summary.
    let (_, list) = s.call(&c.student, "mod_assign_get_assignments", json!({"courseids": [c.course]})).await;
    let a = &list["courses"][0]["assignments"][0];
    assert_eq!(
        (a["id"].as_i64(), a["cmid"].as_i64(), a["duedate"].as_i64(), a["grade"].as_i64()),
        (Some(assign), Some(cmid), Some(due), Some(100))
    );
    let (_, status_body) = s.call(&c.student, "mod_assign_get_submission_status", json!({"assignid": assign})).await;
    assert_eq!(status_body["lastattempt"]["graded"], true, "{status_body}");
    assert_eq!(status_body["lastattempt"]["gradingstatus"], "graded");
    assert_eq!(status_body["feedback"]["gradefordisplay"], "85.00&nbsp;/&nbsp;100.00");
    assert_eq!(status_body["feedback"]["plugins"][0]["editorfields"][0]["text"], "Well argued.");
    assert!(status_body.get("gradingsummary").is_none());
    let (_, grader) = s.call(&c.teacher, "mod_assign_get_submission_status", json!({"assignid": assign})).await;
    assert_eq!(grader["gradingsummary"]["participantcount"], 2, "{grader}");
    assert!(grader.get("lastattempt").is_none());

    // The course page shows the assignment's dates; its group mode is the course's.
    let (_, contents) = s.call(&c.student, "core_course_get_contents", json!({"courseid": c.course})).await;
    let module = contents[1]["modules"][0].clone();
    assert_eq!((module["modname"].as_str(), module["purpose"].as_str()), (Some("assign"), Some("assessment")));
    assert_eq!(module["dates"][1], json!({"label": "Due:", "timestamp": due, "dataid": "duedate"}));
    assert!(module.get("contents").is_none());
    let (_, mode) = s.call(&c.student, "core_group_get_activity_groupmode", json!({"cmid": cmid})).await;
    assert_eq!(mode, json!({"groupmode": 0, "warnings": []}));

    // Emptying a grade, then deleting the item, leaves nothing graded.
    let clear = json!({"source": "sis", "courseid": c.course, "component": "mod_assign", "activityid": cmid, "itemnumber": 0,
        "grades": [{"studentid": c.student_id, "grade": null}]});
    assert_eq!(s.call(&c.teacher, "core_grades_update_grades", clear).await.1, json!(0));
    let (_, overview) = s.call(&c.student, "gradereport_overview_get_course_grades", json!({})).await;
    assert_eq!(overview["grades"][0]["grade"], "-");
    let delete = json!({"source": "sis", "courseid": c.course, "component": "mod_assign", "activityid": cmid, "itemnumber": 0,
        "itemdetails": {"deleted": true}});
    assert_eq!(s.call(&c.teacher, "core_grades_update_grades", delete).await.1, json!(0));
    let (_, report) = s
        .call(&c.teacher, "gradereport_user_get_grades_table", json!({"courseid": c.course, "userid": c.classmate_id}))
        .await;
    assert!(!report.to_string().contains("Essay 1"), "{report}");
}

#[tokio::test]
async fn grades_stay_with_those_allowed_to_see_them_and_bad_pushes_change_nothing() {
    let s = TestServer::start().await;
    let c = class(&s).await;
    let add = json!({"modules": [{"courseid": c.course, "section": 1, "modname": "assign", "name": "Quiz-like"}]});
    let (_, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    let (assign, cmid) = (added[0]["instance"].as_i64().unwrap(), added[0]["id"].as_i64().unwrap());

    // A student of another course: no course in their overview, refused the report and the assignment.
    let (_, overview) = s.call(&c.stranger, "gradereport_overview_get_course_grades", json!({})).await;
    assert_eq!(overview["grades"].as_array().map(|g| g.iter().any(|x| x["courseid"] == c.course)), Some(false));
    let (status, body) = s
        .call(&c.stranger, "gradereport_user_get_grades_table", json!({"courseid": c.course, "userid": c.student_id}))
        .await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("errorcoursecontextnotvalid")), "{body}");
    let (status, body) = s.call(&c.stranger, "mod_assign_get_submission_status", json!({"assignid": assign})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("errorcoursecontextnotvalid")), "{body}");
    // A student cannot push grades, nor read a classmate's.
    let push = |grades: Value| {
        json!({"source": "sis", "courseid": c.course, "component": "mod_assign", "activityid": cmid,
        "itemnumber": 0, "grades": grades})
    };
    let (status, body) = s
        .call(
            &c.student_everywhere,
            "core_grades_update_grades",
            push(json!([{"studentid": c.student_id, "grade": 100}])),
        )
        .await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("nopermissiontoviewgrades")), "{body}");
    assert_eq!(body["message"], "Can not view grades.");
    let (status, body) = s
        .call(&c.student, "gradereport_user_get_grades_table", json!({"courseid": c.course, "userid": c.classmate_id}))
        .await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("nopermissiontoviewgrades")), "{body}");

    // One unknown student: nothing of the call is stored.
    let (status, body) = s
        .call(
            &c.teacher,
            "core_grades_update_grades",
            push(json!([{"studentid": c.student_id, "grade": 50}, {"studentid": 99999, "grade": 50}])),
        )
        .await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
    assert!(body["debuginfo"].as_str().unwrap().starts_with("grades[1].studentid"), "{body}");
    let (_, overview) = s.call(&c.student, "gradereport_overview_get_course_grades", json!({})).await;
    assert_eq!(overview["grades"][0]["grade"], "-", "{overview}");
    // What the gradebook cannot keep is refused, not dropped; a wrong activity is Moodle's error.
    let mut scaled = push(json!([]));
    scaled["itemdetails"] = json!({"scaleid": 3});
    let (status, body) = s.call(&c.teacher, "core_grades_update_grades", scaled).await;
    assert_eq!((status, body["debuginfo"].as_str().map(|d| d.starts_with("itemdetails.scaleid"))), (400, Some(true)));
    let mut elsewhere = push(json!([]));
    elsewhere["component"] = json!("mod_page");
    let (status, body) = s.call(&c.teacher, "core_grades_update_grades", elsewhere).await;
    assert_eq!((status, body["errorcode"].as_str()), (404, Some("invalidcoursemodule")), "{body}");
    let _ = c.other_course;
}

#[tokio::test]
async fn a_submission_with_a_file_is_graded_and_read_back() {
    let s = TestServer::start().await;
    let c = class(&s).await;
    let due = lmsgate_entities::now() + 3 * 86_400;
    let add = json!({"modules": [{"courseid": c.course, "section": 1, "modname": "assign", "name": "Lab report",
        "submissiondrafts": true, "maxfilesubmissions": 1, "duedate": due},
        {"courseid": c.course, "section": 1, "modname": "assign", "name": "Hidden", "duedate": due, "visible": false}]});
    let (_, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    let assign = added[0]["instance"].as_i64().unwrap();

    // Due and not submitted: on the student's timeline (the hidden one is not), not the teacher's.
    let (_, timeline) = s.call(&c.student, "core_calendar_get_action_events_by_timesort", json!({})).await;
    let names: Vec<&str> = timeline["events"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Lab report is due"], "{timeline}");
    assert_eq!(timeline["events"][0]["action"]["name"], "Add submission");
    assert_eq!(
        (timeline["events"][0]["timesort"].as_i64(), timeline["events"][0]["modulename"].as_str()),
        (Some(due), Some("assign"))
    );
    let (_, theirs) = s.call(&c.teacher, "core_calendar_get_action_events_by_timesort", json!({})).await;
    assert_eq!(theirs["events"], json!([]), "{theirs}");
    let (_, by_course) =
        s.call(&c.student, "core_calendar_get_action_events_by_course", json!({"courseid": c.course})).await;
    assert_eq!(by_course["events"].as_array().map(Vec::len), Some(1), "{by_course}");

    let (_, up) = s.upload(&c.student, None, &[("report.txt", b"my report")]).await;
    let draft = up[0]["itemid"].as_i64().unwrap();
    let save = json!({"assignmentid": assign, "plugindata": {"onlinetext_editor": {"text": "<p>See the file.</p>", "format": 1, "itemid": 0},
        "files_filemanager": draft}});
    let (status, body) = s.call(&c.student, "mod_assign_save_submission", save).await;
    assert_eq!((status, body), (200, json!([])));
    let (_, mine) = s.call(&c.student, "mod_assign_get_submission_status", json!({"assignid": assign})).await;
    let submission = &mine["lastattempt"]["submission"];
    assert_eq!(
        (submission["status"].as_str(), mine["lastattempt"]["cansubmit"].as_bool()),
        (Some("draft"), Some(true)),
        "{mine}"
    );
    let (status, body) = s
        .call(
            &c.student,
            "mod_assign_submit_for_grading",
            json!({"assignmentid": assign, "acceptsubmissionstatement": true}),
        )
        .await;
    assert_eq!((status, body), (200, json!([])));
    // Submitted: a second submit has nothing to submit, and the text can no longer change.
    let (_, again) = s
        .call(
            &c.student,
            "mod_assign_submit_for_grading",
            json!({"assignmentid": assign, "acceptsubmissionstatement": true}),
        )
        .await;
    assert_eq!(again[0]["warningcode"], "couldnotsubmitforgrading", "{again}");

    let (_, listed) = s.call(&c.teacher, "mod_assign_get_submissions", json!({"assignmentids": [assign]})).await;
    let sub = &listed["assignments"][0]["submissions"][0];
    assert_eq!((sub["userid"].as_i64(), sub["status"].as_str()), (Some(c.student_id), Some("submitted")), "{listed}");
    let text = sub["plugins"].as_array().unwrap().iter().find(|p| p["type"] == "onlinetext").unwrap();
    assert_eq!(text["editorfields"][0]["text"], "<p>See the file.</p>");
    let files = sub["plugins"].as_array().unwrap().iter().find(|p| p["type"] == "file").unwrap();
    let url = files["fileareas"][0]["files"][0]["fileurl"].as_str().unwrap().to_string();
    let got = s.http.get(format!("{url}?token={}", c.teacher)).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().as_ref(), b"my report");
    let classmate = s.token_for(c.classmate_id, "moodle_mobile_app").await;
    assert_eq!(s.http.get(format!("{url}?token={classmate}")).send().await.unwrap().status(), 404, "not a classmate's");
    let (_, summary) = s.call(&c.teacher, "mod_assign_get_submission_status", json!({"assignid": assign})).await;
    assert_eq!(summary["gradingsummary"]["submissionsneedgradingcount"], 1, "{summary}");

    // Submitted: no longer on the student's timeline.
    let (_, timeline) = s.call(&c.student, "core_calendar_get_action_events_by_timesort", json!({})).await;
    assert_eq!(timeline["events"], json!([]), "{timeline}");
    let grade = json!({"assignmentid": assign, "userid": c.student_id, "grade": 72.5, "attemptnumber": -1, "addattempt": false,
        "workflowstate": "", "applytoall": false, "plugindata": {"assignfeedbackcomments_editor": {"text": "Clear.", "format": 1}}});
    let (status, body) = s.call(&c.teacher, "mod_assign_save_grade", grade).await;
    assert_eq!((status, body), (200, Value::Null));
    let (_, mine) = s.call(&c.student, "mod_assign_get_submission_status", json!({"assignid": assign})).await;
    assert_eq!(mine["feedback"]["gradefordisplay"], "72.50&nbsp;/&nbsp;100.00", "{mine}");
    assert_eq!(mine["feedback"]["plugins"][0]["editorfields"][0]["text"], "Clear.");
    let (_, summary) = s.call(&c.teacher, "mod_assign_get_submission_status", json!({"assignid": assign})).await;
    assert_eq!(summary["gradingsummary"]["submissionsneedgradingcount"], 0, "{summary}");
    // A grade for someone who is not a student of the course is refused.
    let stranger = json!({"assignmentid": assign, "userid": 999_999, "grade": 1, "attemptnumber": -1, "addattempt": false,
        "workflowstate": "", "applytoall": false});
    let (status, body) = s.call(&c.teacher, "mod_assign_save_grade", stranger).await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
}
