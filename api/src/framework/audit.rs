//! The audit log: every function call, written to the `log` table in batches by one task. A
//! request only queues its entry (never waits: a full queue drops the entry and counts it);
//! `close` writes what is queued before the process ends.
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

use sea_orm::sea_query::{Query, Values};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use lmsgate_entities::log;

use super::metrics::Metrics;

#[derive(Debug, Clone, Serialize, Deserialize, validator::Validate)]
#[serde(default, deny_unknown_fields)]
pub struct AuditSettings {
    /// Record every function call in the `log` table.
    pub enabled: bool,
    /// Milliseconds an entry waits at most before it is written (sooner when 4,096 are waiting).
    #[validate(range(min = 10, max = 60000))]
    pub flush_ms: u64,
    /// Entries waiting to be written; beyond it, entries are dropped (and counted), never waited on.
    #[validate(range(min = 100))]
    pub queue: usize,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self { enabled: true, flush_ms: 1000, queue: 100_000 }
    }
}

/// One function call.
#[derive(Debug)]
pub struct Entry {
    pub time: i64,
    pub userid: i64,
    pub function: &'static str,
    pub serviceid: Option<i64>,
    pub protocol: &'static str,
    pub ip: IpAddr,
    /// The error code; `None`: `ok`.
    pub outcome: Option<String>,
    pub duration_ms: i64,
}

/// Most rows per INSERT: well under every database's bound-parameter limit.
const ROWS_PER_INSERT: usize = 64;

/// Most entries written in one transaction (and held in memory while they are).
const ENTRIES_PER_TRANSACTION: usize = 4096;

/// The next INSERT's row count: 64, 8 or 1, so that the database (and each pooled connection's
/// prepared-statement cache, whose statements for many rows are large) only ever sees three
/// statement shapes.
fn next_chunk(left: usize) -> usize {
    [ROWS_PER_INSERT, 8, 1].into_iter().find(|n| left >= *n).unwrap_or(1)
}

pub struct AuditLog {
    queue: Option<mpsc::Sender<Entry>>,
    stop: CancellationToken,
    writer: Mutex<Option<tokio::task::JoinHandle<()>>>,
    metrics: Option<Arc<Metrics>>,
}

impl AuditLog {
    /// Starts the writer (on the current tokio runtime), or a log that records nothing.
    pub fn start(db: DatabaseConnection, settings: &AuditSettings, metrics: Option<Arc<Metrics>>) -> Self {
        let stop = CancellationToken::new();
        if !settings.enabled {
            return Self { queue: None, stop, writer: Mutex::new(None), metrics };
        }
        let (tx, rx) = mpsc::channel(settings.queue.max(1));
        let every = Duration::from_millis(settings.flush_ms);
        let writer = tokio::spawn(write_batches(db, rx, every, stop.clone(), metrics.clone()));
        Self { queue: Some(tx), stop, writer: Mutex::new(Some(writer)), metrics }
    }

    pub fn record(&self, entry: Entry) {
        let Some(queue) = &self.queue else { return };
        if queue.try_send(entry).is_err()
            && let Some(m) = &self.metrics
        {
            m.audit(0, 1);
        }
    }

    /// Writes everything queued and stops the writer.
    pub async fn close(&self) {
        self.stop.cancel();
        let writer = self.writer.lock().ok().and_then(|mut w| w.take());
        if let Some(w) = writer {
            let _ = w.await;
        }
    }
}

/// How often a gathering writer looks at the queue: it is not woken by each entry.
const LOOK_EVERY: Duration = Duration::from_millis(20);

/// Idle until an entry comes, then gathers until the interval ends or a transaction's worth
/// waits, and writes everything queued. A busy server writes a few times a second, so the queue
/// holds a fraction of a second's calls (4,096 entries, not 30,000), and an idle one not at all.
async fn write_batches(
    db: DatabaseConnection,
    mut rx: mpsc::Receiver<Entry>,
    every: Duration,
    stop: CancellationToken,
    metrics: Option<Arc<Metrics>>,
) {
    let mut batch = Vec::with_capacity(ENTRIES_PER_TRANSACTION);
    'writer: loop {
        tokio::select! {
            biased;
            _ = stop.cancelled() => break,
            n = rx.recv_many(&mut batch, ENTRIES_PER_TRANSACTION) => if n == 0 { break },
        }
        let deadline = Instant::now() + every;
        while batch.len() + rx.len() < ENTRIES_PER_TRANSACTION {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            tokio::select! {
                _ = stop.cancelled() => break 'writer,
                _ = tokio::time::sleep(left.min(LOOK_EVERY)) => {}
            }
        }
        // Everything queued by now, a transaction at a time.
        loop {
            while batch.len() < ENTRIES_PER_TRANSACTION
                && let Ok(e) = rx.try_recv()
            {
                batch.push(e);
            }
            if batch.is_empty() {
                break;
            }
            write(&db, &mut batch, metrics.as_deref()).await;
        }
    }
    rx.close();
    while let Ok(e) = rx.try_recv() {
        batch.push(e);
    }
    write(&db, &mut batch, metrics.as_deref()).await;
}

/// The columns an entry fills, in the order `values` gives them.
const COLUMNS: [log::Column; 10] = [
    log::Column::Timecreated,
    log::Column::Eventname,
    log::Column::Userid,
    log::Column::Functionname,
    log::Column::Serviceid,
    log::Column::Protocol,
    log::Column::Ip,
    log::Column::Outcome,
    log::Column::Durationms,
    log::Column::Other,
];

/// What Moodle names a web service call in its log.
const EVENT: &str = "\\core\\event\\webservice_function_called";

impl Entry {
    fn values(&self) -> [Value; COLUMNS.len()] {
        [
            self.time.into(),
            EVENT.into(),
            self.userid.into(),
            Some(self.function).into(),
            self.serviceid.into(),
            Some(self.protocol).into(),
            self.ip.to_string().into(),
            self.outcome.as_deref().unwrap_or("ok").into(),
            self.duration_ms.into(),
            String::new().into(),
        ]
    }
}

/// The INSERT of `rows` entries in the backend's dialect, with placeholders: made once per
/// chunk size and batch, not once per statement (that was most of the writer's work).
fn insert_sql(backend: DbBackend, rows: usize) -> String {
    let mut insert = Query::insert();
    insert.into_table(log::Entity).columns(COLUMNS);
    let placeholder = Entry {
        time: 0,
        userid: 0,
        function: "",
        serviceid: None,
        protocol: "",
        ip: IpAddr::from([0, 0, 0, 0]),
        outcome: None,
        duration_ms: 0,
    };
    for _ in 0..rows {
        insert.values_panic(placeholder.values().map(Into::into));
    }
    backend.build(&insert).sql
}

async fn write(db: &DatabaseConnection, batch: &mut Vec<Entry>, metrics: Option<&Metrics>) {
    // One transaction per batch: one commit, not one per statement.
    let txn = match db.begin().await {
        Ok(txn) => txn,
        Err(e) => {
            tracing::warn!(error = %e, entries = batch.len(), "could not write audit log entries");
            if let Some(m) = metrics {
                m.audit(0, batch.len() as u64);
            }
            batch.clear();
            return;
        }
    };
    let backend = db.get_database_backend();
    let mut sql: HashMap<usize, String> = HashMap::new();
    let mut written = 0;
    let mut rest = &batch[..];
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(next_chunk(rest.len()));
        rest = tail;
        let text = sql.entry(chunk.len()).or_insert_with(|| insert_sql(backend, chunk.len())).clone();
        let values = chunk.iter().flat_map(Entry::values).collect();
        match txn.execute_raw(Statement::from_sql_and_values(backend, text, Values(values))).await {
            Ok(_) => written += chunk.len(),
            Err(e) => tracing::warn!(error = %e, entries = chunk.len(), "could not write audit log entries"),
        }
    }
    let committed = txn.commit().await;
    if let Err(e) = &committed {
        tracing::warn!(error = %e, entries = written, "could not write audit log entries");
    }
    let written = if committed.is_ok() { written } else { 0 };
    if let Some(m) = metrics {
        m.audit(written as u64, (batch.len() - written) as u64);
    }
    batch.clear();
}

#[cfg(test)]
mod tests {
    use sea_orm::DbBackend;

    /// Every value an entry binds has its placeholder, on each backend (a `None` among the
    /// placeholder entry's values must not become a literal `NULL`).
    #[test]
    fn an_insert_has_a_placeholder_per_value() {
        for backend in [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql] {
            let sql = super::insert_sql(backend, 8);
            let marker = if backend == DbBackend::Postgres { '$' } else { '?' };
            assert_eq!(sql.matches(marker).count(), 8 * super::COLUMNS.len(), "{sql}");
        }
    }

    #[test]
    fn inserts_come_in_powers_of_two() {
        let sizes = |mut n: usize| {
            let mut out = Vec::new();
            while n > 0 {
                out.push(super::next_chunk(n));
                n -= out[out.len() - 1];
            }
            out
        };
        assert_eq!(sizes(139), [64, 64, 8, 1, 1, 1]);
        assert_eq!(sizes(1), [1]);
    }
}
