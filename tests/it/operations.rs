//! Operating lmsgate: request limits, rate limits, metrics, request ids and the audit log, each
//! over HTTP against a server configured for the test.
use crate::common;

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::{Browser, PASSWORD, SendJson, TestServer, test_config};

/// A typed call with a raw body, answered as it comes.
async fn post_raw(s: &TestServer, path: &str, token: &str, body: reqwest::Body) -> reqwest::Response {
    s.http
        .post(format!("{}{path}", s.base))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn bodies_over_the_limit_slow_requests_and_long_lists_are_refused() {
    let mut config = test_config();
    config.limits.max_body_bytes = 4096;
    config.limits.request_timeout = 1;
    config.limits.max_ajax_calls = 3;
    let s = TestServer::start_with(config).await;
    let big = format!("{{\"serviceshortnames\": [\"{}\"]}}", "a".repeat(5000));

    // Typed API: 413 with the JSON error body, whether the length is declared or streamed.
    let res = post_raw(&s, "/api/v1/core_webservice_get_site_info", &s.admin_token, big.clone().into()).await;
    assert_eq!(res.status(), 413);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errorcode"], "requesttoolarge", "{body}");
    let chunks: Vec<Result<String, std::io::Error>> =
        big.as_bytes().chunks(1000).map(|c| Ok(String::from_utf8(c.to_vec()).unwrap())).collect();
    let streamed = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let res = post_raw(&s, "/api/v1/core_webservice_get_site_info", &s.admin_token, streamed).await;
    assert_eq!(res.status(), 413);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "requesttoolarge");

    // Moodle REST: Moodle's exception, JSON or XML as asked.
    let rest = format!("{}/webservice/rest/server.php", s.base);
    let form =
        [("wstoken", s.admin_token.as_str()), ("wsfunction", "core_webservice_get_site_info"), ("x", big.as_str())];
    let res = s.http.post(format!("{rest}?moodlewsrestformat=json")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 413);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["exception"].as_str(), body["errorcode"].as_str()),
        (Some("core\\exception\\moodle_exception"), Some("requesttoolarge"))
    );
    let res = s.http.post(&rest).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 413);
    let xml = res.text().await.unwrap();
    assert!(
        xml.contains("<EXCEPTION class=\"core\\exception\\moodle_exception\">")
            && xml.contains("<ERRORCODE>requesttoolarge</ERRORCODE>"),
        "{xml}"
    );

    // Uploads have their own limit: a file larger than the body limit goes through.
    let (status, uploaded) = s.upload(&s.admin_token, None, &[("big.txt", &[b'x'; 10_000])]).await;
    assert_eq!(status, 200);
    assert_eq!(uploaded[0]["filesize"], 10_000, "{uploaded}");

    // A list over its declared maximum is an invalid parameter naming it.
    let names: Vec<&str> = vec!["a"; 101];
    let (status, body) =
        s.call(&s.admin_token, "core_webservice_get_site_info", json!({"serviceshortnames": names})).await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
    assert!(body["debuginfo"].as_str().unwrap().contains("serviceshortnames"), "{body}");
    let mut form = vec![("wstoken".to_string(), s.admin_token.clone())];
    form.push(("wsfunction".into(), "core_webservice_get_site_info".into()));
    form.extend((0..101).map(|i| (format!("serviceshortnames[{i}]"), "a".to_string())));
    let body = s.http.post(format!("{rest}?moodlewsrestformat=json")).form(&form).send_json().await;
    assert_eq!(body["errorcode"], "invalidparameter", "{body}");

    // An AJAX batch over the limit fails as a whole.
    let Browser { cookie, sesskey } = s.browser_login("admin", &s.admin_password).await;
    let call =
        json!({"index": 0, "methodname": "core_user_get_users_by_field", "args": {"field": "id", "values": ["2"]}});
    let batch = |n: usize| Value::Array(vec![call.clone(); n]);
    let ajax = format!("{}/lib/ajax/service.php?sesskey={sesskey}", s.base);
    let ok = s.http.post(&ajax).header("cookie", &cookie).json(&batch(3)).send_json().await;
    assert_eq!(ok.as_array().map(Vec::len), Some(3), "{ok}");
    let refused = s.http.post(&ajax).header("cookie", &cookie).json(&batch(4)).send_json().await;
    assert_eq!(refused["errorcode"], "codingerror", "{refused}");
    assert!(refused["error"].as_str().unwrap().contains("at most 3"), "{refused}");

    // A request whose body stalls is answered 408 once the timeout passes, in each API's shape.
    let bearer = format!("Authorization: Bearer {}\r\nContent-Type: application/json", s.admin_token);
    let answer = stalled(&s, "/api/v1/core_webservice_get_site_info", &bearer).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"errorcode\":\"requesttimeout\""), "{answer}");
    let form = "Content-Type: application/x-www-form-urlencoded";
    let answer = stalled(&s, "/webservice/rest/server.php?moodlewsrestformat=json", form).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("moodle_exception") && answer.contains("\"errorcode\":\"requesttimeout\""), "{answer}");
    s.stop().await;
}

/// Slow clients cannot hold the server: a header trickled a byte at a time is cut off after the
/// header read timeout, and one address gets only so many connections at once.
#[tokio::test]
async fn slow_headers_are_cut_off_and_connections_per_address_are_limited() {
    let mut config = test_config();
    config.limits.header_read_timeout = 1;
    config.limits.max_connections_per_address = 3;
    let s = TestServer::start_with(config).await;
    let addr = s.base.trim_start_matches("http://").to_string();

    // Slowloris: a header line, then one byte every 100 ms, never the blank line.
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let (mut reader, mut writer) = slow.into_split();
    let trickle = tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_millis(100));
        for _ in 0..300 {
            every.tick().await;
            if writer.write_all(b"X").await.is_err() {
                return true;
            }
        }
        false
    });
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(20), reader.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the server kept a trickling connection open");
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
    trickle.abort();

    // Three connections from one address are served; the fourth is refused at once.
    let mut open = Vec::new();
    for _ in 0..3 {
        let mut c = tokio::net::TcpStream::connect(&addr).await.unwrap();
        assert!(health(&mut c).await.starts_with("HTTP/1.1 200"));
        open.push(c);
    }
    let mut fourth = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let mut answer = String::new();
    let _ = fourth.read_to_string(&mut answer).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    // Once one closes, its slot is free again.
    drop(open.pop());
    let mut served = false;
    for _ in 0..200 {
        let mut c = tokio::net::TcpStream::connect(&addr).await.unwrap();
        if health(&mut c).await.starts_with("HTTP/1.1 200") {
            served = true;
            break;
        }
    }
    assert!(served, "a freed slot was not given back");
    drop(open);
    s.stop().await;
}

/// `GET /healthz` on a kept-alive connection: the status line and headers read so far ("" when
/// the server closed it).
async fn health(c: &mut tokio::net::TcpStream) -> String {
    if c.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.is_err() {
        return String::new();
    }
    let mut buf = vec![0; 1024];
    let n = tokio::time::timeout(Duration::from_secs(10), c.read(&mut buf)).await.expect("an answer").unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// Sends `POST target` with `headers` and one byte of a 100-byte body, then reads the answer.
async fn stalled(s: &TestServer, target: &str, headers: &str) -> String {
    let mut tcp = tokio::net::TcpStream::connect(s.base.trim_start_matches("http://")).await.unwrap();
    let head = format!("POST {target} HTTP/1.1\r\nHost: x\r\n{headers}\r\nContent-Length: 100\r\n\r\n{{");
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let n = tokio::time::timeout(Duration::from_secs(20), tcp.read(&mut answer)).await.expect("an answer").unwrap();
    String::from_utf8_lossy(&answer[..n]).into_owned()
}

/// `login/token.php` through a trusted proxy for the client at `ip`: (status, JSON answer).
async fn login_from(s: &TestServer, ip: &str, username: &str, password: &str) -> (u16, Value) {
    let res = s
        .http
        .post(format!("{}/login/token.php", s.base))
        .header("x-forwarded-for", ip)
        .form(&[("username", username), ("password", password), ("service", "all_functions")])
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn calls_are_rate_limited_per_token_and_logins_per_address() {
    let mut config = test_config();
    config.rate_limit.calls_per_minute = 60;
    config.rate_limit.calls_burst = 3;
    config.rate_limit.logins_per_minute = 60;
    config.rate_limit.logins_burst = 2;
    config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    let s = TestServer::start_with(config).await;
    let user = s.create_user("limited").await;
    let token = s.token_for(user, "all_functions").await;

    for _ in 0..3 {
        let (status, body) = s.call(&token, "core_webservice_get_site_info", json!({})).await;
        assert_eq!(status, 200, "{body}");
    }
    let res = post_raw(&s, "/api/v1/core_webservice_get_site_info", &token, "{}".into()).await;
    assert_eq!(res.status(), 429);
    let header = |name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    let retry_after: u64 = header("retry-after").expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(header("ratelimit-policy").as_deref(), Some("\"calls\";q=60;w=60"));
    assert_eq!(header("ratelimit"), Some(format!("\"calls\";r=0;t={retry_after}")));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errorcode"], "ratelimited", "{body}");

    // Moodle REST: the same limit, Moodle's exception shape.
    let res = s
        .http
        .post(format!("{}/webservice/rest/server.php?moodlewsrestformat=json", s.base))
        .form(&[("wstoken", token.as_str()), ("wsfunction", "core_webservice_get_site_info")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["exception"].as_str(), body["errorcode"].as_str()),
        (Some("core\\exception\\moodle_exception"), Some("ratelimited"))
    );

    // Another token is not affected.
    let (status, _) = s.call(&s.admin_token, "core_webservice_get_site_info", json!({})).await;
    assert_eq!(status, 200);

    // Logins: per client address (X-Forwarded-For from a trusted proxy), lockout per account.
    s.set_config("lockoutthreshold", "2").await;
    for _ in 0..2 {
        let (status, body) = login_from(&s, "198.51.100.7", "limited", "Wrong-pass1").await;
        assert_eq!((status, body["errorcode"].as_str()), (200, Some("invalidlogin")), "{body}");
    }
    // The account is now locked: the right password from another address is refused too.
    let (status, body) = login_from(&s, "198.51.100.8", "limited", PASSWORD).await;
    assert_eq!((status, body["errorcode"].as_str()), (200, Some("invalidlogin")), "{body}");
    // The first address has used its burst: throttled before any password is checked.
    let (status, body) = login_from(&s, "198.51.100.7", "limited", PASSWORD).await;
    assert_eq!((status, body["errorcode"].as_str()), (429, Some("ratelimited")), "{body}");
    assert!(body["error"].as_str().unwrap().starts_with("Too many login attempts"), "{body}");
    // Another user from a fresh address logs in.
    let (status, body) = login_from(&s, "198.51.100.9", "admin", &s.admin_password).await;
    assert_eq!(status, 200);
    assert!(body["token"].is_string(), "{body}");
    s.stop().await;
}

/// The value of the first metric line that starts with `series`.
pub(crate) fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines().find(|l| l.starts_with(series)).and_then(|l| l.rsplit(' ').next()).and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_count_calls_requests_caches_pool_and_login_failures() {
    let s = TestServer::start().await;
    for _ in 0..3 {
        s.admin("core_webservice_get_site_info", json!({})).await;
    }
    let (status, _) =
        s.call(&s.admin_token, "core_user_get_users_by_field", json!({"field": "shoe", "values": []})).await;
    assert_eq!(status, 400);
    let rest = format!(
        "{}/webservice/rest/server.php?moodlewsrestformat=json&wstoken={}&wsfunction=core_webservice_get_site_info",
        s.base, s.admin_token
    );
    s.http.get(&rest).send_json().await;
    s.login("admin", "Wrong-pass1", "all_functions").await;

    let res = s.http.get(format!("{}/metrics", s.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    let calls = |protocol: &str, function: &str, outcome: &str| {
        metric(
            &text,
            &format!(
                "lmsgate_function_calls_total{{function=\"{function}\",protocol=\"{protocol}\",outcome=\"{outcome}\"}}"
            ),
        )
    };
    assert_eq!(calls("typed", "core_webservice_get_site_info", "ok"), Some(3.0), "{text}");
    assert_eq!(calls("typed", "core_user_get_users_by_field", "invalidparameter"), Some(1.0), "{text}");
    assert_eq!(calls("rest", "core_webservice_get_site_info", "ok"), Some(1.0), "{text}");
    assert_eq!(
        metric(
            &text,
            "lmsgate_function_call_duration_seconds_count{function=\"core_webservice_get_site_info\",protocol=\"typed\"}"
        ),
        Some(3.0)
    );
    assert!(text.contains("lmsgate_function_call_duration_seconds_bucket{le=\"0.00025\",function=\"core_webservice_get_site_info\",protocol=\"typed\"}"), "{text}");
    assert_eq!(
        metric(&text, "lmsgate_http_requests_total{route=\"/api/v1\",method=\"POST\",status=\"200\"}"),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        metric(&text, "lmsgate_http_requests_total{route=\"/api/v1\",method=\"POST\",status=\"400\"}"),
        Some(1.0)
    );
    assert_eq!(metric(&text, "lmsgate_login_failures_total"), Some(1.0), "{text}");
    assert!(
        metric(&text, "lmsgate_cache_lookups_total{cache=\"tokens\",result=\"hit\"}").unwrap_or(0.0) >= 3.0,
        "{text}"
    );
    assert!(
        metric(&text, "lmsgate_cache_lookups_total{cache=\"tokens\",result=\"miss\"}").unwrap_or(0.0) >= 1.0,
        "{text}"
    );
    let pool = if s.state.db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite { 4.0 } else { 16.0 };
    assert_eq!(metric(&text, "lmsgate_db_pool_connections{name=\"max\"}"), Some(pool), "{text}");
    s.stop().await;

    let mut config = test_config();
    config.metrics.enabled = false;
    let s = TestServer::start_with(config).await;
    assert_eq!(s.http.get(format!("{}/metrics", s.base)).send().await.unwrap().status(), 404);
    s.stop().await;
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let s = TestServer::start().await;
    let res = s.http.get(format!("{}/healthz", s.base)).send().await.unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16, "{id}");
    let res = s.http.get(format!("{}/healthz", s.base)).header("x-request-id", "lb-42.a_b").send().await.unwrap();
    assert_eq!(res.headers()["x-request-id"], "lb-42.a_b");
    let res =
        s.http.get(format!("{}/healthz", s.base)).header("x-request-id", "no spaces <please>").send().await.unwrap();
    assert_ne!(res.headers()["x-request-id"], "no spaces <please>");
    s.stop().await;
}

#[tokio::test]
async fn every_call_is_audited_and_readable_by_those_allowed() {
    let mut config = test_config();
    config.audit.flush_ms = 20;
    let s = TestServer::start_with(config).await;
    let plain = s.create_user("plain").await;
    let plain_token = s.token_for(plain, "all_functions").await;
    s.admin("core_webservice_get_site_info", json!({})).await;
    let rest = format!(
        "{}/webservice/rest/server.php?moodlewsrestformat=json&wstoken={}&wsfunction=core_user_get_users_by_field&field=id&values[0]={plain}",
        s.base, s.admin_token
    );
    s.http.get(&rest).send_json().await;
    let (status, body) = s.call(&plain_token, "report_log_get_entries", json!({})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("nopermissions")), "{body}");

    let mut entries = Value::Null;
    for _ in 0..100 {
        entries = s.admin("report_log_get_entries", json!({"since": 0})).await;
        if entries.as_array().is_some_and(|e| e.len() >= 4) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let entries = entries.as_array().expect("entries").clone();
    let find = |function: &str, userid: i64| {
        entries
            .iter()
            .find(|e| e["function"] == function && e["userid"] == userid)
            .unwrap_or_else(|| panic!("{function} by {userid} in {entries:?}"))
    };
    let all_functions = s.service_id("all_functions").await;
    let e = find("core_webservice_get_site_info", 2);
    assert_eq!(
        (e["protocol"].as_str(), e["outcome"].as_str(), e["ip"].as_str()),
        (Some("typed"), Some("ok"), Some("127.0.0.1"))
    );
    assert_eq!(e["serviceid"], all_functions);
    assert!(e["durationms"].as_i64().unwrap() >= 0 && e["timecreated"].as_i64().unwrap() > 1_700_000_000);
    assert_eq!(find("core_user_get_users_by_field", 2)["protocol"], "rest");
    assert_eq!(find("report_log_get_entries", plain)["outcome"], "nopermissions");

    let only = s.admin("report_log_get_entries", json!({"userid": plain, "function": "report_log_get_entries"})).await;
    assert_eq!(only.as_array().map(Vec::len), Some(1), "{only}");
    let ids: Vec<i64> = entries.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    s.stop().await;
}

#[tokio::test]
async fn the_audit_log_is_written_on_shutdown() {
    let mut config = test_config();
    config.audit.flush_ms = 60_000;
    let s = TestServer::start_with(config).await;
    let db = s.state.db.clone();
    // The entries wait for the (long) flush interval: only closing writes them.
    for _ in 0..5 {
        s.admin("core_webservice_get_site_info", json!({})).await;
    }
    s.stop().await;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let written = lmsgate_entities::log::Entity::find().count(&db).await.unwrap();
    assert_eq!(written, 5);
}

/// A busy server's queue is written when a transaction's worth (4,096 entries) waits, long
/// before the flush interval ends: the queue holds a fraction of a second's calls, not the
/// interval's.
#[tokio::test]
async fn a_full_audit_batch_is_written_before_the_interval_ends() {
    use lmsgate_api::framework::audit::Entry;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let mut config = test_config();
    config.audit.flush_ms = 60_000;
    let s = TestServer::start_with(config).await;
    let entry = || Entry {
        time: lmsgate_entities::now(),
        userid: 2,
        function: "core_webservice_get_site_info",
        serviceid: None,
        protocol: "typed",
        ip: std::net::IpAddr::from([127, 0, 0, 1]),
        outcome: None,
        duration_ms: 0,
    };
    // The first entry starts the writer's wait; the rest arrive while it waits (a writer that
    // wrote the first one at once would sleep through the interval and leave them queued).
    s.state.audit.record(entry());
    tokio::time::sleep(Duration::from_millis(200)).await;
    for _ in 1..4096 {
        s.state.audit.record(entry());
    }
    let db = s.state.db.clone();
    let mut written = 0;
    for _ in 0..200 {
        written = lmsgate_entities::log::Entity::find().count(&db).await.unwrap();
        if written >= 4096 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(written, 4096, "written within 10 s of a 60 s interval");
    s.stop().await;
}

/// List functions take turns (`limits.concurrent_lists`, one here): a burst of participant lists
/// on eight connections is answered whole, the calls that found the turn taken are counted, and a
/// batch of lists (the app's) never waits on itself.
#[tokio::test]
async fn list_functions_take_turns() {
    let mut config = test_config();
    config.limits.concurrent_lists = 1;
    let s = TestServer::start_with(config).await;
    let made = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Turns", "shortname": "turns", "categoryid": 1}]}),
        )
        .await;
    let course = made[0]["id"].as_i64().unwrap();
    let mut enrolments = Vec::new();
    for i in 0..20 {
        let user = s.create_user(&format!("turn{i}")).await;
        enrolments.push(json!({"userid": user, "courseid": course, "roleid": common::site::STUDENT}));
    }
    s.admin("enrol_manual_enrol_users", json!({"enrolments": enrolments})).await;

    let burst = (0..8).map(|_| s.call(&s.admin_token, "core_enrol_get_enrolled_users", json!({"courseid": course})));
    for (status, users) in futures_util::future::join_all(burst).await {
        assert_eq!(status, 200, "{users}");
        assert_eq!(users.as_array().map(Vec::len), Some(20), "{users}");
    }
    let text = s.http.get(format!("{}/metrics", s.base)).send().await.unwrap().text().await.unwrap();
    let waited = metric(&text, "lmsgate_list_call_waits_total").unwrap_or_default();
    assert!(waited >= 1.0, "eight lists at once with one turn, and none waited: {text}");

    let arguments = json!({"courseid": course}).to_string();
    let batch = s
        .admin(
            "tool_mobile_call_external_functions",
            json!({"requests": [
                {"function": "core_enrol_get_enrolled_users", "arguments": arguments},
                {"function": "core_course_get_courses", "arguments": "{}"},
            ]}),
        )
        .await;
    let responses = batch["responses"].as_array().expect("responses");
    assert!(responses.iter().all(|r| r["error"] == json!(false)), "{batch}");
    s.stop().await;
}
