//! `login/token.php`: success, every error code, lockout and its expiry, the token cap; the
//! same lockout on `simpleserver.php`, its lifting, and the admin exemption.
use crate::common;

use common::{PASSWORD, SendJson, TestServer, test_config};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

use lmsgate_entities::{external_tokens, user_preferences};

fn code(v: &Value) -> &str {
    v["errorcode"].as_str().unwrap_or("<none>")
}

#[tokio::test]
async fn login_success_gives_a_working_token() {
    let s = TestServer::start().await;
    s.create_user("alice").await;
    let res = s.login("alice", PASSWORD, "moodle_mobile_app").await;
    let token = res["token"].as_str().expect("token");
    assert_eq!(token.len(), 32);
    assert!(res["privatetoken"].is_null(), "no private token over plain HTTP");
    let (status, info) = s.call(token, "core_webservice_get_site_info", serde_json::json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(info["username"], "alice");
    // Upper case and spaces are cleaned like Moodle's PARAM_USERNAME.
    assert!(s.login(" Alice ", PASSWORD, "moodle_mobile_app").await["token"].is_string());
    s.stop().await;
}

#[tokio::test]
async fn login_error_codes() {
    let s = TestServer::start().await;
    let alice = s.create_user("alice").await;
    let http = &s.http;
    let missing: Value = http.get(format!("{}/login/token.php?username=alice&password=x", s.base)).send_json().await;
    assert_eq!(code(&missing), "missingparam");
    assert_eq!(missing["error"], "A required parameter (service) was missing");
    for key in ["stacktrace", "debuginfo", "reproductionlink"] {
        assert!(missing[key].is_null(), "{key} present and null");
    }
    assert_eq!(code(&s.login("alice", "wrong", "moodle_mobile_app").await), "invalidlogin");
    assert_eq!(code(&s.login("nobody", PASSWORD, "moodle_mobile_app").await), "invalidlogin");
    assert_eq!(code(&s.login("alice", PASSWORD, "nosuchservice").await), "servicenotavailable");
    // all_functions is restricted to authorised users.
    let res = s.login("alice", PASSWORD, "all_functions").await;
    assert_eq!(code(&res), "usernotallowed");
    // An unrestricted custom service: a plain user may not create tokens for it.
    lmsgate_entities::external_services::ActiveModel {
        id: sea_orm::ActiveValue::NotSet,
        name: sea_orm::Set("Custom".into()),
        enabled: sea_orm::Set(1),
        requiredcapability: sea_orm::Set(None),
        restrictedusers: sea_orm::Set(0),
        component: sea_orm::Set(None),
        timecreated: sea_orm::Set(0),
        timemodified: sea_orm::Set(None),
        shortname: sea_orm::Set(Some("custom".into())),
        downloadfiles: sea_orm::Set(0),
        uploadfiles: sea_orm::Set(0),
    }
    .insert(&s.state.db)
    .await
    .unwrap();
    assert_eq!(code(&s.login("alice", PASSWORD, "custom").await), "cannotcreatetoken");
    // Restricted with expiry and IP limits.
    let all = s.service_id("all_functions").await;
    s.authorise(alice, all, Some(1), None).await;
    assert_eq!(code(&s.login("alice", PASSWORD, "all_functions").await), "invalidtimedtoken");
    s.authorise(alice, all, None, Some("10.9.9.9")).await;
    assert_eq!(code(&s.login("alice", PASSWORD, "all_functions").await), "invalidiptoken");
    // Suspended and deleted users cannot log in.
    s.edit_user(alice, |u| u.suspended = sea_orm::Set(1)).await;
    assert_eq!(code(&s.login("alice", PASSWORD, "moodle_mobile_app").await), "invalidlogin");
    s.edit_user(alice, |u| {
        u.suspended = sea_orm::Set(0);
        u.confirmed = sea_orm::Set(0);
    })
    .await;
    assert_eq!(code(&s.login("alice", PASSWORD, "moodle_mobile_app").await), "usernotconfirmed");
    s.edit_user(alice, |u| u.deleted = sea_orm::Set(1)).await;
    assert_eq!(code(&s.login("alice", PASSWORD, "moodle_mobile_app").await), "invalidlogin");
    // Web services off.
    s.set_config("enablewebservices", "0").await;
    assert_eq!(code(&s.login("admin", &s.admin_password, "moodle_mobile_app").await), "enablewsdescription");
    s.stop().await;
}

#[tokio::test]
async fn lockout_after_threshold_and_its_expiry() {
    let s = TestServer::start().await;
    let alice = s.create_user("alice").await;
    s.set_config("lockoutthreshold", "3").await;
    for _ in 0..3 {
        assert_eq!(code(&s.login("alice", "wrong", "moodle_mobile_app").await), "invalidlogin");
    }
    // Locked: even the right password is refused.
    assert_eq!(code(&s.login("alice", PASSWORD, "moodle_mobile_app").await), "invalidlogin");
    // Let the lockout duration pass.
    let lock = user_preferences::Entity::find()
        .filter(user_preferences::Column::Userid.eq(alice))
        .filter(user_preferences::Column::Name.eq("login_lockout"))
        .one(&s.state.db)
        .await
        .unwrap()
        .expect("locked");
    let mut lock: user_preferences::ActiveModel = lock.into();
    lock.value = sea_orm::Set((lmsgate_entities::now() - 1801).to_string());
    sea_orm::ActiveModelTrait::update(lock, &s.state.db).await.unwrap();
    assert!(s.login("alice", PASSWORD, "moodle_mobile_app").await["token"].is_string());
    s.stop().await;
}

/// Every login keeps its token: a device's token is never revoked because other devices logged
/// in since (Moodle-compatible clients keep one token per installation). Login tokens end with
/// the site's `tokenduration`, and the expired ones are cleared at the next login.
#[tokio::test]
async fn login_tokens_are_never_revoked_by_later_logins_and_expire_with_tokenduration() {
    let s = TestServer::start().await;
    let alice = s.create_user("alice").await;
    let mut tokens = Vec::new();
    for _ in 0..12 {
        tokens.push(s.login("alice", PASSWORD, "moodle_mobile_app").await["token"].as_str().unwrap().to_string());
    }
    let rows = external_tokens::Entity::find()
        .filter(external_tokens::Column::Userid.eq(alice))
        .all(&s.state.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 12);
    let weeks12 = 12 * 7 * 24 * 3600;
    for row in &rows {
        let left = row.validuntil.unwrap() - lmsgate_entities::now();
        assert!((weeks12 - 60..=weeks12).contains(&left), "validuntil {left}s away");
    }
    let (status, _) = s.call(&tokens[0], "core_webservice_get_site_info", serde_json::json!({})).await;
    assert_eq!(status, 200, "the first device's token still works");

    // Once past its end a token is refused, and the next login clears it.
    let mut first: external_tokens::ActiveModel = rows[0].clone().into();
    first.validuntil = sea_orm::Set(Some(lmsgate_entities::now() - 1));
    sea_orm::ActiveModelTrait::update(first, &s.state.db).await.unwrap();
    s.state.invalidate_caches();
    let (status, body) = s.call(&tokens[0], "core_webservice_get_site_info", serde_json::json!({})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("accessexception")), "{body}");
    assert!(s.login("alice", PASSWORD, "moodle_mobile_app").await["token"].is_string());
    let live = external_tokens::Entity::find()
        .filter(external_tokens::Column::Userid.eq(alice))
        .count(&s.state.db)
        .await
        .unwrap();
    assert_eq!(live, 12);
    s.stop().await;
}

/// `simpleserver.php` checks passwords through the same lockout as `token.php`: guessing there
/// locks the account too, until the lockout is lifted. Admins can be exempt from lockouts.
#[tokio::test]
async fn simpleserver_counts_towards_the_lockout_and_admins_may_be_exempt() {
    let mut config = test_config();
    config.rate_limit.lockout_exempt_admins = true;
    let s = TestServer::start_with(config).await;
    let id = s.create_user("wsuser").await;
    s.edit_user(id, |u| u.auth = sea_orm::Set("webservice".into())).await;
    s.set_config("enablesimplewebservices", "1").await;
    s.set_config("lockoutthreshold", "3").await;
    let simple = |password: &'static str| {
        let http = s.http.clone();
        let url = format!("{}/webservice/rest/simpleserver.php", s.base);
        async move {
            let form = [
                ("wsfunction", "core_webservice_get_site_info"),
                ("moodlewsrestformat", "json"),
                ("wsusername", "wsuser"),
                ("wspassword", password),
            ];
            http.post(url).form(&form).send_json().await
        }
    };
    for _ in 0..3 {
        assert_eq!(code(&simple("wrong").await), "wrongusernamepassword");
    }
    // Locked: the right password is refused as well.
    assert_eq!(code(&simple(PASSWORD).await), "wrongusernamepassword");
    assert!(lmsgate_api::framework::login::unlock(&s.state.db, id).await.unwrap(), "the account was locked");
    assert_eq!(simple(PASSWORD).await["username"], "wsuser");

    // The admin is exempt: five wrong passwords do not keep the right one out.
    for _ in 0..5 {
        assert_eq!(code(&s.login("admin", "wrong", "all_functions").await), "invalidlogin");
    }
    assert!(s.login("admin", &s.admin_password, "all_functions").await["token"].is_string());
    s.stop().await;
}
