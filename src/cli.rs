//! Command line: `serve` and the admin subcommands.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use lmsgate_api::framework::{AppState, Caller, catalogue, tokens};
use lmsgate_api::report_log::get_entries as log_entries;
use lmsgate_entities::{
    config, external_services, external_services_functions, external_services_users, external_tokens, now, user,
};

use crate::config::{Config, Overrides};
use crate::{server, setup, telemetry};

#[derive(Parser)]
#[command(name = "lmsgate", version, about = "Moodle-compatible web services, typed and fast")]
pub struct Cli {
    /// TOML configuration file (every setting; `LMSGATE_*` variables and flags override it).
    #[arg(long, env = "LMSGATE_CONFIG", global = true)]
    config: Option<PathBuf>,
    /// Database URL (postgres://, mysql://, sqlite://). Default: SQLite under --data-dir.
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Folder for the SQLite database and, by default, the file store.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// File store folder (share it between nodes). Default: <data-dir>/filedir.
    #[arg(long, global = true)]
    file_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (migrates, and installs a new site on first start).
    Serve {
        #[arg(long)]
        bind: Option<String>,
        /// Public base URL, if not http://<bind>.
        #[arg(long)]
        public_url: Option<String>,
        /// Seconds resolved tokens, permissions and settings are cached.
        #[arg(long)]
        cache_ttl: Option<u64>,
        /// Largest upload request (all its files), in bytes; streamed to disk, never held in memory.
        #[arg(long)]
        max_upload_bytes: Option<u64>,
    },
    /// Check the configuration and print it, secrets masked.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Read the audit log of function calls.
    Log {
        /// Only this user's calls (username).
        #[arg(long)]
        user: Option<String>,
        /// Only calls of this function.
        #[arg(long)]
        function: Option<String>,
        /// Only calls at or after this Unix time, or this many seconds/minutes/hours/days ago (`90s`, `15m`, `2h`, `1d`).
        #[arg(long)]
        since: Option<String>,
        /// At most this many entries, newest first.
        #[arg(long, default_value_t = 100)]
        limit: u64,
    },
    /// Print the OpenAPI document (JSON) without starting a server.
    Openapi {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        public_url: String,
    },
    /// Manage users.
    #[command(subcommand)]
    User(UserCmd),
    /// Manage external services.
    #[command(subcommand)]
    Service(ServiceCmd),
    /// Manage tokens.
    #[command(subcommand)]
    Token(TokenCmd),
    /// Read and change site settings (the `config` table).
    #[command(subcommand)]
    Setting(SettingCmd),
    /// Fill the site with demo data (a teacher, five students, courses, messages, events);
    /// running it again adds nothing already there.
    Demo {
        /// Password of the demo accounts (generated and printed when absent).
        #[arg(long, env = "LMSGATE_DEMO_PASSWORD")]
        password: Option<String>,
    },
}

#[derive(Subcommand)]
enum ConfigCmd {
    /// Validate the configuration and print the effective settings (secrets masked).
    Check,
}

#[derive(Subcommand)]
enum UserCmd {
    Create {
        #[arg(long)]
        username: String,
        #[arg(long, env = "LMSGATE_NEW_USER_PASSWORD")]
        password: String,
        #[arg(long)]
        firstname: String,
        #[arg(long)]
        lastname: String,
        #[arg(long)]
        email: String,
        /// Authentication method: manual, nologin, email, or webservice (for simpleserver.php).
        #[arg(long, default_value = "manual", value_parser = ["manual", "nologin", "email", "webservice"])]
        auth: String,
    },
    /// Lift the lockout that repeated failed logins put on an account (Moodle's unlock link).
    Unlock { username: String },
}

#[derive(Subcommand)]
enum ServiceCmd {
    Create {
        shortname: String,
        #[arg(long)]
        name: Option<String>,
        /// Only authorised users may use it.
        #[arg(long)]
        restricted: bool,
        #[arg(long)]
        required_capability: Option<String>,
        #[arg(long)]
        disabled: bool,
        #[arg(long)]
        download_files: bool,
        #[arg(long)]
        upload_files: bool,
    },
    AddFunction {
        shortname: String,
        functions: Vec<String>,
    },
    Enable {
        shortname: String,
    },
    Disable {
        shortname: String,
    },
    AuthoriseUser {
        shortname: String,
        username: String,
        /// Unix time after which the authorisation ends.
        #[arg(long)]
        valid_until: Option<i64>,
        #[arg(long)]
        ip_restriction: Option<String>,
    },
}

#[derive(Subcommand)]
enum TokenCmd {
    /// Create a token and print it (shown once; only its hash is stored).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        service: String,
        /// Unix time after which the token is refused.
        #[arg(long)]
        valid_until: Option<i64>,
        #[arg(long)]
        ip_restriction: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
    List {
        #[arg(long)]
        username: Option<String>,
    },
    Revoke {
        id: i64,
    },
}

#[derive(Subcommand)]
enum SettingCmd {
    Get { name: String },
    Set { name: String, value: String },
    List,
}

type CliResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

impl Cli {
    /// The flags given, as configuration keys (they override file and environment).
    fn overrides(&self) -> Overrides {
        use serde_json::Value;
        let mut o: Overrides = Vec::new();
        let path = |p: &PathBuf| Value::from(p.display().to_string());
        o.extend(self.database_url.clone().map(|v| ("database_url", Value::from(v))));
        o.extend(self.data_dir.as_ref().map(|v| ("data_dir", path(v))));
        o.extend(self.file_dir.as_ref().map(|v| ("file_dir", path(v))));
        if let Command::Serve { bind, public_url, cache_ttl, max_upload_bytes } = &self.command {
            o.extend(bind.clone().map(|v| ("bind", Value::from(v))));
            o.extend(public_url.clone().map(|v| ("public_url", Value::from(v))));
            o.extend(cache_ttl.map(|v| ("cache_ttl", Value::from(v))));
            o.extend(max_upload_bytes.map(|v| ("limits.max_upload_bytes", Value::from(v))));
        }
        o
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref(), cli.overrides()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    telemetry::init_logging(&config.logging);
    // File IO runs on tokio's blocking pool. At its default of 512 threads a burst of uploads
    // started a thread per operation (35 threads for 8 uploading connections), each keeping
    // allocator pages of its own afterwards; operations beyond a few per core queue instead.
    let cores = lmsgate_api::framework::state::cores();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads((4 * cores).max(8))
        .build()
        .expect("tokio runtime");
    match rt.block_on(run(cli, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, config: Config) -> CliResult {
    match cli.command {
        Command::Serve { .. } => {
            let running = server::start(&config).await?;
            println!("lmsgate listening on {}", running.base_url);
            println!("Swagger UI: {}/docs/", running.base_url);
            println!("OpenAPI:    {}/openapi.json", running.base_url);
            if let Some(first) = &running.first_start {
                println!("New site installed.");
                println!("  admin username: admin");
                println!("  admin password: {}", first.admin_password.expose());
                println!("  admin token (service {}): {}", setup::ALL_FUNCTIONS_SERVICE, first.admin_token.expose());
            }
            running.wait().await?;
            Ok(())
        }
        Command::Config(ConfigCmd::Check) => {
            println!("{}", config.masked_toml().trim_end());
            eprintln!("configuration OK");
            Ok(())
        }
        Command::Openapi { public_url } => {
            // The spec needs no database: an in-memory SQLite backs the (unused) state.
            let mut opts = sea_orm::ConnectOptions::new("sqlite::memory:");
            opts.sqlx_logging(false);
            let db = sea_orm::Database::connect(opts).await?;
            let mut settings = lmsgate_api::framework::Settings::new(public_url.clone());
            settings.audit.enabled = false;
            let files = lmsgate_api::framework::filestore::FileStore::new(std::env::temp_dir());
            let state = lmsgate_api::framework::AppState::new(db, settings, files);
            let api = lmsgate_openapi::service(state, &public_url);
            println!("{}", lmsgate_openapi::render(&api.spec()));
            Ok(())
        }
        other => {
            let db = setup::connect(&config.database_url()?, config.db_pool).await?;
            let install = setup::Install {
                admin_password: config.admin_password.clone(),
                admin_token: config.admin_token.clone(),
            };
            setup::prepare(&db, install, false).await.map_err(|e| e.message)?;
            admin(&config, &db, other).await
        }
    }
}

async fn find_user(
    db: &DatabaseConnection,
    username: &str,
) -> Result<user::Model, Box<dyn std::error::Error + Send + Sync>> {
    user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .filter(user::Column::Deleted.eq(0))
        .one(db)
        .await?
        .ok_or_else(|| format!("no user '{username}'").into())
}

async fn find_service(
    db: &DatabaseConnection,
    shortname: &str,
) -> Result<external_services::Model, Box<dyn std::error::Error + Send + Sync>> {
    external_services::Entity::find()
        .filter(external_services::Column::Shortname.eq(shortname))
        .one(db)
        .await?
        .ok_or_else(|| format!("no service '{shortname}'").into())
}

/// Runs a catalogue function as the site admin, through the whole pipeline (access, parameter
/// validation, the function's own rules, its transaction, the audit log).
async fn call_as_admin(state: &AppState, function: &str, args: serde_json::Value) -> Result<serde_json::Value, String> {
    let entry = catalogue::find(function).ok_or_else(|| format!("no function {function}"))?;
    let caller = Caller::site_admin(state).await.map_err(|e| e.message)?;
    (entry.call_json)(state, &caller, None, Ok(args)).await.map(|r| r.into_value()).map_err(|e| match e.debuginfo {
        Some(debuginfo) if debuginfo != e.message => format!("{} ({debuginfo})", e.message),
        _ => e.message,
    })
}

async fn admin(config: &Config, db: &DatabaseConnection, command: Command) -> CliResult {
    let t = now();
    match command {
        Command::User(UserCmd::Create { username, password, firstname, lastname, email, auth }) => {
            // core_user_create_users does not make web-service-only accounts (as in Moodle); the
            // admin turns an account into one afterwards, as Moodle's admin pages do.
            let (api_auth, webservice) = if auth == "webservice" { ("manual", true) } else { (auth.as_str(), false) };
            let user = serde_json::json!({"username": username, "password": password, "firstname": firstname,
                "lastname": lastname, "email": email, "auth": api_auth});
            let public_url = config.public_url.clone().unwrap_or_else(|| format!("http://{}", config.bind));
            let state = server::app_state(config, db.clone(), &public_url)?;
            let created = call_as_admin(&state, "core_user_create_users", serde_json::json!({"users": [user]})).await;
            // The audit log is written before the command ends, whatever the outcome.
            state.audit.close().await;
            let id = created?[0]["id"].as_i64().ok_or("core_user_create_users answered no id")?;
            if webservice {
                let mut row = find_user(db, &username).await?.into_active_model();
                row.auth = Set(auth);
                row.update(db).await?;
            }
            println!("created user {username} (id {id})");
        }
        Command::User(UserCmd::Unlock { username }) => {
            let u = find_user(db, &username).await?;
            let was_locked = lmsgate_api::framework::login::unlock(db, u.id).await.map_err(|e| e.message)?;
            match was_locked {
                true => println!("unlocked {username}"),
                false => println!("{username} was not locked; failed logins forgotten"),
            }
        }
        Command::Service(ServiceCmd::Create {
            shortname,
            name,
            restricted,
            required_capability,
            disabled,
            download_files,
            upload_files,
        }) => {
            let row = external_services::ActiveModel {
                id: NotSet,
                name: Set(name.unwrap_or_else(|| shortname.clone())),
                enabled: Set(i32::from(!disabled)),
                requiredcapability: Set(required_capability),
                restrictedusers: Set(i32::from(restricted)),
                component: Set(None),
                timecreated: Set(t),
                timemodified: Set(Some(t)),
                shortname: Set(Some(shortname)),
                downloadfiles: Set(i32::from(download_files)),
                uploadfiles: Set(i32::from(upload_files)),
            }
            .insert(db)
            .await?;
            println!("created service {} (id {})", row.shortname.unwrap_or_default(), row.id);
        }
        Command::Service(ServiceCmd::AddFunction { shortname, functions }) => {
            let svc = find_service(db, &shortname).await?;
            for f in functions {
                if catalogue::find(&f).is_none() {
                    return Err(format!("no function '{f}' in the catalogue").into());
                }
                external_services_functions::ActiveModel {
                    id: NotSet,
                    externalserviceid: Set(svc.id),
                    functionname: Set(f.clone()),
                }
                .insert(db)
                .await?;
                println!("added {f} to {shortname}");
            }
        }
        Command::Service(cmd @ (ServiceCmd::Enable { .. } | ServiceCmd::Disable { .. })) => {
            let (shortname, enabled) = match cmd {
                ServiceCmd::Enable { shortname } => (shortname, 1),
                ServiceCmd::Disable { shortname } => (shortname, 0),
                _ => unreachable!(),
            };
            let mut svc = find_service(db, &shortname).await?.into_active_model();
            svc.enabled = Set(enabled);
            svc.timemodified = Set(Some(t));
            svc.update(db).await?;
            println!("service {shortname} {}", if enabled == 1 { "enabled" } else { "disabled" });
        }
        Command::Service(ServiceCmd::AuthoriseUser { shortname, username, valid_until, ip_restriction }) => {
            let svc = find_service(db, &shortname).await?;
            let u = find_user(db, &username).await?;
            external_services_users::ActiveModel {
                id: NotSet,
                externalserviceid: Set(svc.id),
                userid: Set(u.id),
                iprestriction: Set(ip_restriction),
                validuntil: Set(valid_until),
                timecreated: Set(Some(t)),
            }
            .insert(db)
            .await?;
            println!("authorised {username} for {shortname}");
        }
        Command::Token(TokenCmd::Create { username, service, valid_until, ip_restriction, name }) => {
            let u = find_user(db, &username).await?;
            let svc = find_service(db, &service).await?;
            let issued = tokens::create(
                db,
                tokens::NewToken {
                    userid: u.id,
                    serviceid: svc.id,
                    creatorid: lmsgate_entities::ids::ADMIN_USER,
                    validuntil: valid_until,
                    iprestriction: ip_restriction,
                    name,
                    value: None,
                },
            )
            .await
            .map_err(|e| e.message)?;
            println!("{}", issued.token);
            eprintln!("token id {} for {username} on {service}; it is shown only now", issued.id);
        }
        Command::Token(TokenCmd::List { username }) => {
            let mut q = external_tokens::Entity::find().order_by_asc(external_tokens::Column::Id);
            if let Some(name) = username {
                q = q.filter(external_tokens::Column::Userid.eq(find_user(db, &name).await?.id));
            }
            println!("{:>6} {:>6} {:>8} {:>12} {:<24} name", "id", "user", "service", "validuntil", "iprestriction");
            for k in q.all(db).await? {
                println!(
                    "{:>6} {:>6} {:>8} {:>12} {:<24} {}",
                    k.id,
                    k.userid,
                    k.externalserviceid,
                    k.validuntil.unwrap_or(0),
                    k.iprestriction.unwrap_or_default(),
                    k.name.unwrap_or_default()
                );
            }
        }
        Command::Token(TokenCmd::Revoke { id }) => {
            let res = external_tokens::Entity::delete_by_id(id).exec(db).await?;
            if res.rows_affected == 0 {
                return Err(format!("no token with id {id}").into());
            }
            println!("revoked token {id} (other nodes refuse it once their cache expires)");
        }
        Command::Demo { password } => {
            let public_url = config.public_url.clone().unwrap_or_else(|| format!("http://{}", config.bind));
            let state = server::app_state(config, db.clone(), &public_url)?;
            let done = crate::demo::run(&state, password, &public_url).await;
            state.audit.close().await;
            done?;
        }
        Command::Setting(SettingCmd::Get { name }) => {
            let row = config::Entity::find().filter(config::Column::Name.eq(&name)).one(db).await?;
            println!("{}", row.ok_or_else(|| format!("no setting '{name}'"))?.value);
        }
        Command::Setting(SettingCmd::Set { name, value }) => {
            match config::Entity::find().filter(config::Column::Name.eq(&name)).one(db).await? {
                Some(row) => {
                    let mut row = row.into_active_model();
                    row.value = Set(value.clone());
                    row.update(db).await?;
                }
                None => {
                    config::ActiveModel { id: NotSet, name: Set(name.clone()), value: Set(value.clone()) }
                        .insert(db)
                        .await?;
                }
            }
            println!("{name} = {value}");
        }
        Command::Setting(SettingCmd::List) => {
            for row in config::Entity::find().order_by_asc(config::Column::Name).all(db).await? {
                println!("{} = {}", row.name, row.value);
            }
        }
        Command::Log { user, function, since, limit } => {
            let userid = match user {
                Some(name) => Some(find_user(db, &name).await?.id),
                None => None,
            };
            let since = since.as_deref().map(|s| parse_since(s, t)).transpose()?;
            let filter = log_entries::Filter { userid, function, since, limit };
            println!(
                "{:>8} {:<20} {:>6} {:<36} {:<6} {:<16} {:>6} outcome",
                "id", "time (UTC)", "user", "function", "via", "ip", "ms"
            );
            for e in log_entries::query(db, &filter).await.map_err(|e| e.message)? {
                let time = httpdate::fmt_http_date(
                    std::time::UNIX_EPOCH + std::time::Duration::from_secs(e.timecreated.max(0) as u64),
                );
                println!(
                    "{:>8} {:<20} {:>6} {:<36} {:<6} {:<16} {:>6} {}",
                    e.id,
                    &time[5..25],
                    e.userid,
                    e.function,
                    e.protocol,
                    e.ip,
                    e.durationms,
                    e.outcome
                );
            }
        }
        Command::Serve { .. } | Command::Openapi { .. } | Command::Config(_) => unreachable!("handled in run"),
    }
    Ok(())
}

/// `--since`: a Unix time, or a time ago such as `90s`, `15m`, `2h`, `1d`.
fn parse_since(s: &str, now: i64) -> Result<i64, String> {
    let bad = || format!("--since {s}: a Unix time or an age like 90s, 15m, 2h, 1d");
    if let Ok(t) = s.parse::<i64>() {
        return Ok(t);
    }
    let (n, unit) = s.split_at(s.len().saturating_sub(1));
    let n: i64 = n.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return Err(bad()),
    };
    Ok(now - n * seconds)
}

#[cfg(test)]
mod tests {
    #[test]
    fn since_takes_unix_times_and_ages() {
        assert_eq!(super::parse_since("1700000000", 0), Ok(1_700_000_000));
        assert_eq!(super::parse_since("15m", 10_000), Ok(10_000 - 900));
        assert_eq!(super::parse_since("2d", 200_000), Ok(200_000 - 172_800));
        assert!(super::parse_since("soon", 0).is_err());
    }
}
