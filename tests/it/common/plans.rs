//! Query plans: which large tables a statement reads whole. SQLite's `EXPLAIN QUERY PLAN` names a
//! full scan `SCAN <table>`; PostgreSQL, told to avoid sequential scans, still plans `Seq Scan on
//! <table>` when no index serves the statement (so even a tiny test table shows a missing index).
#![allow(dead_code)]

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement, TransactionTrait};

/// Tables that grow with the site: a statement must never read one of them whole.
pub const LARGE: &[&str] = &["user", "course", "user_enrolments", "role_assignments", "log", "context"];

/// The large tables `statement` scans whole (empty for statements that are not queries, and on
/// backends without a plan check).
pub async fn full_scans(db: &DatabaseConnection, statement: &Statement) -> Vec<String> {
    let sql = statement.sql.trim_start();
    let verb = sql.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
    if !["SELECT", "UPDATE", "DELETE", "WITH"].contains(&verb.as_str()) {
        return Vec::new();
    }
    let values = statement.values.clone().map(|v| v.0).unwrap_or_default();
    let backend = db.get_database_backend();
    // A search for words anywhere in a text (`LIKE '%word%'`) cannot use a B-tree: PostgreSQL
    // serves it with trigram indexes, SQLite and MariaDB read the table (as the README says).
    let infix =
        values.iter().any(|v| matches!(v, sea_orm::Value::String(Some(s)) if s.starts_with('%') && s.len() > 1));
    if infix && backend != DatabaseBackend::Postgres {
        return Vec::new();
    }
    let (lines, marker): (Vec<String>, &str) = match backend {
        DatabaseBackend::Sqlite => {
            let explain = Statement::from_sql_and_values(backend, format!("EXPLAIN QUERY PLAN {sql}"), values);
            let rows = db.query_all_raw(explain).await.unwrap_or_else(|e| panic!("{e}: {sql}"));
            (rows.iter().map(|r| r.try_get::<String>("", "detail").unwrap()).collect(), "SCAN ")
        }
        DatabaseBackend::Postgres => {
            let txn = db.begin().await.unwrap();
            txn.execute_unprepared("SET LOCAL enable_seqscan = off").await.unwrap();
            let explain = Statement::from_sql_and_values(backend, format!("EXPLAIN {sql}"), values);
            let rows = txn.query_all_raw(explain).await.unwrap_or_else(|e| panic!("{e}: {sql}"));
            txn.rollback().await.unwrap();
            (rows.iter().map(|r| r.try_get::<String>("", "QUERY PLAN").unwrap()).collect(), "Seq Scan on ")
        }
        _ => return Vec::new(),
    };
    lines
        .iter()
        .filter_map(|line| {
            let rest = &line[line.find(marker)? + marker.len()..];
            let table = rest.split_whitespace().next()?.trim_matches('"');
            LARGE.contains(&table).then(|| format!("{table}: {}", line.trim()))
        })
        .collect()
}
