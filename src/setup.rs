//! Database connection, migrations, first-start install, and keeping the function tables in step
//! with the catalogue.
use std::path::Path;
use std::time::Duration;

use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectOptions, Database, DatabaseConnection, EntityTrait,
    QueryFilter, QuerySelect, Set, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::config::Secret;
use lmsgate_api::framework::{ApiError, catalogue, plugin, secrets, tokens};
use lmsgate_entities::{
    capabilities, capability_defs, external_functions, external_services, external_services_functions,
    external_services_users, ids, migration, now, seed,
};

pub const ALL_FUNCTIONS_SERVICE: &str = "all_functions";

/// SQLite under `data_dir` unless a URL is given.
pub fn database_url(url: Option<&str>, data_dir: &Path) -> std::io::Result<String> {
    match url.filter(|u| !u.is_empty()) {
        Some(u) => Ok(u.to_string()),
        None => {
            let file = data_dir.join("lmsgate.db");
            create_private_database(data_dir, &file)?;
            Ok(format!("sqlite://{}?mode=rwc", file.display()))
        }
    }
}

/// The SQLite file is created owner-only before SQLite opens it: SQLite gives its `-wal` and
/// `-shm` files the database file's mode, so all three stay unreadable to other accounts.
fn create_private_database(data_dir: &Path, file: &Path) -> std::io::Result<()> {
    lmsgate_api::framework::filestore::create_private_dir(data_dir)?;
    let mut open = std::fs::OpenOptions::new();
    open.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        open.mode(0o600);
        open.open(file)?;
        // A database made by an older version may still be world-readable.
        for path in [file.to_path_buf(), file.with_extension("db-wal"), file.with_extension("db-shm")] {
            if path.exists() {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    #[cfg(not(unix))]
    open.open(file)?;
    Ok(())
}

pub async fn connect(url: &str, pool: Option<u32>) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let pool = pool.unwrap_or(if url.starts_with("sqlite:") { 4 } else { 16 });
    let mut opts = ConnectOptions::new(url);
    opts.sqlx_logging(false).max_connections(pool).acquire_timeout(Duration::from_secs(10));
    // WAL lets readers run beside the writer; the busy timeout makes writers queue, not fail.
    opts.map_sqlx_sqlite_opts(|o| {
        o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // Each pooled connection keeps its own page cache (SQLite's default 2 MiB would be
            // 32 MiB across the pool as the database grows); the OS caches the file for all of them.
            .pragma("cache_size", "-512")
    });
    let db = Database::connect(opts).await?;
    migration::Migrator::up(&db, None).await?;
    Ok(db)
}

/// What a first start created, to be printed once.
pub struct FirstStart {
    pub admin_password: Secret,
    pub admin_token: Secret,
}

/// What a first start uses when given (configuration `admin_password`, `admin_token`).
#[derive(Debug, Default, Clone)]
pub struct Install {
    pub admin_password: Option<Secret>,
    pub admin_token: Option<Secret>,
}

/// Installs a new site when the database is empty. The catalogue tables are brought in step on
/// install and, with `sync`, always (the server does at every start; an admin command does not,
/// so that a command never rewrites what a running server with other plugins serves).
pub async fn prepare(db: &DatabaseConnection, install: Install, sync: bool) -> Result<Option<FirstStart>, ApiError> {
    let first = if seed::is_installed(db).await? {
        None
    } else {
        let admin_password = install
            .admin_password
            .map(|p| p.expose().to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| secrets::random_alnum(16) + "-1aA");
        let admin_token = match install.admin_token.map(|t| t.expose().to_string()).filter(|t| !t.is_empty()) {
            Some(t) if t.len() == 32 && t.chars().all(|c| c.is_ascii_hexdigit()) => t.to_lowercase(),
            Some(_) => {
                return Err(ApiError::coding("admin_token (LMSGATE_ADMIN_TOKEN) must be 32 hex characters"));
            }
            None => secrets::new_token(),
        };
        let hash = secrets::hash_password(admin_password.clone()).await?;
        seed::install(db, &hash).await?;
        let txn = db.begin().await?;
        let t = now();
        let service = external_services::ActiveModel {
            id: NotSet,
            name: Set("All functions".into()),
            enabled: Set(1),
            requiredcapability: Set(None),
            restrictedusers: Set(1),
            component: Set(None),
            timecreated: Set(t),
            timemodified: Set(Some(t)),
            shortname: Set(Some(ALL_FUNCTIONS_SERVICE.into())),
            downloadfiles: Set(1),
            uploadfiles: Set(1),
        }
        .insert(&txn)
        .await?;
        external_services_users::ActiveModel {
            id: NotSet,
            externalserviceid: Set(service.id),
            userid: Set(ids::ADMIN_USER),
            iprestriction: Set(None),
            validuntil: Set(None),
            timecreated: Set(Some(t)),
        }
        .insert(&txn)
        .await?;
        tokens::create(
            &txn,
            tokens::NewToken {
                userid: ids::ADMIN_USER,
                serviceid: service.id,
                creatorid: ids::ADMIN_USER,
                validuntil: None,
                iprestriction: None,
                name: Some("Admin token (first start)".into()),
                value: Some(admin_token.clone()),
            },
        )
        .await?;
        txn.commit().await?;
        Some(FirstStart { admin_password: Secret::new(admin_password), admin_token: Secret::new(admin_token) })
    };
    if sync || first.is_some() {
        sync_catalogue(db).await?;
    }
    Ok(first)
}

/// `external_functions` lists exactly the catalogue; `all_functions` holds every function; each
/// built-in service holds the functions that declare it. Capabilities and services that installed
/// plugins bring are added the first time the site starts with them.
pub async fn sync_catalogue(db: &DatabaseConnection) -> Result<(), ApiError> {
    // Immediate: it reads, then writes, while other nodes or commands may be writing (a deferred
    // SQLite transaction fails at once with "database is locked" when another write came between).
    let immediate =
        TransactionOptions { sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate), ..Default::default() };
    let txn = db.begin_with_options(immediate).await?;
    let known: Vec<String> =
        capabilities::Entity::find().select_only().column(capabilities::Column::Name).into_tuple().all(&txn).await?;
    let new = capability_defs::all().filter(|c| !known.iter().any(|k| k == c.name));
    seed::add_capabilities(&txn, new, ids::SYSTEM_CONTEXT).await?;
    for (component, svc) in plugin::installed().iter().flat_map(|p| p.services.iter().map(move |s| (p.name, s))) {
        let exists = external_services::Entity::find()
            .filter(external_services::Column::Shortname.eq(svc.shortname))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            let t = now();
            external_services::ActiveModel {
                id: NotSet,
                name: Set(svc.name.into()),
                enabled: Set(1),
                requiredcapability: Set(None),
                restrictedusers: Set(svc.restrictedusers.into()),
                component: Set(Some(component.into())),
                timecreated: Set(t),
                timemodified: Set(Some(t)),
                shortname: Set(Some(svc.shortname.into())),
                downloadfiles: Set(svc.downloadfiles.into()),
                uploadfiles: Set(svc.uploadfiles.into()),
            }
            .insert(&txn)
            .await?;
        }
    }
    let names: Vec<&str> = catalogue::all().iter().map(|e| e.info.name).collect();
    external_functions::Entity::delete_many()
        .filter(external_functions::Column::Name.is_not_in(names.iter().copied()))
        .exec(&txn)
        .await?;
    let existing: Vec<String> =
        external_functions::Entity::find().all(&txn).await?.into_iter().map(|f| f.name).collect();
    for e in catalogue::all() {
        if existing.iter().any(|n| n == e.info.name) {
            continue;
        }
        // What the function itself requires and checks (Moodle's column holds 255 characters).
        let caps: Vec<&str> = e.info.requires.iter().chain(e.info.checks).map(|c| c.name()).collect();
        external_functions::ActiveModel {
            id: NotSet,
            name: Set(e.info.name.into()),
            classname: Set(e.component.into()),
            methodname: Set("execute".into()),
            classpath: Set(None),
            component: Set(if e.component.starts_with("core_") { "moodle".into() } else { e.component.into() }),
            capabilities: Set(Some(caps.join(","))),
            services: Set(Some(e.info.services.join(","))),
        }
        .insert(&txn)
        .await?;
    }
    for svc in external_services::Entity::find().all(&txn).await? {
        let shortname = svc.shortname.clone().unwrap_or_default();
        let wanted: Vec<&str> = if shortname == ALL_FUNCTIONS_SERVICE {
            names.clone()
        } else if svc.component.is_some() {
            catalogue::all()
                .iter()
                .filter(|e| e.info.services.contains(&shortname.as_str()))
                .map(|e| e.info.name)
                .collect()
        } else {
            continue;
        };
        let have: Vec<String> = external_services_functions::Entity::find()
            .filter(external_services_functions::Column::Externalserviceid.eq(svc.id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|f| f.functionname)
            .collect();
        for name in wanted.iter().filter(|n| !have.iter().any(|h| h == *n)) {
            external_services_functions::ActiveModel {
                id: NotSet,
                externalserviceid: Set(svc.id),
                functionname: Set((*name).into()),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
