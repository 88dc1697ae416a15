//! Configuration: defaults, then a TOML file, then `LMSGATE_*` environment variables, then
//! command-line flags, each overriding the one before. Nested keys are reached in the
//! environment with `__`: `LMSGATE_LIMITS__MAX_BODY_BYTES=1048576`.
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use lmsgate_api::framework::audit::AuditSettings;
use lmsgate_api::framework::state::Limits;
use lmsgate_api::framework::throttle::RateLimit;

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `postgres://…`, `mysql://…` or `sqlite://…`; unset: SQLite in `data_dir`.
    pub database_url: Option<Secret>,
    /// Database connections per node; unset: 4 on SQLite (one writer at a time, and each
    /// connection keeps its own cache and thread), 16 on PostgreSQL and MySQL.
    #[validate(range(min = 1, max = 1000))]
    pub db_pool: Option<u32>,
    /// Folder of the SQLite database and, by default, the file store.
    pub data_dir: PathBuf,
    /// File store (share it between nodes); unset: `<data_dir>/filedir`.
    pub file_dir: Option<PathBuf>,
    #[validate(custom(function = "socket_address"))]
    pub bind: String,
    /// Public base URL; unset: `http://<bind>`.
    #[validate(url)]
    pub public_url: Option<String>,
    /// Seconds resolved tokens, permissions and settings are cached: how long another node may
    /// go on accepting a revoked token.
    #[validate(range(max = 3600))]
    pub cache_ttl: u64,
    /// First start only: the admin's password (random when unset).
    pub admin_password: Option<Secret>,
    /// First start only: the admin's `all_functions` token, 32 hex characters (random when unset).
    #[validate(custom(function = "token_length"))]
    pub admin_token: Option<Secret>,
    /// Proxies whose `X-Forwarded-For` names the client (load balancers).
    pub trusted_proxies: Vec<IpNet>,
    #[validate(nested)]
    pub limits: Limits,
    pub rate_limit: RateLimit,
    pub logging: Logging,
    #[validate(nested)]
    pub audit: AuditSettings,
    pub metrics: Metrics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Plain,
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Logging {
    /// A `tracing` filter, e.g. `info` or `info,lmsgate=debug` (`LMSGATE_LOG` overrides it).
    pub level: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Metrics {
    /// Serve Prometheus metrics at `/metrics`.
    pub enabled: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: None,
            db_pool: None,
            data_dir: "./lmsgate-data".into(),
            file_dir: None,
            bind: "127.0.0.1:8080".into(),
            public_url: None,
            cache_ttl: 10,
            admin_password: None,
            admin_token: None,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            rate_limit: RateLimit::default(),
            logging: Logging::default(),
            audit: AuditSettings::default(),
            metrics: Metrics::default(),
        }
    }
}

impl Default for Logging {
    fn default() -> Self {
        Self { level: "info,sqlx=warn".into(), format: LogFormat::Plain }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// A secret setting (a password, a token, a database URL): `Debug`, `Display` and `Serialize`
/// (the effective configuration `config check` prints) show it masked; `expose()` is the one way
/// to its value. A URL keeps everything but its password visible.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    fn masked(&self) -> String {
        if self.0.contains("://") { mask_url_password(&self.0) } else { "********".into() }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.masked())
    }
}

/// Text, which the environment provider may have read as a number (`LMSGATE_ADMIN_PASSWORD=12345678`).
impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Scalar {
            Text(String),
            Unsigned(u64),
            Signed(i64),
        }
        Ok(Secret(match Scalar::deserialize(d)? {
            Scalar::Text(s) => s,
            Scalar::Unsigned(n) => n.to_string(),
            Scalar::Signed(n) => n.to_string(),
        }))
    }
}

fn token_length(token: &Secret) -> Result<(), ValidationError> {
    if token.expose().len() == 32 {
        Ok(())
    } else {
        Err(ValidationError::new("length").with_message("32 hex characters".into()))
    }
}

/// `host:port`, e.g. `127.0.0.1:8080`, `[::]:8080` or `localhost:8080`.
fn socket_address(bind: &str) -> Result<(), ValidationError> {
    let port = bind.rsplit_once(':').map(|(_, port)| port.parse::<u16>());
    match port {
        Some(Ok(_)) => Ok(()),
        _ => Err(ValidationError::new("host_port").with_message("an address like 127.0.0.1:8080".into())),
    }
}

/// Flags given on the command line, as dotted keys; they override everything else.
pub type Overrides = Vec<(&'static str, serde_json::Value)>;

impl Config {
    /// Loads defaults ← `file` (must exist when given) ← environment ← `overrides`, and validates.
    pub fn load(file: Option<&Path>, overrides: Overrides) -> Result<Self, String> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(format!("configuration file {} not found", path.display()));
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        // Only the variables that name a setting: LMSGATE_CONFIG, LMSGATE_TEST_* and the like
        // are not settings and must not trip the unknown-key check.
        let known = Self::top_level_keys();
        figment = figment
            .merge(Env::prefixed("LMSGATE_").split("__").filter(move |k| {
                let top = k.as_str().split('.').next().unwrap_or_default();
                known.iter().any(|name| name.eq_ignore_ascii_case(top))
            }))
            .merge(Env::raw().only(&["LMSGATE_LOG"]).map(|_| "logging.level".into()));
        for (key, value) in overrides {
            figment = figment.merge(Serialized::global(key, value));
        }
        let config: Config = figment.extract().map_err(|e| e.to_string())?;
        config.validate().map_err(|e| format!("invalid configuration: {e}"))?;
        Ok(config)
    }

    fn top_level_keys() -> Vec<String> {
        match serde_json::to_value(Config::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().map(|k| k.to_ascii_lowercase()).collect(),
            _ => Vec::new(),
        }
    }

    /// The database URL, SQLite under `data_dir` when none is set.
    pub fn database_url(&self) -> std::io::Result<String> {
        crate::setup::database_url(self.database_url.as_ref().map(Secret::expose), &self.data_dir)
    }

    pub fn file_dir(&self) -> PathBuf {
        self.file_dir.clone().unwrap_or_else(|| self.data_dir.join("filedir"))
    }

    /// The effective configuration as TOML, secrets masked (by `Secret`'s serialisation).
    pub fn masked_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:********@host/db`.
pub fn mask_url_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let Some((userinfo, host)) = rest.rsplit_once('@') else { return url.to_string() };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:********@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let config = Config {
            admin_password: Some(Secret::new("hunter2-Aa1")),
            admin_token: Some(Secret::new("0123456789abcdef0123456789abcdef")),
            database_url: Some(Secret::new("postgres://lms:pw0rd@db/lms")),
            ..Config::default()
        };
        for shown in [format!("{config:?}"), config.masked_toml()] {
            assert!(
                !shown.contains("hunter2") && !shown.contains("0123456789abcdef") && !shown.contains("pw0rd"),
                "{shown}"
            );
            assert!(shown.contains("postgres://lms:********@db/lms"), "{shown}");
        }
        assert_eq!(config.admin_password.as_ref().map(Secret::expose), Some("hunter2-Aa1"));
    }

    #[test]
    fn url_passwords_are_masked() {
        assert_eq!(mask_url_password("postgres://u:p%40ss@db:5432/x"), "postgres://u:********@db:5432/x");
        assert_eq!(mask_url_password("postgres://u@db/x"), "postgres://u@db/x");
        assert_eq!(mask_url_password("sqlite://./a.db?mode=rwc"), "sqlite://./a.db?mode=rwc");
    }

    #[test]
    fn the_readme_example_is_a_valid_configuration() {
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n").expect("a TOML example in the README") + 8;
        let example = &readme[start..start + readme[start..].find("```").unwrap()];
        let config: Config = toml::from_str(example).unwrap();
        config.validate().unwrap();
        assert_eq!(config.trusted_proxies.len(), 1);
    }

    /// More turns than tokio's semaphore can count would stop the server at start: refused here.
    #[test]
    fn list_turns_are_bounded() {
        let mut config = Config::default();
        config.limits.concurrent_lists = usize::MAX;
        assert!(config.validate().is_err());
    }

    #[test]
    fn defaults_are_valid() {
        Config::default().validate().unwrap();
    }
}
