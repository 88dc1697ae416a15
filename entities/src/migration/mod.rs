//! Migrations, written out statement by statement (SeaQuery, so one definition serves SQLite,
//! PostgreSQL and MySQL/MariaDB), never derived from the entity structs: a released migration
//! never changes, and a change to a table is a new migration.
mod frozen;

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(M0001Initial),
            Box::new(M0002Sessions),
            Box::new(M0003Courses),
            Box::new(M0004Files),
            Box::new(M0005Lookups),
            Box::new(M0006LastAccess),
            Box::new(M0007Messaging),
            Box::new(M0008Calendar),
            Box::new(M0009Favourites),
            Box::new(M0010Devices),
            Box::new(M0011Pictures),
            Box::new(M0012Modules),
            Box::new(M0013FileActivities),
            Box::new(M0014Gradebook),
            Box::new(M0015Forums),
            Box::new(M0016Completion),
        ]
    }
}

struct M0001Initial;

impl MigrationName for M0001Initial {
    fn name(&self) -> &str {
        "m0001_initial"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0001Initial {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::config(m).await?;
        frozen::user(m).await?;
        frozen::user_preferences(m).await?;
        frozen::context(m).await?;
        frozen::role(m).await?;
        frozen::capabilities(m).await?;
        frozen::role_capabilities(m).await?;
        frozen::role_assignments(m).await?;
        frozen::course_categories(m).await?;
        frozen::course(m).await?;
        frozen::enrol(m).await?;
        frozen::user_enrolments(m).await?;
        frozen::groups(m).await?;
        frozen::groups_members(m).await?;
        frozen::external_functions(m).await?;
        frozen::external_services(m).await?;
        frozen::external_services_functions(m).await?;
        frozen::external_services_users(m).await?;
        frozen::external_tokens(m).await?;
        frozen::log(m).await?;
        Ok(())
    }
}

/// Browser sessions (for AJAX).
struct M0002Sessions;

impl MigrationName for M0002Sessions {
    fn name(&self) -> &str {
        "m0002_sessions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0002Sessions {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::sessions(m).await
    }
}

/// Course sections and cohorts, and the lookups course and category functions make by
/// `idnumber`.
struct M0003Courses;

impl MigrationName for M0003Courses {
    fn name(&self) -> &str {
        "m0003_courses"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0003Courses {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::course_sections(m).await?;
        frozen::cohort(m).await?;
        frozen::cohort_members(m).await?;
        for (table, column) in [("course", "idnumber"), ("course_categories", "idnumber"), ("groups", "idnumber")] {
            m.create_index(
                Index::create()
                    .name(format!("idx-{table}-{column}"))
                    .table(Alias::new(table))
                    .col(Alias::new(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

/// File metadata and the keys of `tokenpluginfile.php`.
struct M0004Files;

impl MigrationName for M0004Files {
    fn name(&self) -> &str {
        "m0004_files"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0004Files {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::files(m).await?;
        frozen::user_private_key(m).await?;
        // Listing an area (draft, private) is by these four.
        m.create_index(
            Index::create()
                .name("idx-files-area")
                .table(Alias::new("files"))
                .col(Alias::new("contextid"))
                .col(Alias::new("component"))
                .col(Alias::new("filearea"))
                .col(Alias::new("itemid"))
                .to_owned(),
        )
        .await
    }
}

/// When each user last entered each course.
struct M0006LastAccess;

impl MigrationName for M0006LastAccess {
    fn name(&self) -> &str {
        "m0006_last_access"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0006LastAccess {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::user_lastaccess(m).await
    }
}

/// Conversations and their messages, contacts, and notifications.
struct M0007Messaging;

impl MigrationName for M0007Messaging {
    fn name(&self) -> &str {
        "m0007_messaging"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0007Messaging {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::messaging(m).await
    }
}

/// Calendar events.
struct M0008Calendar;

impl MigrationName for M0008Calendar {
    fn name(&self) -> &str {
        "m0008_calendar"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0008Calendar {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::event(m).await
    }
}

/// What users starred (courses).
struct M0009Favourites;

impl MigrationName for M0009Favourites {
    fn name(&self) -> &str {
        "m0009_favourites"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0009Favourites {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::favourite(m).await
    }
}

/// The app installations of users.
struct M0010Devices;

impl MigrationName for M0010Devices {
    fn name(&self) -> &str {
        "m0010_devices"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0010Devices {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::user_devices(m).await
    }
}

/// Users' uploaded pictures: `user.picture` is the revision of the `user/icon` files (0: none),
/// as in Moodle, so picture URLs are made without looking for files.
struct M0011Pictures;

impl MigrationName for M0011Pictures {
    fn name(&self) -> &str {
        "m0011_pictures"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0011Pictures {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let picture = ColumnDef::new("picture").big_integer().not_null().default(0).to_owned();
        m.alter_table(Table::alter().table(Alias::new("user")).add_column(picture).to_owned()).await
    }
}

/// Activities: types, course modules and the first instance tables.
struct M0012Modules;

impl MigrationName for M0012Modules {
    fn name(&self) -> &str {
        "m0012_modules"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0012Modules {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::modules(m).await
    }
}

/// The file resource and folder activity types.
struct M0013FileActivities;

impl MigrationName for M0013FileActivities {
    fn name(&self) -> &str {
        "m0013_file_activities"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0013FileActivities {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::file_activities(m).await
    }
}

/// The gradebook (categories, items, grades) and the assignment and quiz activity types.
struct M0014Gradebook;

impl MigrationName for M0014Gradebook {
    fn name(&self) -> &str {
        "m0014_gradebook"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0014Gradebook {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::gradebook(m).await
    }
}

/// The forum activity type: forums, discussions and posts.
struct M0015Forums;

impl MigrationName for M0015Forums {
    fn name(&self) -> &str {
        "m0015_forums"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0015Forums {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::forums(m).await
    }
}

/// Activity completion.
struct M0016Completion;

impl MigrationName for M0016Completion {
    fn name(&self) -> &str {
        "m0016_completion"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0016Completion {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        frozen::completion(m).await
    }
}

/// Indexes for every lookup a function makes on a large site, and MySQL columns as wide as the
/// values the API accepts.
struct M0005Lookups;

impl MigrationName for M0005Lookups {
    fn name(&self) -> &str {
        "m0005_lookups"
    }
}

/// Columns searched case-insensitively (`core_user_get_users`).
const SEARCHED: [&str; 3] = ["email", "firstname", "lastname"];
/// Course columns `core_course_search_courses` searches for words anywhere.
const COURSE_SEARCHED: [&str; 4] = ["fullname", "shortname", "idnumber", "summary"];

#[async_trait::async_trait]
impl MigrationTrait for M0005Lookups {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let index = |table: &str, name: &str, columns: &[&str]| {
            let mut i = Index::create().name(name).table(Alias::new(table)).to_owned();
            for c in columns {
                i.col(Alias::new(*c));
            }
            i
        };
        m.create_index(index("user", "idx-user-idnumber", &["idnumber"])).await?;
        // The login lookup and the listing of a user's tokens, by user and service.
        m.create_index(index("external_tokens", "idx-external_tokens-user-service", &["userid", "externalserviceid"]))
            .await?;
        m.create_index(index("role_assignments", "idx-role_assignments-user-context", &["userid", "contextid"]))
            .await?;
        m.create_index(index("log", "idx-log-function-time", &["functionname", "timecreated"])).await?;
        let db = m.get_connection();
        match m.get_database_backend() {
            // A `lower()` index serves equality and the prefix range the search adds; the
            // contexts below one are a range of `path`.
            DatabaseBackend::Sqlite => {
                m.create_index(index("context", "idx-context-path", &["path"])).await?;
                for c in SEARCHED {
                    db.execute_unprepared(&format!("CREATE INDEX \"idx-user-lower-{c}\" ON \"user\" (lower(\"{c}\"))"))
                        .await?;
                }
            }
            // `text_pattern_ops` serves equality and prefix LIKE in any collation; trigrams (when
            // the extension can be had) serve `%infix%` searches.
            DatabaseBackend::Postgres => {
                db.execute_unprepared("CREATE INDEX \"idx-context-path\" ON \"context\" (path text_pattern_ops)")
                    .await?;
                for c in SEARCHED {
                    db.execute_unprepared(&format!(
                        "CREATE INDEX \"idx-user-lower-{c}\" ON \"user\" (lower(\"{c}\") text_pattern_ops)"
                    ))
                    .await?;
                }
                if trigrams_available(db).await? {
                    db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm").await?;
                    let searched = SEARCHED.map(|c| ("user", c));
                    let course = COURSE_SEARCHED.map(|c| ("course", c));
                    for (table, c) in searched.iter().chain(course.iter()) {
                        db.execute_unprepared(&format!(
                            "CREATE INDEX \"idx-{table}-trgm-{c}\" ON \"{table}\" USING gin (lower(\"{c}\") gin_trgm_ops)"
                        ))
                        .await?;
                    }
                }
            }
            // MySQL/MariaDB compare case-insensitively by collation: plain indexes serve; its
            // TEXT holds 64 KiB, less than a request may carry, so text columns become LONGTEXT.
            DatabaseBackend::MySql => {
                m.create_index(index("context", "idx-context-path", &["path"])).await?;
                m.create_index(index("user", "idx-user-firstname", &["firstname"])).await?;
                m.create_index(index("user", "idx-user-lastname", &["lastname"])).await?;
                for (table, column) in [
                    ("user", "description"),
                    ("user", "interests"),
                    ("course", "summary"),
                    ("course_categories", "description"),
                    ("course_sections", "summary"),
                    ("groups", "description"),
                    ("cohort", "description"),
                    ("user_preferences", "value"),
                ] {
                    db.execute_unprepared(&format!("ALTER TABLE `{table}` MODIFY `{column}` LONGTEXT NOT NULL"))
                        .await?;
                }
                db.execute_unprepared("ALTER TABLE `course` MODIFY `fullname` VARCHAR(1333) NOT NULL").await?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether `pg_trgm` is installed or this role may install it (it is a trusted extension).
async fn trigrams_available(db: &SchemaManagerConnection<'_>) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') \
             AND (EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') \
                  OR has_database_privilege(current_database(), 'CREATE')) AS ok",
        ))
        .await?;
    Ok(row.map(|r| r.try_get::<bool>("", "ok")).transpose()?.unwrap_or(false))
}
