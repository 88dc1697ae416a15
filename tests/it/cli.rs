//! The admin CLI (the real binary) against a SQLite site, checked through a running server.
use std::process::Command;

use serde_json::{Value, json};

/// Runs the real binary on the site in `dir`.
fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lmsgate"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("LMSGATE_DATABASE_URL")
        .env("LMSGATE_LOG", "warn")
        .output()
        .expect("run lmsgate")
}

/// `user create` with these fields.
fn new_user<'a>(username: &'a str, password: &'a str, first: &'a str, last: &'a str, email: &'a str) -> [&'a str; 12] {
    [
        "user",
        "create",
        "--username",
        username,
        "--password",
        password,
        "--firstname",
        first,
        "--lastname",
        last,
        "--email",
        email,
    ]
}

/// A command that must succeed: its output.
fn lmsgate(dir: &std::path::Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(out.status.success(), "lmsgate {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A command that must fail: its error output.
fn lmsgate_fails(dir: &std::path::Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(!out.status.success(), "lmsgate {args:?} succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// Multi-threaded: the commands run as blocking child processes while this test's server keeps
// serving (on one thread, a server task holding SQLite's write lock would stall with the test,
// and the command would wait for it in vain).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_commands_make_a_working_service_and_token() {
    // The data folder itself is made by the command (owner-only, checked below).
    let dir = crate::common::fresh_dir("cli").join("site");
    lmsgate(&dir, &new_user("jane", "Pass-word1", "Jane", "Doe", "jane@example.org"));
    // `user create` runs core_user_create_users as the admin: its rules apply (the password
    // policy, duplicate usernames), and the audit log has the call.
    let refused = lmsgate_fails(&dir, &new_user("weak", "abc", "W", "K", "weak@example.org"));
    assert!(refused.contains("Passwords must be at least 8 characters long"), "{refused}");
    let again = lmsgate_fails(&dir, &new_user("jane", "Pass-word1", "J", "D", "jane2@example.org"));
    assert!(again.contains("Username already exists: jane"), "{again}");
    let log = lmsgate(&dir, &["log", "--function", "core_user_create_users"]);
    assert_eq!(log.lines().filter(|l| l.contains(" cli ")).count(), 3, "{log}");
    lmsgate(&dir, &["service", "create", "reports", "--name", "Reports", "--restricted"]);
    lmsgate(&dir, &["service", "add-function", "reports", "core_webservice_get_site_info"]);
    lmsgate(&dir, &["service", "authorise-user", "reports", "jane"]);
    let token = lmsgate(&dir, &["token", "create", "--username", "jane", "--service", "reports"]).trim().to_string();
    assert_eq!(token.len(), 32);
    let list = lmsgate(&dir, &["token", "list", "--username", "jane"]);
    let id = list.lines().nth(1).and_then(|l| l.split_whitespace().next()).expect("a token row").to_string();
    lmsgate(&dir, &["setting", "set", "lockoutthreshold", "5"]);
    assert_eq!(lmsgate(&dir, &["setting", "get", "lockoutthreshold"]).trim(), "5");

    let config = lmsgate::config::Config {
        database_url: Some(lmsgate::config::Secret::new(format!(
            "sqlite://{}?mode=rwc",
            dir.join("lmsgate.db").display()
        ))),
        bind: "127.0.0.1:0".into(),
        cache_ttl: 0,
        data_dir: dir.clone(),
        ..Default::default()
    };
    crate::common::install_plugins();
    let running = lmsgate::server::start(&config).await.unwrap();
    let http = reqwest::Client::new();
    let site_info = |token: String| {
        let http = http.clone();
        let url = format!("{}/api/v1/core_webservice_get_site_info", running.base_url);
        async move {
            let res = http.post(url).bearer_auth(token).json(&json!({})).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = site_info(token.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["username"], "jane");
    assert_eq!(body["functions"], json!([{"name": "core_webservice_get_site_info", "version": "2024100706.06"}]));

    lmsgate(&dir, &["service", "disable", "reports"]);
    let (status, body) = site_info(token.clone()).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("accessexception")));
    lmsgate(&dir, &["service", "enable", "reports"]);
    assert_eq!(site_info(token.clone()).await.0, 200);
    lmsgate(&dir, &["token", "revoke", &id]);
    assert_eq!(site_info(token).await.0, 401);

    // Five wrong passwords lock jane out; `user unlock` lets her in again.
    let login = |password: &'static str| {
        let http = http.clone();
        let url = format!("{}/login/token.php", running.base_url);
        async move {
            let form = [("username", "jane"), ("password", password), ("service", "moodle_mobile_app")];
            http.post(url).form(&form).send().await.unwrap().json::<Value>().await.unwrap()
        }
    };
    for _ in 0..5 {
        assert_eq!(login("wrong").await["errorcode"], "invalidlogin");
    }
    assert_eq!(login("Pass-word1").await["errorcode"], "invalidlogin");
    assert_eq!(lmsgate(&dir, &["user", "unlock", "jane"]).trim(), "unlocked jane");
    assert!(login("Pass-word1").await["token"].is_string());
    running.stop().await;

    // The database and its journal are the owner's only, like the file store.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: std::path::PathBuf| std::fs::metadata(&p).map(|m| m.permissions().mode() & 0o777).ok();
        assert_eq!(mode(dir.clone()), Some(0o700));
        assert_eq!(mode(dir.join("lmsgate.db")), Some(0o600));
        assert!(matches!(mode(dir.join("lmsgate.db-wal")), None | Some(0o600)));
        assert_eq!(mode(dir.join("filedir")), Some(0o700));
    }

    let spec: Value = serde_json::from_str(&lmsgate(&dir, &["openapi"])).unwrap();
    assert!(spec["paths"]["/core_user_create_users"]["post"].is_object());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `lmsgate demo` fills a site through the functions, and running it twice adds nothing: the
/// student signs in and finds the teacher's messages, a welcome, events and their course.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_fills_a_site_once_and_a_student_finds_it_all() {
    let dir = crate::common::fresh_dir("demo").join("site");
    let first = lmsgate(&dir, &["demo", "--password", "Demo-pass-1"]);
    assert!(first.contains("password of teacher1 and student1..student5: Demo-pass-1"), "{first}");
    let again = lmsgate(&dir, &["demo"]);
    assert!(again.contains("already existed"), "{again}");

    let config = lmsgate::config::Config {
        database_url: Some(lmsgate::config::Secret::new(format!(
            "sqlite://{}?mode=rwc",
            dir.join("lmsgate.db").display()
        ))),
        bind: "127.0.0.1:0".into(),
        cache_ttl: 0,
        data_dir: dir.clone(),
        ..Default::default()
    };
    crate::common::install_plugins();
    let running = lmsgate::server::start(&config).await.unwrap();
    let http = reqwest::Client::new();
    let form = [("username", "student1"), ("password", "Demo-pass-1"), ("service", "moodle_mobile_app")];
    let login: Value = http
        .post(format!("{}/login/token.php", running.base_url))
        .form(&form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().expect("student1 signs in").to_string();
    let call = |function: &str, args: Value| {
        let request = http.post(format!("{}/api/v1/{function}", running.base_url)).bearer_auth(&token).json(&args);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let info = call("core_webservice_get_site_info", json!({})).await;
    let me = info["userid"].as_i64().unwrap();
    let courses = call("core_enrol_get_users_courses", json!({"userid": me})).await;
    assert_eq!(courses.as_array().unwrap().len(), 1, "{courses}");
    assert_eq!(courses[0]["shortname"], "BIO101");
    let conversations = call("core_message_get_conversations", json!({"userid": me, "type": 1})).await;
    let list = conversations["conversations"].as_array().unwrap();
    assert_eq!(list.len(), 1, "one conversation, not two: {conversations}");
    assert_eq!(list[0]["members"][0]["fullname"], "Terri Teacher");
    let messages =
        call("core_message_get_conversation_messages", json!({"currentuserid": me, "convid": list[0]["id"]})).await;
    assert_eq!(messages["messages"].as_array().unwrap().len(), 3, "{messages}");
    let notifications = call("core_message_get_unread_notification_count", json!({"useridto": me})).await;
    assert_eq!(notifications, 1, "one welcome, not two");
    let upcoming = call("core_calendar_get_calendar_upcoming_view", json!({})).await;
    let mut names: Vec<&str> =
        upcoming["events"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Lab group A meeting",
            "Lab report 1 is due",
            "Lab report due",
            "Open day",
            "Quick check closes",
            "Study session"
        ],
        "{upcoming}"
    );
    let timeline = call("core_calendar_get_action_events_by_timesort", json!({"timesortfrom": 0})).await;
    assert_eq!(timeline["events"][0]["name"], "Lab report 1 is due", "the assignment is to do: {timeline}");
    let contents = call("core_course_get_contents", json!({"courseid": courses[0]["id"]})).await;
    let modnames: Vec<&str> = contents
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["modules"].as_array().unwrap())
        .map(|m| m["modname"].as_str().unwrap())
        .collect();
    assert_eq!(
        modnames,
        ["forum", "label", "page", "url", "forum", "resource", "folder", "assign", "quiz"],
        "the announcements, then the teacher's, once each: {contents}"
    );
    let sections: Vec<&str> = contents.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(sections, ["General", "Getting started", "Reading materials", "Lab work", "Assessment"]);
    assert!(contents[1]["summary"].as_str().unwrap().starts_with("<p>Start here"), "{contents}");
    let page = &contents[1]["modules"][0];
    let files: Vec<&str> =
        page["contents"].as_array().unwrap().iter().map(|f| f["filename"].as_str().unwrap()).collect();
    assert_eq!(files, ["index.html", "cell.png"], "the introduction shows an image: {page}");
    running.stop().await;
}
