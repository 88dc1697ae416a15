//! Browser sessions and `lib/ajax/service.php`.
use crate::common;

use common::{Browser, PASSWORD, SendJson, TestServer};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};

use lmsgate_entities::sessions;

async fn ajax(s: &TestServer, b: &Browser, query: &str, calls: Value) -> Value {
    s.http
        .post(format!("{}/lib/ajax/service.php?{query}", s.base))
        .header("cookie", &b.cookie)
        .json(&calls)
        .send_json()
        .await
}

fn call(i: usize, name: &str, args: Value) -> Value {
    json!({"index": i, "methodname": name, "args": args})
}

#[tokio::test]
async fn batches_sessions_and_errors() {
    let s = TestServer::start().await;
    let ann = s.create_user("ann").await;
    let b = s.browser_login("admin", &s.admin_password).await;
    let q = format!("sesskey={}&info=test", b.sesskey);

    let res = ajax(
        &s,
        &b,
        &q,
        json!([
            call(0, "core_user_get_users_by_field", json!({"field": "id", "values": [ann.to_string()]})),
            call(1, "core_user_update_users", json!({"users": [{"id": ann, "city": "Oslo"}]})),
        ]),
    )
    .await;
    assert_eq!(res[0]["error"], false, "{res}");
    assert_eq!(res[0]["data"][0]["username"], "ann");
    assert_eq!(res[1]["data"], json!({"warnings": []}));

    // A function not declared ajax is refused, and the batch stops at the first error.
    let res = ajax(
        &s,
        &b,
        &q,
        json!([
            call(0, "core_user_create_users", json!({"users": []})),
            call(1, "core_user_get_users_by_field", json!({"field": "id", "values": ["2"]})),
        ]),
    )
    .await;
    assert_eq!(res.as_array().unwrap().len(), 1, "{res}");
    assert_eq!(res[0]["exception"]["errorcode"], "servicenotavailable");

    // Parameter errors come back per call.
    let res =
        ajax(&s, &b, &q, json!([call(0, "core_user_get_users_by_field", json!({"field": "shoe", "values": []}))]))
            .await;
    assert_eq!(res[0]["error"], true);
    assert_eq!(res[0]["exception"]["errorcode"], "invalidparameter");

    // Whole-request failures: unknown method, bad JSON.
    let res = ajax(&s, &b, &q, json!([call(0, "no_such_function", json!({}))])).await;
    assert_eq!(res["errorcode"], "invalidrecord");
    let res: Value = s
        .http
        .post(format!("{}/lib/ajax/service.php?{q}", s.base))
        .header("cookie", &b.cookie)
        .body("[{")
        .send_json()
        .await;
    assert_eq!(res["errorcode"], "codingerror");

    // Wrong sesskey; no cookie.
    let res = ajax(
        &s,
        &b,
        "sesskey=wrong",
        json!([call(0, "core_user_get_users_by_field", json!({"field": "id", "values": ["2"]}))]),
    )
    .await;
    assert_eq!(res[0]["exception"]["errorcode"], "invalidsesskey");
    let anonymous = Browser { cookie: "MoodleSession=nope".into(), sesskey: String::new() };
    let res = ajax(
        &s,
        &anonymous,
        &q,
        json!([call(0, "core_user_get_users_by_field", json!({"field": "id", "values": ["2"]}))]),
    )
    .await;
    assert_eq!(res[0]["exception"]["errorcode"], "servicerequireslogin");

    // A plain user's session has only their own rights.
    let plain = s.browser_login("ann", PASSWORD).await;
    let res = ajax(
        &s,
        &plain,
        &format!("sesskey={}", plain.sesskey),
        json!([call(0, "core_user_update_users", json!({"users": [{"id": 2, "city": "x"}]}))]),
    )
    .await;
    assert_eq!(res[0]["exception"]["errorcode"], "nopermissions");

    // Expiry and logout.
    let row =
        sessions::Entity::find().filter(sessions::Column::Userid.eq(ann)).one(&s.state.db).await.unwrap().unwrap();
    let mut old = row.into_active_model();
    old.timemodified = Set(lmsgate_entities::now() - 9 * 3600);
    old.update(&s.state.db).await.unwrap();
    let res = ajax(
        &s,
        &plain,
        &format!("sesskey={}", plain.sesskey),
        json!([call(0, "core_user_get_users_by_field", json!({"field": "id", "values": ["2"]}))]),
    )
    .await;
    assert_eq!(res[0]["exception"]["errorcode"], "servicerequireslogin");
    s.http
        .get(format!("{}/login/logout.php?sesskey={}", s.base, b.sesskey))
        .header("cookie", &b.cookie)
        .send()
        .await
        .unwrap();
    let res =
        ajax(&s, &b, &q, json!([call(0, "core_user_get_users_by_field", json!({"field": "id", "values": ["2"]}))]))
            .await;
    assert_eq!(res[0]["exception"]["errorcode"], "servicerequireslogin");
    s.stop().await;
}

#[tokio::test]
async fn atomic_batches_are_all_or_nothing() {
    let s = TestServer::start().await;
    let ann = s.create_user("ann").await;
    let b = s.browser_login("admin", &s.admin_password).await;
    let batch = json!([
        call(0, "core_user_update_users", json!({"users": [{"id": ann, "city": "Oslo"}]})),
        call(1, "core_user_get_users_by_field", json!({"field": "shoe", "values": []})),
    ]);
    let city = |s: &TestServer| {
        let db = s.state.db.clone();
        async move { lmsgate_entities::user::Entity::find_by_id(ann).one(&db).await.unwrap().unwrap().city }
    };
    let res = ajax(&s, &b, &format!("sesskey={}&atomic=1", b.sesskey), batch.clone()).await;
    assert_eq!(res[0]["exception"]["errorcode"], "atomicrolledback", "{res}");
    assert_eq!(res[1]["exception"]["errorcode"], "invalidparameter");
    assert_eq!(city(&s).await, "", "nothing saved");
    // Without atomic, the first call's change stays, as in Moodle.
    let res = ajax(&s, &b, &format!("sesskey={}", b.sesskey), batch).await;
    assert_eq!(res[0]["error"], false);
    assert_eq!(city(&s).await, "Oslo");
    s.stop().await;
}

#[tokio::test]
async fn nologin_endpoint_answers_every_call() {
    let s = TestServer::start().await;
    let calls = json!([
        call(0, "core_user_get_users_by_field", json!({"field": "id", "values": ["2"]})),
        call(1, "core_user_create_users", json!({"users": []})),
    ]);
    let url = format!("{}/lib/ajax/service-nologin.php", s.base);
    let res = s.http.post(&url).json(&calls).send().await.unwrap();
    assert!(res.headers().get("cache-control").is_none(), "no cache headers on errors");
    let body: Value = res.json().await.unwrap();
    // Without a session an error does not stop the batch.
    assert_eq!(body.as_array().unwrap().len(), 2, "{body}");
    assert_eq!(body[0]["exception"]["errorcode"], "servicerequireslogin");
    assert_eq!(body[1]["exception"]["errorcode"], "servicenotavailable");
    // Language strings need no login: Moodle's, filled, or [[id]] for one lmsgate lacks.
    let strings = json!([call(
        0,
        "core_get_strings",
        json!({"strings": [
        {"stringid": "fullnamedisplay", "stringparams": [{"name": "firstname", "value": "Ada"}, {"name": "lastname", "value": "Lovelace"}]},
        {"stringid": "forum:addinstance", "component": "mod_forum", "lang": "de"},
        {"stringid": "nosuch"}]})
    )]);
    let body: Value = s.http.post(&url).json(&strings).send_json().await;
    let texts: Vec<(&str, &str)> = body[0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["string"].as_str().unwrap(), x["lang"].as_str().unwrap()))
        .collect();
    assert_eq!(texts, [("Ada Lovelace", "en"), ("Add a new forum", "de"), ("[[nosuch]]", "en")], "{body}");
    // The calls may come in the `args` query parameter too.
    let body: Value =
        s.http.get(&url).query(&[("args", calls.to_string()), ("cachekey", "1".into())]).send_json().await;
    assert_eq!(body.as_array().unwrap().len(), 2);
    s.stop().await;
}

/// `service.php` without a session runs what needs no login (a client may sign in with the
/// public config fetched there) and stops at the first function that needs one; with a session,
/// a function that needs no login runs even without the sesskey, one that needs it does not.
#[tokio::test]
async fn service_runs_functions_that_need_no_login_without_a_session() {
    let s = TestServer::start().await;
    let url = format!("{}/lib/ajax/service.php", s.base);
    let calls = json!([
        call(0, "tool_mobile_get_public_config", json!({})),
        call(1, "core_user_get_users_by_field", json!({"field": "id", "values": ["2"]})),
        call(2, "tool_mobile_get_public_config", json!({})),
    ]);
    let body: Value = s.http.post(&url).json(&calls).send_json().await;
    assert_eq!(body[0]["error"], false, "{body}");
    assert!(body[0]["data"]["wwwroot"].is_string(), "{body}");
    assert_eq!(body[1]["exception"]["errorcode"], "servicerequireslogin", "{body}");
    assert_eq!(body.as_array().unwrap().len(), 2, "stops at the first error: {body}");

    let b = s.browser_login("admin", &s.admin_password).await;
    let wrong = format!("{url}?sesskey=wrong");
    let body: Value = s.http.post(&wrong).header("cookie", &b.cookie).json(&calls).send_json().await;
    assert_eq!(body[0]["error"], false, "{body}");
    assert_eq!(body[1]["exception"]["errorcode"], "invalidsesskey", "{body}");
    s.stop().await;
}

/// A browser session tells how long it has left and is kept alive by a touch; a web service
/// token has no session (user 0, the whole timeout, as Moodle answers).
#[tokio::test]
async fn a_session_tells_its_time_left_and_is_kept_alive() {
    let s = TestServer::start().await;
    let b = s.browser_login("admin", &s.admin_password).await;
    let left = s.ajax_call(&b, "core_session_time_remaining", &json!({})).await;
    assert_eq!(left[0]["data"]["userid"], 2, "{left}");
    let remaining = left[0]["data"]["timeremaining"].as_i64().unwrap();
    assert!(remaining > 8 * 3600 - 60 && remaining <= 8 * 3600, "{left}");
    // An hour-old session has an hour less; a touch gives it back.
    sessions::Entity::update_many()
        .col_expr(sessions::Column::Timemodified, sea_orm::sea_query::Expr::value(lmsgate_entities::now() - 3600))
        .exec(&s.state.db)
        .await
        .unwrap();
    let left = s.ajax_call(&b, "core_session_time_remaining", &json!({})).await;
    assert!(left[0]["data"]["timeremaining"].as_i64().unwrap() <= 7 * 3600, "{left}");
    let touched = s.ajax_call(&b, "core_session_touch", &json!({})).await;
    assert_eq!(touched[0]["data"], true, "{touched}");
    let left = s.ajax_call(&b, "core_session_time_remaining", &json!({})).await;
    assert!(left[0]["data"]["timeremaining"].as_i64().unwrap() > 8 * 3600 - 60, "{left}");
    let by_token = s.admin("core_session_time_remaining", json!({})).await;
    assert_eq!(by_token, json!({"userid": 0, "timeremaining": 8 * 3600}));
    // Notifications: none pending, for a context that exists.
    let none = s.ajax_call(&b, "core_fetch_notifications", &json!({"contextid": 1})).await;
    assert_eq!(none[0]["data"], json!([]), "{none}");
    let bad = s.ajax_call(&b, "core_fetch_notifications", &json!({"contextid": 999999})).await;
    assert_eq!(bad[0]["exception"]["errorcode"], "invalidrecord", "{bad}");
    s.stop().await;
}

/// Moodle's PARAM_BOOL takes 1 and 0: a JSON number for a boolean argument is a boolean on the
/// Moodle-compatible endpoints (a 2 is still refused).
#[tokio::test]
async fn booleans_may_be_sent_as_one_and_zero() {
    let s = TestServer::start().await;
    let ann = s.create_user("ann").await;
    let b = s.browser_login("admin", &s.admin_password).await;
    let suspend = |v: Value| json!({"users": [{"id": ann, "suspended": v}]});
    let res = s.ajax_call(&b, "core_user_update_users", &suspend(json!(1))).await;
    assert_eq!(res[0]["error"], false, "{res}");
    let found = s.admin("core_user_get_users_by_field", json!({"field": "id", "values": [ann.to_string()]})).await;
    assert_eq!(found[0]["suspended"], true);
    let res = s.ajax_call(&b, "core_user_update_users", &suspend(json!(2))).await;
    assert_eq!(res[0]["error"], true, "{res}");
    assert_eq!(res[0]["exception"]["errorcode"], "invalidparameter", "{res}");
}

/// `/login/index.php` as Moodle's: `GET` gives a login token (a form for a browser), and a `POST`
/// without the token its cookie carries is refused as a wrong password is, so another site cannot
/// log a visitor in (login CSRF). A browser's successful login is Moodle's 303.
#[tokio::test]
async fn login_needs_the_login_token_and_redirects_a_browser() {
    let s = TestServer::start().await;
    let url = format!("{}/login/index.php", s.base);
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let post = |cookie: Option<String>, token: Option<String>, password: &str, html: bool| {
        let password = password.to_string();
        let (http, url) = (http.clone(), url.clone());
        async move {
            let mut form = vec![("username", "admin".to_string()), ("password", password)];
            form.extend(token.map(|t| ("logintoken", t)));
            let mut req = http.post(url).form(&form);
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            if html {
                req = req.header("accept", "text/html,application/xhtml+xml");
            }
            req.send().await.unwrap()
        }
    };
    let admin_password = s.admin_password.as_str();
    let is_session = |res: &reqwest::Response| {
        res.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("MoodleSession="))
    };

    // Without the token, with a token but not its cookie, and with another login's token: refused.
    let (token, cookie) = s.login_token().await;
    let (other_token, _) = s.login_token().await;
    for (cookie, token) in [(None, None), (None, Some(token.clone())), (Some(cookie.clone()), Some(other_token))] {
        let res = post(cookie, token, admin_password, false).await;
        assert!(!is_session(&res));
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errorcode"], "invalidlogin", "{body}");
    }
    // With it: a session.
    let res = post(Some(cookie), Some(token), admin_password, false).await;
    assert!(is_session(&res));
    assert!(res.json::<Value>().await.unwrap()["sesskey"].is_string());

    // A browser gets the form, with the token in it and in an HttpOnly cookie.
    let page = http.get(&url).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let set = page.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set.starts_with("MoodleLoginToken=") && set.contains("HttpOnly"), "{set}");
    let cookie = set.split(';').next().unwrap().to_string();
    let token = cookie.trim_start_matches("MoodleLoginToken=").to_string();
    assert!(page.text().await.unwrap().contains(&format!("name=\"logintoken\" value=\"{token}\"")));
    // A wrong password shows the form again with Moodle's message; the right one redirects.
    let wrong = post(Some(cookie.clone()), Some(token.clone()), "Wrong-pass1", true).await;
    assert_eq!(wrong.status(), 200);
    assert!(wrong.text().await.unwrap().contains("Invalid login, please try again"));
    let ok = post(Some(cookie), Some(token), admin_password, true).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], format!("{}/", s.base).as_str());
    assert!(is_session(&ok));
}
