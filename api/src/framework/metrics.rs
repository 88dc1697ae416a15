//! Prometheus metrics (prometheus-client): one registry per server, rendered at `/metrics`.
//! Label values come from closed sets (function names, protocols, error codes, route names),
//! never from what a client sends, so the number of series stays bounded.
use std::borrow::Cow;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    function: &'static str,
    protocol: &'static str,
    outcome: Cow<'static, str>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LatencyLabels {
    function: &'static str,
    protocol: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    route: &'static str,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    cache: &'static str,
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct NameLabels {
    name: &'static str,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 0.25 ms … ~8 s
    Histogram::new(exponential_buckets(0.00025, 2.0, 16))
}

pub struct Metrics {
    registry: Registry,
    calls: Family<CallLabels, Counter>,
    call_seconds: Histograms<LatencyLabels>,
    http: Family<HttpLabels, Counter>,
    http_seconds: Histograms<RouteLabels>,
    cache: Family<CacheLabels, Counter>,
    login_failures: Counter,
    throttled: Family<NameLabels, Counter>,
    audit_written: Counter,
    audit_dropped: Counter,
    pool_connections: Family<NameLabels, Gauge>,
    list_waits: Counter,
    /// The known caches' (miss, hit) counters, taken from `cache` once: a call counts several
    /// lookups, and each would otherwise hash its labels to find its counter.
    cache_counters: Vec<(&'static str, [Counter; 2])>,
}

/// The caches `AppState` counts lookups of.
const CACHES: [&str; 4] = ["tokens", "site_config", "role_capabilities", "answers"];

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("lmsgate");
        let m = Self {
            calls: Family::default(),
            call_seconds: Family::new_with_constructor(latency_histogram),
            http: Family::default(),
            http_seconds: Family::new_with_constructor(latency_histogram),
            cache: Family::default(),
            login_failures: Counter::default(),
            throttled: Family::default(),
            audit_written: Counter::default(),
            audit_dropped: Counter::default(),
            pool_connections: Family::default(),
            list_waits: Counter::default(),
            cache_counters: Vec::new(),
            registry: Registry::default(),
        };
        registry.register(
            "function_calls",
            "External function calls by function, protocol and outcome (ok or the error code)",
            m.calls.clone(),
        );
        registry.register(
            "function_call_duration_seconds",
            "Time in the call pipeline, by function and protocol",
            m.call_seconds.clone(),
        );
        registry.register("http_requests", "HTTP requests by route, method and status", m.http.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to the response head, by route",
            m.http_seconds.clone(),
        );
        registry.register("cache_lookups", "Cache lookups by cache and result (hit, miss)", m.cache.clone());
        registry.register(
            "login_failures",
            "Password logins refused (wrong password, locked, unknown user)",
            m.login_failures.clone(),
        );
        registry.register("rate_limited", "Requests refused by a rate limit, by limit", m.throttled.clone());
        registry.register(
            "audit_entries_written",
            "Audit log entries written to the log table",
            m.audit_written.clone(),
        );
        registry.register(
            "audit_entries_dropped",
            "Audit log entries dropped because the queue was full",
            m.audit_dropped.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database pool connections by state (idle, in_use, max)",
            m.pool_connections.clone(),
        );
        registry.register(
            "list_call_waits",
            "List function calls that waited for a turn (limits.concurrent_lists)",
            m.list_waits.clone(),
        );
        let counter = |cache, result| m.cache.get_or_create(&CacheLabels { cache, result }).clone();
        let cache_counters = CACHES.iter().map(|&c| (c, [counter(c, "miss"), counter(c, "hit")])).collect();
        Self { registry, cache_counters, ..m }
    }
}

impl Metrics {
    pub fn call(&self, function: &'static str, protocol: &'static str, outcome: Result<(), &str>, took: Duration) {
        let outcome = match outcome {
            Ok(()) => Cow::Borrowed("ok"),
            Err(code) => Cow::Owned(code.to_string()),
        };
        self.calls.get_or_create(&CallLabels { function, protocol, outcome }).inc();
        self.call_seconds.get_or_create(&LatencyLabels { function, protocol }).observe(took.as_secs_f64());
    }

    pub fn http(&self, route: &'static str, method: &'static str, status: u16, took: Duration) {
        self.http.get_or_create(&HttpLabels { route, method, status }).inc();
        self.http_seconds.get_or_create(&RouteLabels { route }).observe(took.as_secs_f64());
    }

    pub fn cache(&self, cache: &'static str, hit: bool) {
        match self.cache_counters.iter().find(|(name, _)| *name == cache) {
            Some((_, counters)) => counters[usize::from(hit)].inc(),
            None => self.cache.get_or_create(&CacheLabels { cache, result: if hit { "hit" } else { "miss" } }).inc(),
        };
    }

    pub fn login_failed(&self) {
        self.login_failures.inc();
    }

    pub fn throttled(&self, limit: &'static str) {
        self.throttled.get_or_create(&NameLabels { name: limit }).inc();
    }

    pub fn audit(&self, written: u64, dropped: u64) {
        self.audit_written.inc_by(written);
        self.audit_dropped.inc_by(dropped);
    }

    pub fn pool(&self, idle: u32, in_use: u32, max: u32) {
        for (name, n) in [("idle", idle), ("in_use", in_use), ("max", max)] {
            self.pool_connections.get_or_create(&NameLabels { name }).set(i64::from(n));
        }
    }

    pub fn list_waited(&self) {
        self.list_waits.inc();
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
