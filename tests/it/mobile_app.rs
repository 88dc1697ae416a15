//! The Moodle app's way in, as recorded against Moodle 4.5 (`shared/moodle-app/INDEX.md`): its
//! first request through `service-nologin.php`, then the settings it reads once signed in.
use serde_json::{Value, json};

use crate::common::TestServer;

/// `lib/ajax/service-nologin.php` as the app calls it: a JSON body sent as a form.
async fn nologin(s: &TestServer, function: &str) -> Value {
    s.http
        .post(format!("{}/lib/ajax/service-nologin.php?info={function}&lang=en", s.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(json!([{"index": 0, "methodname": function, "args": {}}]).to_string())
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test]
async fn the_app_connects_reads_its_settings_and_sees_them_in_site_info() {
    let s = TestServer::start().await;
    let public = nologin(&s, "tool_mobile_get_public_config").await;
    assert_eq!(public[0]["error"], false, "{public}");
    let config = &public[0]["data"];
    // The app switches to `wwwroot`: it must be the server's own URL.
    assert_eq!(config["wwwroot"], s.base.trim_end_matches('/'), "{config}");
    assert_eq!(config["httpswwwroot"], config["wwwroot"]);
    assert_eq!(config["launchurl"], format!("{}/admin/tool/mobile/launch.php", s.base.trim_end_matches('/')));
    for (key, value) in [
        ("sitename", json!("lmsgate")),
        ("typeoflogin", json!(1)),
        ("enablewebservices", json!(1)),
        ("enablemobilewebservice", json!(1)),
        ("maintenanceenabled", json!(0)),
        ("showloginform", json!(1)),
        ("guestlogin", json!(0)),
        ("rememberusername", json!(2)),
        ("tool_mobile_androidappid", json!("com.moodle.moodlemobile")),
        ("warnings", json!([])),
    ] {
        assert_eq!(config[key], value, "{key}");
    }
    assert!(config.get("logourl").is_none() && config.get("identityproviders").is_none(), "{config}");
    let plugins = nologin(&s, "tool_mobile_get_plugins_supporting_mobile").await;
    assert_eq!(plugins[0]["data"], json!({"plugins": [], "warnings": []}), "{plugins}");
    // A function that needs a login is refused there.
    let refused = nologin(&s, "tool_mobile_get_config").await;
    assert_eq!(refused[0]["error"], true, "{refused}");

    // Signed in: the settings, all or one section's, with the site's own URLs.
    let token = s.token_for(s.create_user("appuser").await, "moodle_mobile_app").await;
    let (status, all) = s.call(&token, "tool_mobile_get_config", json!({})).await;
    assert_eq!(status, 200, "{all}");
    let setting = |body: &Value, name: &str| {
        body["settings"].as_array().unwrap().iter().find(|x| x["name"] == name).map(|x| x["value"].clone())
    };
    assert_eq!(setting(&all, "fullname"), Some(json!("lmsgate")));
    assert_eq!(setting(&all, "tool_mobile_autologouttime"), Some(json!("86400")));
    let grades = format!("{}/grade/report/overview/index.php", s.base.trim_end_matches('/'));
    assert_eq!(setting(&all, "mygradesurl"), Some(json!(grades)));
    let section = s.rest_json(&token, "tool_mobile_get_config", &json!({"section": "calendar"})).await;
    let names: Vec<&str> =
        section["settings"].as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "calendartype", "{section}");
    assert!(names.iter().all(|n| n.starts_with("calendar")), "{names:?}");

    // Site info lists them for the app's token, so the app calls them.
    let (_, info) = s.call(&token, "core_webservice_get_site_info", json!({})).await;
    let functions: Vec<&str> =
        info["functions"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    for f in ["tool_mobile_get_public_config", "tool_mobile_get_config", "tool_mobile_get_plugins_supporting_mobile"] {
        assert!(functions.contains(&f), "{f} not in {functions:?}");
    }
    // What the app reads of the version (at least 3.5), and the fields sent only when they apply.
    assert!(info["version"].as_str().unwrap().parse::<f64>().unwrap() >= 2024100700.0, "{info}");
    assert!(info["release"].as_str().unwrap().starts_with("4.5"), "{info}");
    assert!(info.get("usersessionscount").is_none() && info.get("userhomepageurl").is_none(), "{info}");
    s.set_config("limitconcurrentlogins", "2").await;
    s.set_config("defaulthomepage", "4").await;
    s.set_config("defaulthomepageurl", "https://example.org/start").await;
    s.browser_login("appuser", crate::common::PASSWORD).await;
    let (_, info) = s.call(&token, "core_webservice_get_site_info", json!({})).await;
    assert_eq!(
        (info["usersessionscount"].as_i64(), info["limitconcurrentlogins"].as_i64()),
        (Some(1), Some(2)),
        "{info}"
    );
    assert_eq!(
        (info["userhomepage"].as_i64(), info["userhomepageurl"].as_str()),
        (Some(4), Some("https://example.org/start"))
    );
    s.stop().await;
}

/// The app's batch as it sends it (PHP form fields, arguments as a JSON string): every call runs
/// with its own checks, answers are JSON strings, and the batch stops at the first error.
#[tokio::test]
async fn the_apps_batch_runs_each_call_through_the_pipeline() {
    let s = TestServer::start().await;
    let site = crate::common::site::Site::build(&s).await;
    let student = s.token_for(site.student_a, "moodle_mobile_app").await;
    let batch = |requests: &[(&str, Value)]| {
        let mut form = vec![
            ("wstoken".to_string(), student.clone()),
            ("wsfunction".to_string(), "tool_mobile_call_external_functions".to_string()),
            ("moodlewsrestformat".to_string(), "json".to_string()),
            ("moodlewssettinglang".to_string(), "en".to_string()),
        ];
        for (i, (function, args)) in requests.iter().enumerate() {
            form.push((format!("requests[{i}][function]"), function.to_string()));
            form.push((format!("requests[{i}][arguments]"), args.to_string()));
            form.push((format!("requests[{i}][settingfilter]"), "1".into()));
            form.push((format!("requests[{i}][settingfileurl]"), "1".into()));
        }
        let url = format!("{}/webservice/rest/server.php?moodlewsrestformat=json", s.base);
        let http = s.http.clone();
        async move { http.post(url).form(&form).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let data = |r: &Value| serde_json::from_str::<Value>(r["data"].as_str().expect("data is a JSON string")).unwrap();

    let both = batch(&[
        ("core_webservice_get_site_info", json!({})),
        // The app sends ints as strings; Moodle reads them by the declared type.
        ("core_course_view_course", json!({"courseid": site.course_a.to_string()})),
    ])
    .await;
    let responses = both["responses"].as_array().expect("responses");
    assert_eq!(responses.len(), 2, "{both}");
    assert_eq!(
        (responses[0]["error"].as_bool(), data(&responses[0])["username"].as_str()),
        (Some(false), Some("studenta"))
    );
    assert_eq!(data(&responses[1]), json!({"status": true, "warnings": []}));
    assert!(responses[0].get("exception").is_none(), "{both}");

    // The first error ends the batch; its exception is a JSON string.
    let stopped = batch(&[
        ("core_course_get_contents", json!({"courseid": site.course_b})),
        ("core_webservice_get_site_info", json!({})),
    ])
    .await;
    let responses = stopped["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1, "{stopped}");
    assert_eq!(responses[0]["error"], true);
    let exception: Value = serde_json::from_str(responses[0]["exception"].as_str().unwrap()).unwrap();
    assert_eq!(exception["errorcode"], "errorcoursecontextnotvalid", "{exception}");

    let not_a_number = batch(&[("core_course_view_course", json!({"courseid": "two"}))]).await;
    let exception: Value = serde_json::from_str(not_a_number["responses"][0]["exception"].as_str().unwrap()).unwrap();
    assert_eq!(exception["errorcode"], "invalidparameter", "{not_a_number}");

    // Functions outside the token's service, and the batch itself, are refused.
    for function in ["core_user_create_users", "tool_mobile_call_external_functions", "no_such_function"] {
        let refused = batch(&[(function, json!({}))]).await;
        let exception: Value = serde_json::from_str(refused["responses"][0]["exception"].as_str().unwrap()).unwrap();
        assert_eq!(exception["errorcode"], "accessexception", "{function}: {refused}");
    }
    s.stop().await;
}

/// The app in a normal browser (web security on): preflights are answered and every token
/// endpoint it calls allows its origin; the cookie endpoints do not.
#[tokio::test]
async fn the_app_works_with_web_security_on() {
    let s = TestServer::start().await;
    let origin = "http://localhost:8100";
    for path in [
        "/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config",
        "/login/token.php",
        "/webservice/rest/server.php",
        "/webservice/upload.php",
        "/tokenpluginfile.php/key/1/user/icon/0/f1.png",
    ] {
        let preflight = s
            .http
            .request(reqwest::Method::OPTIONS, format!("{}{path}", s.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.status(), 200, "{path}");
        let h = preflight.headers();
        assert_eq!(h["access-control-allow-origin"], origin, "{path}");
        assert!(h["access-control-allow-methods"].to_str().unwrap().contains("POST"), "{path}");
        assert!(h["access-control-allow-headers"].to_str().unwrap().contains("content-type"), "{path}");
        assert!(h.get("access-control-allow-credentials").is_none(), "{path}: no cookies cross-origin");
    }
    let res = s
        .http
        .post(format!("{}/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config", s.base))
        .header("origin", origin)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(r#"[{"index":0,"methodname":"tool_mobile_get_public_config","args":{}}]"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], origin);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body[0]["error"], false, "{body}");
    // The session endpoint keeps its same-origin rule.
    let res = s
        .http
        .post(format!("{}/lib/ajax/service.php", s.base))
        .header("origin", origin)
        .body("[]")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    s.stop().await;
}

/// Preferences as the app reads them: one never set is `null`, all of them are listed, another
/// user's need `moodle/site:config`.
#[tokio::test]
async fn preferences_one_all_and_another_users() {
    let s = TestServer::start().await;
    let ann = s.create_user("ann").await;
    let token = s.token_for(ann, "moodle_mobile_app").await;
    let (status, unset) = s.call(&token, "core_user_get_user_preferences", json!({"name": "forum_displaymode"})).await;
    assert_eq!(status, 200, "{unset}");
    assert_eq!(unset, json!({"preferences": [{"name": "forum_displaymode", "value": null}], "warnings": []}));
    use sea_orm::{ActiveModelTrait, Set};
    let stored = lmsgate_entities::user_preferences::ActiveModel {
        userid: Set(ann),
        name: Set("forum_displaymode".into()),
        value: Set("3".into()),
        ..Default::default()
    };
    stored.insert(&s.state.db).await.unwrap();
    let (_, mine) = s.call(&token, "core_user_get_user_preferences", json!({})).await;
    let names: Vec<&Value> = mine["preferences"].as_array().unwrap().iter().collect();
    assert!(names.contains(&&json!({"name": "forum_displaymode", "value": "3"})), "{mine}");
    let (status, other) = s.call(&token, "core_user_get_user_preferences", json!({"userid": 2})).await;
    assert_eq!((status, other["errorcode"].as_str()), (403, Some("nopermissions")), "{other}");
    let (status, missing) = s.call(&s.admin_token, "core_user_get_user_preferences", json!({"userid": 99999})).await;
    assert_eq!((status, missing["errorcode"].as_str()), (404, Some("invalidrecord")), "{missing}");
    let (status, admin) =
        s.call(&s.admin_token, "core_user_get_user_preferences", json!({"userid": ann, "name": "x"})).await;
    assert_eq!((status, &admin["preferences"][0]["value"]), (200, &Value::Null), "{admin}");
    s.stop().await;
}

/// The dashboard's calls: the page view (a warning for an unknown page), no text filters, no
/// push notifications.
#[tokio::test]
async fn the_dashboard_calls() {
    let s = TestServer::start().await;
    let token = s.token_for(s.create_user("dash").await, "moodle_mobile_app").await;
    for page in ["my", "dashboard"] {
        let (status, body) = s.call(&token, "core_my_view_page", json!({"page": page})).await;
        assert_eq!((status, body), (200, json!({"status": true, "warnings": []})));
    }
    let (_, other) = s.call(&token, "core_my_view_page", json!({"page": "grades"})).await;
    let warning = json!({"item": "grades", "warningcode": "invalidmypage", "message": "The value for the page request is invalid!"});
    assert_eq!(other, json!({"status": false, "warnings": [warning]}));
    let filters = s.rest_json(&token, "core_filters_get_all_states", &json!({})).await;
    assert_eq!(filters, json!({"filters": [], "warnings": []}));
    // The site's participants (courseid 0) need moodle/site:viewparticipants; a course must exist.
    let (status, _) = s.call(&token, "core_user_view_user_list", json!({"courseid": 0})).await;
    assert_eq!(status, 403);
    let (status, body) = s.call(&s.admin_token, "core_user_view_user_list", json!({"courseid": 0})).await;
    assert_eq!((status, body), (200, json!({"status": true, "warnings": []})));
    let (status, body) = s.call(&s.admin_token, "core_user_view_user_list", json!({"courseid": 99999})).await;
    assert_eq!((status, body["errorcode"].as_str()), (404, Some("invalidrecord")), "{body}");
    let push = s.rest_json(&token, "message_airnotifier_is_system_configured", &json!({})).await;
    assert_eq!(push, json!(0));
    let (_, privacy) = s.call(&token, "tool_dataprivacy_get_access_information", json!({})).await;
    assert_eq!(privacy["cancreatedatadownloadrequest"], false, "{privacy}");
    assert_eq!(privacy["warnings"], json!([]));
    // The blocks of a new site's pages; the app shows My courses when that page has blocks.
    let names = |body: &Value| -> Vec<String> {
        body["blocks"].as_array().unwrap().iter().map(|b| b["name"].as_str().unwrap().to_string()).collect()
    };
    let (_, dashboard) = s.call(&token, "core_block_get_dashboard_blocks", json!({})).await;
    assert_eq!(names(&dashboard), ["timeline", "calendar_month", "recentlyaccesseditems"], "{dashboard}");
    assert_eq!(dashboard["blocks"][0]["positionid"], Value::Null);
    let courses = s
        .rest_json(&token, "core_block_get_dashboard_blocks", &json!({"returncontents": 1, "mypage": "__courses"}))
        .await;
    assert_eq!(names(&courses), ["myoverview"], "{courses}");
    let configs = courses["blocks"][0]["configs"].as_array().unwrap();
    assert!(
        configs.contains(&json!({"name": "layouts", "value": "\"card,list,summary\"", "type": "plugin"})),
        "{courses}"
    );
    let (_, none) = s.call(&token, "core_block_get_dashboard_blocks", json!({"mypage": "elsewhere"})).await;
    assert_eq!(none["blocks"], json!([]));
    // The Timeline block: no activities yet, so no action events; Moodle's page limit.
    let args = json!({"timesortfrom": 1767225600, "limitnum": "20", "limittononsuspendedevents": "1"});
    let timeline = s.rest_json(&token, "core_calendar_get_action_events_by_timesort", &args).await;
    assert_eq!(timeline, json!({"events": [], "firstid": 0, "lastid": 0}));
    let (status, over) = s.call(&token, "core_calendar_get_action_events_by_timesort", json!({"limitnum": 51})).await;
    assert_eq!(status, 400, "{over}");
    assert_eq!(over["errorcode"], "Limit must be between 1 and 50 (inclusive)");
    assert_eq!(over["message"], "error/Limit must be between 1 and 50 (inclusive)");
    s.stop().await;
}

/// My courses as the app shows it: a starred course is a favourite everywhere, the groups of
/// the timeline follow the courses' dates, and recent courses are the ones last entered.
#[tokio::test]
async fn my_courses_star_classify_and_remember_the_last_entered() {
    let s = TestServer::start().await;
    let now = lmsgate_entities::now();
    let kim = s.create_user("kim").await;
    let courses = s
        .admin("core_course_create_courses", json!({"courses": [
            {"fullname": "Now", "shortname": "NOW", "categoryid": 1, "startdate": now - 86_400, "enddate": now + 86_400},
            {"fullname": "Later", "shortname": "LATER", "categoryid": 1, "startdate": now + 86_400},
            {"fullname": "Over", "shortname": "OVER", "categoryid": 1, "startdate": now - 3 * 86_400, "enddate": now - 86_400}]}))
        .await;
    let ids: Vec<i64> = courses.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    let enrolments: Vec<_> = ids.iter().map(|c| json!({"userid": kim, "courseid": c, "roleid": 5})).collect();
    s.admin("enrol_manual_enrol_users", json!({"enrolments": enrolments})).await;
    let t = s.token_for(kim, "moodle_mobile_app").await;
    let names = |v: &Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|c| c["shortname"].as_str().unwrap().to_string()).collect()
    };
    for (class, expected) in [("inprogress", vec!["NOW"]), ("future", vec!["LATER"]), ("past", vec!["OVER"])] {
        let (_, got) = s
            .call(&t, "core_course_get_enrolled_courses_by_timeline_classification", json!({"classification": class}))
            .await;
        assert_eq!(names(&got["courses"]), expected, "{class}: {got}");
    }
    let (_, refused) = s
        .call(&t, "core_course_get_enrolled_courses_by_timeline_classification", json!({"classification": "soon"}))
        .await;
    assert_eq!(refused["errorcode"], "invalidparameter");

    let (status, starred) =
        s.call(&t, "core_course_set_favourite_courses", json!({"courses": [{"id": ids[1], "favourite": true}]})).await;
    assert_eq!((status, starred["warnings"].as_array().map(Vec::len)), (200, Some(0)), "{starred}");
    let (_, again) =
        s.call(&t, "core_course_set_favourite_courses", json!({"courses": [{"id": ids[1], "favourite": true}]})).await;
    assert_eq!(again["warnings"][0]["warningcode"], "errorcoursealreadyfavourite");
    let (_, favourites) = s
        .call(
            &t,
            "core_course_get_enrolled_courses_by_timeline_classification",
            json!({"classification": "favourites"}),
        )
        .await;
    assert_eq!(names(&favourites["courses"]), ["LATER"]);
    assert_eq!(favourites["courses"][0]["isfavourite"], true);
    let mine = s.rest_json(&t, "core_enrol_get_users_courses", &json!({"userid": kim})).await;
    let later = mine.as_array().unwrap().iter().find(|c| c["id"] == ids[1]).unwrap();
    assert_eq!(later["isfavourite"], true, "{mine}");
    assert!(later["courseimage"].as_str().unwrap().ends_with("/course/generated/course.svg"), "{later}");

    // Entering a course makes it recent, with its last access in the course list.
    let (_, none) = s.call(&t, "core_course_get_recent_courses", json!({})).await;
    assert_eq!(none, json!([]));
    s.call(&t, "core_course_view_course", json!({"courseid": ids[2]})).await;
    let (_, recent) = s.call(&t, "core_course_get_recent_courses", json!({})).await;
    assert_eq!(names(&recent), ["OVER"]);
    assert!(recent[0]["timeaccess"].as_i64().unwrap() >= now);
    let (_, unstar) = s
        .call(
            &t,
            "core_course_set_favourite_courses",
            json!({"courses": [{"id": ids[1], "favourite": false}, {"id": 99999, "favourite": true}]}),
        )
        .await;
    assert_eq!(unstar["errorcode"], "invalidrecord", "{unstar}");
    // The failed call changed nothing: still starred.
    let (_, favourites) = s
        .call(
            &t,
            "core_course_get_enrolled_courses_by_timeline_classification",
            json!({"classification": "favourites"}),
        )
        .await;
    assert_eq!(names(&favourites["courses"]), ["LATER"]);
}

/// Preferences the site defines are saved and read back; unknown ones or values are refused
/// (a warning from set, an error from update that saves nothing); hiding a course moves it to
/// My courses' hidden group.
#[tokio::test]
async fn preferences_are_checked_saved_and_used() {
    let s = TestServer::start().await;
    let lee = s.create_user("lee").await;
    let course = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Hideme", "shortname": "HID", "categoryid": 1}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    s.admin("enrol_manual_enrol_users", json!({"enrolments": [{"userid": lee, "courseid": course, "roleid": 5}]}))
        .await;
    let t = s.token_for(lee, "moodle_mobile_app").await;
    let (_, saved) = s
        .call(
            &t,
            "core_user_set_user_preferences",
            json!({"preferences": [
            {"name": "block_myoverview_user_sort_preference", "value": "title", "userid": 0},
            {"name": "block_myoverview_user_sort_preference", "value": "colour", "userid": 0},
            {"name": "auth_forcepasswordchange", "value": "0", "userid": 0},
            {"name": format!("block_myoverview_hidden_course_{course}"), "value": "1", "userid": 0}]}),
        )
        .await;
    assert_eq!(saved["saved"].as_array().unwrap().len(), 2, "{saved}");
    let codes: Vec<&str> =
        saved["warnings"].as_array().unwrap().iter().map(|w| w["warningcode"].as_str().unwrap()).collect();
    assert_eq!(codes, ["errorsavingpreference", "errorsavingpreference"]);
    let (_, got) =
        s.call(&t, "core_user_get_user_preferences", json!({"name": "block_myoverview_user_sort_preference"})).await;
    assert_eq!(got["preferences"][0]["value"], "title", "{got}");
    let (_, hidden) = s
        .call(&t, "core_course_get_enrolled_courses_by_timeline_classification", json!({"classification": "hidden"}))
        .await;
    assert_eq!(hidden["courses"][0]["id"], course, "{hidden}");

    let (status, refused) = s
        .call(
            &t,
            "core_user_update_user_preferences",
            json!({"preferences": [
            {"type": "message_blocknoncontacts", "value": "0"}, {"type": "message_blocknoncontacts", "value": "9"}]}),
        )
        .await;
    assert_eq!((status, refused["errorcode"].as_str()), (400, Some("invalidparameter")), "{refused}");
    let (_, got) = s.call(&t, "core_user_get_user_preferences", json!({"name": "message_blocknoncontacts"})).await;
    assert!(got["preferences"][0]["value"].is_null(), "nothing saved: {got}");
    let (status, _) = s
        .call(
            &t,
            "core_user_update_user_preferences",
            json!({"preferences": [{"type": "message_blocknoncontacts", "value": "0"}]}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, got) = s.call(&t, "core_user_get_user_preferences", json!({"name": "message_blocknoncontacts"})).await;
    assert_eq!(got["preferences"][0]["value"], "0");
}

/// The app registers its installation once: the same push id again is a warning, the same
/// device again updates it, and removing it twice says the second time that it is gone.
#[tokio::test]
async fn devices_are_registered_once_and_removed() {
    let s = TestServer::start().await;
    let t = s.token_for(s.create_user("dev").await, "moodle_mobile_app").await;
    let device = |pushid: &str| {
        json!({"appid": "com.moodle.moodlemobile", "name": "Pixel", "model": "8", "platform": "Android",
            "version": "15", "pushid": pushid, "uuid": "u-1"})
    };
    assert_eq!(s.call(&t, "core_user_add_user_device", device("p-1")).await.1, json!([]));
    let (_, again) = s.call(&t, "core_user_add_user_device", device("p-1")).await;
    assert_eq!(again[0][0]["warningcode"], "existingkeyforthisuser", "{again}");
    assert_eq!(s.call(&t, "core_user_add_user_device", device("p-2")).await.1, json!([]));
    let (_, removed) = s.call(&t, "core_user_remove_user_device", json!({"uuid": "u-1"})).await;
    assert_eq!(removed, json!({"removed": true, "warnings": []}));
    let (_, gone) = s.call(&t, "core_user_remove_user_device", json!({"uuid": "u-1"})).await;
    assert_eq!(
        (gone["removed"].as_bool(), gone["warnings"][0]["warningcode"].as_str()),
        (Some(false), Some("devicedoesnotexist"))
    );
}

/// The pictures and icons the app loads (a user's default picture from site info, a
/// notification's icon) answer HEAD and GET with an image.
#[tokio::test]
async fn pictures_and_icons_the_app_loads_are_images() {
    let s = TestServer::start().await;
    let (_, info) = s.call(&s.admin_token, "core_webservice_get_site_info", json!({})).await;
    let picture = info["userpictureurl"].as_str().unwrap().to_string();
    let icon =
        format!("{}/theme/image.php/boost/assign/1795887508/monologo?filtericon=1", s.base.trim_end_matches('/'));
    for url in [picture, icon] {
        let head = s.http.head(&url).send().await.unwrap();
        assert_eq!(head.status(), 200, "{url}");
        assert_eq!(head.headers()["content-type"], "image/svg+xml");
        let body = s.http.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(body.starts_with("<svg"), "{url}: {body}");
    }
    let missing = s.http.get(format!("{}/theme/image.php/boost", s.base.trim_end_matches('/'))).send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

/// The app tries https first: a TLS ClientHello on the plain port is answered 400 and the
/// connection closed at once (as Moodle's server answers it), so the app falls back to http.
#[tokio::test]
async fn a_tls_hello_on_the_plain_port_is_refused_cleanly() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = TestServer::start().await;
    let addr = s.base.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut hello = vec![0x16, 0x03, 0x01, 0x00, 0x2f, 0x01, 0x00, 0x00, 0x2b, 0x03, 0x03];
    hello.extend([b'a'; 32]);
    hello.extend([0x00, 0x00, 0x02, 0x00, 0x2f, 0x01, 0x00]);
    conn.write_all(&hello).await.unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
}

/// A participant's profile in a course: their groups and roles there and the courses the caller
/// can enter; the caller's own description carries their preferences, nobody else's does.
#[tokio::test]
async fn course_user_profiles_show_groups_roles_and_shared_courses() {
    let s = TestServer::start().await;
    let (ann, bob) = (s.create_user("ann").await, s.create_user("bob").await);
    let courses = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "One", "shortname": "C1", "categoryid": 1},
            {"fullname": "Two", "shortname": "C2", "categoryid": 1}]}),
        )
        .await;
    let (one, two) = (courses[0]["id"].as_i64().unwrap(), courses[1]["id"].as_i64().unwrap());
    s.admin(
        "enrol_manual_enrol_users",
        json!({"enrolments": [{"userid": ann, "courseid": one, "roleid": 3},
        {"userid": bob, "courseid": one, "roleid": 5}, {"userid": bob, "courseid": two, "roleid": 5}]}),
    )
    .await;
    let group = s
        .admin("core_group_create_groups", json!({"groups": [{"courseid": one, "name": "Reds", "description": ""}]}))
        .await[0]["id"]
        .as_i64()
        .unwrap();
    s.admin("core_group_add_group_members", json!({"members": [{"groupid": group, "userid": bob}]})).await;
    let t_ann = s.token_for(ann, "moodle_mobile_app").await;
    let (status, profiles) = s
        .call(&t_ann, "core_user_get_course_user_profiles", json!({"userlist": [{"userid": bob, "courseid": one}, {"userid": ann, "courseid": one}, {"userid": bob, "courseid": 99999}]}))
        .await;
    assert_eq!(status, 200, "{profiles}");
    assert_eq!(profiles.as_array().unwrap().len(), 2, "{profiles}");
    let bob_there = &profiles[0];
    assert_eq!(bob_there["groups"][0]["name"], "Reds");
    assert_eq!(bob_there["roles"][0]["shortname"], "student");
    // Ann teaches only course one: bob's course two is not hers to see.
    assert_eq!(bob_there["enrolledcourses"].as_array().unwrap().len(), 1, "{bob_there}");
    assert!(bob_there["preferences"].is_null());
    assert!(profiles[1]["preferences"].is_array(), "{}", profiles[1]);
}

/// A PNG of `w`×`h` pixels, for picture uploads.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let picture = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 256) as u8, 90, 160]));
    picture.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// A picture uploaded to a draft area becomes the user's picture in three sizes: every function
/// that describes the user links it, `pluginfile.php` and `tokenpluginfile.php` serve it, a
/// file that is not an image changes nothing, another user needs moodle/user:editprofile, and a
/// deleted picture falls back to the default one.
#[tokio::test]
async fn an_uploaded_picture_becomes_the_users_picture_everywhere() {
    let s = TestServer::start().await;
    let (ann, bob) = (s.create_user("ann").await, s.create_user("bob").await);
    let token = s.token_for(ann, "moodle_mobile_app").await;
    let (_, up) = s.upload(&token, None, &[("me.png", &png(300, 200))]).await;
    let draft = up[0]["itemid"].as_i64().unwrap();
    let (status, set) = s.call(&token, "core_user_update_picture", json!({"draftitemid": draft})).await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["success"], true, "{set}");
    let url = set["profileimageurl"].as_str().unwrap().to_string();
    assert!(url.contains("/pluginfile.php/") && url.contains("/user/icon/boost/f1?rev="), "{url}");

    // Served in Moodle's sizes, cropped square, to anyone (as Moodle serves pictures).
    for (size, px) in [("f1", 100), ("f2", 35), ("f3", 512)] {
        let res = s.http.get(url.replace("/f1?", &format!("/{size}?"))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{size}");
        assert_eq!(res.headers()["content-type"], "image/png");
        let icon = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
        assert_eq!((icon.width(), icon.height()), (px, px), "{size}");
    }
    let (_, info) = s.call(&token, "core_webservice_get_site_info", json!({})).await;
    assert_eq!(info["userpictureurl"], url.as_str());
    let key = info["userprivateaccesskey"].as_str().unwrap();
    let path = url.split("/pluginfile.php/").nth(1).unwrap();
    let via_key = s.http.head(format!("{}/tokenpluginfile.php/{key}/{path}", s.base)).send().await.unwrap();
    assert_eq!(via_key.status(), 200);
    assert_eq!(via_key.headers()["content-type"], "image/png");
    let described = s.admin("core_user_get_users_by_field", json!({"field": "id", "values": [ann.to_string()]})).await;
    assert_eq!(described[0]["profileimageurl"], url.as_str());
    assert!(described[0]["profileimageurlsmall"].as_str().unwrap().contains("/user/icon/boost/f2?rev="));
    let members =
        s.call(&token, "core_message_get_member_info", json!({"referenceuserid": ann, "userids": [ann]})).await.1;
    assert_eq!(members[0]["profileimageurl"], url.as_str(), "{members}");

    // Not an image: nothing changes, and a warning says why.
    let (_, up) = s.upload(&token, None, &[("notes.txt", b"not a picture")]).await;
    let text_draft = up[0]["itemid"].as_i64().unwrap();
    let (_, kept) = s.call(&token, "core_user_update_picture", json!({"draftitemid": text_draft})).await;
    assert_eq!(kept["success"], false, "{kept}");
    assert_eq!(kept["warnings"][0]["warningcode"], "invalidimage");
    assert_eq!(s.call(&token, "core_webservice_get_site_info", json!({})).await.1["userpictureurl"], url.as_str());

    // Another user's picture needs moodle/user:editprofile; bad parameters are refused.
    let bobs = s.token_for(bob, "moodle_mobile_app").await;
    let (status, refused) =
        s.call(&bobs, "core_user_update_picture", json!({"draftitemid": 0, "delete": true, "userid": ann})).await;
    assert_eq!((status, refused["errorcode"].as_str()), (403, Some("nopermissions")), "{refused}");
    let (status, bad) = s.call(&token, "core_user_update_picture", json!({"draftitemid": "x"})).await;
    assert_eq!(status, 400, "{bad}");
    let (status, missing) =
        s.call(&s.admin_token, "core_user_update_picture", json!({"draftitemid": 0, "userid": 999_999})).await;
    assert_eq!((status, missing["errorcode"].as_str()), (404, Some("invalidrecord")), "{missing}");

    // The admin deletes it: the default picture again, and the old link leads there.
    let (_, deleted) = s
        .call(&s.admin_token, "core_user_update_picture", json!({"draftitemid": 0, "delete": true, "userid": ann}))
        .await;
    assert_eq!(deleted["success"], true, "{deleted}");
    assert!(deleted["profileimageurl"].as_str().unwrap().contains("/theme/image.php/"), "{deleted}");
    let old = s.http.get(&url).send().await.unwrap();
    assert_eq!(old.status(), 200);
    assert!(old.url().path().contains("/theme/image.php/"), "{}", old.url());

    // Sites may turn pictures off.
    s.set_config("disableuserimages", "1").await;
    let (status, off) = s.call(&token, "core_user_update_picture", json!({"draftitemid": draft})).await;
    assert_eq!((status, off["errorcode"].as_str()), (403, Some("userimagesdisabled")), "{off}");
}

/// Course images are files as Moodle links them: `pluginfile.php/<course context>/course/generated/course.svg`,
/// served (HEAD and GET) to the app through `tokenpluginfile.php` and without a session.
#[tokio::test]
async fn course_images_are_served_as_files() {
    let s = TestServer::start().await;
    let ann = s.create_user("ann").await;
    let course = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "One", "shortname": "C1", "categoryid": 1}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    s.admin("enrol_manual_enrol_users", json!({"enrolments": [{"userid": ann, "courseid": course, "roleid": 5}]}))
        .await;
    let token = s.token_for(ann, "moodle_mobile_app").await;
    let (_, mine) = s.call(&token, "core_enrol_get_users_courses", json!({"userid": ann})).await;
    let image = mine[0]["courseimage"].as_str().unwrap().to_string();
    assert!(image.ends_with("/course/generated/course.svg") && image.contains("/pluginfile.php/"), "{image}");
    let (_, by_field) =
        s.call(&token, "core_course_get_courses_by_field", json!({"field": "id", "value": course.to_string()})).await;
    assert_eq!(by_field["courses"][0]["courseimage"], image.as_str(), "{by_field}");
    assert_eq!(by_field["courses"][0]["filters"], json!([]));
    assert!(by_field["courses"][0].get("idnumber").is_none(), "only managers see the idnumber: {by_field}");

    let key = s.call(&token, "core_webservice_get_site_info", json!({})).await.1["userprivateaccesskey"]
        .as_str()
        .unwrap()
        .to_string();
    let path = image.split("/pluginfile.php/").nth(1).unwrap();
    for url in [image.clone(), format!("{}/tokenpluginfile.php/{key}/{path}?offline=1&lang=en", s.base)] {
        let head = s.http.head(&url).send().await.unwrap();
        assert_eq!(head.status(), 200, "{url}");
        assert_eq!(head.headers()["content-type"], "image/svg+xml");
        let body = s.http.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(body.contains("<svg"), "{body}");
    }
    // Not a course context, not that name, another area: not found.
    let ctx: i64 = path.split('/').next().unwrap().parse().unwrap();
    for bad in [
        format!("{}/course/generated/other.svg", ctx),
        "1/course/generated/course.svg".to_string(),
        format!("{ctx}/course/overviewfiles/0/a.png"),
    ] {
        let res = s.http.get(format!("{}/pluginfile.php/{bad}", s.base)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{bad}");
    }
}

/// `core_user_update_users` takes every field Moodle describes: names, interests, calendar type,
/// preferences, and `userpicture` (a draft area of the caller's, or 0 to delete the picture);
/// a bad calendar type or picture is a warning for that user. `core_enrol_get_enrolled_users`
/// gives the caller their own preferences and nobody else's.
#[tokio::test]
async fn update_users_takes_every_described_field_and_a_picture() {
    let s = TestServer::start().await;
    let ann = s.create_user("ann").await;
    let (_, up) = s.upload(&s.admin_token, None, &[("ann.png", &png(64, 64))]).await;
    let draft = up[0]["itemid"].as_i64().unwrap();
    let change = json!({"users": [{"id": ann, "middlename": "Q", "alternatename": "Annie", "firstnamephonetic": "An",
        "lastnamephonetic": "Ly", "interests": "birds, maps", "calendartype": "gregorian", "userpicture": draft,
        "preferences": [{"type": "message_blocknoncontacts", "value": "1"}], "customfields": []}]});
    assert_eq!(s.admin("core_user_update_users", change).await, json!({"warnings": []}));
    let found = s.admin("core_user_get_users_by_field", json!({"field": "id", "values": [ann.to_string()]})).await;
    assert_eq!(found[0]["interests"], "birds, maps");
    assert!(found[0]["profileimageurl"].as_str().unwrap().contains("/user/icon/boost/f1?rev="), "{found}");
    let token = s.token_for(ann, "moodle_mobile_app").await;
    let (_, prefs) =
        s.call(&token, "core_user_get_user_preferences", json!({"name": "message_blocknoncontacts"})).await;
    assert_eq!(prefs["preferences"][0]["value"], "1", "{prefs}");

    let bad =
        json!({"users": [{"id": ann, "calendartype": "mayan"}, {"id": ann, "userpicture": 424242, "city": "Oslo"}]});
    let warnings = s.admin("core_user_update_users", bad).await["warnings"].clone();
    assert_eq!(warnings[0]["message"], "Invalid calendar type: mayan");
    assert_eq!(warnings[1]["warningcode"], "invalidimage", "{warnings}");
    let found = s.admin("core_user_get_users_by_field", json!({"field": "id", "values": [ann.to_string()]})).await;
    assert_eq!(found[0]["city"], "Oslo", "the other changes are saved");
    assert!(found[0]["profileimageurl"].as_str().unwrap().contains("/user/icon/"), "the picture is kept");
    s.admin("core_user_update_users", json!({"users": [{"id": ann, "userpicture": 0}]})).await;
    let found = s.admin("core_user_get_users_by_field", json!({"field": "id", "values": [ann.to_string()]})).await;
    assert!(found[0]["profileimageurl"].as_str().unwrap().contains("/theme/image.php/"), "{found}");

    // Only the caller's own entry carries preferences.
    let course = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "One", "shortname": "C1", "categoryid": 1}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    let bob = s.create_user("bob").await;
    s.admin(
        "enrol_manual_enrol_users",
        json!({"enrolments": [{"userid": ann, "courseid": course, "roleid": 3},
        {"userid": bob, "courseid": course, "roleid": 5}]}),
    )
    .await;
    let (_, listed) = s.call(&token, "core_enrol_get_enrolled_users", json!({"courseid": course})).await;
    let entry = |id: i64| listed.as_array().unwrap().iter().find(|u| u["id"] == id).unwrap().clone();
    assert_eq!(entry(ann)["preferences"][0]["name"], "message_blocknoncontacts", "{listed}");
    assert!(entry(bob).get("preferences").is_none(), "{listed}");
}
