//! Every Caller check of MOODLE-SPEC §4, one test each, with the exact error code.
use crate::common;

use common::{TestServer, new_token};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};

use lmsgate_api::framework::tokens;
use lmsgate_entities::{external_services, external_tokens, now, role_capabilities};

const SITE_INFO: &str = "core_webservice_get_site_info";

async fn expect(s: &TestServer, token: &str, status: u16, errorcode: &str) -> Value {
    let (got, body) = s.call(token, SITE_INFO, json!({})).await;
    assert_eq!((got, body["errorcode"].as_str().unwrap_or("")), (status, errorcode), "{body}");
    body
}

async fn user_token(s: &TestServer, name: &str) -> (i64, String) {
    let id = s.create_user(name).await;
    (id, s.token_for(id, "moodle_mobile_app").await)
}

#[tokio::test]
async fn unknown_token_is_invalidtoken() {
    let s = TestServer::start().await;
    expect(&s, "0123456789abcdef0123456789abcdef", 401, "invalidtoken").await;
    s.stop().await;
}

#[tokio::test]
async fn expired_token_is_refused_and_deleted() {
    let s = TestServer::start().await;
    let id = s.create_user("alice").await;
    let svc = s.service_id("moodle_mobile_app").await;
    let issued = tokens::create(&s.state.db, tokens::NewToken { validuntil: Some(now() - 10), ..new_token(id, svc) })
        .await
        .unwrap();
    let body = expect(&s, &issued.token, 403, "accessexception").await;
    assert!(body["debuginfo"].as_str().unwrap().contains("token expired"));
    assert!(external_tokens::Entity::find_by_id(issued.id).one(&s.state.db).await.unwrap().is_none());
    expect(&s, &issued.token, 401, "invalidtoken").await;
    s.stop().await;
}

#[tokio::test]
async fn token_ip_restriction() {
    let s = TestServer::start().await;
    let id = s.create_user("alice").await;
    let svc = s.service_id("moodle_mobile_app").await;
    let far = tokens::create(
        &s.state.db,
        tokens::NewToken { iprestriction: Some("10.0.0.0/8".into()), ..new_token(id, svc) },
    )
    .await
    .unwrap();
    let body = expect(&s, &far.token, 403, "accessexception").await;
    assert!(body["debuginfo"].as_str().unwrap().contains("IP:127.0.0.1 is not supported"));
    let near =
        tokens::create(&s.state.db, tokens::NewToken { iprestriction: Some("127.0.0.1".into()), ..new_token(id, svc) })
            .await
            .unwrap();
    expect(&s, &near.token, 200, "").await;
    s.stop().await;
}

#[tokio::test]
async fn user_state_checks() {
    let s = TestServer::start().await;
    type Change = fn(&mut lmsgate_entities::user::ActiveModel);
    let cases: [(&str, Change); 4] = [
        ("wsaccessuserdeleted", |u| u.deleted = Set(1)),
        ("wsaccessuserunconfirmed", |u| u.confirmed = Set(0)),
        ("wsaccessusersuspended", |u| u.suspended = Set(1)),
        ("wsaccessusernologin", |u| u.auth = Set("nologin".into())),
    ];
    for (i, (code, change)) in cases.into_iter().enumerate() {
        let (id, token) = user_token(&s, &format!("user{i}")).await;
        expect(&s, &token, 200, "").await;
        s.edit_user(id, change).await;
        let body = expect(&s, &token, 403, code).await;
        assert!(body["message"].as_str().unwrap().ends_with(&format!("username: user{i}")), "{body}");
    }
    s.stop().await;
}

#[tokio::test]
async fn maintenance_mode() {
    let s = TestServer::start().await;
    let (_, token) = user_token(&s, "alice").await;
    s.set_config("maintenance_enabled", "1").await;
    expect(&s, &token, 503, "sitemaintenance").await;
    // Site admins keep access.
    expect(&s, &s.admin_token, 200, "").await;
    s.stop().await;
}

#[tokio::test]
async fn protocol_capability_required() {
    let s = TestServer::start().await;
    let (_, token) = user_token(&s, "alice").await;
    role_capabilities::Entity::delete_many()
        .filter(role_capabilities::Column::Capability.eq("webservice/rest:use"))
        .exec(&s.state.db)
        .await
        .unwrap();
    s.state.invalidate_caches();
    let body = expect(&s, &token, 403, "accessexception").await;
    assert!(body["debuginfo"].as_str().unwrap().contains("webservice/rest:use"));
    s.stop().await;
}

async fn set_service(s: &TestServer, shortname: &str, f: impl FnOnce(&mut external_services::ActiveModel)) {
    let svc = external_services::Entity::find()
        .filter(external_services::Column::Shortname.eq(shortname))
        .one(&s.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut svc = svc.into_active_model();
    f(&mut svc);
    svc.update(&s.state.db).await.unwrap();
    s.state.invalidate_caches();
}

#[tokio::test]
async fn disabled_service() {
    let s = TestServer::start().await;
    let (_, token) = user_token(&s, "alice").await;
    set_service(&s, "moodle_mobile_app", |m| m.enabled = Set(0)).await;
    let body = expect(&s, &token, 403, "accessexception").await;
    assert!(body["debuginfo"].as_str().unwrap().contains("disabled"));
    s.stop().await;
}

#[tokio::test]
async fn function_not_in_service() {
    let s = TestServer::start().await;
    let (_, token) = user_token(&s, "alice").await;
    // core_user_create_users is not part of the mobile service.
    let (status, body) = s.call(&token, "core_user_create_users", json!({"users": []})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("accessexception")), "{body}");
    assert!(body["debuginfo"].as_str().unwrap().contains("not part of the service"));
    s.stop().await;
}

#[tokio::test]
async fn restricted_service_user_checks() {
    let s = TestServer::start().await;
    let id = s.create_user("alice").await;
    let all = s.service_id("all_functions").await;
    let token = tokens::create(&s.state.db, new_token(id, all)).await.unwrap().token;
    // Not authorised.
    let body = expect(&s, &token, 403, "accessexception").await;
    assert!(body["debuginfo"].as_str().unwrap().contains("not an authorised user"));
    // Authorisation expired.
    s.authorise(id, all, Some(now() - 5), None).await;
    let body = expect(&s, &token, 403, "accessexception").await;
    assert!(body["debuginfo"].as_str().unwrap().contains("expired"));
    // Authorisation valid in the future (Moodle inverts this check; we do not).
    s.authorise(id, all, Some(now() + 3600), None).await;
    expect(&s, &token, 200, "").await;
    // IP not allowed for this user.
    s.authorise(id, all, None, Some("192.0.2.1")).await;
    let body = expect(&s, &token, 403, "accessexception").await;
    assert!(body["debuginfo"].as_str().unwrap().contains("IP 127.0.0.1"));
    s.stop().await;
}

#[tokio::test]
async fn service_required_capability() {
    let s = TestServer::start().await;
    let (_, token) = user_token(&s, "alice").await;
    set_service(&s, "moodle_mobile_app", |m| m.requiredcapability = Set(Some("moodle/site:config".into()))).await;
    let body = expect(&s, &token, 403, "accessexception").await;
    assert!(body["debuginfo"].as_str().unwrap().contains("moodle/site:config"));
    s.stop().await;
}

#[tokio::test]
async fn web_services_disabled() {
    let s = TestServer::start().await;
    s.set_config("enablewebservices", "0").await;
    expect(&s, &s.admin_token, 403, "accessexception").await;
    s.stop().await;
}

#[tokio::test]
async fn missing_bearer_token() {
    let s = TestServer::start().await;
    let res = s.http.post(format!("{}/api/v1/{SITE_INFO}", s.base)).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errorcode"], "invalidtoken");
    s.stop().await;
}
