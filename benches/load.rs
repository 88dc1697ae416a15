//! `cargo bench --bench load`: starts the release server over a fresh SQLite database (as its own
//! process, so peak RSS is the server's alone) and a trivial poem-openapi server as the baseline,
//! then drives each scenario with keep-alive HTTP/1.1 connections and prints req/s, p50, p99 and
//! the server's peak RSS during that scenario (the high-water mark is reset before each). Server and load generator share the machine, as in production-like
//! single-box measurements; the figures are for comparison, not absolute.
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use tokio::net::TcpStream;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const PASSWORD: &str = "Bench-pass1";

#[path = "../tests/it/common/bulk.rs"]
mod bulk;
#[allow(dead_code)]
#[path = "../tests/it/common/process.rs"]
mod process;

fn main() {
    if let Some(i) = std::env::args().position(|a| a == "__baseline") {
        return baseline_server(std::env::args().nth(i + 1).expect("a database URL"));
    }
    let duration = Duration::from_secs(std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5));
    let dir = std::env::temp_dir().join(format!("lmsgate-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // One client thread, like `wrk -t1`: the server keeps most of the machine, in every scenario alike.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    // Installed by a first start, measured on a second: the install's password hashing is not
    // part of the memory figures.
    let installer = serve(&dir, "127.0.0.1:18181");
    rt.block_on(wait_ready("127.0.0.1:18181"));
    stop(installer);
    let server = serve(&dir, "127.0.0.1:18181");
    let mut children = Children(vec![server.id()]);
    rt.block_on(wait_ready("127.0.0.1:18181"));
    // The baselines read the site's database once the server has made it.
    let database = format!("sqlite://{}?mode=rwc", dir.join("lmsgate.db").display());
    let baseline = spawn(Command::new(std::env::current_exe().unwrap()).arg("__baseline").arg(&database));
    // Stop both servers however the benchmark ends, so a failed run leaves no port taken.
    children.0.push(baseline.id());
    rt.block_on(async {
        wait_ready("127.0.0.1:18182").await;
        println!("{:<48} {:>6} {:>10} {:>9} {:>9} {:>12} {:>8}", "scenario", "conns", "req/s", "p50 ms", "p99 ms", "peak RSS", "before");
        let json = |body: &'static str| move |_: u64| Bytes::from(body);
        // The scenarios the targets compare run in alternating rounds, so that each pair saw the
        // same machine (a single run's figures follow what else the machine did in those seconds).
        let mut sums = [0.0; 5];
        for round in 1..=rounds() {
            let figures = [
                run(Method::Post, leak(format!("baseline: trivial poem-openapi op #{round}")), "127.0.0.1:18182", "/ping", None, 32,
                    duration, json("{}"), &baseline).await,
                run(Method::Post, leak(format!("core_webservice_get_site_info (typed) #{round}")), "127.0.0.1:18181",
                    "/api/v1/core_webservice_get_site_info", bearer(), 32, duration, json("{}"), &server).await,
                run(Method::Post, leak(format!("core_webservice_get_site_info (server.php json) #{round}")), "127.0.0.1:18181",
                    "/webservice/rest/server.php?wsfunction=core_webservice_get_site_info&moodlewsrestformat=json&wstoken=0123456789abcdef0123456789abcdef",
                    None, 32, duration, |_| Bytes::new(), &server).await,
                run(Method::Post, leak(format!("baseline: poem-openapi op, one user by id (SeaORM) #{round}")), "127.0.0.1:18182",
                    "/user", None, 32, duration, json(r#"{"id":2}"#), &baseline).await,
                run(Method::Post, leak(format!("core_user_get_users_by_field (one id) #{round}")), "127.0.0.1:18181",
                    "/api/v1/core_user_get_users_by_field", bearer(), 32, duration, json(r#"{"field":"id","values":["2"]}"#), &server).await,
            ];
            for (sum, rps) in sums.iter_mut().zip(figures) {
                *sum += rps.unwrap_or(f64::NAN);
            }
        }
        let [trivial, typed, rest_json, one_row, by_id] = sums;
        if sums.iter().all(|s| s.is_finite()) {
        println!("over {} rounds: typed site info {:.1}% of trivial (target >= 50%), server.php json {:.1}% of typed (>= 90%), \
                  get_users_by_field id {:.1}% of one-row (>= 70%)", rounds(), typed / trivial * 100.0, rest_json / typed * 100.0,
                 by_id / one_row * 100.0);
        }
        run(Method::Post, "baseline: poem-openapi op, site info's size, constant", "127.0.0.1:18182", "/constant", None, 32, duration,
            json("{}"), &baseline).await;
        run(Method::Post, "core_webservice_get_site_info (server.php xml)", "127.0.0.1:18181",
            "/webservice/rest/server.php?wsfunction=core_webservice_get_site_info&wstoken=0123456789abcdef0123456789abcdef",
            None, 32, duration, |_| Bytes::new(), &server).await;
        run(Method::Post, "core_user_create_users (one user)", "127.0.0.1:18181", "/api/v1/core_user_create_users", bearer(), 8, duration,
            |i| Bytes::from(format!(r#"{{"users":[{{"username":"bench{i}","password":"{PASSWORD}","firstname":"B","lastname":"U","email":"bench{i}@example.org"}}]}}"#)), &server).await;
        let (cookie, sesskey) = browser_session("127.0.0.1:18181").await;
        let path: &'static str = Box::leak(format!("/lib/ajax/service.php?sesskey={sesskey}").into_boxed_str());
        run(Method::Post, "AJAX batch of 5 (get_users_by_field)", "127.0.0.1:18181", path, Some(("cookie", cookie)), 32, duration,
            json(r#"[{"index":0,"methodname":"core_user_get_users_by_field","args":{"field":"id","values":["2"]}},
                     {"index":1,"methodname":"core_user_get_users_by_field","args":{"field":"id","values":["2"]}},
                     {"index":2,"methodname":"core_user_get_users_by_field","args":{"field":"id","values":["2"]}},
                     {"index":3,"methodname":"core_user_get_users_by_field","args":{"field":"id","values":["2"]}},
                     {"index":4,"methodname":"core_user_get_users_by_field","args":{"field":"id","values":["2"]}}]"#), &server).await;
        run(Method::Post, "login/token.php (argon2)", "127.0.0.1:18181", "/login/token.php", None, 8, duration,
            |_| Bytes::from(format!("username=admin&password={PASSWORD}&service=all_functions")), &server).await;

        files(duration, &server).await;
        million(duration, &dir, &server).await;

        // Large sites: one course lookup on 100 and on 10,000 courses, and a course of 1,000 users.
        if !selected("get_courses_by_field") && !selected("get_enrolled_users") {
            return;
        }
        let category = post("core_course_create_categories", r#"{"categories":[{"name":"Bench"}]}"#.into()).await[0]["id"]
            .as_i64()
            .unwrap();
        let mut ids = create_courses(category, 0, 100).await;
        let probe = ids[50];
        let by_id = |id: i64| leak(format!(r#"{{"field":"id","value":"{id}"}}"#));
        run(Method::Post, "get_courses_by_field (id; 100-course site)", "127.0.0.1:18181", "/api/v1/core_course_get_courses_by_field",
            bearer(), 32, duration, json(by_id(probe)), &server).await;
        for from in (100..10_000).step_by(1000) {
            ids.extend(create_courses(category, from, (from + 1000).min(10_000)).await);
        }
        run(Method::Post, "get_courses_by_field (id; 10,000-course site)", "127.0.0.1:18181", "/api/v1/core_course_get_courses_by_field",
            bearer(), 32, duration, json(by_id(probe)), &server).await;
        for batch in 0..10 {
            let users: Vec<String> = (0..100)
                .map(|i| format!(r#"{{"username":"member{batch}x{i}","createpassword":true,"firstname":"M","lastname":"{i}","email":"m{batch}x{i}@example.org"}}"#))
                .collect();
            let made = post("core_user_create_users", format!(r#"{{"users":[{}]}}"#, users.join(","))).await;
            let enrolments: Vec<String> = made.as_array().unwrap().iter()
                .map(|u| format!(r#"{{"userid":{},"courseid":{probe},"roleid":5}}"#, u["id"]))
                .collect();
            post("enrol_manual_enrol_users", format!(r#"{{"enrolments":[{}]}}"#, enrolments.join(","))).await;
        }
        run(Method::Post, "get_enrolled_users (1,000 users)", "127.0.0.1:18181", "/api/v1/core_enrol_get_enrolled_users",
            bearer(), 8, duration, json(leak(format!(r#"{{"courseid":{probe}}}"#))), &server).await;
        run(Method::Post, "get_enrolled_users (1,000 users, page of 50)", "127.0.0.1:18181", "/api/v1/core_enrol_get_enrolled_users",
            bearer(), 32, duration,
            json(leak(format!(r#"{{"courseid":{probe},"options":[{{"name":"limitnumber","value":"50"}}]}}"#))), &server).await;
    });
    drop(children);
    for mut child in [server, baseline] {
        let _ = child.wait();
    }
    let _ = std::fs::remove_dir_all(&dir);
    if selected("file upload (1 GiB") {
        rt.block_on(upload_1gib());
    }
    if selected("site_info with and without metrics and audit") {
        rt.block_on(observability_overhead(duration));
    }
    // The soak takes ten minutes: only when asked for by name.
    if std::env::var("BENCH_ONLY").is_ok_and(|only| only == "soak") {
        rt.block_on(soak());
    }
}

/// Site info with metrics and the audit log on (the default), each one off, and both off: four
/// servers, alternated, so that all see the same machine.
async fn observability_overhead(duration: Duration) {
    let configs: [(&str, &[(&str, &str)]); 4] = [
        ("on", &[]),
        ("audit off", &[("LMSGATE_AUDIT__ENABLED", "false")]),
        ("metrics off", &[("LMSGATE_METRICS__ENABLED", "false")]),
        ("off", &[("LMSGATE_METRICS__ENABLED", "false"), ("LMSGATE_AUDIT__ENABLED", "false")]),
    ];
    let servers: Vec<_> = configs
        .iter()
        .enumerate()
        .map(|(n, (what, settings))| {
            let dir = std::env::temp_dir().join(format!("lmsgate-bench-obs{n}-{}", std::process::id()));
            let addr = leak(format!("127.0.0.1:{}", 18192 + n));
            (*what, dir.clone(), addr, serve_with(&dir, addr, settings))
        })
        .collect();
    let _guard = Children(servers.iter().map(|s| s.3.id()).collect());
    for (_, _, addr, _) in &servers {
        wait_ready(addr).await;
    }
    let path = "/api/v1/core_webservice_get_site_info";
    let json = |_: u64| Bytes::from("{}");
    for round in 1..=2 {
        for (what, _, addr, server) in &servers {
            let name = leak(format!("site_info with and without metrics and audit: {what} #{round}"));
            run(Method::Post, name, addr, path, bearer(), 32, duration, json, server).await;
        }
    }
    drop(_guard);
    for (_, dir, _, server) in servers {
        stop(server);
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// A memory figure of a process in MB (`VmRSS`: now, `VmHWM`: peak), from /proc (Linux).
fn memory_mb(child: &Child, field: &str) -> Option<f64> {
    process::memory_mb(child.id(), field)
}

/// Current resident set size of a process in MB.
fn rss_mb(child: &Child) -> f64 {
    memory_mb(child, "VmRSS").unwrap_or(0.0)
}

/// One request of the soak's mix (out of 20): 12 reads (typed, REST JSON, REST XML), 3 AJAX
/// batches, 4 writes (a new user each), 1 password login.
fn soak_request(i: u64, cookie: &str, sesskey: &str) -> Request<Full<Bytes>> {
    let typed = |function: &str, body: String| {
        Request::post(format!("/api/v1/{function}"))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Full::new(Bytes::from(body)))
    };
    let form = |path: String, body: String| {
        Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Full::new(Bytes::from(body)))
    };
    let rest = "/webservice/rest/server.php";
    let req = match i % 20 {
        0..=5 => typed("core_webservice_get_site_info", "{}".into()),
        6..=8 => typed("core_user_get_users_by_field", r#"{"field":"id","values":["2"]}"#.into()),
        9 => form(format!("{rest}?moodlewsrestformat=json"), format!("wstoken={TOKEN}&wsfunction=core_webservice_get_site_info")),
        10 | 11 => form(rest.into(), format!("wstoken={TOKEN}&wsfunction=core_user_get_users_by_field&field=id&values[0]=2")),
        12..=14 => Request::post(format!("/lib/ajax/service.php?sesskey={sesskey}"))
            .header("content-type", "application/json")
            .header("cookie", cookie)
            .body(Full::new(Bytes::from(
                r#"[{"index":0,"methodname":"core_user_get_users_by_field","args":{"field":"id","values":["2"]}},{"index":1,"methodname":"core_user_get_users_by_field","args":{"field":"username","values":["admin"]}}]"#,
            ))),
        15..=18 => typed(
            "core_user_create_users",
            format!(r#"{{"users":[{{"username":"soak{i}","password":"{PASSWORD}","firstname":"S","lastname":"K","email":"soak{i}@example.org"}}]}}"#),
        ),
        _ => form("/login/token.php".into(), format!("username=admin&password={PASSWORD}&service=all_functions")),
    };
    let mut req = req.unwrap();
    req.headers_mut().insert("host", hyper::header::HeaderValue::from_static("127.0.0.1:18186"));
    req
}

/// Mixed load for `SOAK_SECONDS` (default 600) after a warm-up of a tenth of it: prints the
/// server's RSS after warm-up, every minute and at the end, the growth, and the error count.
async fn soak() {
    let seconds: u64 = std::env::var("SOAK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(600);
    let dir = std::env::temp_dir().join(format!("lmsgate-bench-soak-{}", std::process::id()));
    let addr = "127.0.0.1:18186";
    let server = serve(&dir, addr);
    let _guard = Children(vec![server.id()]);
    wait_ready(addr).await;
    let session = Arc::new(browser_session(addr).await);
    let counter = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let warmup = Duration::from_secs((seconds / 10).max(5));
    let deadline = Instant::now() + warmup + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (counter, errors, session) = (counter.clone(), errors.clone(), session.clone());
        tasks.push(tokio::spawn(async move {
            let mut send = connect(addr).await;
            while Instant::now() < deadline {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                let res = send.send_request(soak_request(i, &session.0, &session.1)).await.unwrap();
                let ok = res.status() == 200;
                let bytes = res.into_body().collect().await.unwrap().to_bytes();
                if !ok || is_error(&bytes) {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    tokio::time::sleep(warmup).await;
    let (start_rss, start_count) = (rss_mb(&server), counter.load(Ordering::Relaxed));
    println!("soak: {seconds} s of mixed load on 8 connections after {} s of warm-up", warmup.as_secs());
    println!("soak: RSS after warm-up {start_rss:.1} MB");
    let started = Instant::now();
    while Instant::now() + Duration::from_secs(60) < deadline {
        tokio::time::sleep(Duration::from_secs(60)).await;
        println!(
            "soak: {:>4} s  RSS {:.1} MB  requests {}  errors {}",
            started.elapsed().as_secs(),
            rss_mb(&server),
            counter.load(Ordering::Relaxed) - start_count,
            errors.load(Ordering::Relaxed)
        );
    }
    for t in tasks {
        t.await.unwrap();
    }
    let end_rss = rss_mb(&server);
    let requests = counter.load(Ordering::Relaxed) - start_count;
    println!(
        "soak: RSS {start_rss:.1} MB -> {end_rss:.1} MB ({:+.1}%), {requests} requests after warm-up ({:.0} req/s), errors {}",
        (end_rss / start_rss - 1.0) * 100.0,
        requests as f64 / started.elapsed().as_secs_f64(),
        errors.load(Ordering::Relaxed)
    );
    drop(_guard);
    stop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The lmsgate server on `addr` over the data folder `dir`, the admin's token set to `TOKEN`.
/// Rate limits are off: the benchmark measures throughput, not the limiter.
fn serve(dir: &std::path::Path, addr: &str) -> Child {
    serve_with(dir, addr, &[])
}

/// `serve` with more `LMSGATE_*` settings.
fn serve_with(dir: &std::path::Path, addr: &str, settings: &[(&str, &str)]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lmsgate"));
    cmd.args(["serve", "--bind", addr, "--data-dir"])
        .arg(dir)
        .env("LMSGATE_ADMIN_TOKEN", TOKEN)
        .env("LMSGATE_ADMIN_PASSWORD", PASSWORD)
        .env("LMSGATE_LOG", "warn")
        .env("LMSGATE_RATE_LIMIT__CALLS_PER_MINUTE", "0")
        .env("LMSGATE_RATE_LIMIT__LOGINS_PER_MINUTE", "0")
        .envs(settings.iter().copied());
    spawn(&mut cmd)
}

/// Peak RSS of a server that only receives one 1 GiB upload (streamed to disk, it must stay
/// under 100 MB). The server is started twice so that the first start's password hashing is
/// not part of the figure.
async fn upload_1gib() {
    let dir = std::env::temp_dir().join(format!("lmsgate-bench-1gib-{}", std::process::id()));
    let addr = "127.0.0.1:18183";
    let first = serve(&dir, addr);
    wait_ready(addr).await;
    stop(first);
    let server = serve(&dir, addr);
    let _guard = Children(vec![server.id()]);
    wait_ready(addr).await;
    let before = peak_rss_mb(&server);
    let size: u64 = 1 << 30;
    let started = Instant::now();
    let (status, answer) = send_upload(addr, Repeat::new("bench-1gib.bin", size)).await;
    assert_eq!(status, 200, "{answer}");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{:<48} {:>6} {:>10} {:>9} {:>9} {:>12}  ({:.0} MB/s; {before} before)",
        "file upload (1 GiB, one request, fresh server)",
        1,
        "-",
        "-",
        format!("{:.0}", secs * 1000.0),
        peak_rss_mb(&server),
        size as f64 / secs / 1e6
    );
    drop(_guard);
    stop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

fn stop(mut child: Child) {
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
}

/// Files: download of a 1 MiB file and upload of a 100 KiB file.
async fn files(duration: Duration, server: &Child) {
    if !selected("file") {
        return;
    }
    let mib: Vec<u8> = (0..1u32 << 20).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let (status, answer) = send_upload("127.0.0.1:18181", Full::new(multipart("bench-1mib.bin", &mib))).await;
    assert_eq!(status, 200, "{answer}");
    let stored: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let (ctx, itemid) = (&stored[0]["contextid"], &stored[0]["itemid"]);
    let path = leak(format!("/webservice/pluginfile.php/{ctx}/user/draft/{itemid}/bench-1mib.bin?token={TOKEN}"));
    run(Method::Get, "file download (1 MiB)", "127.0.0.1:18181", path, None, 8, duration, |_| Bytes::new(), server)
        .await;
    let kib100 = multipart("bench-100kib.bin", &mib[..100 << 10]);
    let upload = leak(format!("/webservice/upload.php?token={TOKEN}"));
    run(
        Method::Multipart,
        "file upload (100 KiB, upload.php)",
        "127.0.0.1:18181",
        upload,
        None,
        8,
        duration,
        move |_| kib100.clone(),
        server,
    )
    .await;
}

const BOUNDARY: &str = "lmsgate-bench-boundary";

fn part_head(filename: &str) -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file_1\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
}

fn part_tail() -> String {
    format!("\r\n--{BOUNDARY}--\r\n")
}

/// A multipart body holding one file.
fn multipart(filename: &str, data: &[u8]) -> Bytes {
    [part_head(filename).as_bytes(), data, part_tail().as_bytes()].concat().into()
}

/// A multipart body of one `size`-byte file, made chunk by chunk as it is sent.
struct Repeat {
    head: Option<Bytes>,
    chunk: Bytes,
    left: u64,
    tail: Option<Bytes>,
}

impl Repeat {
    fn new(filename: &str, size: u64) -> Self {
        Self {
            head: Some(part_head(filename).into()),
            chunk: Bytes::from(vec![7u8; 256 << 10]),
            left: size,
            tail: Some(part_tail().into()),
        }
    }
}

impl hyper::body::Body for Repeat {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        let next = if let Some(head) = self.head.take() {
            Some(head)
        } else if self.left > 0 {
            let n = self.left.min(self.chunk.len() as u64) as usize;
            self.left -= n as u64;
            Some(self.chunk.slice(..n))
        } else {
            self.tail.take()
        };
        std::task::Poll::Ready(next.map(|b| Ok(hyper::body::Frame::data(b))))
    }
}

/// One `webservice/upload.php` request as the admin: (status, answer).
async fn send_upload<B>(addr: &str, body: B) -> (u16, String)
where
    B: hyper::body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut send = connect(addr).await;
    let req = Request::post(format!("/webservice/upload.php?token={TOKEN}"))
        .header("host", addr)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(body)
        .unwrap();
    let res = send.send_request(req).await.unwrap();
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Kills the processes it names when dropped.
struct Children(Vec<u32>);

impl Drop for Children {
    fn drop(&mut self) {
        for pid in &self.0 {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// `BENCH_ROUNDS` (default 3): how many alternating rounds the compared scenarios run.
fn rounds() -> u32 {
    std::env::var("BENCH_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3)
}

/// `BENCH_ONLY=<text>` runs only the scenarios whose name contains it (`a|b`: either).
fn selected(name: &str) -> bool {
    std::env::var("BENCH_ONLY").map_or(true, |only| only.split('|').any(|part| name.contains(part)))
}

/// One typed-API call as the admin, outside the measurements.
async fn post(function: &str, body: String) -> serde_json::Value {
    let mut send = connect("127.0.0.1:18181").await;
    let req = Request::post(format!("/api/v1/{function}"))
        .header("host", "127.0.0.1:18181")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let res = send.send_request(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    assert!(status.is_success(), "{function}: {status} {}", String::from_utf8_lossy(&bytes));
    serde_json::from_slice(&bytes).unwrap()
}

/// Creates courses `from..to` in a category; returns their ids.
async fn create_courses(category: i64, from: usize, to: usize) -> Vec<i64> {
    let courses: Vec<String> = (from..to)
        .map(|i| format!(r#"{{"fullname":"Bench course {i}","shortname":"BC{i}","categoryid":{category}}}"#))
        .collect();
    let made = post("core_course_create_courses", format!(r#"{{"courses":[{}]}}"#, courses.join(","))).await;
    made.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

fn bearer() -> Option<(&'static str, String)> {
    Some(("authorization", format!("Bearer {TOKEN}")))
}

/// Logs the admin in through `/login/index.php` on the server at `addr`: (cookie, sesskey).
async fn browser_session(addr: &str) -> (String, String) {
    let mut send = connect(addr).await;
    let form = Request::get("/login/index.php").header("host", addr).body(Full::new(Bytes::new())).unwrap();
    let res = send.send_request(form).await.unwrap();
    let token_cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let token = serde_json::from_slice::<serde_json::Value>(&body).unwrap()["logintoken"].as_str().unwrap().to_string();
    let req = Request::post("/login/index.php")
        .header("host", addr)
        .header("cookie", token_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(format!("username=admin&password={PASSWORD}&logintoken={token}"))))
        .unwrap();
    let res = send.send_request(req).await.unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    (cookie, v["sesskey"].as_str().unwrap().to_string())
}

/// A keep-alive HTTP/1.1 connection to `addr`, Nagle off.
async fn connect<B>(addr: &str) -> hyper::client::conn::http1::SendRequest<B>
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let stream = TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (send, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
    tokio::spawn(conn);
    send
}

/// Whether a 200 answer is an error in disguise (Moodle's endpoints answer errors with 200).
fn is_error(body: &[u8]) -> bool {
    body[..body.len().min(400)].windows(9).any(|w| w == b"errorcode" || w == b"EXCEPTION")
}

fn spawn(cmd: &mut Command) -> Child {
    cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start server")
}

async fn wait_ready(addr: &str) {
    for _ in 0..300 {
        if TcpStream::connect(addr).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{addr} did not start");
}

/// Starts a new peak: the process's high-water mark is set to its RSS now (`clear_refs` 5,
/// Linux ≥ 4.0), so that a scenario's figure is its own, not the largest of what ran before it
/// (the setup of the large-site scenarios, or an earlier scenario's logins).
fn reset_peak(child: &Child) {
    let _ = std::fs::write(format!("/proc/{}/clear_refs", child.id()), "5");
}

/// Peak resident set size of a process, for the tables.
fn peak_rss_mb(child: &Child) -> String {
    memory_mb(child, "VmHWM").map_or("n/a".into(), |mb| format!("{mb:.1} MB"))
}

/// How a scenario sends its requests.
#[derive(Clone, Copy, PartialEq)]
enum Method {
    /// POST, JSON (typed API) or a form (`.php` endpoints).
    Post,
    /// POST, a multipart upload.
    Multipart,
    /// GET (no body).
    Get,
}

#[allow(clippy::too_many_arguments)]
async fn run(
    method: Method,
    name: &str,
    addr: &'static str,
    path: &'static str,
    auth: Option<(&'static str, String)>,
    conns: usize,
    duration: Duration,
    body: impl Fn(u64) -> Bytes + Send + Sync + Clone + 'static,
    server: &Child,
) -> Option<f64> {
    if !selected(name) {
        return None;
    }
    reset_peak(server);
    let rss_before = rss_mb(server);
    let counter = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + duration;
    let content_type = match method {
        Method::Multipart => leak(format!("multipart/form-data; boundary={BOUNDARY}")),
        _ if path.contains(".php") => "application/x-www-form-urlencoded",
        _ => "application/json",
    };
    let transferred = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let counter = counter.clone();
        let transferred = transferred.clone();
        let auth = auth.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let mut send = connect(addr).await;
            let mut latencies = Vec::new();
            let mut failures = 0u64;
            while Instant::now() < deadline {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                let mut req = if method == Method::Get {
                    Request::get(path).header("host", addr)
                } else {
                    Request::post(path).header("host", addr).header("content-type", content_type)
                };
                if let Some((name, value)) = &auth {
                    req = req.header(*name, value.as_str());
                }
                let payload = body(i);
                transferred.fetch_add(payload.len() as u64, Ordering::Relaxed);
                let req = req.body(Full::new(payload)).unwrap();
                let started = Instant::now();
                let res = send.send_request(req).await.unwrap();
                let ok = res.status() == 200;
                let bytes = res.into_body().collect().await.unwrap().to_bytes();
                transferred.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                if !ok || is_error(&bytes) {
                    failures += 1;
                }
                latencies.push(started.elapsed().as_micros() as u64);
            }
            (latencies, failures)
        }));
    }
    let mut all = Vec::new();
    let mut failures = 0;
    for t in tasks {
        let (l, f) = t.await.unwrap();
        all.extend(l);
        failures += f;
    }
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).copied().unwrap_or(0) as f64
            / 1000.0
    };
    let rps = all.len() as f64 / duration.as_secs_f64();
    let throughput = transferred.load(Ordering::Relaxed) as f64 / duration.as_secs_f64() / 1e6;
    println!(
        "{name:<48} {conns:>6} {rps:>10.0} {:>9.2} {:>9.2} {:>12} {:>8}{}{}",
        pct(0.50),
        pct(0.99),
        peak_rss_mb(server),
        format!("{rss_before:.1} MB"),
        if method == Method::Post { String::new() } else { format!("  ({throughput:.0} MB/s)") },
        if failures > 0 { format!("  ({failures} failed)") } else { String::new() }
    );
    Some(rps)
}

/// The baselines: a trivial poem-openapi operation with a JSON body and response, one that
/// reads a user row by primary key with SeaORM (from the benchmark server's SQLite file), and
/// one that answers a constant of site info's size (a function list of the catalogue's names),
/// rendered once: what sending that many bytes costs here, whatever builds them.
fn baseline_server(database: String) {
    use lmsgate_entities::user;
    use poem_openapi::{ApiResponse, Object, OpenApi, OpenApiService, payload::Binary, payload::Json};
    use sea_orm::{DatabaseConnection, EntityTrait};
    #[derive(Object)]
    struct Empty {}
    #[derive(Object)]
    struct Pong {
        ok: bool,
    }
    #[derive(Object)]
    struct ById {
        id: i64,
    }
    #[derive(Object)]
    struct User {
        id: i64,
        username: String,
        firstname: String,
        lastname: String,
        email: String,
    }
    #[derive(ApiResponse)]
    enum Rendered {
        #[oai(status = 200, content_type = "application/json; charset=utf-8")]
        Ok(Binary<Bytes>),
    }
    struct Api(DatabaseConnection, Bytes);
    #[OpenApi]
    impl Api {
        #[oai(path = "/ping", method = "post")]
        async fn ping(&self, _body: Json<Empty>) -> Json<Pong> {
            Json(Pong { ok: true })
        }
        #[oai(path = "/constant", method = "post")]
        async fn constant(&self, _body: Json<Empty>) -> Rendered {
            Rendered::Ok(Binary(self.1.clone()))
        }
        #[oai(path = "/user", method = "post")]
        async fn user(&self, body: Json<ById>) -> Json<Option<User>> {
            let u = user::Entity::find_by_id(body.0.id).one(&self.0).await.ok().flatten();
            Json(u.map(|u| User {
                id: u.id,
                username: u.username,
                firstname: u.firstname,
                lastname: u.lastname,
                email: u.email,
            }))
        }
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        // Connected as lmsgate connects (pool, WAL, busy timeout, page cache), for a fair comparison.
        let db = lmsgate::setup::connect(&database, None).await.unwrap();
        let functions: Vec<_> = lmsgate_api::framework::catalogue::all()
            .iter()
            .map(|e| serde_json::json!({"name": e.info.name, "version": "2024100700"}))
            .collect();
        let site_info_sized = serde_json::to_vec(&serde_json::json!({"functions": functions})).unwrap();
        let api = OpenApiService::new(Api(db, site_info_sized.into()), "baseline", "1");
        poem::Server::new(poem::listener::TcpListener::bind("127.0.0.1:18182")).run(api).await.unwrap();
    });
}

/// The user lookups and a batch of new users on a site of ten users and on one of a million
/// (seeded straight into SQLite), each within twice the small site's cost when indexed.
async fn million(duration: Duration, small: &std::path::Path, small_server: &Child) {
    if !selected("users;") {
        return;
    }
    let big = std::env::temp_dir().join(format!("lmsgate-bench-1m-{}", std::process::id()));
    std::fs::create_dir_all(&big).unwrap();
    let mut big_server = serve(&big, "127.0.0.1:18183");
    let stop = Children(vec![big_server.id()]);
    wait_ready("127.0.0.1:18183").await;
    let sites = [
        (small, 10, "127.0.0.1:18181", "10 users", small_server),
        (big.as_path(), 1_000_000, "127.0.0.1:18183", "1M users", &big_server),
    ];
    for (dir, users, addr, label, server) in sites {
        let url = format!("sqlite://{}?mode=rwc", dir.join("lmsgate.db").display());
        let db = sea_orm::Database::connect(url).await.unwrap();
        let started = Instant::now();
        let site = bulk::seed(&db, users, 1).await;
        println!("{label}: seeded in {:.1} s", started.elapsed().as_secs_f64());
        let probe = site.first_user + 4;
        let by = |field: &str, value: String| leak(format!(r#"{{"field":"{field}","values":["{value}"]}}"#));
        let scenarios = [
            ("get_users_by_field id", by("id", probe.to_string())),
            ("get_users_by_field username", by("username", "bulk5".into())),
            ("get_users_by_field email", by("email", "bulk5@example.org".into())),
            ("get_users_by_field idnumber", by("idnumber", "B5".into())),
        ];
        for (name, body) in scenarios {
            run(
                Method::Post,
                leak(format!("{name} ({label}; users;)")),
                addr,
                "/api/v1/core_user_get_users_by_field",
                bearer(),
                32,
                duration,
                move |_| Bytes::from(body),
                server,
            )
            .await;
        }
        run(
            Method::Post,
            leak(format!("get_users email ({label}; users;)")),
            addr,
            "/api/v1/core_user_get_users",
            bearer(),
            32,
            duration,
            |_| Bytes::from(r#"{"criteria":[{"key":"email","value":"bulk5@example.org"}]}"#),
            server,
        )
        .await;
        let prefix = leak(format!("n{}", users));
        run(Method::Post, leak(format!("create_users of 100 ({label}; users;)")), addr, "/api/v1/core_user_create_users", bearer(), 4,
            duration, move |i| {
                let users: Vec<String> = (0..100).map(|k| format!(
                    r#"{{"username":"{prefix}x{i}x{k}","createpassword":true,"firstname":"N","lastname":"U","email":"{prefix}x{i}x{k}@example.org"}}"#
                )).collect();
                Bytes::from(format!(r#"{{"users":[{}]}}"#, users.join(",")))
            }, server).await;
    }
    drop(stop);
    let _ = big_server.wait();
    let _ = std::fs::remove_dir_all(&big);
}
