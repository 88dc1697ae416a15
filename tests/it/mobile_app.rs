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
    s.stop().await;
}
