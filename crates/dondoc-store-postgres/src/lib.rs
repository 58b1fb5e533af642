//! PostgreSQL storage for dondoc: for deployments that outgrow one machine.
//!
//! Same schema, same semantics and the same conformance suite as the SQLite store. What
//! differs is how writers are kept in line:
//!
//! - every write transaction that appends an audit event first takes one transaction-level
//!   advisory lock ([`WRITE_LOCK`]), so the hash chain stays linear (no two writers read
//!   the same "last hash") and event ids are committed in id order, which `events(after)`
//!   paging relies on;
//! - register numbers come from `INSERT .. ON CONFLICT DO UPDATE .. RETURNING` inside that
//!   transaction: a rolled-back issue gives its number back, so registers have no gaps;
//! - task updates are optimistic (`WHERE id = $1 AND version = $2`);
//! - task creation, task updates and progress reports are group-committed
//!   ([`dondoc_store::group`]): one transaction under the lock, one synchronous commit,
//!   for all the writes waiting, each answered after that commit.
//!
//! Instants are `TIMESTAMPTZ`, which keeps microseconds; values this store returns are
//! truncated the same way, so what a write returns equals what a later read returns (the
//! audit hash already covers instants at microsecond precision).

mod rows;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use dondoc_domain::audit::{Event, GENESIS, NewEvent};
use dondoc_domain::progress::{
    Direction as LeaderDirection, Extension, ExtensionStatus, Indicator, IndicatorValue,
    NewIndicator, NewProgressReport, ProgressReport,
};
use dondoc_domain::stats::Bucket;
use dondoc_domain::text::{fold, search_terms, word_edges};
use dondoc_domain::{
    AttachmentId, BucketCounts, Document, DocumentId, DocumentNumber, EventId, ExtensionId,
    IndicatorId, NewDocument, NewPerson, NewTask, NewUnit, Person, PersonId, ReportId, Role, Task,
    TaskId, Unit, UnitId,
};
use dondoc_store::group::{
    AllAtOnce, GroupBackend, GroupCommit, IfStale, TaskWrite, Written, report_events,
    stored_report, stored_task,
};
use dondoc_store::{
    AttachmentMeta, CountedScope, DocumentFilter, NewAttachment, NewNotification, Notification,
    Page, PageRequest, ReportDuty, Result, Session, Store, StoreError, TaskFilter, TaskMove,
    UnitCounts,
};
use rows::*;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row, Transaction};
use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The key of the advisory lock that serialises event-appending writers ("dondoc" in
/// ASCII). Transaction-scoped: released by commit or rollback, never leaked.
pub const WRITE_LOCK: i64 = 0x646f_6e64_6f63;

/// Rows per statement in [`PostgresStore::bulk_insert_tasks`]: each column travels as
/// one array parameter, so this bounds message size, not the parameter count.
const BULK_CHUNK: usize = 5_000;

/// The PostgreSQL store.
#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
    /// The hot writes (tasks, task updates, progress reports) go through group commit.
    group: GroupCommit<PgGroup>,
}

type Tx = Transaction<'static, Postgres>;

fn backend(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Constraint(db.message().to_string())
        }
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::Constraint("tham chiếu tới dữ liệu không tồn tại".into())
        }
        sqlx::Error::Database(db) if db.is_check_violation() => {
            StoreError::Constraint(db.message().to_string())
        }
        // PostgreSQL text cannot hold NUL characters (SQLite's can): the input is refused,
        // the database is fine.
        sqlx::Error::Database(db) if db.code().as_deref() == Some("22021") => {
            StoreError::Constraint("văn bản chứa ký tự không hợp lệ".into())
        }
        _ => StoreError::Backend(e.to_string()),
    }
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Drops the nanoseconds PostgreSQL would drop, so returned values equal stored ones.
fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:port/db`) and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let opts = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Backend(format!("URL PostgreSQL không hợp lệ: {e}")))?;
        Self::open_with(opts).await
    }

    /// Like [`PostgresStore::open`], from parsed options (tests point it at a scratch
    /// database this way).
    pub async fn open_with(opts: PgConnectOptions) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(30))
            // sqlx pings every idle connection before handing it out (one more round
            // trip per statement: measured as part of every request on the load
            // benchmark). A connection used in the last seconds is alive; one idle for
            // longer (a restarted server, a dropped route) is still checked first.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= IDLE_CHECK_AFTER {
                        use sqlx::Connection;
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(opts.clone())
            .await
            .map_err(backend)?;
        let group = GroupCommit::spawn(PgGroup {
            opts: opts.clone(),
            conn: None,
            prev: String::new(),
            ids: Default::default(),
            report_ids: Default::default(),
            remembered: false,
        });
        let store = PostgresStore { pool, group };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations (idempotent; sqlx serialises concurrent runs with its
    /// own advisory lock).
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migration: {e}")))
    }

    /// Direct pool access for benchmarks that bulk-load data.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// A transaction that may append events: it holds [`WRITE_LOCK`] until it ends.
    async fn write(&self) -> Result<Tx> {
        begin_write(&self.pool).await
    }

    /// Bulk insert for benchmarks and imports: many tasks in one transaction, no events.
    ///
    /// Ids are drawn from the sequence first, then rows and co-operating units go in as
    /// `UNNEST` arrays, a few thousand rows per statement.
    pub async fn bulk_insert_tasks(&self, tasks: &[NewTask], at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        for chunk in tasks.chunks(BULK_CHUNK) {
            bulk_chunk(&mut tx, chunk, at).await?;
        }
        tx.commit().await.map_err(backend)
    }
}

/// A pooled connection idle for this long is pinged before it is used again.
const IDLE_CHECK_AFTER: Duration = Duration::from_secs(5);

/// A transaction that may append events: it holds [`WRITE_LOCK`] until it ends.
///
/// `BEGIN` and the lock go in one round trip (one simple-query message; the key is a
/// constant).
async fn begin_write(pool: &PgPool) -> Result<Tx> {
    pool.begin_with(format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
        .await
        .map_err(backend)
}

async fn bulk_chunk(tx: &mut PgConnection, chunk: &[NewTask], at: DateTime<Utc>) -> Result<()> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT nextval(pg_get_serial_sequence('tasks', 'id')) FROM generate_series(1, $1)",
    )
    .bind(chunk.len() as i64)
    .fetch_all(&mut *tx)
    .await
    .map_err(backend)?;
    let n = chunk.len();
    let mut org = Vec::with_capacity(n);
    let mut doc = Vec::with_capacity(n);
    let mut section = Vec::with_capacity(n);
    let mut title = Vec::with_capacity(n);
    let mut lead = Vec::with_capacity(n);
    let mut assignee = Vec::with_capacity(n);
    let mut parent = Vec::with_capacity(n);
    let mut deadline = Vec::with_capacity(n);
    let mut due = Vec::with_capacity(n);
    let mut assigned_on = Vec::with_capacity(n);
    let mut urgency = Vec::with_capacity(n);
    let mut secret = Vec::with_capacity(n);
    let mut search = Vec::with_capacity(n);
    let mut coop_task = Vec::new();
    let mut coop_unit = Vec::new();
    for (t, id) in chunk.iter().zip(&ids) {
        org.push(t.org_id().get());
        doc.push(t.document_id().map(|d| d.get()));
        section.push(t.section().map(str::to_string));
        title.push(t.title().to_string());
        lead.push(t.lead_unit().get());
        assignee.push(t.assignee().map(|p| p.get()));
        parent.push(t.parent_task().map(|p| p.get()));
        deadline.push(serde_json::to_string(t.deadline()).map_err(json_err)?);
        due.push(t.due_date());
        assigned_on.push(t.assigned_on());
        urgency.push(t.urgency().as_str());
        secret.push(t.is_secret());
        search.push(task_search(t.title()));
        for u in t.cooperating() {
            coop_task.push(*id);
            coop_unit.push(u.get());
        }
    }
    sqlx::query(
        "INSERT INTO tasks (id, org_id, document_id, section, title, lead_unit, assignee,
            parent_task, deadline, due_date, assigned_on, status, is_open, done_late,
            completed_on, progress, urgency, secret, status_reason, version, updated_at, search)
         SELECT id, org_id, document_id, section, title, lead_unit, assignee, parent_task,
            deadline, due_date, assigned_on, 'assigned', TRUE, NULL, NULL, 0, urgency, secret,
            NULL, 1, $14, search
         FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[],
            $6::BIGINT[], $7::BIGINT[], $8::BIGINT[], $9::TEXT[], $10::DATE[], $11::DATE[],
            $12::TEXT[], $13::BOOLEAN[], $15::TEXT[])
         AS t(id, org_id, document_id, section, title, lead_unit, assignee, parent_task,
            deadline, due_date, assigned_on, urgency, secret, search)",
    )
    .bind(&ids)
    .bind(&org)
    .bind(&doc)
    .bind(&section)
    .bind(&title)
    .bind(&lead)
    .bind(&assignee)
    .bind(&parent)
    .bind(&deadline)
    .bind(&due)
    .bind(&assigned_on)
    .bind(&urgency)
    .bind(&secret)
    .bind(at)
    .bind(&search)
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    if !coop_task.is_empty() {
        sqlx::query(
            "INSERT INTO task_cooperators (task_id, unit_id)
             SELECT * FROM UNNEST($1::BIGINT[], $2::BIGINT[])",
        )
        .bind(&coop_task)
        .bind(&coop_unit)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    Ok(())
}

/// The hash of the last event, or [`GENESIS`]. Only meaningful under [`WRITE_LOCK`].
async fn last_hash(tx: &mut PgConnection) -> Result<String> {
    let prev: Option<String> =
        sqlx::query_scalar("SELECT hash FROM events ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
    Ok(prev.unwrap_or_else(|| GENESIS.to_string()))
}

/// Appends `ev` after the event whose hash is `prev`, and moves `prev` on to it.
async fn append_after(tx: &mut PgConnection, prev: &mut String, ev: &NewEvent) -> Result<Event> {
    let mut body = ev.clone();
    body.at = micros(body.at);
    let sealed = body.sealed(prev);
    let hash = sealed.hash;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO events (at, actor, entity, entity_id, action, before, after, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(body.at)
    .bind(body.actor.map(|p| p.get()))
    .bind(&body.entity)
    .bind(body.entity_id)
    .bind(&body.action)
    .bind(sealed.before)
    .bind(sealed.after)
    .bind(&*prev)
    .bind(&hash)
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    let prev_hash = std::mem::replace(prev, hash.clone());
    Ok(Event {
        id: EventId::new(id),
        body,
        prev_hash,
        hash,
    })
}

async fn append(tx: &mut PgConnection, ev: &NewEvent) -> Result<Event> {
    let mut prev = last_hash(tx).await?;
    append_after(tx, &mut prev, ev).await
}

/// The event with the id of a row created in the same transaction.
fn with_id(mut ev: NewEvent, id: i64) -> NewEvent {
    ev.entity_id = id;
    ev
}

fn task_search(title: &str) -> String {
    fold(title)
}

/// The columns of a task as the row wrapper reads them (not the search key), and its
/// co-operating units as `coop` (ordered): one row per task, so a task or a page of
/// tasks is one statement.
const TASK_COLS: &str = "tasks.id, tasks.org_id, tasks.document_id, tasks.section, tasks.title,
    tasks.lead_unit, tasks.assignee, tasks.parent_task, tasks.deadline, tasks.due_date,
    tasks.assigned_on, tasks.handed_again_on, tasks.status, tasks.completed_on,
    tasks.progress, tasks.urgency, tasks.secret, tasks.status_reason, tasks.version,
    tasks.updated_at, ARRAY(SELECT c.unit_id FROM task_cooperators c WHERE c.task_id = tasks.id
          ORDER BY c.unit_id) AS coop";

/// A row selected with [`TASK_COLS`].
fn task_with_coop(row: &sqlx::postgres::PgRow) -> Result<Task> {
    let coop: Vec<i64> = row
        .try_get("coop")
        .map_err(|e| StoreError::Corrupt(format!("coop: {e}")))?;
    task_from_row(row, coop.into_iter().map(UnitId::new).collect())
}

async fn load_task(ex: &mut PgConnection, id: i64) -> Result<Option<Task>> {
    let row = sqlx::query(&format!("SELECT {TASK_COLS} FROM tasks WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *ex)
        .await
        .map_err(backend)?;
    row.as_ref().map(task_with_coop).transpose()
}

/// Appends `UPDATE tasks .. WHERE id = $ AND version = $` storing `task` (read at
/// `task.version`) at `at`, with nothing after it.
fn push_task_update<'q>(
    q: &mut QueryBuilder<'q, Postgres>,
    task: &'q Task,
    at: DateTime<Utc>,
    stale: IfStale,
) -> Result<()> {
    let deadline = serde_json::to_string(&task.deadline).map_err(json_err)?;
    let done_late = dondoc_domain::stats::done_late(task);
    q.push("UPDATE tasks SET title = ")
        .push_bind(&task.title)
        .push(", lead_unit = ")
        .push_bind(task.lead_unit.get())
        .push(", assignee = ")
        .push_bind(task.assignee.map(|p| p.get()))
        .push(", deadline = ")
        .push_bind(deadline)
        .push(", due_date = ")
        .push_bind(task.due_date)
        .push(", handed_again_on = ")
        .push_bind(task.handed_again_on)
        .push(", status = ")
        .push_bind(task.status.as_str())
        .push(", is_open = ")
        .push_bind(task.status.is_open())
        .push(", done_late = ")
        .push_bind(done_late)
        .push(", completed_on = ")
        .push_bind(task.completed_on)
        .push(", progress = ")
        .push_bind(i32::from(task.progress))
        .push(", urgency = ")
        .push_bind(task.urgency.as_str())
        .push(", status_reason = ")
        .push_bind(&task.status_reason)
        .push(", updated_at = ")
        .push_bind(at)
        .push(", search = ")
        .push_bind(task_search(&task.title));
    match stale {
        IfStale::NoRow => q
            .push(", version = version + 1 WHERE id = ")
            .push_bind(task.id.get())
            .push(" AND version = ")
            .push_bind(task.version),
        IfStale::Fail => q
            .push(", version = CASE WHEN version = ")
            .push_bind(task.version)
            .push(" THEN version + 1 END WHERE id = ")
            .push_bind(task.id.get()),
    };
    Ok(())
}

/// Why an optimistic update of `task` changed no row: `Conflict` if the version moved,
/// `NotFound` if the task is gone.
async fn update_refused(tx: &mut PgConnection, task: TaskId) -> Result<StoreError> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM tasks WHERE id = $1")
        .bind(task.get())
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(if exists.is_some() {
        StoreError::Conflict
    } else {
        StoreError::NotFound("nhiệm vụ")
    })
}

/// The optimistic update: `Conflict` if the version moved, `NotFound` if the task is gone.
/// Returns the stored row (every column; co-operating units are not changed here).
async fn update_task_in(tx: &mut PgConnection, task: &Task, at: DateTime<Utc>) -> Result<PgRow> {
    let mut q = QueryBuilder::new("");
    push_task_update(&mut q, task, at, IfStale::NoRow)?;
    q.push(" RETURNING *");
    let r = q.build().fetch_optional(&mut *tx).await.map_err(backend)?;
    match r {
        Some(row) => Ok(row),
        None => Err(update_refused(tx, task.id).await?),
    }
}

/// Inserts a task whose id was drawn already, its co-operating units and its "assign"
/// event, in one statement (one round trip): the event's hash covers the stored task,
/// which is known before the insert once the id is.
async fn insert_task_with_event(
    tx: &mut PgConnection,
    prev: &mut String,
    id: i64,
    t: &NewTask,
    at: DateTime<Utc>,
    actor: Option<PersonId>,
) -> Result<Task> {
    let at = micros(at);
    let task = stored_task(id, t, at);
    let ev = NewEvent::new(at, actor, "task", id, "assign").change(None, Some(&task));
    let mut q = QueryBuilder::new("WITH ");
    push_tasks_insert(&mut q, &[(id, t, at)])?;
    q.push("e AS (");
    push_events_insert(&mut q, prev, vec![ev]);
    q.push(") SELECT 1");
    q.build().execute(&mut *tx).await.map_err(backend)?;
    Ok(task)
}

/// Appends one `INSERT INTO events` (nothing after it) chaining `events` after the event
/// whose hash is `prev`, in order, and moves `prev` on to the last of them. A multi-row
/// `VALUES` takes the serial ids in row order, so the chain order is the id order.
fn push_events_insert(
    q: &mut QueryBuilder<'_, Postgres>,
    prev: &mut String,
    events: Vec<NewEvent>,
) {
    q.push("INSERT INTO events (at, actor, entity, entity_id, action, before, after, prev_hash, hash) ");
    let mut rows = Vec::with_capacity(events.len());
    for mut ev in events {
        ev.at = micros(ev.at);
        let sealed = ev.sealed(prev);
        let prev_hash = std::mem::replace(prev, sealed.hash.clone());
        rows.push((ev, prev_hash, sealed));
    }
    q.push_values(rows, |mut v, (ev, prev_hash, sealed)| {
        v.push_bind(ev.at)
            .push_bind(ev.actor.map(|p| p.get()))
            .push_bind(ev.entity)
            .push_bind(ev.entity_id)
            .push_bind(ev.action)
            .push_bind(sealed.before)
            .push_bind(sealed.after)
            .push_bind(prev_hash)
            .push_bind(sealed.hash);
    });
}

/// Statistics from a row of four counts (see [`BucketCounts::from_totals`]).
/// The conditions of a [`CountedScope`] on a counters table (`task_totals`, `task_counts`).
fn push_counted_scope(q: &mut QueryBuilder<'_, Postgres>, scope: &CountedScope) {
    if let Some(o) = scope.org_id {
        q.push(" AND org_id = ").push_bind(o.get());
    }
    if let Some(u) = scope.lead_unit {
        q.push(" AND lead_unit = ").push_bind(u.get());
    }
    if scope.exclude_secret {
        q.push(" AND NOT secret");
    }
}

fn counts_from_row(row: &sqlx::postgres::PgRow) -> Result<BucketCounts> {
    let n = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
    Ok(BucketCounts::from_totals(n(0)?, n(1)?, n(2)?, n(3)?))
}

/// Group commit on PostgreSQL: one transaction under [`WRITE_LOCK`] and one (synchronous)
/// commit for every write waiting; the chain head is read once per transaction, after
/// the lock is taken, and carried from job to job.
///
/// The writer owns a connection of its own (not one of the pool's), so it can open its
/// transaction with one simple-query message that also takes the lock and then reads the
/// chain head and draws the group's ids (each statement of the message gets a new
/// snapshot, so the read sees every write committed before the lock was granted): one
/// round trip where sqlx's `begin` and the read took two. It sends `BEGIN`, `COMMIT` and
/// `ROLLBACK` itself; after any error the connection is dropped (the server rolls back
/// what it held) and a new one is made at the next `begin`.
struct PgGroup {
    opts: PgConnectOptions,
    conn: Option<PgConnection>,
    prev: String,
    /// Task ids drawn for this transaction's creates.
    ids: std::collections::VecDeque<i64>,
    /// Report ids drawn for this transaction's progress reports.
    report_ids: std::collections::VecDeque<i64>,
    /// Whether `prev` is the head this writer's last commit left, for
    /// [`GroupBackend::run_all`] to start from.
    remembered: bool,
}

/// Task and report ids each group keeps drawn in advance, so that the next group can be
/// sent at once ([`GroupBackend::run_all`]) without first asking for ids. Ids are drawn
/// from the tables' sequences, so none is ever given twice; those left when the server
/// stops are skipped, as a rolled-back insert skips its id.
const IDS_AHEAD: usize = 8;

impl PgGroup {
    /// Runs the opening message on the writer's connection (made if there is none);
    /// drops the connection on error.
    async fn open(&mut self, sql: &str) -> Result<Vec<PgRow>> {
        use sqlx::Connection;
        let conn = match self.conn.as_mut() {
            Some(c) => c,
            None => self.conn.insert(
                PgConnection::connect_with(&self.opts)
                    .await
                    .map_err(backend)?,
            ),
        };
        // A plain string goes as a simple query (several statements, no parameters).
        let rows = sqlx::Executor::fetch_all(&mut *conn, sql).await;
        if rows.is_err() {
            self.conn = None;
        }
        rows.map_err(backend)
    }

    /// Sends `COMMIT` or `ROLLBACK`; drops the connection on error.
    async fn end(&mut self, sql: &'static str) -> Result<()> {
        let Some(conn) = self.conn.as_mut() else {
            return Err(StoreError::Backend("group commit: no transaction".into()));
        };
        let r = sqlx::Executor::execute(&mut *conn, sql).await;
        if r.is_err() {
            self.conn = None;
        }
        r.map(|_| ()).map_err(backend)
    }
}

#[async_trait]
impl GroupBackend for PgGroup {
    type Job = TaskWrite;
    type Output = Written;

    async fn begin(&mut self, jobs: &[&TaskWrite]) -> Result<()> {
        let (mut tasks, mut reports) = (0usize, 0usize);
        for j in jobs {
            match j {
                TaskWrite::InsertTasks { tasks: t, .. } => tasks += t.len(),
                TaskWrite::InsertReport { .. } => reports += 1,
                TaskWrite::UpdateTask { .. } => {}
            }
        }
        self.remembered = false;
        // Ids still drawn from before are used first; the group draws what it lacks and
        // [`IDS_AHEAD`] more for the next one.
        let tasks = (tasks + IDS_AHEAD).saturating_sub(self.ids.len());
        let reports = (reports + IDS_AHEAD).saturating_sub(self.report_ids.len());
        // `BEGIN`, the lock, then the chain head and the ids. Only integers are formatted
        // into the text. CASE keeps `nextval` from running on the rows past each count
        // (a volatile function is only called in the branch taken).
        let sql = format!(
            "BEGIN; SELECT FROM pg_advisory_xact_lock({WRITE_LOCK});
             SELECT (SELECT hash FROM events ORDER BY id DESC LIMIT 1),
                CASE WHEN g <= {tasks} THEN nextval(pg_get_serial_sequence('tasks', 'id')) END,
                CASE WHEN g <= {reports} THEN nextval(pg_get_serial_sequence('progress_reports', 'id')) END
             FROM generate_series(1, {n}) AS g",
            n = tasks.max(reports).max(1)
        );
        let had_connection = self.conn.is_some();
        let rows = match self.open(&sql).await {
            Ok(rows) => rows,
            // A connection lost since the last group (a restarted server, a dropped
            // route) is replaced once: nothing of this group has run yet.
            Err(_) if had_connection => self.open(&sql).await?,
            Err(e) => return Err(e),
        };
        // The lock's statement answers one row without columns.
        let mut head = None;
        for r in rows.iter().filter(|r| r.len() == 3) {
            if head.is_none() {
                head = Some(r.try_get::<Option<String>, _>(0).map_err(backend)?);
            }
            if let Some(id) = r.try_get::<Option<i64>, _>(1).map_err(backend)? {
                self.ids.push_back(id);
            }
            if let Some(id) = r.try_get::<Option<i64>, _>(2).map_err(backend)? {
                self.report_ids.push_back(id);
            }
        }
        let Some(head) = head else {
            let _ = self.end("ROLLBACK").await;
            return Err(StoreError::Backend(
                "group commit: no chain head in the answer".into(),
            ));
        };
        self.prev = head.unwrap_or_else(|| GENESIS.to_string());
        Ok(())
    }

    async fn run(&mut self, job: &TaskWrite) -> Result<Written> {
        let tx = self
            .conn
            .as_mut()
            .ok_or_else(|| StoreError::Backend("group commit: no transaction".into()))?;
        let prev = &mut self.prev;
        Ok(match job {
            TaskWrite::InsertTasks { tasks, at, actor } => {
                let mut out = Vec::with_capacity(tasks.len());
                for t in tasks {
                    let id = self.ids.pop_front().ok_or_else(|| {
                        StoreError::Backend("group commit: no task id drawn".into())
                    })?;
                    out.push(insert_task_with_event(tx, prev, id, t, *at, *actor).await?);
                }
                Written::Tasks(out)
            }
            TaskWrite::UpdateTask { task, event } => {
                let before = load_task(tx, task.id.get())
                    .await?
                    .ok_or(StoreError::NotFound("nhiệm vụ"))?;
                let row = update_task_in(tx, task, event.at).await?;
                // Co-operating units are set at creation only.
                let after = task_from_row(&row, before.cooperating.clone())?;
                append_after(tx, prev, &event.clone().change(Some(&before), Some(&after))).await?;
                Written::Task(after)
            }
            TaskWrite::InsertReport {
                report: r,
                moved,
                event,
            } => {
                // One statement (one round trip): the task's update, the report with its
                // drawn id, and the events, whose hashes cover the stored report and
                // task, known before the insert.
                let id = self.report_ids.pop_front().ok_or_else(|| {
                    StoreError::Backend("group commit: no report id drawn".into())
                })?;
                let at = micros(event.at);
                let report = stored_report(id, r, at);
                let mut head = prev.clone();
                let mut q = QueryBuilder::new("WITH ");
                if let Some(m) = moved {
                    q.push("u AS (");
                    push_task_update(&mut q, &m.after, at, IfStale::NoRow)?;
                    q.push(" RETURNING 1), ");
                }
                q.push("r AS (");
                push_reports_insert(&mut q, &[(id, r, at)])?;
                q.push("), e AS (");
                push_events_insert(
                    &mut q,
                    &mut head,
                    report_events(&report, event, moved.as_deref(), at),
                );
                q.push(") SELECT ");
                q.push(if moved.is_some() {
                    "(SELECT count(*) FROM u)"
                } else {
                    "1::BIGINT"
                });
                let updated: i64 = q
                    .build_query_scalar()
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(backend)?;
                if updated != 1 {
                    // The task's update matched no row; the group rolls this back.
                    return Err(match moved {
                        Some(m) => update_refused(tx, m.after.id).await?,
                        None => StoreError::Backend("progress report: nothing stored".into()),
                    });
                }
                *prev = head;
                Written::Report(report)
            }
        })
    }

    async fn commit(&mut self) -> Result<()> {
        let r = self.end("COMMIT").await;
        self.remembered = r.is_ok();
        r
    }

    async fn rollback(&mut self) {
        self.remembered = false;
        let _ = self.end("ROLLBACK").await;
    }

    /// The group as one statement, which PostgreSQL runs and commits as its own
    /// transaction: one round trip where `begin`, one `run` per job and `commit` take two
    /// more than the number of jobs. Its data-modifying `WITH` clauses insert the tasks,
    /// their co-operating units, the reports and (after each report's task update) the
    /// events; its `SELECT` draws the ids that replace those it used.
    ///
    /// It starts from the chain head this writer's last commit left. The
    /// `events_follow_head` trigger takes the writers' lock and refuses the events if
    /// another writer appended since; a report's task whose version moved fails its
    /// update ([`IfStale::Fail`]); a report on a missing task fails its foreign key.
    /// Any of those fails the whole statement, and nothing of it stays.
    async fn run_all(&mut self, jobs: &[&TaskWrite]) -> AllAtOnce<Written> {
        if !self.remembered || self.conn.is_none() {
            return AllAtOnce::NotTried;
        }
        match build_all_at_once(jobs, &self.prev, &self.ids, &self.report_ids) {
            Ok(Some(mut all)) => {
                let Some(conn) = self.conn.as_mut() else {
                    return AllAtOnce::NotTried;
                };
                let drawn: std::result::Result<Vec<(Option<i64>, Option<i64>)>, _> =
                    all.query.build_query_as().fetch_all(&mut *conn).await;
                match drawn {
                    Ok(rows) => {
                        self.prev = all.head;
                        self.ids.drain(..all.tasks);
                        self.report_ids.drain(..all.reports);
                        for (t, r) in rows {
                            self.ids.extend(t);
                            self.report_ids.extend(r);
                        }
                        AllAtOnce::Committed(all.outputs)
                    }
                    // The server refused the statement: it rolled it back whole.
                    Err(e) if refused(&e) => {
                        self.remembered = false;
                        AllAtOnce::Refused
                    }
                    // Anything else (the connection broke, the server was shut down) may
                    // have come before or after the commit: ask the database.
                    Err(e) => {
                        self.remembered = false;
                        self.conn = None;
                        // Its ids are not used again either way: a session still running
                        // it would hold them.
                        self.ids.drain(..all.tasks);
                        self.report_ids.drain(..all.reports);
                        match self.stored(all.probe).await {
                            Ok(true) => {
                                self.prev = all.head;
                                self.remembered = true;
                                AllAtOnce::Committed(all.outputs)
                            }
                            Ok(false) => AllAtOnce::Refused,
                            Err(_) => AllAtOnce::Failed(backend(e)),
                        }
                    }
                }
            }
            Ok(None) | Err(_) => AllAtOnce::NotTried,
        }
    }
}

/// Whether the server refused a statement, which it then rolled back whole: a constraint
/// (class 23), the chain trigger (serialization failure), a deadlock it broke.
fn refused(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d)
        if d.code().is_some_and(|c| c.starts_with("23") || c == "40001" || c == "40P01"))
}

impl PgGroup {
    /// Whether the statement of [`PgGroup::run_all`] that used the task and report ids of
    /// `probe` was committed, on a new connection. It first takes the writers' lock,
    /// which that statement held from its events' insert to its end: if the old session
    /// is still running it, the answer waits for its outcome; if it had not reached its
    /// events yet, the chain trigger will refuse them once the group has been run again.
    async fn stored(&mut self, probe: (Option<i64>, Option<i64>)) -> Result<bool> {
        // Only integers are formatted into the text.
        let sql = format!(
            "BEGIN; SELECT FROM pg_advisory_xact_lock({WRITE_LOCK});
             SELECT EXISTS (SELECT 1 FROM tasks WHERE id = {t})
                 OR EXISTS (SELECT 1 FROM progress_reports WHERE id = {r});
             COMMIT",
            t = probe.0.unwrap_or(-1),
            r = probe.1.unwrap_or(-1)
        );
        let rows = self.open(&sql).await?;
        let row = rows
            .iter()
            .find(|r| r.len() == 1)
            .ok_or_else(|| StoreError::Backend("group commit: no answer to the probe".into()))?;
        row.try_get::<bool, _>(0).map_err(backend)
    }
}

/// The statement of [`PgGroup::run_all`], with what it will have written.
struct AllAtOnceQuery<'q> {
    query: QueryBuilder<'q, Postgres>,
    outputs: Vec<Written>,
    /// The chain head once it has committed.
    head: String,
    /// Task and report ids it uses (the first of those drawn in advance).
    tasks: usize,
    reports: usize,
    /// Its first task id and first report id: stored if and only if it committed.
    probe: (Option<i64>, Option<i64>),
}

/// Builds [`PgGroup::run_all`]'s statement; `None` when the group must run job by job (a
/// workflow step, two reports on one task, more rows or ids than one statement should
/// carry).
fn build_all_at_once<'q>(
    jobs: &[&'q TaskWrite],
    prev: &str,
    ids: &std::collections::VecDeque<i64>,
    report_ids: &std::collections::VecDeque<i64>,
) -> Result<Option<AllAtOnceQuery<'q>>> {
    let mut new_tasks: Vec<(i64, &NewTask, DateTime<Utc>)> = Vec::new();
    let mut reports = Vec::new();
    let mut events = Vec::new();
    let mut outputs = Vec::with_capacity(jobs.len());
    let mut reported = std::collections::HashSet::new();
    let (mut next_id, mut next_report) = (ids.iter(), report_ids.iter());
    for &job in jobs {
        outputs.push(match job {
            TaskWrite::InsertTasks { tasks, at, actor } => {
                let at = micros(*at);
                let mut out = Vec::with_capacity(tasks.len());
                for t in tasks {
                    let Some(&id) = next_id.next() else {
                        return Ok(None);
                    };
                    let task = stored_task(id, t, at);
                    events.push(
                        NewEvent::new(at, *actor, "task", id, "assign").change(None, Some(&task)),
                    );
                    new_tasks.push((id, t, at));
                    out.push(task);
                }
                Written::Tasks(out)
            }
            TaskWrite::UpdateTask { .. } => return Ok(None),
            TaskWrite::InsertReport {
                report: r,
                moved,
                event,
            } => {
                let Some(&id) = next_report.next() else {
                    return Ok(None);
                };
                if !reported.insert(r.task_id()) {
                    return Ok(None);
                }
                let at = micros(event.at);
                let report = stored_report(id, r, at);
                events.extend(report_events(&report, event, moved.as_deref(), at));
                reports.push((id, r, moved.as_deref(), at));
                Written::Report(report)
            }
        });
    }
    if new_tasks.len() + reports.len() > MAX_ROWS_AT_ONCE {
        return Ok(None);
    }
    let mut q = QueryBuilder::new("WITH ");
    if !new_tasks.is_empty() {
        push_tasks_insert(&mut q, &new_tasks)?;
    }
    for (i, (_, _, moved, at)) in reports.iter().enumerate() {
        if let Some(m) = moved {
            q.push(format_args!("u{i} AS ("));
            push_task_update(&mut q, &m.after, *at, IfStale::Fail)?;
            q.push("), ");
        }
    }
    if !reports.is_empty() {
        q.push("r AS (");
        let rows: Vec<_> = reports.iter().map(|&(id, r, _, at)| (id, r, at)).collect();
        push_reports_insert(&mut q, &rows)?;
        q.push("), ");
    }
    let mut head = prev.to_string();
    q.push("e AS (");
    push_events_insert(&mut q, &mut head, events);
    // The ids that replace those used. Only integers are formatted into the text.
    let reports_first = reports.first().map(|r| r.0);
    let (tasks, reports) = (new_tasks.len(), reports.len());
    q.push(format_args!(
        ") SELECT CASE WHEN g <= {tasks} THEN nextval(pg_get_serial_sequence('tasks', 'id')) END,
            CASE WHEN g <= {reports} THEN nextval(pg_get_serial_sequence('progress_reports', 'id')) END
         FROM generate_series(1, {n}) AS g",
        n = tasks.max(reports).max(1)
    ));
    Ok(Some(AllAtOnceQuery {
        query: q,
        outputs,
        head,
        tasks,
        reports,
        probe: (new_tasks.first().map(|t| t.0), reports_first),
    }))
}

/// Appends the clauses `t AS (INSERT INTO tasks ...), ` and, when some task has
/// co-operating units, `c AS (INSERT INTO task_cooperators ...), ` for `tasks` (id drawn
/// already, task, time already in microseconds), to go after a `WITH`.
fn push_tasks_insert<'q>(
    q: &mut QueryBuilder<'q, Postgres>,
    tasks: &[(i64, &'q NewTask, DateTime<Utc>)],
) -> Result<()> {
    q.push(
        "t AS (INSERT INTO tasks (id, org_id, document_id, section, title, lead_unit,
            assignee, parent_task, deadline, due_date, assigned_on, status, is_open,
            done_late, completed_on, progress, urgency, secret, status_reason, version,
            updated_at, search) ",
    );
    let mut rows = Vec::with_capacity(tasks.len());
    for &(id, t, at) in tasks {
        rows.push((
            id,
            t,
            at,
            serde_json::to_string(t.deadline()).map_err(json_err)?,
        ));
    }
    q.push_values(rows, |mut v, (id, t, at, deadline)| {
        v.push_bind(id)
            .push_bind(t.org_id().get())
            .push_bind(t.document_id().map(|d| d.get()))
            .push_bind(t.section())
            .push_bind(t.title())
            .push_bind(t.lead_unit().get())
            .push_bind(t.assignee().map(|p| p.get()))
            .push_bind(t.parent_task().map(|p| p.get()))
            .push_bind(deadline)
            .push_bind(t.due_date())
            .push_bind(t.assigned_on())
            .push("'assigned', TRUE, NULL, NULL, 0")
            .push_bind(t.urgency().as_str())
            .push_bind(t.is_secret())
            .push("NULL, 1")
            .push_bind(at)
            .push_bind(task_search(t.title()));
    });
    q.push("), ");
    let coop: Vec<(i64, i64)> = tasks
        .iter()
        .flat_map(|&(id, t, _)| t.cooperating().iter().map(move |u| (id, u.get())))
        .collect();
    if !coop.is_empty() {
        q.push("c AS (INSERT INTO task_cooperators (task_id, unit_id) ");
        q.push_values(coop, |mut v, (task, unit)| {
            v.push_bind(task).push_bind(unit);
        });
        q.push("), ");
    }
    Ok(())
}

/// Appends `INSERT INTO progress_reports ... VALUES` for `reports` (id, report, time),
/// with nothing after it.
fn push_reports_insert<'q>(
    q: &mut QueryBuilder<'q, Postgres>,
    reports: &[(i64, &'q NewProgressReport, DateTime<Utc>)],
) -> Result<()> {
    q.push(
        "INSERT INTO progress_reports (id, task_id, unit_id, author, reported_on, percent,
            narrative, obstacles, proposals, evidence, created_at) ",
    );
    let mut rows = Vec::with_capacity(reports.len());
    for &(id, r, at) in reports {
        rows.push((
            id,
            r,
            at,
            serde_json::to_string(r.evidence()).map_err(json_err)?,
        ));
    }
    q.push_values(rows, |mut v, (id, r, at, evidence)| {
        v.push_bind(id)
            .push_bind(r.task_id().get())
            .push_bind(r.unit_id().get())
            .push_bind(r.author().get())
            .push_bind(r.reported_on())
            .push_bind(i32::from(r.percent()))
            .push_bind(r.narrative())
            .push_bind(r.obstacles())
            .push_bind(r.proposals())
            .push_bind(evidence)
            .push_bind(at);
    });
    Ok(())
}

/// Most rows (tasks and reports) in one statement of [`PgGroup::run_all`]; a larger
/// group runs job by job.
const MAX_ROWS_AT_ONCE: usize = 256;

/// The task list's order: by due date, tasks without one last, then by id.
const TASK_ORDER: &str = " ORDER BY due_date ASC NULLS LAST, id";

/// Appends the source and the WHERE clause of a task filter: `tasks WHERE TRUE ...`.
///
/// A unit's inbox (`involving_unit`: lead OR co-operating) reads from a UNION ALL of the
/// two index searches, aliased `tasks`, so the rest of the filter is pushed into both
/// branches. An `OR` across the two tables cannot use an index (a sequential scan at
/// scale), and an `id IN (... UNION ...)` semi-join turns into a nested loop whenever
/// the table's statistics are stale (seen: 97 ms for 2,000 tasks right after a burst
/// of inserts); the derived table is fast either way. The co-operating branch starts
/// from `task_cooperators` whatever the statistics say: the task is fetched by a
/// `LATERAL` subquery kept from being flattened (`OFFSET 0`), so the plan is always the
/// unit's co-operator rows, then one primary-key lookup each. Left to the planner, stale
/// statistics gave a walk over every open task of the organisation probing
/// `task_cooperators` (1.2 ms of a 3.5 ms page at 2,000 tasks, growing with the table).
fn push_task_filter(q: &mut QueryBuilder<'_, Postgres>, f: &TaskFilter) {
    match f.involving_unit {
        Some(u) => {
            q.push("(SELECT * FROM tasks WHERE lead_unit = ")
                .push_bind(u.get())
                .push(
                    " UNION ALL SELECT t.* FROM task_cooperators c CROSS JOIN LATERAL \
                     (SELECT * FROM tasks WHERE tasks.id = c.task_id OFFSET 0) t \
                     WHERE c.unit_id = ",
                )
                .push_bind(u.get())
                .push(" AND t.lead_unit <> ")
                .push_bind(u.get())
                .push(") AS tasks");
        }
        None => {
            q.push("tasks");
        }
    }
    q.push(" WHERE TRUE");
    if let Some(o) = f.org_id {
        q.push(" AND org_id = ").push_bind(o.get());
    }
    if let Some(u) = f.unit_id {
        q.push(" AND lead_unit = ").push_bind(u.get());
    }
    if let Some(p) = f.assignee {
        q.push(" AND assignee = ").push_bind(p.get());
    }
    if !f.statuses.is_empty() {
        q.push(" AND status IN (");
        let mut sep = q.separated(", ");
        for s in &f.statuses {
            sep.push_bind(s.as_str());
        }
        q.push(")");
    }
    if let Some((b, today)) = f.bucket {
        push_bucket(q, b, today);
    }
    if let Some(d) = f.due_from {
        q.push(" AND due_date >= ").push_bind(d);
    }
    if let Some(d) = f.due_to {
        q.push(" AND due_date <= ").push_bind(d);
    }
    if let Some(d) = f.handed_from {
        q.push(" AND COALESCE(handed_again_on, assigned_on) >= ")
            .push_bind(d);
    }
    if let Some(d) = f.document_id {
        q.push(" AND document_id = ").push_bind(d.get());
    }
    if let Some(p) = f.parent_task {
        q.push(" AND parent_task = ").push_bind(p.get());
    }
    if f.exclude_secret {
        q.push(" AND NOT secret");
    }
    if f.ongoing {
        q.push(" AND due_date IS NULL");
    }
    if let Some(s) = &f.search {
        push_search(q, s);
    }
}

/// Every search term (a folded word or quoted phrase, at most eight: `search_terms`)
/// must appear in the folded `search` column.
fn push_search(q: &mut QueryBuilder<'_, Postgres>, s: &str) {
    for w in search_terms(s) {
        // `LIKE` finds the term anywhere, cheaply; the regular expression checks what
        // touches it ([`word_edges`]), in the column padded with a space each side.
        q.push(" AND search LIKE ")
            .push_bind(format!("%{}%", escape_like(&w)))
            .push(" ESCAPE '\\' AND (' ' || search || ' ') ~ ")
            .push_bind(regex_word(&w));
    }
}

/// The regular expression of [`push_search`]: the term with every ASCII character
/// other than a letter or a digit escaped, after and before a non-word character where
/// it starts or ends with a word.
fn regex_word(w: &str) -> String {
    let (start, end) = word_edges(w);
    let mut p = String::from(if start { "[^a-z0-9]" } else { "" });
    for c in w.chars() {
        if c.is_ascii() && !c.is_ascii_alphanumeric() && c != ' ' {
            p.push('\\');
        }
        p.push(c);
    }
    p.push_str(if end { "[^a-z0-9]" } else { "" });
    p
}

fn push_bucket(q: &mut QueryBuilder<'_, Postgres>, b: Bucket, today: NaiveDate) {
    match b {
        Bucket::DoneOnTime => q.push(" AND status = 'completed' AND done_late = FALSE"),
        Bucket::DoneLate => q.push(" AND status = 'completed' AND done_late = TRUE"),
        Bucket::InProgress => q
            .push(" AND is_open = TRUE AND (due_date IS NULL OR due_date >= ")
            .push_bind(today)
            .push(")"),
        Bucket::Overdue => q
            .push(" AND is_open = TRUE AND due_date < ")
            .push_bind(today),
    };
}

fn escape_like(w: &str) -> String {
    w.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl PostgresStore {
    async fn count_where(
        &self,
        f: &TaskFilter,
        extra: impl FnOnce(&mut QueryBuilder<'_, Postgres>),
    ) -> Result<u64> {
        let mut q = QueryBuilder::new("SELECT COUNT(*) FROM ");
        push_task_filter(&mut q, f);
        extra(&mut q);
        let n: i64 = q
            .build_query_scalar()
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(n as u64)
    }

    /// Task rows with their co-operating units (one more query for the whole set).
    async fn tasks_from_rows(&self, rows: Vec<sqlx::postgres::PgRow>) -> Result<Vec<Task>> {
        let ids: Vec<i64> = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<Result<_, _>>()
            .map_err(backend)?;
        let mut coop = self.cooperators_of(&ids).await?;
        rows.iter()
            .zip(&ids)
            .map(|(r, id)| task_from_row(r, coop.remove(id).unwrap_or_default()))
            .collect()
    }

    async fn cooperators_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<UnitId>>> {
        let mut map: HashMap<i64, Vec<UnitId>> = HashMap::new();
        if ids.is_empty() {
            return Ok(map);
        }
        let rows = sqlx::query(
            "SELECT task_id, unit_id FROM task_cooperators WHERE task_id = ANY($1)
             ORDER BY task_id, unit_id",
        )
        .bind(ids)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        for row in rows {
            let t: i64 = row.try_get(0).map_err(backend)?;
            let u: i64 = row.try_get(1).map_err(backend)?;
            map.entry(t).or_default().push(UnitId::new(u));
        }
        Ok(map)
    }
}

impl PostgresStore {
    /// Sets one text column of unit `id` (`column` is one of this crate's names, never
    /// input), audited with the unit before and after in the same transaction.
    async fn update_unit(
        &self,
        id: UnitId,
        column: &'static str,
        value: Option<String>,
        event: NewEvent,
    ) -> Result<Unit> {
        let mut tx = self.write().await?;
        let before = sqlx::query("SELECT * FROM units WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let before = unit_from_row(&before.ok_or(StoreError::NotFound("đơn vị"))?)?;
        let row = sqlx::query(&format!(
            "UPDATE units SET {column} = $1 WHERE id = $2 RETURNING *"
        ))
        .bind(value)
        .bind(id.get())
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let after = unit_from_row(&row)?;
        append(&mut tx, &event.change(Some(&before), Some(&after))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(after)
    }
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn insert_unit(&self, unit: &NewUnit, event: NewEvent) -> Result<Unit> {
        let mut tx = self.write().await?;
        let aliases = serde_json::to_string(unit.aliases()).map_err(json_err)?;
        let row = sqlx::query(
            "INSERT INTO units (parent_id, kind, name, abbreviation, aliases)
             VALUES ($1, $2, $3, $4, $5) RETURNING *",
        )
        .bind(unit.parent_id().map(|u| u.get()))
        .bind(unit.kind().as_str())
        .bind(unit.name())
        .bind(unit.abbreviation())
        .bind(aliases)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let u = unit_from_row(&row)?;
        append(&mut tx, &with_id(event, u.id.get()).change(None, Some(&u))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(u)
    }

    async fn set_unit_aliases(
        &self,
        id: UnitId,
        aliases: &[String],
        event: NewEvent,
    ) -> Result<Unit> {
        let json = serde_json::to_string(aliases).map_err(json_err)?;
        self.update_unit(id, "aliases", Some(json), event).await
    }

    async fn set_unit_organ_code(
        &self,
        id: UnitId,
        code: Option<&str>,
        event: NewEvent,
    ) -> Result<Unit> {
        self.update_unit(id, "organ_code", code.map(str::to_string), event)
            .await
    }

    async fn units(&self) -> Result<Vec<Unit>> {
        let rows = sqlx::query("SELECT * FROM units ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(unit_from_row).collect()
    }

    async fn unit(&self, id: UnitId) -> Result<Option<Unit>> {
        let row = sqlx::query("SELECT * FROM units WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(unit_from_row).transpose()
    }

    async fn insert_person(
        &self,
        p: &NewPerson,
        password_hash: Option<&str>,
        event: NewEvent,
    ) -> Result<Person> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "INSERT INTO people (unit_id, full_name, position, role, username, email, password_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
        )
        .bind(p.unit_id().get())
        .bind(p.full_name())
        .bind(p.position().as_str())
        .bind(p.role().as_str())
        .bind(p.username())
        .bind(p.email())
        .bind(password_hash)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match backend(e) {
            StoreError::Constraint(_) => StoreError::Constraint("tên đăng nhập đã tồn tại".into()),
            other => other,
        })?;
        let person = person_from_row(&row)?;
        append(
            &mut tx,
            &with_id(event, person.id.get()).change(None, Some(&person)),
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(person)
    }

    async fn people(&self) -> Result<Vec<Person>> {
        let rows = sqlx::query("SELECT * FROM people ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(person_from_row).collect()
    }

    async fn person(&self, id: PersonId) -> Result<Option<Person>> {
        let row = sqlx::query("SELECT * FROM people WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(person_from_row).transpose()
    }

    async fn credentials(&self, username: &str) -> Result<Option<(Person, Option<String>)>> {
        let row = sqlx::query("SELECT * FROM people WHERE username = $1")
            .bind(username.trim().to_ascii_lowercase())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        match row {
            None => Ok(None),
            Some(row) => {
                let hash: Option<String> = row.try_get("password_hash").map_err(backend)?;
                Ok(Some((person_from_row(&row)?, hash)))
            }
        }
    }

    async fn set_password_hash(&self, id: PersonId, hash: &str, event: NewEvent) -> Result<()> {
        let mut tx = self.write().await?;
        let r = sqlx::query("UPDATE people SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id.get())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound("người dùng"));
        }
        // Changing a password signs the person out everywhere and ends their API tokens.
        sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        append(&mut tx, &event).await?;
        tx.commit().await.map_err(backend)
    }

    async fn update_person_role(
        &self,
        id: PersonId,
        role: Role,
        unit: UnitId,
        event: NewEvent,
    ) -> Result<Person> {
        let mut tx = self.write().await?;
        let before = sqlx::query("SELECT * FROM people WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let before = person_from_row(&before.ok_or(StoreError::NotFound("người dùng"))?)?;
        let row =
            sqlx::query("UPDATE people SET role = $1, unit_id = $2 WHERE id = $3 RETURNING *")
                .bind(role.as_str())
                .bind(unit.get())
                .bind(id.get())
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
        let after = person_from_row(&row)?;
        append(&mut tx, &event.change(Some(&before), Some(&after))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(after)
    }

    async fn record_login_failure(
        &self,
        username: &str,
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<u32> {
        // No event, so no write lock: the count is this transaction's view, which is all
        // a rate limit needs.
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let u = username.trim().to_ascii_lowercase();
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(since)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query("INSERT INTO login_failures (username, at) VALUES ($1, $2)")
            .bind(&u)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $2",
        )
        .bind(&u)
        .bind(since)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn clear_login_failures(&self, username: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username.trim().to_ascii_lowercase())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn lift_sign_in_lock(&self, username: &str) -> Result<u64> {
        let u = username.trim().to_ascii_lowercase();
        let keyed = format!("{u}\u{1f}");
        let r = sqlx::query(
            "DELETE FROM login_failures WHERE username = $1 OR starts_with(username, $2)",
        )
        .bind(&u)
        .bind(&keyed)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(r.rows_affected())
    }

    async fn login_failures_since(&self, since: DateTime<Utc>) -> Result<Vec<(String, u32)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT username, COUNT(*) FROM login_failures
             WHERE at >= $1 AND strpos(username, chr(31)) = 0
             GROUP BY username ORDER BY username",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(u, n)| (u, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    async fn insert_session(&self, s: &Session) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, person_id, csrf, expires_at, api, label)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&s.token_hash)
        .bind(s.person_id.get())
        .bind(&s.csrf)
        .bind(s.expires_at)
        .bind(s.api)
        .bind(&s.label)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        let row = sqlx::query("SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(session_from_row).transpose()
    }

    async fn session_person(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Session, Person, Option<UnitId>)>> {
        // The authority is found by walking up the unit tree in SQL (as
        // `dondoc_domain::unit::authority_of` does, at most 64 levels).
        let row = sqlx::query(
            "WITH RECURSIVE
    up(id, parent_id, kind, depth) AS (
        SELECT u.id, u.parent_id, u.kind, 0 FROM units u
        WHERE u.id = (SELECT p.unit_id FROM sessions s JOIN people p ON p.id = s.person_id
                      WHERE s.token_hash = $1 AND s.expires_at > $2)
        UNION ALL
        SELECT u.id, u.parent_id, u.kind, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id
        WHERE up.kind <> 'authority' AND up.depth < 64)
 SELECT s.token_hash, s.person_id, s.csrf, s.expires_at, s.api, s.label,
    p.id, p.unit_id, p.full_name, p.position, p.role, p.username, p.email,
    (SELECT up.id FROM up WHERE up.kind = 'authority' ORDER BY up.depth LIMIT 1) AS org_id
 FROM sessions s JOIN people p ON p.id = s.person_id
 WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let org: Option<i64> = row.try_get("org_id").map_err(backend)?;
        Ok(Some((
            session_from_row(&row)?,
            person_from_row(&row)?,
            org.map(UnitId::new),
        )))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn api_tokens(&self, person: PersonId, now: DateTime<Utc>) -> Result<Vec<Session>> {
        sqlx::query(
            "SELECT * FROM sessions WHERE person_id = $1 AND api AND expires_at > $2
             ORDER BY expires_at, token_hash",
        )
        .bind(person.get())
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(session_from_row)
        .collect()
    }

    async fn revoke_api_token(
        &self,
        person: PersonId,
        token_hash: &str,
        event: NewEvent,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let r =
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1 AND person_id = $2 AND api")
                .bind(token_hash)
                .bind(person.get())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound("mã API"));
        }
        append(&mut tx, &event).await?;
        tx.commit().await.map_err(backend)
    }

    async fn insert_document(&self, d: &NewDocument, event: NewEvent) -> Result<Document> {
        let mut tx = self.write().await?;
        let j = |v: &[String]| serde_json::to_string(v).map_err(json_err);
        let sig = d
            .signature()
            .map(serde_json::to_string)
            .transpose()
            .map_err(json_err)?;
        let search = fold(&format!(
            "{} {} {}",
            d.number().map(|n| n.as_str()).unwrap_or(""),
            d.subject(),
            d.issuer()
        ));
        // An incoming document takes the next number of the year's register (số đến).
        let received: Option<i32> = match dondoc_store::incoming_register_year(d, event.at) {
            Some(year) => Some(
                sqlx::query_scalar(
                    "INSERT INTO registers (org_id, year, series, last_number) VALUES ($1, $2, $3, 1)
                     ON CONFLICT (org_id, year, series)
                     DO UPDATE SET last_number = registers.last_number + 1
                     RETURNING last_number",
                )
                .bind(d.org_id().get())
                .bind(year)
                .bind(dondoc_store::INCOMING_SERIES)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?,
            ),
            None => None,
        };
        let row = sqlx::query(
            "INSERT INTO documents (org_id, direction, kind, number, issued_on, issuer, place,
                subject, body, addressees, distribution, signature, urgency, secrecy,
                implements_task, refs, registered_at, search, exchange_organ_id,
                exchange_document_id, received_serial)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                $19, $20, $21)
             RETURNING *",
        )
        .bind(d.org_id().get())
        .bind(d.direction().as_str())
        .bind(d.kind().as_str())
        .bind(d.number().map(|n| n.as_str()))
        .bind(d.issued_on())
        .bind(d.issuer())
        .bind(d.place())
        .bind(d.subject())
        .bind(d.body())
        .bind(j(d.addressees())?)
        .bind(j(d.distribution())?)
        .bind(sig)
        .bind(d.urgency().as_str())
        .bind(d.secrecy().as_str())
        .bind(d.implements_task().map(|t| t.get()))
        .bind(j(d.references())?)
        .bind(event.at)
        .bind(search)
        .bind(d.exchange().map(|x| x.organ_id.as_str()))
        .bind(d.exchange().map(|x| x.document_id.as_str()))
        .bind(received)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        if let Some((year, series, serial)) = dondoc_store::typed_register_number(d, event.at) {
            sqlx::query(
                "INSERT INTO registers (org_id, year, series, last_number) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (org_id, year, series)
                 DO UPDATE SET last_number = GREATEST(registers.last_number, EXCLUDED.last_number)",
            )
            .bind(d.org_id().get())
            .bind(year)
            .bind(series)
            .bind(serial)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        let doc = document_from_row(&row)?;
        // The body can be long; the audit trail records its size, not a second copy.
        let mut summary = doc.clone();
        summary.body = format!("({} ký tự)", doc.body.chars().count());
        append(
            &mut tx,
            &with_id(event, doc.id.get()).change(None, Some(&summary)),
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(doc)
    }

    async fn document(&self, id: DocumentId) -> Result<Option<Document>> {
        let row = sqlx::query("SELECT * FROM documents WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(document_from_row).transpose()
    }

    async fn documents(&self, f: &DocumentFilter, page: PageRequest) -> Result<Page<Document>> {
        let filter = |q: &mut QueryBuilder<'_, Postgres>| {
            q.push(" WHERE TRUE");
            if let Some(o) = f.org_id {
                q.push(" AND org_id = ").push_bind(o.get());
            }
            if let Some(d) = f.direction {
                q.push(" AND direction = ").push_bind(d.as_str());
            }
            if let Some(k) = f.kind {
                q.push(" AND kind = ").push_bind(k.as_str());
            }
            if let Some(t) = f.implements_task {
                q.push(" AND implements_task = ").push_bind(t.get());
            }
            if f.directives {
                q.push(
                    " AND (direction = 'outgoing' OR EXISTS \
                     (SELECT 1 FROM tasks t WHERE t.document_id = documents.id))",
                );
            }
            if f.exclude_secret {
                q.push(" AND secrecy = 'normal'");
            }
            if let Some(s) = &f.search {
                push_search(q, s);
            }
        };
        let mut c = QueryBuilder::new("SELECT COUNT(*) FROM documents");
        filter(&mut c);
        let total: i64 = c
            .build_query_scalar()
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        let mut q = QueryBuilder::new("SELECT * FROM documents");
        filter(&mut q);
        q.push(" ORDER BY id DESC LIMIT ")
            .push_bind(page.limit())
            .push(" OFFSET ")
            .push_bind(page.offset());
        let rows = q.build().fetch_all(&self.pool).await.map_err(backend)?;
        let items = rows
            .iter()
            .map(document_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page {
            items,
            page: page.page,
            per_page: page.per_page,
            total: total as u64,
        })
    }

    async fn issue_document(
        &self,
        id: DocumentId,
        series: &str,
        notation: &str,
        on: NaiveDate,
        event: NewEvent,
    ) -> Result<Document> {
        // Under the write lock, so two issues of one document cannot both see "no number".
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT * FROM documents WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let before = document_from_row(&row.ok_or(StoreError::NotFound("văn bản"))?)?;
        if before.number.is_some() {
            return Err(StoreError::Constraint("văn bản đã được cấp số".into()));
        }
        // The register row is locked by the upsert until commit; a rollback returns the
        // number, so numbers stay gap-free.
        let n: i32 = sqlx::query_scalar(
            "INSERT INTO registers (org_id, year, series, last_number) VALUES ($1, $2, $3, 1)
             ON CONFLICT (org_id, year, series)
             DO UPDATE SET last_number = registers.last_number + 1
             RETURNING last_number",
        )
        .bind(before.org_id.get())
        .bind(on.year())
        .bind(series)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let n = u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("sổ đăng ký: {n}")))?;
        let number = DocumentNumber::from_register(n, notation)
            .map_err(|e| StoreError::Constraint(e.to_string()))?;
        let row = sqlx::query(
            "UPDATE documents SET number = $1, issued_on = $2, search = $3 || ' ' || search
             WHERE id = $4 RETURNING *",
        )
        .bind(number.as_str())
        .bind(on)
        .bind(fold(number.as_str()))
        .bind(id.get())
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let after = document_from_row(&row)?;
        append(
            &mut tx,
            &event.change(
                Some(&serde_json::json!({"number": null})),
                Some(&serde_json::json!({"number": number.as_str(), "issued_on": on})),
            ),
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(after)
    }

    async fn insert_attachment(
        &self,
        file: &NewAttachment,
        event: NewEvent,
    ) -> Result<AttachmentMeta> {
        use sha2::{Digest, Sha256};
        let sha = hex::encode(Sha256::digest(&file.bytes));
        let mut tx = self.write().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO attachments (document_id, task_id, file_name, content_type, size, sha256,
                bytes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             RETURNING {ATTACHMENT_COLS}"
        ))
        .bind(file.document_id.map(|d| d.get()))
        .bind(file.task_id.map(|d| d.get()))
        .bind(&file.file_name)
        .bind(&file.content_type)
        .bind(file.bytes.len() as i64)
        .bind(&sha)
        .bind(&file.bytes)
        .bind(event.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let meta = attachment_from_row(&row)?;
        append(
            &mut tx,
            &with_id(event, meta.id.get()).change(None, Some(&meta)),
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(meta)
    }

    async fn withdraw_attachment(
        &self,
        id: AttachmentId,
        reason: &str,
        event: NewEvent,
    ) -> Result<AttachmentMeta> {
        let mut tx = self.write().await?;
        let cols = ATTACHMENT_COLS;
        let before = sqlx::query(&format!("SELECT {cols} FROM attachments WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound("tệp đính kèm"))?;
        let before = attachment_from_row(&before)?;
        let row = sqlx::query(&format!(
            "UPDATE attachments SET withdrawn_at = $1, withdrawn_by = $2, withdrawn_reason = $3
             WHERE id = $4 AND withdrawn_at IS NULL RETURNING {cols}"
        ))
        .bind(event.at)
        .bind(event.actor.map(|p| p.get()))
        .bind(reason)
        .bind(id.get())
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?
        .ok_or(StoreError::Conflict)?;
        let after = attachment_from_row(&row)?;
        append(
            &mut tx,
            &with_id(event, id.get()).change(Some(&before), Some(&after)),
        )
        .await?;
        tx.commit().await.map_err(backend)?;
        Ok(after)
    }

    async fn attachments(
        &self,
        document: Option<DocumentId>,
        task: Option<TaskId>,
    ) -> Result<Vec<AttachmentMeta>> {
        let rows = sqlx::query(&format!(
            "SELECT {ATTACHMENT_COLS} FROM attachments
             WHERE ($1::BIGINT IS NULL OR document_id = $1) AND ($2::BIGINT IS NULL OR task_id = $2)
             ORDER BY id"
        ))
        .bind(document.map(|d| d.get()))
        .bind(task.map(|d| d.get()))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(attachment_from_row).collect()
    }

    async fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
        let row = sqlx::query("SELECT * FROM attachments WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        match row {
            None => Ok(None),
            Some(r) => {
                let bytes: Vec<u8> = r.try_get("bytes").map_err(backend)?;
                Ok(Some((attachment_from_row(&r)?, bytes)))
            }
        }
    }

    async fn insert_tasks(
        &self,
        tasks: &[NewTask],
        at: DateTime<Utc>,
        actor: Option<PersonId>,
    ) -> Result<Vec<Task>> {
        let job = TaskWrite::InsertTasks {
            tasks: tasks.to_vec(),
            at,
            actor,
        };
        self.group.submit(job).await?.into_tasks()
    }

    async fn task(&self, id: TaskId) -> Result<Option<Task>> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        load_task(&mut conn, id.get()).await
    }

    async fn tasks_by_id(&self, ids: &[TaskId]) -> Result<Vec<Task>> {
        let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
        let rows = sqlx::query(&format!("SELECT {TASK_COLS} FROM tasks WHERE id = ANY($1)"))
            .bind(&raw)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let tasks = rows.iter().map(task_with_coop).collect::<Result<_>>()?;
        Ok(dondoc_store::in_order_of(ids, tasks))
    }

    async fn tasks(&self, f: &TaskFilter, page: PageRequest) -> Result<Page<Task>> {
        // One statement: the page, each task's co-operating units, and the total.
        let mut q = QueryBuilder::new("SELECT ");
        q.push(TASK_COLS);
        if f.involving_unit.is_some() {
            // A unit's inbox (a UNION ALL of two searches): the page is chosen on keys
            // with the total counted by a window over that same scan, then only its rows
            // are fetched whole. Measured with pgbench against the InitPlan form below,
            // which runs the union twice: 47–56 vs 63–70 ms per page at 1,000,000 tasks,
            // 1.22–1.25 vs 1.43–1.52 ms on the load benchmark's 2,000.
            q.push(
                ", page.total FROM (SELECT tasks.id AS page_id, tasks.due_date AS page_due, \
                 COUNT(*) OVER () AS total FROM ",
            );
            push_task_filter(&mut q, f);
            q.push(TASK_ORDER)
                .push(" LIMIT ")
                .push_bind(page.limit())
                .push(" OFFSET ")
                .push_bind(page.offset())
                .push(
                    ") AS page CROSS JOIN tasks WHERE tasks.id = page.page_id \
                     ORDER BY page.page_due ASC NULLS LAST, page.page_id",
                );
        } else {
            // Any other list: the total is an uncorrelated subquery (an InitPlan,
            // evaluated once, an index-only count). The keys-first form above is 10–30 %
            // slower here at 1,000,000 tasks (1.1 → 1.6 ms per page): the keys need the
            // heap for `id`, and the count no longer runs index-only.
            q.push(", (SELECT COUNT(*) FROM ");
            push_task_filter(&mut q, f);
            q.push(") AS total FROM ");
            push_task_filter(&mut q, f);
            q.push(TASK_ORDER)
                .push(" LIMIT ")
                .push_bind(page.limit())
                .push(" OFFSET ")
                .push_bind(page.offset());
        }
        let rows = q.build().fetch_all(&self.pool).await.map_err(backend)?;
        let total = match rows.first() {
            Some(r) => r.try_get::<i64, _>("total").map_err(backend)? as u64,
            // Past the end: no row carries the total.
            None => self.count_where(f, |_| {}).await?,
        };
        let items = rows
            .iter()
            .map(task_with_coop)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page {
            items,
            page: page.page,
            per_page: page.per_page,
            total,
        })
    }

    async fn tasks_all(&self, f: &TaskFilter) -> Result<Vec<Task>> {
        let mut q = QueryBuilder::new("SELECT * FROM ");
        push_task_filter(&mut q, f);
        q.push(TASK_ORDER);
        let rows = q.build().fetch_all(&self.pool).await.map_err(backend)?;
        self.tasks_from_rows(rows).await
    }

    async fn update_task(&self, task: &Task, event: NewEvent) -> Result<Task> {
        let job = TaskWrite::UpdateTask {
            task: task.clone(),
            event,
        };
        self.group.submit(job).await?.into_task()
    }

    async fn bucket_counts(&self, f: &TaskFilter, today: NaiveDate) -> Result<BucketCounts> {
        if let Some(scope) = f.counted_scope() {
            // The totals of migration 0005 (a few rows per kind), and the open counters
            // of migration 0003 whose due date has passed.
            let mut q = QueryBuilder::new("SELECT ");
            for kind in ["on_time", "late", "open"] {
                q.push("(SELECT COALESCE(SUM(n), 0)::BIGINT FROM task_totals WHERE kind = '")
                    .push(kind)
                    .push("'");
                push_counted_scope(&mut q, &scope);
                q.push("), ");
            }
            q.push(
                "(SELECT COALESCE(SUM(n), 0)::BIGINT FROM task_counts WHERE kind = 'open' AND due < ",
            )
            .push_bind(today);
            push_counted_scope(&mut q, &scope);
            q.push(")");
            let row = q.build().fetch_one(&self.pool).await.map_err(backend)?;
            return counts_from_row(&row);
        }
        let f = TaskFilter {
            bucket: None,
            ..f.clone()
        };
        // Four index range counts rather than one scan with FILTER, as on SQLite: each
        // is served by tasks_org_status_late or tasks_org_open_due. Four scalar
        // subqueries of one statement: one round trip.
        let mut q = QueryBuilder::new("SELECT ");
        for i in 0..4 {
            q.push(if i == 0 { "(" } else { ", (" })
                .push("SELECT COUNT(*) FROM ");
            push_task_filter(&mut q, &f);
            // A unit's breakdown of its task is not counted (see Store::bucket_counts).
            if f.parent_task.is_none() {
                q.push(" AND parent_task IS NULL");
            }
            match i {
                0 => push_bucket(&mut q, Bucket::DoneOnTime, today),
                1 => push_bucket(&mut q, Bucket::DoneLate, today),
                2 => {
                    q.push(" AND is_open = TRUE");
                }
                _ => push_bucket(&mut q, Bucket::Overdue, today),
            }
            q.push(")");
        }
        let row = q.build().fetch_one(&self.pool).await.map_err(backend)?;
        counts_from_row(&row)
    }

    async fn unit_bucket_counts(&self, org: UnitId, today: NaiveDate) -> Result<Vec<UnitCounts>> {
        let rows = sqlx::query(
            // From the totals (migration 0005) and the open counters past their due
            // date (0003); a unit is listed if it leads a task.
            "SELECT t.lead_unit, t.on_time, t.late, t.open - COALESCE(o.n, 0),
                    COALESCE(o.n, 0)::BIGINT
             FROM (SELECT lead_unit,
                     COALESCE(SUM(n) FILTER (WHERE kind = 'on_time'), 0)::BIGINT AS on_time,
                     COALESCE(SUM(n) FILTER (WHERE kind = 'late'), 0)::BIGINT AS late,
                     COALESCE(SUM(n) FILTER (WHERE kind = 'open'), 0)::BIGINT AS open
                   FROM task_totals WHERE org_id = $2 GROUP BY lead_unit
                   HAVING SUM(n) > 0) t
             LEFT JOIN (SELECT lead_unit, SUM(n)::BIGINT AS n FROM task_counts
                        WHERE org_id = $2 AND kind = 'open' AND due < $1
                        GROUP BY lead_unit) o ON o.lead_unit = t.lead_unit
             ORDER BY t.lead_unit",
        )
        .bind(today)
        .bind(org.get())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let g = |i: usize| r.try_get::<i64, _>(i).map(|v| v as u64).map_err(backend);
                Ok(UnitCounts {
                    unit_id: UnitId::new(r.try_get(0).map_err(backend)?),
                    counts: BucketCounts {
                        done_on_time: g(1)?,
                        done_late: g(2)?,
                        in_progress: g(3)?,
                        overdue: g(4)?,
                    },
                })
            })
            .collect()
    }

    async fn insert_report(
        &self,
        r: &NewProgressReport,
        moved: Option<&TaskMove>,
        event: NewEvent,
    ) -> Result<ProgressReport> {
        let job = TaskWrite::InsertReport {
            report: r.clone(),
            moved: moved.cloned().map(Box::new),
            event,
        };
        self.group.submit(job).await?.into_report()
    }

    async fn reports(&self, task: TaskId) -> Result<Vec<ProgressReport>> {
        let rows = sqlx::query("SELECT * FROM progress_reports WHERE task_id = $1 ORDER BY id")
            .bind(task.get())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(report_from_row).collect()
    }

    async fn reports_of(&self, tasks: &[TaskId]) -> Result<Vec<ProgressReport>> {
        let ids: Vec<i64> = tasks.iter().map(|t| t.get()).collect();
        let rows = sqlx::query(
            "SELECT * FROM progress_reports WHERE task_id = ANY($1) ORDER BY task_id, id",
        )
        .bind(&ids)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(report_from_row).collect()
    }

    async fn last_lead_reports(
        &self,
        tasks: &[TaskId],
        until: NaiveDate,
    ) -> Result<Vec<(TaskId, NaiveDate)>> {
        let ids: Vec<i64> = tasks.iter().map(|t| t.get()).collect();
        let rows: Vec<(i64, NaiveDate)> = sqlx::query_as(
            "SELECT r.task_id, MAX(r.reported_on) FROM progress_reports r
             JOIN tasks t ON t.id = r.task_id AND t.lead_unit = r.unit_id
             WHERE r.task_id = ANY($1) AND r.reported_on <= $2
             GROUP BY r.task_id ORDER BY r.task_id",
        )
        .bind(&ids)
        .bind(until)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(id, day)| (TaskId::new(id), day))
            .collect())
    }

    async fn report_duties(&self, f: &TaskFilter, until: NaiveDate) -> Result<Vec<ReportDuty>> {
        // The latest report is one seek in progress_reports_lead per task.
        let mut q = QueryBuilder::new(
            "SELECT id, deadline, assigned_on, (SELECT MAX(r.reported_on) FROM progress_reports r
                WHERE r.task_id = tasks.id AND r.unit_id = tasks.lead_unit AND r.reported_on <= ",
        );
        q.push_bind(until);
        q.push(") AS last_report FROM ");
        push_task_filter(&mut q, f);
        q.push(TASK_ORDER);
        let rows = q.build().fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(report_duty_from_row).collect()
    }

    async fn open_obstacles(&self, org: UnitId, limit: u32) -> Result<Vec<ProgressReport>> {
        let rows = sqlx::query(
            "SELECT r.* FROM progress_reports r JOIN tasks t ON t.id = r.task_id
             WHERE t.org_id = $1 AND r.obstacles <> ''
               AND t.is_open
               AND NOT EXISTS (SELECT 1 FROM directions d WHERE d.report_id = r.id)
             ORDER BY r.id DESC LIMIT $2",
        )
        .bind(org.get())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(report_from_row).collect()
    }

    async fn insert_direction(
        &self,
        task: TaskId,
        report: Option<ReportId>,
        leader: PersonId,
        text: &str,
        event: NewEvent,
    ) -> Result<LeaderDirection> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "INSERT INTO directions (task_id, report_id, leader, text, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING *",
        )
        .bind(task.get())
        .bind(report.map(|r| r.get()))
        .bind(leader.get())
        .bind(text)
        .bind(event.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let d = direction_from_row(&row)?;
        append(&mut tx, &with_id(event, d.id.get()).change(None, Some(&d))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(d)
    }

    async fn directions(&self, task: TaskId) -> Result<Vec<LeaderDirection>> {
        let rows = sqlx::query("SELECT * FROM directions WHERE task_id = $1 ORDER BY id")
            .bind(task.get())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(direction_from_row).collect()
    }

    async fn directions_of(&self, tasks: &[TaskId]) -> Result<Vec<LeaderDirection>> {
        let ids: Vec<i64> = tasks.iter().map(|t| t.get()).collect();
        let rows =
            sqlx::query("SELECT * FROM directions WHERE task_id = ANY($1) ORDER BY task_id, id")
                .bind(&ids)
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.iter().map(direction_from_row).collect()
    }

    async fn insert_extension(
        &self,
        task: TaskId,
        by: PersonId,
        old_date: Option<NaiveDate>,
        new_date: NaiveDate,
        reason: &str,
        event: NewEvent,
    ) -> Result<Extension> {
        // The write lock makes "check no pending request, then insert" atomic.
        let mut tx = self.write().await?;
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM extensions WHERE task_id = $1 AND status = 'pending'",
        )
        .bind(task.get())
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        if pending > 0 {
            return Err(StoreError::Constraint(
                "nhiệm vụ đã có một đề nghị gia hạn đang chờ duyệt".into(),
            ));
        }
        let row = sqlx::query(
            "INSERT INTO extensions (task_id, requested_by, old_date, new_date, reason, status,
                created_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING *",
        )
        .bind(task.get())
        .bind(by.get())
        .bind(old_date)
        .bind(new_date)
        .bind(reason)
        .bind(event.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let e = extension_from_row(&row)?;
        append(&mut tx, &with_id(event, e.id.get()).change(None, Some(&e))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(e)
    }

    async fn extensions(&self, task: TaskId) -> Result<Vec<Extension>> {
        let rows = sqlx::query("SELECT * FROM extensions WHERE task_id = $1 ORDER BY id")
            .bind(task.get())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(extension_from_row).collect()
    }

    async fn pending_extensions(&self, org: UnitId, limit: u32) -> Result<Vec<Extension>> {
        let rows = sqlx::query(
            "SELECT e.* FROM extensions e JOIN tasks t ON t.id = e.task_id
             WHERE t.org_id = $1 AND e.status = 'pending' ORDER BY e.id LIMIT $2",
        )
        .bind(org.get())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(extension_from_row).collect()
    }

    async fn extension(&self, id: ExtensionId) -> Result<Option<Extension>> {
        let row = sqlx::query("SELECT * FROM extensions WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(extension_from_row).transpose()
    }

    async fn decide_extension(
        &self,
        id: ExtensionId,
        status: ExtensionStatus,
        by: PersonId,
        note: Option<&str>,
        task: Option<&Task>,
        event: NewEvent,
    ) -> Result<Extension> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "UPDATE extensions SET status = $1, decided_by = $2, decision_note = $3,
                granted_date = $4
             WHERE id = $5 AND status = 'pending' RETURNING *",
        )
        .bind(status.as_str())
        .bind(by.get())
        .bind(note)
        .bind(task.and_then(|t| t.due_date))
        .bind(id.get())
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let Some(row) = row else {
            return Err(StoreError::Conflict);
        };
        let e = extension_from_row(&row)?;
        if let Some(t) = task {
            update_task_in(&mut tx, t, event.at).await?;
        }
        append(&mut tx, &event.change(None, Some(&e))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(e)
    }

    async fn insert_indicator(&self, ind: &NewIndicator, event: NewEvent) -> Result<Indicator> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "INSERT INTO indicators (task_id, name, measure, target, due)
             VALUES ($1, $2, $3, $4, $5) RETURNING *",
        )
        .bind(ind.task_id.get())
        .bind(&ind.name)
        .bind(&ind.measure)
        .bind(ind.target)
        .bind(ind.due)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let i = indicator_from_row(&row)?;
        append(&mut tx, &with_id(event, i.id.get()).change(None, Some(&i))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(i)
    }

    async fn indicators(&self, task: Option<TaskId>) -> Result<Vec<Indicator>> {
        let rows = sqlx::query(
            "SELECT * FROM indicators WHERE ($1::BIGINT IS NULL OR task_id = $1) ORDER BY id",
        )
        .bind(task.map(|t| t.get()))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(indicator_from_row).collect()
    }

    async fn insert_indicator_value(&self, v: &IndicatorValue, event: NewEvent) -> Result<()> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO indicator_values (indicator_id, period, value, reported_on, reported_by)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(v.indicator_id.get())
        .bind(&v.period)
        .bind(v.value)
        .bind(v.reported_on)
        .bind(v.reported_by.get())
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        append(&mut tx, &with_id(event, id).change(None, Some(v))).await?;
        tx.commit().await.map_err(backend)
    }

    async fn indicator_values(&self, ind: IndicatorId) -> Result<Vec<IndicatorValue>> {
        let rows =
            sqlx::query("SELECT * FROM indicator_values WHERE indicator_id = $1 ORDER BY id")
                .bind(ind.get())
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.iter().map(indicator_value_from_row).collect()
    }

    async fn append_event(&self, event: NewEvent) -> Result<Event> {
        let mut tx = self.write().await?;
        let e = append(&mut tx, &event).await?;
        tx.commit().await.map_err(backend)?;
        Ok(e)
    }

    async fn events(&self, after: Option<EventId>, limit: u32) -> Result<Vec<Event>> {
        let rows = sqlx::query("SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after.map(|e| e.get()).unwrap_or(0))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn events_for(&self, entity: &str, id: i64) -> Result<Vec<Event>> {
        let rows =
            sqlx::query("SELECT * FROM events WHERE entity = $1 AND entity_id = $2 ORDER BY id")
                .bind(entity)
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn insert_notification(
        &self,
        n: &NewNotification,
        at: DateTime<Utc>,
    ) -> Result<Option<Notification>> {
        let row = sqlx::query(
            "INSERT INTO notifications (person_id, task_id, key, kind, title, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING RETURNING *",
        )
        .bind(n.person_id.get())
        .bind(n.task_id.map(|t| t.get()))
        .bind(&n.key)
        .bind(&n.kind)
        .bind(&n.title)
        .bind(&n.body)
        .bind(at)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(notification_from_row).transpose()
    }

    async fn notifications(
        &self,
        person: PersonId,
        unread_only: bool,
        page: PageRequest,
    ) -> Result<Page<Notification>> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications
             WHERE person_id = $1 AND (NOT $2 OR read_at IS NULL)",
        )
        .bind(person.get())
        .bind(unread_only)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        let rows = sqlx::query(
            "SELECT * FROM notifications WHERE person_id = $1 AND (NOT $2 OR read_at IS NULL)
             ORDER BY id DESC LIMIT $3 OFFSET $4",
        )
        .bind(person.get())
        .bind(unread_only)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let items = rows
            .iter()
            .map(notification_from_row)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page {
            items,
            page: page.page,
            per_page: page.per_page,
            total: total as u64,
        })
    }

    async fn unread_count(&self, person: PersonId) -> Result<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND read_at IS NULL",
        )
        .bind(person.get())
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(n as u64)
    }

    async fn mark_read(&self, person: PersonId, id: Option<i64>, at: DateTime<Utc>) -> Result<u64> {
        let r = sqlx::query(
            "UPDATE notifications SET read_at = $1
             WHERE person_id = $2 AND read_at IS NULL AND ($3::BIGINT IS NULL OR id = $3)",
        )
        .bind(at)
        .bind(person.get())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(r.rows_affected())
    }

    async fn settle_notices(&self, key_prefix: &str, at: DateTime<Utc>) -> Result<u64> {
        // `LIKE` with the prefix's own `\`, `_` and `%` escaped: a range of the
        // `text_pattern_ops` index of migration 0016.
        let pattern = format!(
            "{}%",
            key_prefix
                .replace('\\', "\\\\")
                .replace('_', "\\_")
                .replace('%', "\\%")
        );
        let r = sqlx::query(
            "UPDATE notifications SET read_at = $1
             WHERE read_at IS NULL AND key LIKE $2 ESCAPE '\\'",
        )
        .bind(at)
        .bind(pattern)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(r.rows_affected())
    }

    async fn unemailed(&self, limit: u32) -> Result<Vec<Notification>> {
        let rows = sqlx::query(
            "SELECT * FROM notifications WHERE emailed_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(notification_from_row).collect()
    }

    async fn mark_emailed(&self, ids: &[i64], at: DateTime<Utc>) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        // One statement is one transaction: all or none are marked.
        sqlx::query("UPDATE notifications SET emailed_at = $1 WHERE id = ANY($2)")
            .bind(at)
            .bind(ids)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn last_reminder_run(&self) -> Result<Option<NaiveDate>> {
        sqlx::query_scalar("SELECT MAX(day) FROM reminder_runs")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn record_reminder_run(&self, day: NaiveDate, at: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO reminder_runs (day, at) VALUES ($1, $2)
             ON CONFLICT (day) DO UPDATE SET at = EXCLUDED.at",
        )
        .bind(day)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_expressions_bound_words_and_escape_the_rest() {
        assert_eq!(regex_word("ra soat"), "[^a-z0-9]ra soat[^a-z0-9]");
        assert_eq!(regex_word("/ubnd"), "\\/ubnd[^a-z0-9]");
        assert_eq!(regex_word("1.2(a)"), "[^a-z0-9]1\\.2\\(a\\)");
    }
}
