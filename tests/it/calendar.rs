//! The calendar as the app shows it: who sees which events (their own, their courses', the
//! site's), the month grid Moodle draws, the upcoming list, and who may add and delete events.
use serde_json::json;

use crate::common::TestServer;

#[tokio::test]
async fn users_see_their_own_their_courses_and_the_sites_events_and_no_others() {
    let s = TestServer::start().await;
    let (kim, lee) = (s.create_user("kim").await, s.create_user("lee").await);
    let courses = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Maths", "shortname": "M1", "categoryid": 1},
            {"fullname": "Art", "shortname": "A1", "categoryid": 1}]}),
        )
        .await;
    let (maths, art) = (courses[0]["id"].as_i64().unwrap(), courses[1]["id"].as_i64().unwrap());
    s.admin(
        "enrol_manual_enrol_users",
        json!({"enrolments": [{"userid": kim, "courseid": maths, "roleid": 5},
        {"userid": lee, "courseid": art, "roleid": 5}]}),
    )
    .await;
    let (t_kim, t_lee) = (s.token_for(kim, "moodle_mobile_app").await, s.token_for(lee, "moodle_mobile_app").await);
    let soon = lmsgate_entities::now() + 2 * 86_400;
    let made = s
        .admin(
            "core_calendar_create_calendar_events",
            json!({"events": [
            {"name": "Maths exam", "eventtype": "course", "courseid": maths, "timestart": soon},
            {"name": "Art show", "eventtype": "course", "courseid": art, "timestart": soon + 60},
            {"name": "Open day", "eventtype": "site", "timestart": soon + 120}]}),
        )
        .await;
    assert!(made["warnings"].as_array().unwrap().is_empty(), "{made}");
    let exam = made["events"][0]["id"].as_i64().unwrap();
    // Kim's own, weekly for three weeks.
    let (status, own) = s
        .call(
            &t_kim,
            "core_calendar_create_calendar_events",
            json!({"events": [{"name": "Study", "timestart": soon + 180, "timeduration": 3600, "repeats": 2}]}),
        )
        .await;
    assert_eq!(status, 200, "{own}");
    let series: Vec<i64> = own["events"].as_array().unwrap().iter().map(|e| e["repeatid"].as_i64().unwrap()).collect();
    assert_eq!(series, vec![series[0]; 3], "{own}");
    // Kim may not add a course event to Art, nor a site event.
    let (_, refused) = s
        .call(&t_kim, "core_calendar_create_calendar_events", json!({"events": [{"name": "x", "eventtype": "course", "courseid": art}, {"name": "y", "eventtype": "site"}]}))
        .await;
    let codes: Vec<&str> =
        refused["warnings"].as_array().unwrap().iter().map(|w| w["warningcode"].as_str().unwrap()).collect();
    assert_eq!(codes, ["nopermissions", "nopermissions"], "{refused}");

    let up = s.rest_json(&t_kim, "core_calendar_get_calendar_upcoming_view", &json!({})).await;
    let names: Vec<&str> = up["events"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Maths exam", "Open day", "Study", "Study", "Study"], "{up}");
    assert_eq!(up["events"][0]["course"]["fullname"], "Maths");
    assert_eq!((up["events"][0]["canedit"].as_bool(), up["events"][2]["canedit"].as_bool()), (Some(false), Some(true)));
    assert_eq!(up["events"][2]["normalisedeventtypetext"], "User event");
    let (_, types) = s.call(&t_kim, "core_calendar_get_allowed_event_types", json!({})).await;
    assert_eq!(types["allowedeventtypes"], json!(["user"]));

    // Lee cannot open Kim's course's event.
    let (status, body) = s.call(&t_lee, "core_calendar_get_calendar_event_by_id", json!({"eventid": exam})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("nopermissions")), "{body}");
    let (_, one) = s.call(&t_kim, "core_calendar_get_calendar_event_by_id", json!({"eventid": exam})).await;
    assert_eq!(one["event"]["name"], "Maths exam");

    // The month grid: November 2026 begins on a Sunday, so six days pad its first week.
    let (_, month) =
        s.call(&t_kim, "core_calendar_get_calendar_monthly_view", json!({"year": 2026, "month": 11})).await;
    assert_eq!(month["periodname"], "November 2026");
    assert_eq!(month["weeks"][0]["prepadding"], json!([0, 1, 2, 3, 4, 5]));
    let days: usize = month["weeks"].as_array().unwrap().iter().map(|w| w["days"].as_array().unwrap().len()).sum();
    assert_eq!(days, 30);
    assert_eq!(month["weeks"][0]["days"][0]["daytitle"], "No events, Sunday, 1 November");
    assert_eq!(
        (month["previousperiodname"].as_str(), month["nextperiodname"].as_str()),
        (Some("October"), Some("December"))
    );

    // The day of the exam, and the older listing by course (Art is not Kim's: a warning).
    let date = chrono_date(soon);
    let (_, day) = s
        .call(&t_kim, "core_calendar_get_calendar_day_view", json!({"year": date.0, "month": date.1, "day": date.2}))
        .await;
    assert_eq!(day["events"][0]["name"], "Maths exam", "{day}");
    let (_, legacy) = s
        .call(
            &t_kim,
            "core_calendar_get_calendar_events",
            json!({"events": {"courseids": [maths, art]}, "options": {"userevents": false, "siteevents": false}}),
        )
        .await;
    let names: Vec<&str> = legacy["events"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Maths exam"], "{legacy}");
    assert_eq!(
        (legacy["warnings"][0]["itemid"].as_i64(), legacy["warnings"][0]["warningcode"].as_str()),
        (Some(art), Some("nopermissions"))
    );

    // A group event: Kim (a member) sees it, and so does Maths' teacher (who may access all
    // groups), not being a member; Lee does not.
    let teacher = s.create_user("tess").await;
    s.admin("enrol_manual_enrol_users", json!({"enrolments": [{"userid": teacher, "courseid": maths, "roleid": 3}]}))
        .await;
    let group = s
        .admin("core_group_create_groups", json!({"groups": [{"courseid": maths, "name": "Lab", "description": ""}]}))
        .await[0]["id"]
        .as_i64()
        .unwrap();
    s.admin("core_group_add_group_members", json!({"members": [{"groupid": group, "userid": kim}]})).await;
    s.admin("core_calendar_create_calendar_events", json!({"events": [{"name": "Lab meeting", "eventtype": "group", "courseid": maths, "groupid": group, "timestart": soon}]})).await;
    let t_teacher = s.token_for(teacher, "moodle_mobile_app").await;
    for (token, sees) in [(&t_kim, true), (&t_teacher, true), (&t_lee, false)] {
        let (_, up) = s.call(token, "core_calendar_get_calendar_upcoming_view", json!({})).await;
        let found = up["events"].as_array().unwrap().iter().any(|e| e["name"] == "Lab meeting");
        assert_eq!(found, sees, "{up}");
    }

    // Kim deletes the series; the course event is not Kim's to delete.
    let (status, _) = s
        .call(
            &t_kim,
            "core_calendar_delete_calendar_events",
            json!({"events": [{"eventid": series[0], "repeat": true}]}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = s
        .call(&t_kim, "core_calendar_delete_calendar_events", json!({"events": [{"eventid": exam, "repeat": false}]}))
        .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (403, Some("Sorry, but you do not currently have permissions to do that (Delete event)."))
    );
    let (_, up) = s.call(&t_kim, "core_calendar_get_calendar_upcoming_view", json!({})).await;
    assert_eq!(up["events"].as_array().unwrap().len(), 3, "{up}");
}

/// (year, month, day) of a Unix time, in UTC.
fn chrono_date(t: i64) -> (i32, u32, u32) {
    use chrono::Datelike;
    let d = chrono::DateTime::from_timestamp(t, 0).unwrap();
    (d.year(), d.month(), d.day())
}

/// Times beyond what a calendar shows are refused, not stored to break the views later.
#[tokio::test]
async fn out_of_range_times_are_refused() {
    let s = crate::common::TestServer::start().await;
    let me = s.token_for(s.create_user("tim").await, "all_functions").await;
    for event in [
        serde_json::json!({"name": "Forever", "timestart": 1_796_149_560, "timeduration": 9_000_000_000_000_000_000_i64}),
        serde_json::json!({"name": "Far", "timestart": 9_000_000_000_000_000_000_i64}),
    ] {
        let (status, body) =
            s.call(&me, "core_calendar_create_calendar_events", serde_json::json!({"events": [event]})).await;
        assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
    }
    let (status, month) = s
        .call(
            &me,
            "core_calendar_get_calendar_monthly_view",
            serde_json::json!({"year": 2026, "month": 11, "mini": true}),
        )
        .await;
    assert_eq!(status, 200, "{month}");
}
