//! The audit log: every function call, written to the `log` table in batches by one task. A
//! request only queues its entry (never waits: a full queue drops the entry and counts it);
//! `close` writes what is queued before the process ends.
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

use sea_orm::{ActiveValue::NotSet, DatabaseConnection, EntityTrait, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use lmsgate_entities::log;

use super::metrics::Metrics;

#[derive(Debug, Clone, Serialize, Deserialize, validator::Validate)]
#[serde(default, deny_unknown_fields)]
pub struct AuditSettings {
    /// Record every function call in the `log` table.
    pub enabled: bool,
    /// Milliseconds between batch writes.
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

async fn write_batches(
    db: DatabaseConnection,
    mut rx: mpsc::Receiver<Entry>,
    every: Duration,
    stop: CancellationToken,
    metrics: Option<Arc<Metrics>>,
) {
    let mut batch = Vec::with_capacity(ENTRIES_PER_TRANSACTION);
    loop {
        tokio::select! {
            biased;
            _ = stop.cancelled() => break,
            n = rx.recv_many(&mut batch, ROWS_PER_INSERT) => if n == 0 { break },
        }
        // Everything queued by now, a chunk at a time: the queue never holds more than one
        // interval's calls, however busy the server is.
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
        // Let the next batch gather.
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = tokio::time::sleep(every) => {}
        }
    }
    rx.close();
    while let Ok(e) = rx.try_recv() {
        batch.push(e);
    }
    write(&db, &mut batch, metrics.as_deref()).await;
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
    let mut written = 0;
    let mut rest = &batch[..];
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(next_chunk(rest.len()));
        rest = tail;
        let rows = chunk.iter().map(|e| log::ActiveModel {
            id: NotSet,
            timecreated: Set(e.time),
            eventname: Set("\\core\\event\\webservice_function_called".into()),
            userid: Set(e.userid),
            functionname: Set(Some(e.function.into())),
            serviceid: Set(e.serviceid),
            protocol: Set(Some(e.protocol.into())),
            ip: Set(e.ip.to_string()),
            outcome: Set(e.outcome.clone().unwrap_or_else(|| "ok".into())),
            durationms: Set(e.duration_ms),
            other: Set(String::new()),
        });
        match log::Entity::insert_many(rows).exec_without_returning(&txn).await {
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
