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
    // The calls may come in the `args` query parameter too.
    let body: Value =
        s.http.get(&url).query(&[("args", calls.to_string()), ("cachekey", "1".into())]).send_json().await;
    assert_eq!(body.as_array().unwrap().len(), 2);
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
