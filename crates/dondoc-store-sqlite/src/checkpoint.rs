//! WAL checkpoints off the writer's path.
//!
//! SQLite checkpoints the WAL by itself (`wal_autocheckpoint`, 1,000 pages by default)
//! inside the `COMMIT` of whichever connection pushed it past the mark. Under load that
//! is the group writer: it then copies some 4 MB into the database file and syncs it
//! while every write waiting behind it queues. Measured with 4 writers (8,000 creates
//! and 8,000 progress reports, two runs): 148 and 152 of about 4,000 groups took 2–5 ms
//! instead of 0.6 ms, 13 % of the writer's time.
//!
//! Here a task of its own, on a connection of its own (sqlx runs each SQLite connection
//! on a thread of its own), runs `PRAGMA wal_checkpoint(PASSIVE)` a short while after
//! commits. A passive checkpoint copies what is committed without waiting for, or
//! blocking, the writer and the readers. SQLite's own checkpoint stays on every
//! connection at a higher mark ([`FALLBACK_PAGES`]): it catches up when this task falls
//! behind, and lets the WAL start again from its beginning (which happens only when a
//! write starts after a checkpoint that copied everything; the writer's own checkpoint
//! does, one running beside a busy writer rarely does).
//!
//! Durability does not change: a checkpoint only copies frames already committed and
//! synced, and SQLite recovers from a crash in the middle of one as from any other.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use std::time::Duration;
use tokio::sync::mpsc;

/// The WAL size (in pages) at which a committing connection checkpoints by itself.
pub(crate) const FALLBACK_PAGES: u32 = 4_000;

/// How long the checkpointer lets commits gather after the first one it hears of: one
/// checkpoint then copies the pages of many groups (a page written by several of them
/// is copied once) and syncs the database file once.
const PAUSE: Duration = Duration::from_millis(20);

/// Rings the checkpointer after a commit. Dropping every doorbell stops it.
#[derive(Clone)]
pub(crate) struct Doorbell(mpsc::Sender<()>);

impl Doorbell {
    /// Says that something was committed; never waits.
    pub(crate) fn ring(&self) {
        // Full means a ring is already waiting to be heard: nothing is lost.
        let _ = self.0.try_send(());
    }
}

/// Starts the checkpointer for the database `opts` opens.
pub(crate) fn spawn(opts: SqliteConnectOptions) -> Doorbell {
    let (tx, mut rx) = mpsc::channel::<()>(1);
    tokio::spawn(async move {
        let mut conn: Option<SqliteConnection> = None;
        while rx.recv().await.is_some() {
            tokio::time::sleep(PAUSE).await;
            // The rings heard during the pause are covered by this checkpoint.
            while rx.try_recv().is_ok() {}
            if conn.is_none() {
                match SqliteConnection::connect_with(&opts).await {
                    Ok(c) => conn = Some(c),
                    Err(e) => {
                        tracing::warn!(error = %e, "WAL checkpointer: cannot connect; the writers' own checkpoints go on");
                        continue;
                    }
                }
            }
            let Some(c) = conn.as_mut() else { continue };
            let t0 = std::time::Instant::now();
            match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_one(&mut *c)
                .await
            {
                Ok((busy, log, copied)) => tracing::trace!(
                    busy,
                    log,
                    copied,
                    us = t0.elapsed().as_micros() as u64,
                    "WAL checkpoint"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "WAL checkpoint failed; the writers' own checkpoints go on");
                    conn = None;
                }
            }
        }
        if let Some(c) = conn {
            let _ = c.close().await;
        }
    });
    Doorbell(tx)
}
