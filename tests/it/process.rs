//! The real binary as an operator runs it: configuration file, environment and flags; JSON logs;
//! SIGKILL in the middle of writes; SIGTERM with a request in flight; `lmsgate log`.
//! On SQLite by default, on PostgreSQL or MariaDB with `LMSGATE_TEST_DATABASE_URL`.
use crate::common;

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use common::process::{binary, serve};
use common::{PASSWORD, fresh_database, fresh_dir};
use lmsgate_entities::{log, user};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn lmsgate(database_url: &str, dir: &std::path::Path) -> Command {
    let mut cmd = binary();
    cmd.arg("--database-url")
        .arg(database_url)
        .arg("--data-dir")
        .arg(dir)
        .env("LMSGATE_ADMIN_TOKEN", TOKEN)
        .env("LMSGATE_RATE_LIMIT__CALLS_PER_MINUTE", "0")
        .env("LMSGATE_LOG", "info");
    cmd
}

async fn connect(url: &str) -> sea_orm::DatabaseConnection {
    sea_orm::Database::connect(url).await.expect("database")
}

#[tokio::test]
async fn configuration_file_environment_and_flags() {
    let dir = fresh_dir("config");
    let file = dir.join("lmsgate.toml");
    std::fs::write(
        &file,
        "cache_ttl = 7\n[limits]\nmax_body_bytes = 1000000\nmax_ajax_calls = 2\n[metrics]\nenabled = false\n",
    )
    .unwrap();
    let check = |file: &std::path::Path, extra_env: &[(&str, &str)], args: &[&str]| {
        let out = binary()
            .args(["config", "check", "--config"])
            .arg(file)
            .args(args)
            .envs(extra_env.iter().copied())
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, shown, err) = check(
        &file,
        &[("LMSGATE_LIMITS__MAX_BODY_BYTES", "2048"), ("LMSGATE_ADMIN_PASSWORD", "12345678")],
        &["--database-url", "postgres://lms:topsecret@127.0.0.1/lms"],
    );
    assert!(ok, "{err}");
    let effective: toml::Value = toml::from_str(&shown).expect("TOML");
    assert_eq!(effective["limits"]["max_body_bytes"].as_integer(), Some(2048), "environment over file");
    assert_eq!(effective["limits"]["max_ajax_calls"].as_integer(), Some(2), "file over defaults");
    assert_eq!(effective["cache_ttl"].as_integer(), Some(7));
    assert_eq!(effective["database_url"].as_str(), Some("postgres://lms:********@127.0.0.1/lms"), "flag, masked");
    assert_eq!(effective["admin_password"].as_str(), Some("********"));
    assert!(!shown.contains("topsecret") && !shown.contains("12345678"), "{shown}");
    let (ok, _, err) = check(&file, &[("LMSGATE_LIMITS__MAX_BODY_BYTES", "12")], &[]);
    assert!(!ok && err.contains("max_body_bytes"), "{err}");
    std::fs::write(dir.join("typo.toml"), "[limits]\nmax_bodybytes = 5\n").unwrap();
    let (ok, _, err) = check(&dir.join("typo.toml"), &[], &[]);
    assert!(!ok && err.contains("max_bodybytes"), "{err}");

    // The server runs with it: the file turned metrics off, the environment set the body limit.
    let url = fresh_database().await;
    let mut cmd = lmsgate(&url, &dir);
    cmd.arg("--config").arg(&file).env("LMSGATE_LIMITS__MAX_BODY_BYTES", "2048");
    let mut server = serve(cmd);
    let http = reqwest::Client::new();
    assert_eq!(http.get(format!("{}/metrics", server.base)).send().await.unwrap().status(), 404);
    let call = |body: String| {
        http.post(format!("{}/api/v1/core_webservice_get_site_info", server.base))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert_eq!(call("{}".into()).await.unwrap().status(), 200);
    let big = format!("{{\"serviceshortnames\": [\"{}\"]}}", "a".repeat(3000));
    assert_eq!(call(big).await.unwrap().status(), 413);
    server.child.kill().unwrap();
}

#[tokio::test]
async fn json_logs_carry_the_request_id() {
    let dir = fresh_dir("jsonlog");
    let url = fresh_database().await;
    let mut cmd = lmsgate(&url, &dir);
    cmd.env("LMSGATE_LOGGING__FORMAT", "json");
    let mut server = serve(cmd);
    let http = reqwest::Client::new();
    let res = http.get(format!("{}/healthz", server.base)).header("x-request-id", "probe-7").send().await.unwrap();
    assert_eq!(res.status(), 200);
    server.signal("TERM");
    let log = server.log();
    let lines: Vec<Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}"))).collect();
    let request = lines
        .iter()
        .find(|l| l["fields"]["message"] == "request" && l["span"]["id"] == "probe-7")
        .unwrap_or_else(|| panic!("no request line for probe-7 in {log}"));
    assert_eq!(request["fields"]["path"], "/healthz");
    assert_eq!(request["fields"]["status"], 200);
}

/// Creates users three at a time until told to stop; answers which batches were answered 200
/// and which were only attempted.
async fn write_batches(base: String, client: usize, answered: Arc<AtomicUsize>) -> (Vec<usize>, Vec<usize>) {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let (mut ok, mut tried) = (Vec::new(), Vec::new());
    for batch in 0.. {
        let users: Vec<Value> = (0..3)
            .map(|j| {
                let name = format!("crash{client}x{batch}x{j}");
                json!({"username": name, "password": PASSWORD, "firstname": "C", "lastname": "R", "email": format!("{name}@example.org")})
            })
            .collect();
        tried.push(batch);
        let res = http
            .post(format!("{base}/api/v1/core_user_create_users"))
            .bearer_auth(TOKEN)
            .json(&json!({"users": users}))
            .send()
            .await;
        let Ok(res) = res else { break }; // the server is gone
        assert_eq!(res.status(), 200, "unexpected answer");
        if res.json::<Value>().await.is_err() {
            break; // killed while answering: not an answer
        }
        ok.push(batch);
        answered.fetch_add(1, Ordering::SeqCst);
    }
    (ok, tried)
}

#[tokio::test]
async fn sigkill_during_writes_loses_no_answered_call_and_leaves_no_half_batch() {
    let dir = fresh_dir("crash");
    let url = fresh_database().await;
    let mut server = serve(lmsgate(&url, &dir));
    let answered = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> =
        (0..3).map(|c| tokio::spawn(write_batches(server.base.clone(), c, answered.clone()))).collect();
    while answered.load(Ordering::SeqCst) < 20 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    let mut results = Vec::new();
    for c in clients {
        results.push(c.await.unwrap());
    }

    // It starts again over the same database, and every answered batch is whole in it.
    let mut again = serve(lmsgate(&url, &dir));
    let status = reqwest::get(format!("{}/readyz", again.base)).await.unwrap().status();
    assert_eq!(status, 200);
    let db = connect(&url).await;
    let mut whole = 0;
    for (client, (ok, tried)) in results.iter().enumerate() {
        for batch in tried {
            let prefix = format!("crash{client}x{batch}x");
            let n = user::Entity::find().filter(user::Column::Username.starts_with(&prefix)).count(&db).await.unwrap();
            if ok.contains(batch) {
                assert_eq!(n, 3, "answered batch {prefix} is missing users");
            } else {
                assert!(n == 0 || n == 3, "half-written batch {prefix}: {n} of 3 users");
            }
            whole += usize::from(n == 3);
        }
    }
    assert!(whole >= 20, "{whole}");
    again.child.kill().unwrap();
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_and_writes_the_audit_log() {
    let dir = fresh_dir("term");
    let url = fresh_database().await;
    let mut cmd = lmsgate(&url, &dir);
    cmd.env("LMSGATE_AUDIT__FLUSH_MS", "60000");
    let mut server = serve(cmd);
    let http = reqwest::Client::new();
    for _ in 0..3 {
        let res = http
            .post(format!("{}/api/v1/core_webservice_get_site_info", server.base))
            .bearer_auth(TOKEN)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    // A request whose body is still coming when SIGTERM arrives.
    let body = json!({"users": [{"username": "latecomer", "password": PASSWORD, "firstname": "L", "lastname": "C", "email": "late@example.org"}]}).to_string();
    let (first, rest) = body.split_at(10);
    let mut tcp = tokio::net::TcpStream::connect(server.base.trim_start_matches("http://")).await.unwrap();
    let head = format!(
        "POST /api/v1/core_user_create_users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(300)).await;
    tcp.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(20), tcp.read_to_string(&mut answer)).await.expect("an answer").unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");

    let db = connect(&url).await;
    assert_eq!(user::Entity::find().filter(user::Column::Username.eq("latecomer")).count(&db).await.unwrap(), 1);
    let audited = log::Entity::find().count(&db).await.unwrap();
    assert_eq!(audited, 4, "three site-info calls and the create_users in flight");

    // `lmsgate log` reads it back, filtered.
    let out = lmsgate(&url, &dir)
        .args(["log", "--function", "core_webservice_get_site_info", "--user", "admin", "--since", "1h"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(
        rows.iter().all(|r| r.contains("core_webservice_get_site_info") && r.contains("typed") && r.ends_with(" ok")),
        "{text}"
    );
}

/// Every list function against 100,000 users and 10,000 courses, asked for the most it can
/// answer (everyone, every course, a course of 100,000, a user in 10,000 courses, a group of
/// 100,000): each answers or refuses with `toomanyresults`, and the server's peak memory stays
/// under 150 MB.
#[tokio::test]
async fn list_functions_keep_memory_bounded_on_a_large_site() {
    let (url, dir) = (fresh_database().await, fresh_dir("scale"));
    let mut installer = serve(lmsgate(&url, &dir));
    let site = common::bulk::seed(&connect(&url).await, 100_000, 10_000).await;
    // Measured on a server started on the big site, as a node runs (not the one that installed it).
    installer.child.kill().unwrap();
    installer.child.wait().unwrap();
    let mut server = serve(lmsgate(&url, &dir));
    let cli = |args: &[&str]| {
        let out = lmsgate(&url, &dir).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    cli(&["service", "authorise-user", "all_functions", "bulk3"]);
    let student = cli(&["token", "create", "--username", "bulk3", "--service", "all_functions"]);
    let http = reqwest::Client::new();
    let warm =
        http.post(format!("{}/api/v1/core_webservice_get_site_info", server.base)).bearer_auth(TOKEN).json(&json!({}));
    assert_eq!(warm.send().await.unwrap().status(), 200);
    let at_start = common::process::memory_mb(server.child.id(), "VmHWM").unwrap_or(0.0);
    // The server opts out of transparent huge pages (which kept whole 2 MiB pages resident for a
    // few bytes each); kernels since 5.0 show the flag.
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    if let Some(thp) = status.lines().find(|l| l.starts_with("THP_enabled:")) {
        assert_eq!(thp.split_whitespace().nth(1), Some("0"), "{thp}");
    }

    let ids: Vec<String> = (0..1000).map(|i| (site.first_user + i * 97).to_string()).collect();
    let option = |name: &str, value: &str| json!({"name": name, "value": value});
    let everyone = json!({"criteria": [{"key": "email", "value": "%"}]});
    let calls: Vec<(&str, &str, Value)> = vec![
        (TOKEN, "core_user_get_users", everyone.clone()),
        (&student, "core_user_get_users", everyone),
        (TOKEN, "core_user_get_users", json!({"criteria": [{"key": "email", "value": "bulk9%"}]})),
        (TOKEN, "core_user_get_users_by_field", json!({"field": "id", "values": ids})),
        (TOKEN, "core_course_get_courses", json!({})),
        (TOKEN, "core_course_get_courses_by_field", json!({})),
        (TOKEN, "core_course_search_courses", json!({"criterianame": "search", "criteriavalue": "bulk"})),
        (TOKEN, "core_course_get_categories", json!({})),
        (TOKEN, "core_enrol_get_enrolled_users", json!({"courseid": site.big_course})),
        (
            TOKEN,
            "core_enrol_get_enrolled_users",
            json!({"courseid": site.big_course, "options": [option("limitnumber", "1000")]}),
        ),
        (
            TOKEN,
            "core_enrol_get_enrolled_users",
            json!({"courseid": site.big_course, "options": [option("withcapability", "moodle/course:update")]}),
        ),
        (
            TOKEN,
            "core_enrol_get_enrolled_users",
            json!({"courseid": site.big_course, "options": [option("onlyactive", "1"), option("groupid", &site.big_group.to_string()), option("limitfrom", "99000"), option("limitnumber", "1000")]}),
        ),
        (TOKEN, "core_enrol_get_users_courses", json!({"userid": site.busy_user})),
        (TOKEN, "core_enrol_get_users_courses", json!({"userid": site.first_user + 2, "returnusercount": true})),
        (TOKEN, "core_group_get_course_groups", json!({"courseid": site.big_course})),
        (TOKEN, "core_group_get_group_members", json!({"groupids": [site.big_group]})),
        (TOKEN, "core_cohort_get_cohorts", json!({})),
        (TOKEN, "core_cohort_search_cohorts", json!({"query": "", "context": {"contextid": 1}, "includes": "all"})),
        (TOKEN, "report_log_get_entries", json!({"limit": 1000})),
    ];
    for (token, function, params) in calls {
        let res = http.post(format!("{}/api/v1/{function}", server.base)).bearer_auth(token).json(&params).send().await;
        let res = res.unwrap_or_else(|e| panic!("{function}: {e}"));
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        let refused = status == 400 && body["errorcode"] == "toomanyresults";
        assert!(status == 200 || refused, "{function} {params}: {status} {body}");
        let peak = common::process::memory_mb(server.child.id(), "VmHWM").unwrap_or(0.0);
        eprintln!("{function}: {status}, peak {peak:.0} MB");
    }
    // The answers are what was asked for, at the limits.
    let page = http
        .post(format!("{}/api/v1/core_enrol_get_users_courses", server.base))
        .bearer_auth(TOKEN)
        .json(&json!({"userid": site.first_user + 2, "returnusercount": true}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(page[0]["enrolledusercount"], 100_000, "{page}");
    let peak = common::process::memory_mb(server.child.id(), "VmHWM").expect("/proc");
    eprintln!("server peak memory: {at_start:.0} MB after start, {peak:.0} MB after every list function");
    assert!(peak < 150.0, "peak resident memory {peak:.0} MB");
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}
