//! Shared state: the database and short-lived caches (site config, role permissions, resolved
//! tokens). Caches are invalidated locally on writes; their time-to-live bounds how long another
//! node may see stale data.
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use moka::future::Cache;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use lmsgate_entities::cap::Capability;
use lmsgate_entities::{capability_defs, config, context, ids, permission, role_assignments, role_capabilities};

use super::audit::{AuditLog, AuditSettings};
use super::caller::TokenRecord;
use super::error::ApiError;
use super::filestore::FileStore;
use super::metrics::Metrics;
use super::throttle::{RateLimit, Throttle};

/// `key`'s value in `cache`, loaded by `load` on a miss. The miss path (a query, moka's insert)
/// is boxed: inline, its futures would make every caller's future kilobytes larger, and futures
/// are copied as they are boxed on the way through the server's layers, on every call.
pub async fn cached<K, V, F, Fut>(cache: &Cache<K, V>, key: K, load: F) -> Result<V, ApiError>
where
    K: std::hash::Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<V, ApiError>> + Send,
{
    if let Some(v) = cache.get(&key).await {
        return Ok(v);
    }
    Box::pin(cache.try_get_with(key, load())).await.map_err(|e| (*e).clone())
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// Public base URL, e.g. `http://127.0.0.1:8080` (Moodle's wwwroot).
    pub wwwroot: String,
    /// How long resolved tokens, site config and role permissions are cached.
    pub cache_ttl: Duration,
    pub limits: Limits,
    pub rate_limit: RateLimit,
    pub audit: AuditSettings,
    /// Collect Prometheus metrics.
    pub metrics: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, validator::Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest request body, except uploads (413).
    #[validate(range(min = 1024))]
    pub max_body_bytes: u64,
    /// Largest upload request (all its files); streamed to disk.
    #[validate(range(min = 1))]
    pub max_upload_bytes: u64,
    /// Seconds a request may take before 408 (uploads and downloads excepted).
    #[validate(range(min = 1))]
    pub request_timeout: u64,
    /// Calls in one AJAX batch.
    #[validate(range(min = 1, max = 10000))]
    pub max_ajax_calls: usize,
    /// Seconds a client has to send a request's headers before its connection is closed.
    #[validate(range(min = 1, max = 3600))]
    pub header_read_timeout: u64,
    /// Open connections from one peer address (further ones get 503); 0: no limit. Behind a load
    /// balancer every connection is the balancer's: raise it there.
    pub max_connections_per_address: usize,
    /// Most rows a list function returns in one call (its warnings say when more matched).
    #[validate(range(min = 1, max = 100000))]
    pub max_list_results: u64,
    /// List functions (`FunctionInfo::lists`) running at once on this node; more wait their turn.
    /// 0: as many as the machine has cores (raise it when the database is on another machine).
    #[validate(range(max = 100000))]
    pub concurrent_lists: usize,
    /// Request variables one form request may hold (PHP's `max_input_vars`; Moodle 4.5 requires
    /// at least 5000).
    #[validate(range(min = 1000, max = 1000000))]
    pub max_input_vars: usize,
}

/// The cores this process may use (2 when the system cannot tell): what sizes the node's own
/// pools and turns by default.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 10 << 20,
            max_upload_bytes: 2 << 30,
            request_timeout: 60,
            max_ajax_calls: 100,
            header_read_timeout: 20,
            max_connections_per_address: 256,
            max_list_results: 1000,
            concurrent_lists: 0,
            max_input_vars: super::form::MAX_VARS,
        }
    }
}

impl Settings {
    /// Defaults for a site at `wwwroot`.
    pub fn new(wwwroot: impl Into<String>) -> Self {
        Self {
            wwwroot: wwwroot.into(),
            cache_ttl: Duration::from_secs(10),
            limits: Limits::default(),
            rate_limit: RateLimit::default(),
            audit: AuditSettings::default(),
            metrics: true,
        }
    }
}

pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Settings,
    /// File contents (metadata is in the `files` table).
    pub files: FileStore,
    pub(crate) tokens: Cache<String, Arc<TokenRecord>>,
    /// Per-user facts read on every site info call: the user's context path and file key.
    pub(crate) user_paths: Cache<i64, Arc<[i64]>>,
    pub(crate) private_keys: Cache<i64, String>,
    /// Answers made for a token from cached state only (`per_token`), by token and function.
    answers: Cache<(i64, &'static str), Arc<Answer>>,
    pub throttle: Throttle,
    /// `None` when metrics are off.
    pub metrics: Option<Arc<Metrics>>,
    pub audit: AuditLog,
    site: Snapshot<SiteConfig>,
    role_caps: Snapshot<RoleCaps>,
    /// Off unless a test enables it.
    pub capability_log: super::access::CapabilityLog,
    /// Turns for list functions (`limits.concurrent_lists`).
    pub(crate) list_turns: tokio::sync::Semaphore,
}

/// An answer `per_token` keeps, with what it was made from: the token's record, the site
/// settings and the role definitions it read, as cached then (held, so never mistaken for a
/// later value at the same address).
struct Answer {
    token: Arc<TokenRecord>,
    site: Arc<SiteConfig>,
    roles: Arc<RoleCaps>,
    value: Arc<dyn std::any::Any + Send + Sync>,
}

/// One cached value with a time-to-live: a read lock and an `Arc` clone on the hot path.
struct Snapshot<T> {
    ttl: Duration,
    value: RwLock<Option<(Instant, Arc<T>)>>,
    /// Held while loading, so that the requests that find it expired load it once, not each.
    loading: tokio::sync::Mutex<()>,
}

impl<T> Snapshot<T> {
    fn new(ttl: Duration) -> Self {
        Self { ttl, value: RwLock::new(None), loading: tokio::sync::Mutex::new(()) }
    }

    /// The value, loaded by `load` when it has expired (by one caller at a time).
    async fn get_or_load(&self, load: impl Future<Output = Result<T, ApiError>>) -> Result<Arc<T>, ApiError> {
        let _loading = self.loading.lock().await;
        if let Some(v) = self.get() {
            return Ok(v);
        }
        let v = Arc::new(load.await?);
        self.set(v.clone());
        Ok(v)
    }

    fn get(&self) -> Option<Arc<T>> {
        let guard = self.value.read().ok()?;
        guard.as_ref().filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, v)| v.clone())
    }

    fn set(&self, v: Arc<T>) {
        if let Ok(mut guard) = self.value.write() {
            *guard = Some((Instant::now(), v));
        }
    }

    fn clear(&self) {
        if let Ok(mut guard) = self.value.write() {
            *guard = None;
        }
    }
}

/// Site settings (`config` table).
#[derive(Debug, Default)]
pub struct SiteConfig(pub HashMap<String, String, foldhash::fast::RandomState>);

impl SiteConfig {
    /// A setting; one the site lacks (added after it was installed) has its install default.
    pub fn get(&self, name: &str) -> &str {
        // Looked up, not searched: site info alone asks for ten settings a site has no row for.
        static DEFAULTS: std::sync::LazyLock<HashMap<&str, &str, foldhash::fast::RandomState>> =
            std::sync::LazyLock::new(|| lmsgate_entities::seed::DEFAULT_CONFIG.iter().copied().collect());
        match self.0.get(name) {
            Some(v) => v,
            None => DEFAULTS.get(name).copied().unwrap_or_default(),
        }
    }
    pub fn int(&self, name: &str) -> i64 {
        self.get(name).trim().parse().unwrap_or(0)
    }
    /// A setting a site may lack (one added after it was installed): `default` when unset.
    pub fn get_or<'a>(&'a self, name: &str, default: &'a str) -> &'a str {
        self.0.get(name).map_or(default, String::as_str)
    }
    pub fn enabled(&self, name: &str) -> bool {
        self.int(name) != 0
    }
    pub fn is_siteadmin(&self, userid: i64) -> bool {
        self.get("siteadmins").split(',').any(|id| id.trim().parse() == Ok(userid))
    }
}

/// capability → (roleid, contextid, permission) rows.
#[derive(Debug, Default)]
pub struct RoleCaps(HashMap<String, Vec<(i64, i64, i32)>>);

/// Who a capability is checked for.
#[derive(Debug, Clone)]
pub struct Subject {
    pub userid: i64,
    pub deleted: bool,
    /// (roleid, contextid) of every role assignment.
    pub roles: Vec<(i64, i64)>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings, files: FileStore) -> Arc<Self> {
        let ttl = settings.cache_ttl;
        let metrics = settings.metrics.then(|| Arc::new(Metrics::default()));
        Arc::new(Self {
            audit: AuditLog::start(db.clone(), &settings.audit, metrics.clone()),
            throttle: Throttle::new(&settings.rate_limit),
            metrics,
            db,
            files,
            tokens: Cache::builder().max_capacity(100_000).time_to_live(ttl).build(),
            user_paths: Cache::builder().max_capacity(100_000).time_to_live(ttl).build(),
            private_keys: Cache::builder().max_capacity(100_000).time_to_live(ttl).build(),
            answers: Cache::builder().max_capacity(100_000).time_to_live(ttl).build(),
            site: Snapshot::new(ttl),
            role_caps: Snapshot::new(ttl),
            capability_log: Default::default(),
            list_turns: tokio::sync::Semaphore::new(match settings.limits.concurrent_lists {
                0 => cores(),
                n => n,
            }),
            settings,
        })
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`):
    /// a deferred transaction that reads and then writes fails with BUSY when another writer
    /// committed in between, whatever the busy timeout.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, ApiError> {
        Ok(self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?)
    }

    pub fn count_throttled(&self, limit: &'static str) {
        if let Some(m) = &self.metrics {
            m.throttled(limit);
        }
    }

    pub fn count_cache(&self, cache: &'static str, hit: bool) {
        if let Some(m) = &self.metrics {
            m.cache(cache, hit);
        }
    }

    /// A turn to run a list function: at once when one is free, else after the lists before it
    /// (counted, so that operators see when `limits.concurrent_lists` is too low).
    pub(crate) async fn take_list_turn(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        if let Ok(turn) = self.list_turns.try_acquire() {
            return Some(turn);
        }
        if let Some(m) = &self.metrics {
            m.list_waited();
        }
        self.list_turns.acquire().await.ok()
    }

    /// Forget everything cached (after writes to tokens, users, roles, services or config).
    pub fn invalidate_caches(&self) {
        self.tokens.invalidate_all();
        self.user_paths.invalidate_all();
        self.private_keys.invalidate_all();
        self.answers.invalidate_all();
        self.site.clear();
        self.role_caps.clear();
    }

    /// The context path of a user's own context (cached: contexts do not move).
    pub async fn user_path(&self, userid: i64) -> Result<Arc<[i64]>, ApiError> {
        cached(&self.user_paths, userid, || async move {
            let ctx = super::access::context_of(&self.db, lmsgate_entities::contextlevel::USER, userid)
                .await?
                .ok_or_else(ApiError::invalid_user)?;
            Ok(super::access::path_of(&ctx).into())
        })
        .await
    }

    /// How much of an error the Moodle-compatible endpoints show (the site's debug settings).
    pub async fn debugging(&self) -> super::Debugging {
        self.site().await.map(|s| super::Debugging::of(&s)).unwrap_or_default()
    }

    pub async fn site(&self) -> Result<Arc<SiteConfig>, ApiError> {
        let cached = self.site.get();
        self.count_cache("site_config", cached.is_some());
        if let Some(v) = cached {
            return Ok(v);
        }
        let load = self.site.get_or_load(async {
            let rows = config::Entity::find().all(&self.db).await?;
            Ok(SiteConfig(rows.into_iter().map(|r| (r.name, r.value)).collect()))
        });
        Box::pin(load).await
    }

    async fn role_caps(&self) -> Result<Arc<RoleCaps>, ApiError> {
        let cached = self.role_caps.get();
        self.count_cache("role_capabilities", cached.is_some());
        if let Some(v) = cached {
            return Ok(v);
        }
        let load = self.role_caps.get_or_load(async {
            let mut map: HashMap<String, Vec<(i64, i64, i32)>> = HashMap::new();
            for r in role_capabilities::Entity::find().all(&self.db).await? {
                map.entry(r.capability).or_default().push((r.roleid, r.contextid, r.permission));
            }
            Ok(RoleCaps(map))
        });
        Box::pin(load).await
    }

    /// `make`'s answer for the caller's token, made again only when the token's record, the site
    /// settings or the role definitions have been reloaded since (or the caches emptied): for a
    /// read whose answer depends on nothing else (its other reads cached with them, e.g. the
    /// user's context path). A caller without a token (a browser session) gets `make`'s answer.
    pub async fn per_token<T, Fut>(
        &self,
        caller: &super::Caller,
        function: &'static str,
        make: impl FnOnce() -> Fut,
    ) -> Result<T, ApiError>
    where
        T: Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + Send,
    {
        let Some(token) = &caller.token else { return Box::pin(make()).await };
        // Taken before `make` reads them: an answer made from newer ones is only made again.
        let (site, roles) = (self.site().await?, self.role_caps().await?);
        let key = (token.token.id, function);
        let kept =
            self.answers.get(&key).await.filter(|a| {
                Arc::ptr_eq(&a.token, token) && Arc::ptr_eq(&a.site, &site) && Arc::ptr_eq(&a.roles, &roles)
            });
        let value = kept.as_ref().and_then(|a| a.value.downcast_ref::<T>());
        self.count_cache("answers", value.is_some());
        if let Some(v) = value {
            return Ok(v.clone());
        }
        // Boxed, as `cached`'s miss path is: inline, it would enlarge every call's future.
        Box::pin(async move {
            let made = make().await?;
            let answer = Answer { token: token.clone(), site, roles, value: Arc::new(made.clone()) };
            self.answers.insert(key, Arc::new(answer)).await;
            Ok(made)
        })
        .await
    }

    /// The subject for a user (role assignments loaded from the database).
    pub async fn subject(&self, userid: i64, deleted: bool) -> Result<Subject, ApiError> {
        let roles = role_assignments::Entity::find()
            .filter(role_assignments::Column::Userid.eq(userid))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.roleid, r.contextid))
            .collect();
        Ok(Subject { userid, deleted, roles })
    }

    /// Ids of a context and its ancestors, root first; `None` when the context does not exist.
    pub async fn context_path(&self, level: i32, instanceid: i64) -> Result<Option<Vec<i64>>, ApiError> {
        if level == lmsgate_entities::contextlevel::SYSTEM {
            return Ok(Some(vec![ids::SYSTEM_CONTEXT]));
        }
        let row = context::Entity::find()
            .filter(context::Column::Contextlevel.eq(level))
            .filter(context::Column::Instanceid.eq(instanceid))
            .one(&self.db)
            .await?;
        Ok(row.map(|c| c.path.split('/').filter_map(|p| p.parse().ok()).collect()))
    }

    /// `has_capability` for a capability named at run time (a service's required capability, a
    /// `withcapability` option): one that does not exist is held by nobody.
    pub async fn has_capability_named(&self, who: &Subject, name: &str, path: &[i64]) -> Result<bool, ApiError> {
        match capability_defs::lookup(name) {
            Some(capability) => self.capability_held(who, capability, path).await,
            None => Ok(false),
        }
    }

    /// Moodle's `has_capability` (MOODLE-SPEC §11) in the context whose path is `path`.
    pub async fn has_capability(&self, who: &Subject, capability: Capability, path: &[i64]) -> Result<bool, ApiError> {
        super::access::record_check(capability);
        self.capability_held(who, capability, path).await
    }

    /// `has_capability` without noting the check (one the caller named, not the function).
    async fn capability_held(&self, who: &Subject, capability: Capability, path: &[i64]) -> Result<bool, ApiError> {
        let Some(def) = capability_defs::find(capability.name()) else {
            return Ok(false);
        };
        if who.deleted {
            return Ok(false);
        }
        let site = self.site().await?;
        let is_guest = who.userid == site.int("siteguest") || who.userid == 0;
        if is_guest && def.captype == "write" {
            return Ok(false);
        }
        if site.is_siteadmin(who.userid) {
            return Ok(true);
        }
        let mut roles: Vec<i64> = if is_guest {
            vec![site.int("guestroleid")]
        } else {
            let mut r: Vec<i64> = who.roles.iter().filter(|(_, c)| path.contains(c)).map(|(r, _)| *r).collect();
            r.push(site.int("defaultuserroleid"));
            r
        };
        roles.sort_unstable();
        roles.dedup();
        let caps = self.role_caps().await?;
        let Some(rows) = caps.0.get(capability.name()) else {
            return Ok(false);
        };
        let mut allowed = false;
        for role in roles {
            // The most specific context that defines the permission wins for this role.
            let mut found = None;
            for ctx in path.iter().rev() {
                if let Some((_, _, p)) = rows.iter().find(|(r, c, _)| *r == role && c == ctx) {
                    if *p == permission::PROHIBIT {
                        return Ok(false);
                    }
                    found.get_or_insert(*p);
                }
            }
            allowed |= found == Some(permission::ALLOW);
        }
        Ok(allowed)
    }

    pub async fn require_capability(
        &self,
        who: &Subject,
        capability: Capability,
        path: &[i64],
    ) -> Result<(), ApiError> {
        if self.has_capability(who, capability, path).await? {
            Ok(())
        } else {
            Err(ApiError::no_permission(capability))
        }
    }
}
