//! The typed API answers every failure with its JSON error body, including those poem answers
//! before an operation runs: no such function (404), a wrong method (405 with `Allow`), a body
//! that is not JSON (415) or not valid JSON (400).
use crate::common;

use common::TestServer;

#[tokio::test]
async fn framework_errors_use_the_error_schema() {
    let s = TestServer::start().await;
    let url = |f: &str| format!("{}/api/v1/{f}", s.base);
    let check = |res: reqwest::Response, status: u16, code: &'static str| async move {
        assert_eq!(res.status().as_u16(), status);
        let allow = res.headers().get("allow").map(|v| v.to_str().unwrap().to_string());
        let body: serde_json::Value = res.json().await.expect("a JSON error body");
        assert_eq!(body["errorcode"], code, "{body}");
        assert!(body["exception"].is_string() && body["message"].is_string(), "{body}");
        allow
    };
    let res = s
        .http
        .post(url("core_nothing_here"))
        .bearer_auth(&s.admin_token)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    check(res, 404, "invalidrecord").await;
    let res = s.http.get(url("core_webservice_get_site_info")).bearer_auth(&s.admin_token).send().await.unwrap();
    assert_eq!(check(res, 405, "invalidmethod").await.as_deref(), Some("POST"));
    let res = s
        .http
        .post(url("core_webservice_get_site_info"))
        .bearer_auth(&s.admin_token)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    check(res, 415, "invalidparameter").await;
    let res = s
        .http
        .post(url("core_webservice_get_site_info"))
        .bearer_auth(&s.admin_token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    check(res, 400, "invalidparameter").await;
    s.stop().await;
}
