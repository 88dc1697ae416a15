//! Secrets never reach the logs: the real binary at debug level serves logins, token calls on
//! every protocol, a browser session and file transfers; its whole log (stderr) is then searched
//! for the password, the tokens, the session cookie, the sesskey and the private file key.
use serde_json::{Value, json};

use crate::common;
use common::SendJson;
use common::process::{binary, serve};

const PASSWORD: &str = "Very-secret-pass1";
const ADMIN_TOKEN: &str = "f00dfeedf00dfeedf00dfeedf00dfeed";

#[tokio::test]
async fn no_secret_is_logged() {
    let dir = common::fresh_dir("logs");
    let mut cmd = binary();
    cmd.arg("--data-dir")
        .arg(&dir)
        .env("LMSGATE_LOG", "debug")
        .env("LMSGATE_ADMIN_PASSWORD", PASSWORD)
        .env("LMSGATE_ADMIN_TOKEN", ADMIN_TOKEN);
    // stdout holds the first-start banner (which prints the admin password by design); the log
    // is stderr.
    let mut server = serve(cmd);
    let base = server.base.clone();

    let http = reqwest::Client::new();
    let login = http
        .get(format!("{base}/login/token.php"))
        .query(&[("username", "admin"), ("password", PASSWORD), ("service", "all_functions")])
        .send_json()
        .await;
    let token = login["token"].as_str().expect("a token").to_string();
    let rest = format!("{base}/webservice/rest/server.php?moodlewsrestformat=json");
    http.post(&rest)
        .form(&[
            ("wstoken", token.as_str()),
            ("wsfunction", "core_user_create_users"),
            ("users[0][username]", "carol"),
            ("users[0][password]", PASSWORD),
            ("users[0][firstname]", "C"),
            ("users[0][lastname]", "L"),
            ("users[0][email]", "carol@example.org"),
        ])
        .send()
        .await
        .unwrap();
    http.get(format!("{rest}&wstoken={token}&wsfunction=core_webservice_get_site_info")).send().await.unwrap();
    let info = http
        .post(format!("{base}/api/v1/core_webservice_get_site_info"))
        .bearer_auth(ADMIN_TOKEN)
        .json(&json!({}))
        .send_json()
        .await;
    let key = info["userprivateaccesskey"].as_str().expect("a private access key").to_string();
    // A wrong password is logged as a failure, never echoed.
    http.get(format!("{base}/login/token.php?username=admin&password=Wrong-{PASSWORD}&service=all_functions"))
        .send()
        .await
        .unwrap();

    let login = http.get(format!("{base}/login/index.php")).send().await.unwrap();
    let token_cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let logintoken = login.json::<Value>().await.unwrap()["logintoken"].as_str().unwrap().to_string();
    let session = http
        .post(format!("{base}/login/index.php"))
        .header("Cookie", token_cookie)
        .form(&[("username", "admin"), ("password", PASSWORD), ("logintoken", &logintoken)])
        .send()
        .await
        .unwrap();
    let cookie = session.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let sesskey = session.json::<Value>().await.unwrap()["sesskey"].as_str().unwrap().to_string();
    http.post(format!("{base}/lib/ajax/service.php?sesskey={sesskey}&info=core_user_get_users_by_field"))
        .header("Cookie", &cookie)
        .json(&json!([{"index": 0, "methodname": "core_user_get_users_by_field", "args": {"field": "id", "values": ["2"]}}]))
        .send()
        .await
        .unwrap();

    let form = reqwest::multipart::Form::new()
        .text("token", token.clone())
        .part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.txt"));
    let up = http.post(format!("{base}/webservice/upload.php")).multipart(form).send_json().await;
    let (ctx, item) = (&up[0]["contextid"], &up[0]["itemid"]);
    http.get(format!("{base}/webservice/pluginfile.php/{ctx}/user/draft/{item}/a.txt?token={token}"))
        .send()
        .await
        .unwrap();
    http.get(format!("{base}/tokenpluginfile.php/{key}/{ctx}/user/draft/{item}/a.txt")).send().await.unwrap();

    server.signal("TERM");
    server.child.wait().unwrap();
    let log = server.log();
    assert!(log.contains("request"), "the log was captured: {log}");
    let session_id = cookie.split_once('=').unwrap().1;
    for (what, secret) in [
        ("password", PASSWORD),
        ("token", token.as_str()),
        ("admin token", ADMIN_TOKEN),
        ("session cookie", session_id),
        ("sesskey", sesskey.as_str()),
        ("private file key", key.as_str()),
    ] {
        assert!(!log.contains(secret), "the {what} appears in the log");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
