//! Several stateless nodes on one database (PostgreSQL in CI; the SQLite file works the same way
//! on one machine): tokens, sessions and files made through one node serve through the other; a
//! token revoked or a user suspended through one node is refused by the other once its cache
//! time-to-live has passed.
use crate::common;

use std::time::{Duration, Instant};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use common::{Browser, SendJson, TestServer, test_config};
use lmsgate_api::framework::secrets::token_hash;
use lmsgate_entities::external_tokens;

const TTL: u64 = 2;

/// Calls site info through `node` until it answers `code`; fails after the TTL and a margin.
async fn refused_within_ttl(node: &TestServer, token: &str, code: &str) {
    let deadline = Instant::now() + Duration::from_secs(TTL + 10);
    loop {
        let (status, body) = node.call(token, "core_webservice_get_site_info", json!({})).await;
        if body["errorcode"] == code {
            return;
        }
        assert_eq!(status, 200, "{body}");
        assert!(Instant::now() < deadline, "still accepted long after the cache time-to-live");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn two_nodes_share_tokens_sessions_and_files() {
    let a = TestServer::start_with(lmsgate::config::Config { cache_ttl: TTL, ..test_config() }).await;
    let b = a.another_node().await;
    let user = a.create_user("shared").await;
    let token = a.token_for(user, "all_functions").await;
    let other = a.token_for(user, "all_functions").await;
    for node in [&a, &b] {
        let (status, body) = node.call(&token, "core_webservice_get_site_info", json!({})).await;
        assert_eq!(status, 200, "{body}");
    }

    // Revoked on node A (as `lmsgate token revoke` does there): A refuses it at once, B once
    // its cached copy expires.
    external_tokens::Entity::delete_many()
        .filter(external_tokens::Column::Token.eq(token_hash(&token)))
        .exec(&a.state.db)
        .await
        .unwrap();
    a.state.invalidate_caches();
    let (status, body) = a.call(&token, "core_webservice_get_site_info", json!({})).await;
    assert_eq!((status, body["errorcode"].as_str()), (401, Some("invalidtoken")));
    refused_within_ttl(&b, &token, "invalidtoken").await;

    // Suspended through node A's API: the same.
    b.call(&other, "core_webservice_get_site_info", json!({})).await;
    a.admin("core_user_update_users", json!({"users": [{"id": user, "suspended": true}]})).await;
    let (status, body) = a.call(&other, "core_webservice_get_site_info", json!({})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("wsaccessusersuspended")), "{body}");
    refused_within_ttl(&b, &other, "wsaccessusersuspended").await;

    // A browser session made on A works on B.
    let Browser { cookie, sesskey } = a.browser_login("admin", &a.admin_password).await;
    let calls = json!([{"index": 0, "methodname": "core_user_get_users_by_field", "args": {"field": "username", "values": ["shared"]}}]);
    let res = b
        .http
        .post(format!("{}/lib/ajax/service.php?sesskey={sesskey}", b.base))
        .header("cookie", &cookie)
        .json(&calls)
        .send_json()
        .await;
    assert_eq!(res[0]["error"], false, "{res}");
    assert_eq!(res[0]["data"][0]["id"], user);

    // A file uploaded through A downloads through B (one file store).
    let (_, uploaded) = a.upload(&a.admin_token, None, &[("notes.txt", b"shared bytes")]).await;
    let (contextid, itemid) = (uploaded[0]["contextid"].as_i64().unwrap(), uploaded[0]["itemid"].as_i64().unwrap());
    let url = format!(
        "{}/webservice/pluginfile.php/{contextid}/user/draft/{itemid}/notes.txt?token={}",
        b.base, a.admin_token
    );
    let res = b.http.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"shared bytes");
    b.stop().await;
    a.stop().await;
}

/// Site info's answer for `token` through `node`, once it satisfies `wanted`; fails when it
/// does not within the cache time-to-live and a margin.
async fn site_info_once(
    node: &TestServer,
    token: &str,
    wanted: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(TTL + 10);
    loop {
        let (status, body) = node.call(token, "core_webservice_get_site_info", json!({})).await;
        assert_eq!(status, 200, "{body}");
        if wanted(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "still answered {body} long after the cache time-to-live");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Site info's answer is made once per token and kept while the token's record, the site
/// settings and the role definitions it was made from stay cached: a change made through a node
/// shows there at once, and on another node once that node's caches expire.
#[tokio::test]
async fn kept_site_info_answers_follow_changes_on_every_node() {
    let a = TestServer::start_with(lmsgate::config::Config { cache_ttl: TTL, ..test_config() }).await;
    let b = a.another_node().await;
    let user = a.create_user("kept").await;
    let token = a.token_for(user, "all_functions").await;
    let first = site_info_once(&a, &token, |_| true).await;
    assert_eq!(site_info_once(&a, &token, |_| true).await, first);
    let metrics = a.http.get(format!("{}/metrics", a.base)).send().await.unwrap().text().await.unwrap();
    let kept = crate::operations::metric(&metrics, "lmsgate_cache_lookups_total{cache=\"answers\",result=\"hit\"}");
    assert!(kept.unwrap_or(0.0) >= 1.0, "the second answer was not the kept one: {metrics}");
    site_info_once(&b, &token, |_| true).await;

    // The user renamed through A's API.
    a.admin("core_user_update_users", json!({"users": [{"id": user, "firstname": "Renamed"}]})).await;
    let (_, now) = a.call(&token, "core_webservice_get_site_info", json!({})).await;
    assert_eq!(now["firstname"], "Renamed", "{now}");
    site_info_once(&b, &token, |info| info["firstname"] == "Renamed").await;

    // The site renamed in the database, as another node's administrator would.
    a.set_config("fullname", "Renamed site").await;
    let (_, now) = a.call(&token, "core_webservice_get_site_info", json!({})).await;
    assert_eq!(now["sitename"], "Renamed site", "{now}");
    let on_b = site_info_once(&b, &token, |info| info["sitename"] == "Renamed site").await;
    assert_eq!(on_b["firstname"], "Renamed");
    b.stop().await;
    a.stop().await;
}
