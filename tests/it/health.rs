//! `/healthz` and `/readyz` over HTTP, including a database that lacks a migration.
use crate::common;

use common::{SendJson, TestServer};
use sea_orm::ConnectionTrait;

#[tokio::test]
async fn health_and_readiness() {
    let s = TestServer::start().await;
    let health = s.http.get(format!("{}/healthz", s.base)).send_json().await;
    assert_eq!(health["status"], "ok");
    let ready = s.http.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<serde_json::Value>().await.unwrap()["status"], "ready");

    // Forget the newest migration: the node must say it is not ready to serve.
    let newest = "SELECT version FROM seaql_migrations ORDER BY version DESC";
    let row = s.state.db.query_one_raw(sea_orm::Statement::from_string(s.state.db.get_database_backend(), newest));
    let version: String = row.await.unwrap().unwrap().try_get("", "version").unwrap();
    s.state.db.execute_unprepared(&format!("DELETE FROM seaql_migrations WHERE version = '{version}'")).await.unwrap();
    let res = s.http.get(format!("{}/readyz", s.base)).send().await.unwrap();
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert!(body["reason"].as_str().unwrap().contains("1 migration(s) not applied"), "{body}");
    s.stop().await;
}
