//! Migrations are written out, never derived from the entities; so the schema they build must be
//! checked against the entities the code reads and writes. On the test backend (SQLite, or
//! `LMSGATE_TEST_DATABASE_URL`): every table, column (type family, nullability) and index the
//! entities declare exists after migrating an empty database, and no column or table is there
//! that no entity knows. And a SQLite site made by an earlier lmsgate upgrades and keeps its data.
use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::ColumnType;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityName, EntityTrait, Schema, Statement};
use serde_json::json;

use common::{SendJson, test_config};
use lmsgate_entities::tables::*;

/// A column as the database has it: (type family, nullable).
type Columns = BTreeMap<String, (&'static str, bool)>;

fn family_of_sql(ty: &str) -> &'static str {
    let ty = ty.to_ascii_lowercase();
    if ty.contains("int") {
        "integer"
    } else if ty.contains("char") || ty.contains("text") || ty.contains("clob") {
        "text"
    } else if ["real", "double", "float", "numeric", "decimal"].iter().any(|t| ty.contains(t)) {
        "float"
    } else if ty.contains("blob") || ty.contains("bytea") || ty.contains("binary") {
        "blob"
    } else if ty.contains("bool") {
        "boolean"
    } else {
        "other"
    }
}

fn family_of(ty: &ColumnType) -> &'static str {
    match ty {
        ColumnType::TinyInteger | ColumnType::SmallInteger | ColumnType::Integer | ColumnType::BigInteger => "integer",
        ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => "text",
        ColumnType::Float | ColumnType::Double | ColumnType::Decimal(_) => "float",
        ColumnType::Blob | ColumnType::Binary(_) | ColumnType::VarBinary(_) => "blob",
        ColumnType::Boolean => "boolean",
        _ => "other",
    }
}

async fn rows(db: &DatabaseConnection, sql: &str, values: Vec<sea_orm::Value>) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_sql_and_values(db.get_database_backend(), sql, values)).await.expect(sql)
}

fn text(r: &sea_orm::QueryResult, i: usize) -> String {
    r.try_get_by_index::<String>(i)
        .or_else(|_| r.try_get_by_index::<Vec<u8>>(i).map(|b| String::from_utf8_lossy(&b).into_owned()))
        .unwrap_or_default()
}

fn number(r: &sea_orm::QueryResult, i: usize) -> i64 {
    r.try_get_by_index::<i64>(i).or_else(|_| r.try_get_by_index::<i32>(i).map(i64::from)).unwrap_or(0)
}

async fn tables(db: &DatabaseConnection) -> BTreeSet<String> {
    let sql = match db.get_database_backend() {
        DatabaseBackend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        DatabaseBackend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()"
        }
        _ => "SELECT table_name FROM information_schema.tables WHERE table_schema = database()",
    };
    rows(db, sql, vec![]).await.iter().map(|r| text(r, 0)).collect()
}

async fn columns(db: &DatabaseConnection, table: &str) -> Columns {
    let sql = match db.get_database_backend() {
        DatabaseBackend::Sqlite => "SELECT name, type, \"notnull\" = 0 FROM pragma_table_info(?)",
        DatabaseBackend::Postgres => {
            "SELECT column_name::text, data_type::text, (is_nullable = 'YES')::int FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
        _ => {
            "SELECT column_name, column_type, is_nullable = 'YES' FROM information_schema.columns \
             WHERE table_schema = database() AND table_name = ?"
        }
    };
    rows(db, sql, vec![table.into()])
        .await
        .iter()
        .map(|r| (text(r, 0), (family_of_sql(&text(r, 1)), number(r, 2) != 0)))
        .collect()
}

/// Every index as (columns in order, unique).
async fn indexes(db: &DatabaseConnection, table: &str) -> BTreeSet<(Vec<String>, bool)> {
    let mut out = BTreeSet::new();
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            for ix in rows(db, "SELECT name, \"unique\" FROM pragma_index_list(?)", vec![table.into()]).await {
                let cols =
                    rows(db, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", vec![text(&ix, 0).into()]).await;
                out.insert((cols.iter().map(|c| text(c, 0)).collect(), number(&ix, 1) != 0));
            }
        }
        DatabaseBackend::Postgres => {
            let sql = "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1";
            for ix in rows(db, sql, vec![table.into()]).await {
                let def = text(&ix, 0);
                let Some(list) = def.rsplit_once('(').and_then(|(_, l)| l.split_once(')')).map(|(l, _)| l) else {
                    continue;
                };
                let cols = list.split(',').map(|c| c.trim().trim_matches('"').to_string()).collect();
                out.insert((cols, def.starts_with("CREATE UNIQUE")));
            }
        }
        _ => {
            let sql = "SELECT index_name, non_unique, column_name FROM information_schema.statistics \
                       WHERE table_schema = database() AND table_name = ? ORDER BY index_name, seq_in_index";
            let mut by_name: BTreeMap<String, (Vec<String>, bool)> = BTreeMap::new();
            for r in rows(db, sql, vec![table.into()]).await {
                let e = by_name.entry(text(&r, 0)).or_insert((Vec::new(), number(&r, 1) == 0));
                e.0.push(text(&r, 2));
            }
            out.extend(by_name.into_values());
        }
    }
    out
}

/// What differs between the migrated table and its entity.
async fn drift<E: EntityTrait>(db: &DatabaseConnection, entity: E) -> Vec<String> {
    let table = entity.table_name();
    let schema = Schema::new(db.get_database_backend());
    let create = schema.create_table_from_entity(entity);
    let mut have = columns(db, table).await;
    let mut problems = Vec::new();
    let mut wanted: BTreeSet<(Vec<String>, bool)> = BTreeSet::new();
    for c in create.get_columns() {
        let name = c.get_column_name();
        let spec = c.get_column_spec();
        let nullable = spec.nullable != Some(false) && !spec.primary_key;
        let family = family_of(c.get_column_type().expect("typed column"));
        match have.remove(&name) {
            None => problems.push(format!("{table}.{name}: missing")),
            Some((f, n)) if (f, n) != (family, nullable) => problems
                .push(format!("{table}.{name}: database ({f}, nullable {n}), entity ({family}, nullable {nullable})")),
            Some(_) => {}
        }
        if spec.unique {
            wanted.insert((vec![name], true));
        }
    }
    problems.extend(have.keys().map(|c| format!("{table}.{c}: in the database, not in the entity")));
    let indexes_of =
        |ix: &sea_orm::sea_query::IndexCreateStatement| (ix.get_index_spec().get_column_names(), ix.is_unique_key());
    wanted.extend(create.get_indexes().iter().map(indexes_of));
    wanted.extend(schema.create_index_from_entity(entity).iter().map(indexes_of));
    let found = indexes(db, table).await;
    for (cols, unique) in wanted {
        // A unique index also serves as a plain one.
        let served = found.contains(&(cols.clone(), unique)) || found.contains(&(cols.clone(), true));
        if !served {
            problems.push(format!("{table}: no {}index on {cols:?}", if unique { "unique " } else { "" }));
        }
    }
    problems
}

#[tokio::test]
async fn migrations_build_what_the_entities_describe() {
    let url = common::fresh_database().await;
    let db = lmsgate::setup::connect(&url, Some(1)).await.expect("migrated");
    let mut problems = Vec::new();
    let mut known = BTreeSet::from(["seaql_migrations".to_string()]);
    macro_rules! check {
        ($($t:ident),* $(,)?) => {$(
            known.insert($t::Entity.table_name().to_string());
            problems.extend(drift(&db, $t::Entity).await);
        )*};
    }
    check!(
        config,
        user,
        user_preferences,
        context,
        role,
        capabilities,
        role_capabilities,
        role_assignments,
        course_categories,
        course,
        enrol,
        user_enrolments,
        groups,
        groups_members,
        external_functions,
        external_services,
        external_services_functions,
        external_services_users,
        external_tokens,
        log,
        sessions,
        course_sections,
        cohort,
        cohort_members,
        files,
        user_private_key,
        user_lastaccess,
        message_conversations,
        message_conversation_members,
        messages,
        message_user_actions,
        message_contacts,
        message_contact_requests,
        notifications,
        event,
        favourite,
        user_devices,
        modules,
        course_modules,
        page,
        url,
        label,
        resource,
        folder,
        grade_categories,
        grade_items,
        grade_grades,
        assign,
        assign_submission,
        quiz,
        forum,
        forum_discussions,
        forum_posts,
        course_modules_completion,
    );
    for t in tables(&db).await.difference(&known) {
        problems.push(format!("table {t}: in the database, not an entity"));
    }
    assert!(problems.is_empty(), "schema drift:\n{}", problems.join("\n"));
}

/// `tests/data/site-v0.1.sqlite`: a site made by lmsgate 0.1 (migrations m0001–m0005) with a user
/// `kim` and a course `OLD1`; admin password `Old-site-pass1`.
#[tokio::test]
async fn an_earlier_sqlite_site_upgrades_and_keeps_its_data() {
    let dir = common::fresh_dir("upgrade");
    let file = dir.join("lmsgate.db");
    std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/site-v0.1.sqlite"), &file).unwrap();
    let mut config = test_config();
    config.database_url = Some(lmsgate::config::Secret::new(format!("sqlite://{}?mode=rwc", file.display())));
    config.file_dir = Some(dir.join("files"));
    common::install_plugins();
    let running = lmsgate::server::start(&config).await.expect("the old site starts");
    assert!(running.first_start.is_none(), "an installed site is not installed again");
    let base = running.base_url.clone();
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .get(format!("{base}/login/token.php"))
        .query(&[("username", "admin"), ("password", "Old-site-pass1"), ("service", "all_functions")])
        .send_json()
        .await;
    let token = login["token"].as_str().expect("the old admin logs in").to_string();
    let call = |function: &str, body: serde_json::Value| {
        http.post(format!("{base}/api/v1/{function}")).bearer_auth(&token).json(&body).send_json()
    };
    let users = call("core_user_get_users_by_field", json!({"field": "username", "values": ["kim"]})).await;
    assert_eq!(users[0]["email"], "kim@example.org", "{users}");
    let courses = call("core_course_get_courses_by_field", json!({"field": "shortname", "value": "OLD1"})).await;
    assert_eq!(courses["courses"][0]["fullname"], "Old course", "{courses}");
    // And it takes new data through today's schema.
    let made = call(
        "core_course_create_courses",
        json!({"courses": [{"fullname": "New", "shortname": "NEW1", "categoryid": 1}]}),
    )
    .await;
    assert!(made[0]["id"].as_i64().is_some(), "{made}");
    let migrations: i64 = {
        let db = lmsgate::setup::connect(config.database_url.as_ref().unwrap().expose(), Some(1)).await.unwrap();
        let r = db
            .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, "SELECT count(*) FROM seaql_migrations"))
            .await
            .unwrap()
            .unwrap();
        r.try_get_by_index(0).unwrap()
    };
    use sea_orm_migration::MigratorTrait;
    assert_eq!(migrations as usize, lmsgate_entities::migration::Migrator::migrations().len());
    running.stop().await;
}
