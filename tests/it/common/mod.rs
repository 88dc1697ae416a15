//! Test harness: the real server on 127.0.0.1:0 over a fresh database (a new SQLite file, or a new
//! PostgreSQL/MySQL database when `LMSGATE_TEST_DATABASE_URL` is set), spoken to over HTTP.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use serde_json::{Value, json};

use lmsgate::config::{Config, Secret};
use lmsgate::server::{self, Running};
use lmsgate_api::framework::{AppState, tokens};
use lmsgate_entities::{config, external_services, external_services_users, now, user};

/// Statements a server ran, in order.
#[derive(Clone, Default)]
pub struct Statements(Arc<std::sync::Mutex<Vec<sea_orm::Statement>>>);

impl Statements {
    /// The statements recorded since the last call.
    pub fn take(&self) -> Vec<sea_orm::Statement> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

pub struct TestServer {
    pub base: String,
    pub admin_token: String,
    pub admin_password: String,
    pub state: Arc<AppState>,
    pub http: reqwest::Client,
    running: Option<Running>,
    config: Config,
}

fn unique() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{}_{}_{}", std::process::id(), now(), N.fetch_add(1, Ordering::Relaxed))
}

/// The upload request limit of test servers.
pub const MAX_UPLOAD_BYTES: u64 = 8 << 20;

/// This test run's folder under the system's temporary folder, `lmsgate-tests/<pid>`. The first
/// call removes the folders of runs whose process is gone, so that runs do not pile up.
fn run_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let root = std::env::temp_dir().join("lmsgate-tests");
        for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
            let pid = entry.file_name();
            if !std::path::Path::new("/proc").join(&pid).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        root.join(std::process::id().to_string())
    })
}

/// A new empty folder in this test run's folder.
pub fn fresh_dir(what: &str) -> std::path::PathBuf {
    let dir = run_dir().join(format!("{what}-{}", unique()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The configuration of test servers: defaults, a random port, and the test upload limit.
pub fn test_config() -> Config {
    let mut config = Config { bind: "127.0.0.1:0".into(), ..Default::default() };
    config.limits.max_upload_bytes = MAX_UPLOAD_BYTES;
    config
}

pub async fn fresh_database() -> String {
    match std::env::var("LMSGATE_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(url) => {
            let name = format!("lmsgate_t_{}", unique());
            let db = sea_orm::Database::connect(&url).await.expect("test database server");
            db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            let (base, _) = url.rsplit_once('/').expect("database URL with a database name");
            format!("{base}/{name}")
        }
        None => {
            let dir = fresh_dir("db");
            format!("sqlite://{}?mode=rwc", dir.join("lmsgate.db").display())
        }
    }
}

/// The plugins every in-process server of this test binary runs with (the example plugin, so
/// that its functions go through every test the built-in ones do). Call before the catalogue is
/// first used; `catalogue()` does.
pub fn install_plugins() {
    lmsgate::Lmsgate::new().plugin(&local_example::PLUGIN).install().expect("plugins install");
}

/// The catalogue, with the plugins installed.
pub fn catalogue() -> &'static [lmsgate_api::framework::catalogue::Entry] {
    install_plugins();
    lmsgate_api::framework::catalogue::all()
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with_ttl(Duration::from_secs(10)).await
    }

    pub async fn start_with_ttl(cache_ttl: Duration) -> Self {
        Self::start_with(Config { cache_ttl: cache_ttl.as_secs(), ..test_config() }).await
    }

    /// A server with this configuration over a fresh database and file store.
    pub async fn start_with(mut config: Config) -> Self {
        install_plugins();
        config.database_url = Some(Secret::new(fresh_database().await));
        config.file_dir = Some(fresh_dir("files"));
        let running = server::start(&config).await.expect("server starts");
        let first = running.first_start.as_ref().expect("fresh site");
        let (admin_token, admin_password) =
            (first.admin_token.expose().to_string(), first.admin_password.expose().to_string());
        Self::new(running, config, admin_token, admin_password)
    }

    /// A server whose every database statement is recorded (audit log off, so that nothing but
    /// the calls made runs statements).
    pub async fn start_recording() -> (Self, Statements) {
        install_plugins();
        let mut config = test_config();
        config.audit.enabled = false;
        config.database_url = Some(Secret::new(fresh_database().await));
        config.file_dir = Some(fresh_dir("files"));
        let mut db =
            lmsgate::setup::connect(config.database_url.as_ref().unwrap().expose(), config.db_pool).await.unwrap();
        let statements = Statements::default();
        let log = statements.clone();
        db.set_metric_callback(move |info| log.0.lock().unwrap().push(info.statement.clone()));
        let running = server::start_on(&config, db).await.expect("server starts");
        let first = running.first_start.as_ref().expect("fresh site");
        let (admin_token, admin_password) =
            (first.admin_token.expose().to_string(), first.admin_password.expose().to_string());
        (Self::new(running, config, admin_token, admin_password), statements)
    }

    /// A second node of the same site: same database, same file store, its own caches.
    pub async fn another_node(&self) -> Self {
        let running = server::start(&self.config).await.expect("node starts");
        assert!(running.first_start.is_none());
        Self::new(running, self.config.clone(), self.admin_token.clone(), self.admin_password.clone())
    }

    fn new(running: Running, config: Config, admin_token: String, admin_password: String) -> Self {
        Self {
            base: running.base_url.clone(),
            admin_token,
            admin_password,
            state: running.state.clone(),
            http: reqwest::Client::new(),
            running: Some(running),
            config,
        }
    }

    /// The same server seen from another tokio runtime: its own HTTP client (a client's pooled
    /// connections belong to the runtime that opened them); dropping it leaves the server running.
    pub fn view(&self) -> Self {
        Self {
            base: self.base.clone(),
            admin_token: self.admin_token.clone(),
            admin_password: self.admin_password.clone(),
            state: self.state.clone(),
            http: reqwest::Client::new(),
            running: None,
            config: self.config.clone(),
        }
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
    }

    /// `POST /api/v1/{function}` with a bearer token: (status, body).
    pub async fn call(&self, token: &str, function: &str, params: Value) -> (u16, Value) {
        let res = self
            .http
            .post(format!("{}/api/v1/{function}", self.base))
            .bearer_auth(token)
            .json(&params)
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn admin(&self, function: &str, params: Value) -> Value {
        let (status, body) = self.call(&self.admin_token, function, params).await;
        assert_eq!(status, 200, "{function}: {body}");
        body
    }

    /// `server.php` with JSON output, the arguments in PHP bracket form.
    pub async fn rest_json(&self, token: &str, function: &str, params: &Value) -> Value {
        let mut form = vec![
            ("wstoken".to_string(), token.to_string()),
            ("wsfunction".to_string(), function.to_string()),
            ("moodlewsrestformat".to_string(), "json".to_string()),
        ];
        php_form("", params, &mut form);
        self.http.post(format!("{}/webservice/rest/server.php", self.base)).form(&form).send_json().await
    }

    /// One call through `lib/ajax/service.php` in the browser session `b`: the batch's answer.
    pub async fn ajax_call(&self, b: &Browser, function: &str, args: &Value) -> Value {
        self.http
            .post(format!("{}/lib/ajax/service.php?sesskey={}", self.base, b.sesskey))
            .header("cookie", &b.cookie)
            .json(&json!([{"index": 0, "methodname": function, "args": args}]))
            .send_json()
            .await
    }

    /// `login/token.php` by GET.
    pub async fn login(&self, username: &str, password: &str, service: &str) -> Value {
        self.http
            .get(format!("{}/login/token.php", self.base))
            .query(&[("username", username), ("password", password), ("service", service)])
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json")
    }

    /// Creates a user through the API; returns its id.
    pub async fn create_user(&self, username: &str) -> i64 {
        let body = self
            .admin(
                "core_user_create_users",
                json!({"users": [{"username": username, "password": PASSWORD, "firstname": "First",
                    "lastname": username, "email": format!("{username}@example.org")}]}),
            )
            .await;
        body[0]["id"].as_i64().expect("id")
    }

    pub async fn service_id(&self, shortname: &str) -> i64 {
        external_services::Entity::find()
            .filter(external_services::Column::Shortname.eq(shortname))
            .one(&self.state.db)
            .await
            .unwrap()
            .expect("service")
            .id
    }

    /// A token for `userid` on `service` (authorising the user when the service is restricted).
    pub async fn token_for(&self, userid: i64, service: &str) -> String {
        let serviceid = self.service_id(service).await;
        self.authorise(userid, serviceid, None, None).await;
        tokens::create(&self.state.db, new_token(userid, serviceid)).await.unwrap().token
    }

    pub async fn authorise(&self, userid: i64, serviceid: i64, validuntil: Option<i64>, ip: Option<&str>) {
        let exists = external_services_users::Entity::find()
            .filter(external_services_users::Column::Userid.eq(userid))
            .filter(external_services_users::Column::Externalserviceid.eq(serviceid))
            .one(&self.state.db)
            .await
            .unwrap();
        if let Some(row) = exists {
            external_services_users::Entity::delete_by_id(row.id).exec(&self.state.db).await.unwrap();
        }
        external_services_users::ActiveModel {
            id: NotSet,
            externalserviceid: Set(serviceid),
            userid: Set(userid),
            iprestriction: Set(ip.map(str::to_string)),
            validuntil: Set(validuntil),
            timecreated: Set(Some(now())),
        }
        .insert(&self.state.db)
        .await
        .unwrap();
        self.state.invalidate_caches();
    }

    pub async fn set_config(&self, name: &str, value: &str) {
        let row = config::Entity::find().filter(config::Column::Name.eq(name)).one(&self.state.db).await.unwrap();
        match row {
            Some(r) => {
                let mut r = r.into_active_model();
                r.value = Set(value.into());
                r.update(&self.state.db).await.unwrap();
            }
            None => {
                config::ActiveModel { id: NotSet, name: Set(name.into()), value: Set(value.into()) }
                    .insert(&self.state.db)
                    .await
                    .unwrap();
            }
        }
        self.state.invalidate_caches();
    }

    /// Changes a user row directly (to reach states the API cannot set, e.g. unconfirmed).
    pub async fn edit_user(&self, userid: i64, f: impl FnOnce(&mut user::ActiveModel)) {
        let mut row = user::Entity::find_by_id(userid).one(&self.state.db).await.unwrap().unwrap().into_active_model();
        f(&mut row);
        row.update(&self.state.db).await.unwrap();
        self.state.invalidate_caches();
    }
}

/// A browser's session: its cookie and sesskey.
pub struct Browser {
    pub cookie: String,
    pub sesskey: String,
}

impl TestServer {
    /// `POST /webservice/upload.php` with `files` (name, bytes) into draft area `itemid` (a new
    /// one when `None`): (status, JSON answer).
    pub async fn upload(&self, token: &str, itemid: Option<i64>, files: &[(&str, &[u8])]) -> (u16, Value) {
        use reqwest::multipart::{Form, Part};
        let mut form = Form::new().text("token", token.to_string());
        if let Some(itemid) = itemid {
            form = form.text("itemid", itemid.to_string());
        }
        for (i, (name, data)) in files.iter().enumerate() {
            form = form.part(format!("file_{i}"), Part::bytes(data.to_vec()).file_name(name.to_string()));
        }
        let res = self.http.post(format!("{}/webservice/upload.php", self.base)).multipart(form).send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON answer: {text}")))
    }

    /// A login token from `GET /login/index.php`: (token, the cookie that carries it).
    pub async fn login_token(&self) -> (String, String) {
        let res = self.http.get(format!("{}/login/index.php", self.base)).send().await.unwrap();
        let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        let body: Value = res.json().await.unwrap();
        (body["logintoken"].as_str().expect("logintoken").to_string(), cookie)
    }

    /// Logs in through `/login/index.php`, as a browser does: the login token first.
    pub async fn browser_login(&self, username: &str, password: &str) -> Browser {
        let (token, token_cookie) = self.login_token().await;
        let res = self
            .http
            .post(format!("{}/login/index.php", self.base))
            .header("cookie", token_cookie)
            .form(&[("username", username), ("password", password), ("logintoken", &token)])
            .send()
            .await
            .unwrap();
        let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        let body: Value = res.json().await.unwrap();
        Browser { cookie, sesskey: body["sesskey"].as_str().expect("sesskey").to_string() }
    }
}

pub const PASSWORD: &str = "Test-pass1";

/// Sends a request and reads its JSON body (failing the test if either fails).
pub trait SendJson {
    fn send_json(self) -> impl std::future::Future<Output = Value>;
}

impl SendJson for reqwest::RequestBuilder {
    async fn send_json(self) -> Value {
        self.send().await.expect("request").json().await.expect("a JSON body")
    }
}

pub fn new_token(userid: i64, serviceid: i64) -> tokens::NewToken {
    tokens::NewToken { userid, serviceid, creatorid: 2, validuntil: None, iprestriction: None, name: None, value: None }
}
pub mod bulk;
pub mod plans;
pub mod process;
pub mod site;

/// PHP bracket form of a JSON value: `users[0][username]=x`.
pub fn php_form(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                php_form(&if prefix.is_empty() { k.clone() } else { format!("{prefix}[{k}]") }, v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                php_form(&format!("{prefix}[{i}]"), v, out);
            }
        }
        Value::String(s) => out.push((prefix.into(), s.clone())),
        Value::Bool(b) => out.push((prefix.into(), if *b { "1" } else { "0" }.into())),
        Value::Null => {}
        other => out.push((prefix.into(), other.to_string())),
    }
}
