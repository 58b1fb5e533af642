//! SQLite storage for dondoc: the embedded default.
//!
//! WAL journal, foreign keys on, `synchronous=FULL` (a write that reports success has
//! reached the disk), a busy timeout, and every write transaction opened with
//! `BEGIN IMMEDIATE` so that concurrent writers queue for the lock instead of failing
//! with "database is locked" when a read transaction tries to upgrade. Within a process,
//! writers first queue on one async lock (no busy-handler sleeps), and task creation,
//! task updates and progress reports are group-committed ([`dondoc_store::group`]).

mod checkpoint;
mod known;
mod rows;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use dondoc_domain::audit::{Event, GENESIS, NewEvent};
use dondoc_domain::progress::{
    Direction as LeaderDirection, Extension, ExtensionStatus, Indicator, IndicatorValue,
    NewIndicator, NewProgressReport, ProgressReport,
};
use dondoc_domain::stats::{Bucket, done_late};
use dondoc_domain::text::{fold, search_terms, word_edges};
use dondoc_domain::{
    AttachmentId, BucketCounts, Document, DocumentId, DocumentNumber, EventId, ExtensionId,
    IndicatorId, NewDocument, NewPerson, NewTask, NewUnit, Person, PersonId, ReportId, Role, Task,
    TaskId, TaskStatus, Unit, UnitId,
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
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The SQLite store.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Taken by every write transaction of this process before `BEGIN IMMEDIATE`:
    /// writers queue here instead of in SQLite's busy handler (which sleeps up to
    /// 100 ms between retries).
    write_lock: Arc<Mutex<()>>,
    /// The hot writes (tasks, task updates, progress reports) go through group commit.
    group: GroupCommit<SqliteGroup>,
    /// Task rows as last read, for list pages whose rows have not changed since.
    known: known::KnownTasks,
}

/// A write transaction holding the store's write lock.
struct WriteTx {
    tx: Tx<'static>,
    _lock: OwnedMutexGuard<()>,
}

impl WriteTx {
    /// Takes the process's write lock, then `BEGIN IMMEDIATE`.
    async fn open(pool: &SqlitePool, write_lock: &Arc<Mutex<()>>) -> Result<WriteTx> {
        let lock = write_lock.clone().lock_owned().await;
        let tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        Ok(WriteTx { tx, _lock: lock })
    }

    async fn commit(self) -> std::result::Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

type Tx<'a> = Transaction<'a, Sqlite>;

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
        _ => StoreError::Backend(e.to_string()),
    }
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://FILE` or `sqlite:FILE`)
    /// and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Backend(format!("URL SQLite không hợp lệ: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            // The checkpoints run beside the writers (`checkpoint`); a committing
            // connection checkpoints only past this higher mark.
            .pragma("wal_autocheckpoint", checkpoint::FALLBACK_PAGES.to_string());
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // No ping before each use (sqlx's default): the database is a file in this
            // process, there is no other end to hang up, and the ping is one more
            // hand-over to the connection's thread per statement.
            .test_before_acquire(false)
            .connect_with(opts.clone())
            .await
            .map_err(backend)?;
        let write_lock = Arc::new(Mutex::new(()));
        let group = GroupCommit::spawn(SqliteGroup {
            checkpointer: checkpoint::spawn(opts.clone()),
            opts: opts.clone(),
            conn: None,
            write_lock: write_lock.clone(),
            held: None,
            prev: String::new(),
            next_task_id: 0,
            next_report_id: 0,
            remembered: false,
        });
        let store = SqliteStore {
            pool,
            write_lock,
            group,
            known: known::KnownTasks::default(),
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations (idempotent).
    pub async fn migrate(&self) -> Result<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migration: {e}")))?;
        // Without statistics SQLite's planner may count through a poorer index
        // (measured: 88 ms vs a few ms at 1M tasks); `optimize` gathers them cheaply.
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        sqlx::query("PRAGMA analysis_limit = 1000")
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        sqlx::query("PRAGMA optimize = 0x10002")
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Moves everything from the WAL into the database file and empties the WAL
    /// (backups and file-level tools then see the whole database in one file).
    pub async fn checkpoint(&self) -> Result<()> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Runs `PRAGMA integrity_check`; `Ok(())` when the file is sound.
    pub async fn integrity_check(&self) -> Result<()> {
        let r: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        if r == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt(r))
        }
    }

    /// Direct pool access for benchmarks that bulk-load data.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn write(&self) -> Result<WriteTx> {
        WriteTx::open(&self.pool, &self.write_lock).await
    }

    /// Bulk insert for benchmarks and imports: many tasks in one transaction, no events.
    pub async fn bulk_insert_tasks(&self, tasks: &[NewTask], at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.write().await?;
        let mut id = next_task_id(&mut tx).await?;
        for t in tasks {
            let mut q = QueryBuilder::new("");
            push_task_insert(&mut q, id, t, at)?;
            q.build().execute(&mut *tx).await.map_err(backend)?;
            id += 1;
        }
        tx.commit().await.map_err(backend)
    }
}

/// The hash of the last event, or [`GENESIS`]. Only meaningful inside a write transaction.
async fn last_hash(tx: &mut SqliteConnection) -> Result<String> {
    let prev: Option<String> =
        sqlx::query_scalar("SELECT hash FROM events ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
    Ok(prev.unwrap_or_else(|| GENESIS.to_string()))
}

async fn append(tx: &mut SqliteConnection, ev: &NewEvent) -> Result<Event> {
    let mut prev = last_hash(tx).await?;
    append_after(tx, &mut prev, ev).await
}

/// Appends `ev` after the event whose hash is `prev`, and moves `prev` on to it.
async fn append_after(
    tx: &mut SqliteConnection,
    prev: &mut String,
    ev: &NewEvent,
) -> Result<Event> {
    let sealed = ev.sealed(prev);
    let hash = sealed.hash;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO events (at, actor, entity, entity_id, action, before, after, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(ev.at)
    .bind(ev.actor.map(|p| p.get()))
    .bind(&ev.entity)
    .bind(ev.entity_id)
    .bind(&ev.action)
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
        body: ev.clone(),
        prev_hash,
        hash,
    })
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
/// co-operating units as `coop` (comma-separated ids, any order): one row per task, so a
/// task or a page of tasks is one statement.
const TASK_COLS: &str = "tasks.id, tasks.org_id, tasks.document_id, tasks.section, tasks.title,
    tasks.lead_unit, tasks.assignee, tasks.parent_task, tasks.deadline, tasks.due_date,
    tasks.assigned_on, tasks.handed_again_on, tasks.status, tasks.completed_on,
    tasks.progress, tasks.urgency, tasks.secret, tasks.status_reason, tasks.version,
    tasks.updated_at, (SELECT group_concat(c.unit_id) FROM task_cooperators c WHERE c.task_id = tasks.id) AS coop";

/// A row selected with [`TASK_COLS`].
fn task_with_coop(row: &sqlx::sqlite::SqliteRow) -> Result<Task> {
    let coop: Option<String> = row
        .try_get("coop")
        .map_err(|e| StoreError::Corrupt(format!("coop: {e}")))?;
    let mut units = Vec::new();
    for u in coop
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|u| !u.is_empty())
    {
        let id: i64 = u
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("coop: \"{u}\"")))?;
        units.push(UnitId::new(id));
    }
    units.sort_unstable_by_key(|u| u.get());
    task_from_row(row, units)
}

/// The arguments of `json_object` for a task of the derived table `tasks` (see
/// [`tasks_from_json`]).
const TASK_JSON: &str = "'id', tasks.id, 'org_id', tasks.org_id, 'document_id', tasks.document_id,
    'section', tasks.section, 'title', tasks.title, 'lead_unit', tasks.lead_unit,
    'cooperating', json((SELECT json_group_array(c.unit_id ORDER BY c.unit_id)
        FROM task_cooperators c WHERE c.task_id = tasks.id)),
    'assignee', tasks.assignee, 'parent_task', tasks.parent_task,
    'deadline', json(tasks.deadline), 'due_date', tasks.due_date,
    'assigned_on', tasks.assigned_on, 'handed_again_on', tasks.handed_again_on,
    'status', tasks.status,
    'completed_on', tasks.completed_on, 'progress', tasks.progress,
    'urgency', tasks.urgency, 'secret', tasks.secret, 'status_reason', tasks.status_reason,
    'version', tasks.version, 'updated_at', tasks.updated_at";

/// A task as [`TASK_JSON`] gives it.
#[derive(serde::Deserialize)]
struct TaskJson {
    id: i64,
    org_id: i64,
    document_id: Option<i64>,
    section: Option<String>,
    title: String,
    lead_unit: i64,
    cooperating: Vec<i64>,
    assignee: Option<i64>,
    parent_task: Option<i64>,
    deadline: dondoc_domain::Deadline,
    due_date: Option<NaiveDate>,
    assigned_on: NaiveDate,
    handed_again_on: Option<NaiveDate>,
    status: String,
    completed_on: Option<NaiveDate>,
    progress: u8,
    urgency: String,
    secret: i64,
    status_reason: Option<String>,
    version: i64,
    updated_at: String,
}

/// The tasks of a JSON page; `None` if any value is not exactly in the form this store
/// writes (instants as RFC 3339, as sqlx stores them).
fn tasks_from_json(json: &str) -> Option<Vec<Task>> {
    let rows: Vec<TaskJson> = serde_json::from_str(json).ok()?;
    rows.into_iter()
        .map(|r| {
            Some(Task {
                id: TaskId::new(r.id),
                org_id: UnitId::new(r.org_id),
                document_id: r.document_id.map(DocumentId::new),
                section: r.section,
                title: r.title,
                lead_unit: UnitId::new(r.lead_unit),
                cooperating: r.cooperating.into_iter().map(UnitId::new).collect(),
                assignee: r.assignee.map(PersonId::new),
                parent_task: r.parent_task.map(TaskId::new),
                deadline: r.deadline,
                due_date: r.due_date,
                assigned_on: r.assigned_on,
                handed_again_on: r.handed_again_on,
                status: TaskStatus::parse(&r.status)?,
                completed_on: r.completed_on,
                progress: r.progress,
                urgency: dondoc_domain::Urgency::parse(&r.urgency)?,
                secret: match r.secret {
                    0 => false,
                    1 => true,
                    _ => return None,
                },
                status_reason: r.status_reason,
                version: r.version,
                updated_at: DateTime::parse_from_rfc3339(&r.updated_at)
                    .ok()?
                    .with_timezone(&Utc),
            })
        })
        .collect()
}

async fn load_task(ex: &mut sqlx::SqliteConnection, id: i64) -> Result<Option<Task>> {
    let row = sqlx::query(&format!("SELECT {TASK_COLS} FROM tasks WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *ex)
        .await
        .map_err(backend)?;
    row.as_ref().map(task_with_coop).transpose()
}

/// Appends `UPDATE tasks .. WHERE id = ? AND version = ?` storing `task` (read at
/// `task.version`) at `at`, with no `;` after it; with [`IfStale::Fail`] the version is
/// checked in the `SET` instead, so a moved version fails the statement.
///
/// `before` is the task as stored at that version, when the caller has it. The indexed
/// columns whose value it shares with `task` are then left out of the `SET`: SQLite
/// rewrites the entries of every index on an assigned column, changed or not, so a
/// progress report that changes only the percentage would otherwise write a page of each
/// status and due-date index. Leaving them out is safe because the row is written only
/// at that version, where it holds `before`'s values.
fn push_task_update<'q>(
    q: &mut QueryBuilder<'q, Sqlite>,
    task: &'q Task,
    before: Option<&Task>,
    at: DateTime<Utc>,
    stale: IfStale,
) -> Result<()> {
    let deadline =
        serde_json::to_string(&task.deadline).map_err(|e| StoreError::Backend(e.to_string()))?;
    let before = before.filter(|b| b.id == task.id && b.version == task.version);
    let changed = |same: fn(&Task, &Task) -> bool| !before.is_some_and(|b| same(b, task));
    q.push("UPDATE tasks SET title = ")
        .push_bind(&task.title)
        .push(", assignee = ")
        .push_bind(task.assignee.map(|p| p.get()))
        .push(", deadline = ")
        .push_bind(deadline);
    if changed(|a, b| a.due_date == b.due_date) {
        q.push(", due_date = ").push_bind(task.due_date);
    }
    // Moves only when a returned task is given to another unit (`Task::reassign`).
    if changed(|a, b| a.lead_unit == b.lead_unit) {
        q.push(", lead_unit = ").push_bind(task.lead_unit.get());
    }
    if changed(|a, b| a.handed_again_on == b.handed_again_on) {
        q.push(", handed_again_on = ")
            .push_bind(task.handed_again_on);
    }
    if changed(|a, b| a.status == b.status) {
        q.push(", status = ").push_bind(task.status.as_str());
    }
    if changed(|a, b| a.status.is_open() == b.status.is_open()) {
        q.push(", is_open = ").push_bind(task.status.is_open());
    }
    if changed(|a, b| done_late(a) == done_late(b)) {
        q.push(", done_late = ").push_bind(done_late(task));
    }
    q.push(", completed_on = ")
        .push_bind(task.completed_on)
        .push(", progress = ")
        .push_bind(i64::from(task.progress))
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
async fn update_refused(tx: &mut SqliteConnection, task: TaskId) -> Result<StoreError> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM tasks WHERE id = ?")
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

/// The optimistic update: `Conflict` if the version moved, `NotFound` if the task is
/// gone. Returns the stored row (every column; co-operating units are not changed here).
async fn update_task_in(
    tx: &mut SqliteConnection,
    task: &Task,
    at: DateTime<Utc>,
) -> Result<sqlx::sqlite::SqliteRow> {
    let mut q = QueryBuilder::new("");
    push_task_update(&mut q, task, None, at, IfStale::NoRow)?;
    q.push(" RETURNING *");
    let r = q.build().fetch_optional(&mut *tx).await.map_err(backend)?;
    match r {
        Some(row) => Ok(row),
        None => Err(update_refused(tx, task.id).await?),
    }
}

/// Statistics from a row of four counts (see [`BucketCounts::from_totals`]).
/// The conditions of a [`CountedScope`] on a counters table (`task_totals`, `task_counts`).
fn push_counted_scope(q: &mut QueryBuilder<'_, Sqlite>, scope: &CountedScope) {
    if let Some(o) = scope.org_id {
        q.push(" AND org_id = ").push_bind(o.get());
    }
    if let Some(u) = scope.lead_unit {
        q.push(" AND lead_unit = ").push_bind(u.get());
    }
    if scope.exclude_secret {
        q.push(" AND secret = 0");
    }
}

fn counts_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<BucketCounts> {
    let n = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
    Ok(BucketCounts::from_totals(n(0)?, n(1)?, n(2)?, n(3)?))
}

/// Group commit on SQLite: one `BEGIN IMMEDIATE` … `COMMIT` (one WAL fsync with
/// `synchronous=FULL`) for every write waiting, under the store's write lock; the chain
/// head is read once per transaction and carried from job to job.
///
/// The writer owns a connection of its own (not one of the pool's), so it can send
/// `BEGIN IMMEDIATE` and the read of the chain head and the next ids as one query: one
/// hand-over to the connection's thread where sqlx's `begin` and the read took two. It
/// sends `BEGIN`, `COMMIT` and `ROLLBACK` itself; after an error it drops the connection
/// (closing it rolls back what it held) and opens a new one at the next `begin`.
struct SqliteGroup {
    /// Rung after each commit: the WAL is checkpointed beside the writer.
    checkpointer: checkpoint::Doorbell,
    opts: SqliteConnectOptions,
    conn: Option<SqliteConnection>,
    write_lock: Arc<Mutex<()>>,
    /// The store's write lock, held from `begin` to `commit` or `rollback`.
    held: Option<OwnedMutexGuard<()>>,
    prev: String,
    /// The id the next task of the open transaction gets (`MAX(id) + 1`, read under
    /// `BEGIN IMMEDIATE`, so no other writer can take it; what SQLite would choose).
    next_task_id: i64,
    /// The id the next progress report gets, likewise.
    next_report_id: i64,
    /// Whether `prev` and the next ids are those this writer's last commit left, for
    /// [`GroupBackend::run_all`] to start from.
    remembered: bool,
}

impl SqliteGroup {
    /// Sends `COMMIT` or `ROLLBACK`, then lets other writers in; drops the connection on
    /// error.
    async fn end(&mut self, sql: &'static str) -> Result<()> {
        let r = match self.conn.as_mut() {
            Some(conn) => sqlx::query(sql)
                .execute(&mut *conn)
                .await
                .map(|_| ())
                .map_err(backend),
            None => Err(StoreError::Backend("group commit: no transaction".into())),
        };
        if r.is_err() {
            self.conn = None;
        }
        self.held = None;
        r
    }
}

/// The id the next task gets: `MAX(id) + 1`, what SQLite itself would choose. Only
/// meaningful inside a write transaction (`BEGIN IMMEDIATE`: no other writer can take it).
async fn next_task_id(tx: &mut SqliteConnection) -> Result<i64> {
    let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM tasks")
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
    Ok(max + 1)
}

/// Appends the statements that insert task `t` with id `id` and its co-operating units,
/// each ended by `;`, so more statements can follow in the same query.
fn push_task_insert<'q>(
    q: &mut QueryBuilder<'q, Sqlite>,
    id: i64,
    t: &'q NewTask,
    at: DateTime<Utc>,
) -> Result<()> {
    q.push(
        "INSERT INTO tasks (id, org_id, document_id, section, title, lead_unit, assignee,
            parent_task, deadline, due_date, assigned_on, status, is_open, done_late,
            completed_on, progress, urgency, secret, status_reason, version, updated_at, search)
         VALUES (",
    );
    let mut v = q.separated(", ");
    v.push_bind(id)
        .push_bind(t.org_id().get())
        .push_bind(t.document_id().map(|d| d.get()))
        .push_bind(t.section())
        .push_bind(t.title())
        .push_bind(t.lead_unit().get())
        .push_bind(t.assignee().map(|p| p.get()))
        .push_bind(t.parent_task().map(|p| p.get()))
        .push_bind(
            serde_json::to_string(t.deadline()).map_err(|e| StoreError::Backend(e.to_string()))?,
        )
        .push_bind(t.due_date())
        .push_bind(t.assigned_on())
        .push("'assigned', 1, NULL, NULL, 0")
        .push_bind(t.urgency().as_str())
        .push_bind(t.is_secret())
        .push("NULL, 1")
        .push_bind(at)
        .push_bind(task_search(t.title()));
    q.push(");");
    if !t.cooperating().is_empty() {
        q.push(" INSERT INTO task_cooperators (task_id, unit_id) ");
        q.push_values(t.cooperating(), |mut b, u| {
            b.push_bind(id).push_bind(u.get());
        });
        q.push(";");
    }
    Ok(())
}

/// Inserts a task with a known id, its co-operating units and its "assign" event as one
/// multi-statement query: one hand-over to sqlx's SQLite thread instead of two or more
/// (the event's hash covers the stored task, known before the insert once its id is).
async fn insert_task_with_event(
    tx: &mut SqliteConnection,
    prev: &mut String,
    id: i64,
    t: &NewTask,
    at: DateTime<Utc>,
    actor: Option<PersonId>,
) -> Result<Task> {
    let task = stored_task(id, t, at);
    let ev = NewEvent::new(at, actor, "task", id, "assign").change(None, Some(&task));
    let mut q = QueryBuilder::new("");
    push_task_insert(&mut q, id, t, at)?;
    push_events_insert(&mut q, prev, vec![ev]);
    q.build().execute(&mut *tx).await.map_err(backend)?;
    Ok(task)
}

/// Appends one `INSERT INTO events` (no `;` after it) chaining `events` after the event
/// whose hash is `prev`, in order, and moves `prev` on to the last of them. Only
/// meaningful if the query then runs and commits; a failed job's transaction is rolled
/// back and the next one reads the head again.
fn push_events_insert(q: &mut QueryBuilder<'_, Sqlite>, prev: &mut String, events: Vec<NewEvent>) {
    q.push(" INSERT INTO events (at, actor, entity, entity_id, action, before, after, prev_hash, hash) ");
    let mut rows = Vec::with_capacity(events.len());
    for ev in events {
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

/// Appends the statement that inserts report `r` with id `id` at `at`, ended by `;`.
fn push_report_insert<'q>(
    q: &mut QueryBuilder<'q, Sqlite>,
    id: i64,
    r: &'q NewProgressReport,
    at: DateTime<Utc>,
) -> Result<()> {
    q.push(
        " INSERT INTO progress_reports (id, task_id, unit_id, author, reported_on, percent,
            narrative, obstacles, proposals, evidence, created_at) VALUES (",
    );
    q.separated(", ")
        .push_bind(id)
        .push_bind(r.task_id().get())
        .push_bind(r.unit_id().get())
        .push_bind(r.author().get())
        .push_bind(r.reported_on())
        .push_bind(i64::from(r.percent()))
        .push_bind(r.narrative())
        .push_bind(r.obstacles())
        .push_bind(r.proposals())
        .push_bind(
            serde_json::to_string(r.evidence()).map_err(|e| StoreError::Backend(e.to_string()))?,
        )
        .push_bind(at);
    q.push(");");
    Ok(())
}

/// Most rows (tasks and reports) in one message of [`SqliteGroup::run_all`], which keeps
/// it under SQLite's 32,766 bound values; a larger group runs job by job.
const MAX_ROWS_AT_ONCE: usize = 256;

/// Whether SQLite refused a statement for a constraint (primary code `SQLITE_CONSTRAINT`:
/// a key, `NOT NULL`, a foreign key, or a trigger's `RAISE(ABORT)`).
fn is_constraint(e: &sqlx::Error) -> bool {
    const SQLITE_CONSTRAINT: i32 = 19;
    matches!(e, sqlx::Error::Database(d)
        if d.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| c & 0xff == SQLITE_CONSTRAINT))
}

#[async_trait]
impl GroupBackend for SqliteGroup {
    type Job = TaskWrite;
    type Output = Written;

    async fn begin(&mut self, _jobs: &[&TaskWrite]) -> Result<()> {
        use sqlx::Connection;
        self.remembered = false;
        self.held = Some(self.write_lock.clone().lock_owned().await);
        let conn = match self.conn.as_mut() {
            Some(c) => c,
            None => match SqliteConnection::connect_with(&self.opts).await {
                Ok(c) => self.conn.insert(c),
                Err(e) => {
                    self.held = None;
                    return Err(backend(e));
                }
            },
        };
        // The transaction, then the chain head and the next task and report ids.
        let read: std::result::Result<(Option<String>, i64, i64), _> = sqlx::query_as(
            "BEGIN IMMEDIATE;
             SELECT (SELECT hash FROM events ORDER BY id DESC LIMIT 1),
                    (SELECT COALESCE(MAX(id), 0) FROM tasks),
                    (SELECT COALESCE(MAX(id), 0) FROM progress_reports)",
        )
        .fetch_one(&mut *conn)
        .await;
        let (head, max_id, max_report) = match read {
            Ok(r) => r,
            Err(e) => {
                // Whatever state the connection is in, closing it ends the transaction.
                self.conn = None;
                self.held = None;
                return Err(backend(e));
            }
        };
        self.prev = head.unwrap_or_else(|| GENESIS.to_string());
        self.next_task_id = max_id + 1;
        self.next_report_id = max_report + 1;
        Ok(())
    }

    async fn run(&mut self, job: &TaskWrite) -> Result<Written> {
        let tx: &mut SqliteConnection = self
            .conn
            .as_mut()
            .ok_or_else(|| StoreError::Backend("group commit: no transaction".into()))?;
        let prev = &mut self.prev;
        Ok(match job {
            TaskWrite::InsertTasks { tasks, at, actor } => {
                let mut out = Vec::with_capacity(tasks.len());
                for t in tasks {
                    let id = self.next_task_id;
                    out.push(insert_task_with_event(tx, prev, id, t, *at, *actor).await?);
                    self.next_task_id += 1;
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
                // One query (one hand-over to sqlx's thread): the task's update, the
                // report with its known id, and the events, whose hashes cover the stored
                // report and task, known before the insert.
                let id = self.next_report_id;
                let report = stored_report(id, r, event.at);
                let events = report_events(&report, event, moved.as_deref(), event.at);
                let mut q = QueryBuilder::new("");
                if let Some(m) = moved {
                    push_task_update(&mut q, &m.after, Some(&m.before), event.at, IfStale::NoRow)?;
                    q.push(";");
                }
                push_report_insert(&mut q, id, r, event.at)?;
                let n_events = events.len() as u64;
                let mut head = prev.clone();
                push_events_insert(&mut q, &mut head, events);
                // Rows changed by the statements themselves (not by triggers).
                let changed = q
                    .build()
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?
                    .rows_affected();
                let expected = u64::from(moved.is_some()) + 1 + n_events;
                if changed != expected {
                    // The task's update matched no row; the group rolls this back.
                    return Err(match moved {
                        Some(m) => update_refused(tx, m.after.id).await?,
                        None => StoreError::Backend("progress report: nothing stored".into()),
                    });
                }
                *prev = head;
                self.next_report_id += 1;
                Written::Report(report)
            }
        })
    }

    async fn commit(&mut self) -> Result<()> {
        if self.held.is_none() {
            return Err(StoreError::Backend("group commit: no transaction".into()));
        }
        let r = self.end("COMMIT").await;
        self.remembered = r.is_ok();
        if r.is_ok() {
            self.checkpointer.ring();
        }
        r
    }

    async fn rollback(&mut self) {
        self.remembered = false;
        if self.held.is_some() {
            let _ = self.end("ROLLBACK").await;
        }
    }

    /// The group as one multi-statement query, `BEGIN IMMEDIATE` to `COMMIT`: one
    /// hand-over to sqlx's thread where `begin`, one `run` per job and `commit` take two
    /// more than the number of jobs. It starts from the chain head and ids this writer's
    /// last commit left; SQLite refuses them if another process wrote since (the
    /// `events_follow_head` trigger, the primary keys), a report's task whose version
    /// moved fails its update ([`IfStale::Fail`]), and a report on a missing task fails
    /// its foreign key. Each of those stops the query before `COMMIT`.
    async fn run_all(&mut self, jobs: &[&TaskWrite]) -> AllAtOnce<Written> {
        if !self.remembered || self.conn.is_none() {
            return AllAtOnce::NotTried;
        }
        let rows: usize = jobs
            .iter()
            .map(|j| match j {
                TaskWrite::InsertTasks { tasks, .. } => tasks.len(),
                _ => 1,
            })
            .sum();
        if rows > MAX_ROWS_AT_ONCE {
            return AllAtOnce::NotTried;
        }
        let mut prev = self.prev.clone();
        let (mut next_task, mut next_report) = (self.next_task_id, self.next_report_id);
        let mut q = QueryBuilder::new("BEGIN IMMEDIATE;");
        let mut events = Vec::new();
        let mut outputs = Vec::with_capacity(jobs.len());
        let mut reported = std::collections::HashSet::new();
        for job in jobs {
            let built = match job {
                TaskWrite::InsertTasks { tasks, at, actor } => {
                    let mut out = Vec::with_capacity(tasks.len());
                    for t in tasks {
                        if push_task_insert(&mut q, next_task, t, *at).is_err() {
                            return AllAtOnce::NotTried;
                        }
                        let task = stored_task(next_task, t, *at);
                        events.push(
                            NewEvent::new(*at, *actor, "task", next_task, "assign")
                                .change(None, Some(&task)),
                        );
                        out.push(task);
                        next_task += 1;
                    }
                    Written::Tasks(out)
                }
                // A workflow step reads the task inside the transaction.
                TaskWrite::UpdateTask { .. } => return AllAtOnce::NotTried,
                TaskWrite::InsertReport {
                    report: r,
                    moved,
                    event,
                } => {
                    // Two reports on one task: the second's version check needs the
                    // first's outcome, which job by job gives.
                    if !reported.insert(r.task_id()) {
                        return AllAtOnce::NotTried;
                    }
                    let report = stored_report(next_report, r, event.at);
                    events.extend(report_events(&report, event, moved.as_deref(), event.at));
                    if let Some(m) = moved {
                        if push_task_update(
                            &mut q,
                            &m.after,
                            Some(&m.before),
                            event.at,
                            IfStale::Fail,
                        )
                        .is_err()
                        {
                            return AllAtOnce::NotTried;
                        }
                        q.push(";");
                    }
                    if push_report_insert(&mut q, next_report, r, event.at).is_err() {
                        return AllAtOnce::NotTried;
                    }
                    next_report += 1;
                    Written::Report(report)
                }
            };
            outputs.push(built);
        }
        push_events_insert(&mut q, &mut prev, events);
        q.push("; COMMIT");
        let _held = self.write_lock.clone().lock_owned().await;
        let Some(conn) = self.conn.as_mut() else {
            return AllAtOnce::NotTried;
        };
        match q.build().execute(&mut *conn).await {
            Ok(_) => {
                self.prev = prev;
                self.next_task_id = next_task;
                self.next_report_id = next_report;
                self.checkpointer.ring();
                AllAtOnce::Committed(outputs)
            }
            Err(e) => {
                self.remembered = false;
                // SQLite runs the statements in order and stops at the first that fails,
                // so after a refused constraint `COMMIT` has not run. Any other failure
                // (a full disk, an I/O error) may have hit `COMMIT` itself: the jobs fail
                // as after a failed commit. Either way the connection goes (closing it
                // rolls back whatever is still open).
                self.conn = None;
                if is_constraint(&e) {
                    AllAtOnce::Refused
                } else {
                    AllAtOnce::Failed(backend(e))
                }
            }
        }
    }
}

/// The task list's order: by due date, tasks without one last, then by id.
const TASK_ORDER: &str = " ORDER BY due_date IS NULL, due_date, id";

/// Appends the source and the WHERE clause of a task filter: `tasks WHERE 1=1 ...`.
///
/// A unit's inbox (`involving_unit`: lead OR co-operating) reads from a UNION ALL of two
/// index searches, aliased `tasks`, into which SQLite pushes the rest of the filter.
/// The `OR` form needs table statistics to be planned well (without them SQLite walks
/// every open task of the organisation: 1.2 s at a million tasks); `CROSS JOIN` makes
/// the co-operating branch start from `task_cooperators_unit` whatever the statistics
/// say (40 ms at a million, measured with `dondoc-bench store`).
fn push_task_filter(q: &mut QueryBuilder<'_, Sqlite>, f: &TaskFilter) {
    match f.involving_unit {
        Some(u) => {
            q.push("(SELECT * FROM tasks WHERE lead_unit = ")
                .push_bind(u.get())
                .push(
                    " UNION ALL SELECT t.* FROM task_cooperators c CROSS JOIN tasks t \
                     ON t.id = c.task_id WHERE c.unit_id = ",
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
    q.push(" WHERE 1=1");
    push_conds(q, f);
}

/// `SELECT {cols}` over the tasks unit `u` co-operates in but does not lead, as
/// `tasks`, up to its WHERE clause (the conditions follow). `CROSS JOIN` starts from
/// `task_cooperators_unit` whatever the statistics say (see [`push_task_filter`]).
fn push_cooperating(q: &mut QueryBuilder<'_, Sqlite>, u: UnitId, cols: &str) {
    q.push(format_args!(
        "SELECT {cols} FROM task_cooperators c CROSS JOIN tasks ON tasks.id = c.task_id \
         WHERE c.unit_id = "
    ))
    .push_bind(u.get())
    .push(" AND tasks.lead_unit <> ")
    .push_bind(u.get());
}

/// The conditions of filter `f` other than the unit's inbox, each as ` AND ...` on the
/// columns of `tasks` (unqualified: `task_cooperators` has none of their names).
fn push_conds(q: &mut QueryBuilder<'_, Sqlite>, f: &TaskFilter) {
    if let Some(o) = f.org_id {
        q.push(" AND org_id = ").push_bind(o.get());
    }
    if let Some(u) = f.unit_id {
        q.push(" AND lead_unit = ").push_bind(u.get());
    }
    if let Some(p) = f.assignee {
        q.push(" AND assignee = ").push_bind(p.get());
    }
    // The open ongoing tasks of an organisation (the dashboard's missed reports) are
    // sought in tasks_org_open_due by (organisation, open, no due date): `is_open`,
    // which an open status implies, is added, and `+status` keeps SQLite from walking
    // every open task by status through tasks_org_status_late and reading each row for
    // its due date (141,748 of 493,000 at 1,000,000 tasks: 1.7 s -> 0.8–1.1 s,
    // BENCHMARKS §3), whatever its statistics say. Only without a unit: a unit's tasks
    // are fewer through tasks_unit_status_due.
    let open_ongoing = f.ongoing
        && !f.statuses.is_empty()
        && f.statuses.iter().all(|s| s.is_open())
        && f.unit_id.is_none()
        && f.involving_unit.is_none();
    if open_ongoing {
        q.push(" AND is_open = 1");
    }
    if !f.statuses.is_empty() {
        q.push(if open_ongoing {
            " AND +status IN ("
        } else {
            " AND status IN ("
        });
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
        q.push(" AND secret = 0");
    }
    if f.ongoing {
        q.push(" AND due_date IS NULL");
    }
    if let Some(s) = &f.search {
        for w in search_terms(s) {
            push_word(q, &w);
        }
    }
}

/// `items` as a page, in [`TASK_ORDER`] (by due date, tasks without one last, then by id).
fn sorted_page(mut items: Vec<Task>, page: PageRequest, total: i64) -> Page<Task> {
    items.sort_unstable_by_key(|t| (t.due_date.is_none(), t.due_date, t.id));
    Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total: total as u64,
    }
}

fn push_bucket(q: &mut QueryBuilder<'_, Sqlite>, b: Bucket, today: NaiveDate) {
    match b {
        Bucket::DoneOnTime => q.push(" AND status = 'completed' AND done_late = 0"),
        Bucket::DoneLate => q.push(" AND status = 'completed' AND done_late = 1"),
        Bucket::InProgress => q
            .push(" AND is_open = 1 AND (due_date IS NULL OR due_date >= ")
            .push_bind(today)
            .push(")"),
        Bucket::Overdue => q.push(" AND is_open = 1 AND due_date < ").push_bind(today),
    };
}

/// `search` holds the term `w` as whole words ([`word_edges`]): `LIKE` finds it
/// anywhere, cheaply, and `GLOB` (SQLite has no regular expressions without an
/// extension) checks what touches it, in the column padded with a space each side.
fn push_word(q: &mut QueryBuilder<'_, Sqlite>, w: &str) {
    q.push(" AND search LIKE ")
        .push_bind(format!("%{}%", escape_like(w)))
        .push(" ESCAPE '\\' AND (' ' || search || ' ') GLOB ")
        .push_bind(glob_word(w));
}

/// The `GLOB` pattern of [`push_word`]: the term with `*`, `?`, `[` and `]` as
/// one-character classes, after and before a non-word character where it starts or ends
/// with a word.
fn glob_word(w: &str) -> String {
    let (start, end) = word_edges(w);
    let mut p = String::from(if start { "*[^a-z0-9]" } else { "*" });
    for c in w.chars() {
        match c {
            '*' | '?' | '[' | ']' => {
                p.push('[');
                p.push(c);
                p.push(']');
            }
            c => p.push(c),
        }
    }
    p.push_str(if end { "[^a-z0-9]*" } else { "*" });
    p
}

fn escape_like(w: &str) -> String {
    w.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl SqliteStore {
    async fn count_where(
        &self,
        f: &TaskFilter,
        extra: impl FnOnce(&mut QueryBuilder<'_, Sqlite>),
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

    /// A page of tasks and the total in one statement returning one row: SQLite builds
    /// the page as one JSON array (`json_group_array`), so the whole page crosses from
    /// sqlx's SQLite worker thread in one message instead of one per row (measured: the
    /// per-row hand-over was about a third of the list's server time). `None` if a row
    /// is not in the form this store writes (then the caller reads row by row, which
    /// also reports real corruption).
    ///
    /// The page is chosen on keys only (`id` in [`TASK_ORDER`]: the sorter holds ids, not
    /// whole rows), then its rows are fetched by primary key; the order is restored here
    /// rather than by an `ORDER BY` inside `json_group_array`, which would sort the built
    /// JSON objects. Measured on the load benchmark's inbox page (100 of 309 open tasks):
    /// 1.25 ms → 0.47 ms per statement.
    ///
    /// The total comes from the same statement ([`Self::page_with`]).
    async fn tasks_page_json(
        &self,
        f: &TaskFilter,
        page: PageRequest,
    ) -> Result<Option<Page<Task>>> {
        let (total, json) = self
            .page_with(
                f,
                page,
                &format!("json_group_array(json_object({TASK_JSON}))"),
            )
            .await?;
        let Some(items) = tasks_from_json(json.as_deref().unwrap_or("[]")) else {
            return Ok(None);
        };
        let total = match total {
            Some(n) => n,
            None => self.count_where(f, |_| {}).await? as i64,
        };
        Ok(Some(sorted_page(items, page, total)))
    }

    /// One statement over page `page` of filter `f`: the total and `per_rows`, an
    /// aggregate over the page's rows (`tasks`, fetched by primary key; `None` past the
    /// end).
    ///
    /// The page is chosen on keys only (`page_id` in [`TASK_ORDER`]). A unit's inbox is
    /// counted as two plain counts, of the tasks it leads (over the covering
    /// `tasks_unit_status_due`) and of those it co-operates in (read once, by row, into
    /// `co`), and its page is SQLite's merge of the two branches, each sorted on its
    /// own. This replaced one scan of the UNION ALL subquery with a window count
    /// (`COUNT(*) OVER ()`): every matching row went through the compound subquery's
    /// co-routine and the window's buffer. Measured with the same statements from
    /// Python's SQLite 3.40: the load benchmark's inbox page (100 of about 380 open
    /// tasks, no co-operation) 248–314 µs → 193–238 µs; a unit's inbox at 1,000,000
    /// tasks (4,660 open tasks led, 2,597 co-operated in) 11.4–12.4 ms → 9.8–12.2 ms.
    /// Counting the co-operating branch apart from the page, without `co`, read its rows
    /// twice: 18–20 ms there. BENCHMARKS §1 and §3.
    async fn page_with(
        &self,
        f: &TaskFilter,
        page: PageRequest,
        per_rows: &str,
    ) -> Result<(Option<i64>, Option<String>)> {
        let mut q = QueryBuilder::new("");
        match f.involving_unit {
            Some(u) => {
                // The tasks it co-operates in are read once (each by its row), then
                // counted and merged into the page.
                q.push("WITH co AS MATERIALIZED (");
                push_cooperating(&mut q, u, "tasks.id AS id, tasks.due_date AS due_date");
                push_conds(&mut q, f);
                q.push(") SELECT (SELECT COUNT(*) FROM tasks WHERE lead_unit = ")
                    .push_bind(u.get());
                push_conds(&mut q, f);
                q.push(") + (SELECT COUNT(*) FROM co), (SELECT ")
                    .push(per_rows)
                    .push(
                        " FROM (SELECT id AS page_id, due_date IS NULL AS undated, due_date AS due \
                         FROM tasks WHERE lead_unit = ",
                    )
                    .push_bind(u.get());
                push_conds(&mut q, f);
                q.push(" UNION ALL SELECT id, due_date IS NULL, due_date FROM co ORDER BY 2, 3, 1");
            }
            None => {
                q.push("SELECT (SELECT COUNT(*) FROM tasks WHERE 1=1");
                push_conds(&mut q, f);
                q.push("), (SELECT ")
                    .push(per_rows)
                    .push(" FROM (SELECT id AS page_id FROM tasks WHERE 1=1");
                push_conds(&mut q, f);
                q.push(TASK_ORDER);
            }
        }
        q.push(" LIMIT ")
            .push_bind(page.limit())
            .push(" OFFSET ")
            .push_bind(page.offset())
            .push(") AS page CROSS JOIN tasks ON tasks.id = page.page_id)");
        let row = q.build().fetch_one(&self.pool).await.map_err(backend)?;
        Ok((
            row.try_get(0).map_err(backend)?,
            row.try_get(1).map_err(backend)?,
        ))
    }

    /// The page, with its rows from those this store has read before ([`known`]): the
    /// database chooses the page and counts as in [`Self::tasks_page_json`], but answers
    /// only each row's id and version; rows not known at that version are then read by
    /// id (and remembered). They must come back at the versions the page was chosen at,
    /// so the page is exactly what one statement would have read. `None` (read the page
    /// whole) if one does not, if a row is not in the form this store writes, or if the
    /// page is past the end.
    async fn tasks_page_known(
        &self,
        f: &TaskFilter,
        page: PageRequest,
    ) -> Result<Option<Page<Task>>> {
        let (total, keys) = self
            .page_with(f, page, "group_concat(tasks.id || ':' || tasks.version)")
            .await?;
        let (Some(total), Some(keys)) = (total, known::parse_keys(keys.as_deref().unwrap_or("")))
        else {
            return Ok(None);
        };
        let mut rows = self.known.get(&keys);
        let missing: Vec<i64> = keys
            .iter()
            .zip(&rows)
            .filter(|(_, t)| t.is_none())
            .map(|((id, _), _)| *id)
            .collect();
        self.known.note(keys.len() - missing.len(), keys.len());
        if !missing.is_empty() {
            let Some(read) = self.tasks_json_by_id(&missing).await? else {
                return Ok(None);
            };
            let mut read: std::collections::HashMap<i64, Task> =
                read.into_iter().map(|t| (t.id.get(), t)).collect();
            let mut fresh = Vec::with_capacity(missing.len());
            for ((id, version), slot) in keys.iter().zip(rows.iter_mut()) {
                if slot.is_some() {
                    continue;
                }
                match read.remove(id) {
                    Some(t) if t.version == *version => {
                        let t = Arc::new(t);
                        fresh.push(t.clone());
                        *slot = Some(t);
                    }
                    // Changed (or gone) since the page was chosen.
                    _ => return Ok(None),
                }
            }
            self.known.remember(fresh);
        }
        let items = rows
            .into_iter()
            .flatten()
            .map(Arc::unwrap_or_clone)
            .collect();
        Ok(Some(sorted_page(items, page, total)))
    }

    /// The tasks with these ids, in no particular order, read as one JSON value (see
    /// [`Self::tasks_page_json`]); `None` if a row is not in the form this store writes.
    async fn tasks_json_by_id(&self, ids: &[i64]) -> Result<Option<Vec<Task>>> {
        let ids = serde_json::to_string(ids).map_err(|e| StoreError::Backend(e.to_string()))?;
        let json: Option<String> = sqlx::query_scalar(&format!(
            "SELECT json_group_array(json_object({TASK_JSON})) FROM tasks \
             WHERE tasks.id IN (SELECT value FROM json_each(?))"
        ))
        .bind(ids)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(tasks_from_json(json.as_deref().unwrap_or("[]")))
    }

    /// Task rows with their co-operating units (one more query for the whole set).
    async fn tasks_from_rows(&self, rows: Vec<sqlx::sqlite::SqliteRow>) -> Result<Vec<Task>> {
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

    async fn cooperators_of(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, Vec<UnitId>>> {
        let mut map: std::collections::HashMap<i64, Vec<UnitId>> = std::collections::HashMap::new();
        if ids.is_empty() {
            return Ok(map);
        }
        // In chunks: SQLite limits the bound parameters of one statement.
        for chunk in ids.chunks(500) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "SELECT task_id, unit_id FROM task_cooperators WHERE task_id IN (",
            );
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(*id);
            }
            q.push(") ORDER BY task_id, unit_id");
            for row in q.build().fetch_all(&self.pool).await.map_err(backend)? {
                let t: i64 = row.try_get(0).map_err(backend)?;
                let u: i64 = row.try_get(1).map_err(backend)?;
                map.entry(t).or_default().push(UnitId::new(u));
            }
        }
        Ok(map)
    }

    /// Every row of `table` (a fixed name, never user input) whose `task_id` is one of
    /// `tasks`, ordered by task then id. The ids go in chunks so that no statement
    /// exceeds SQLite's limit on bound parameters.
    async fn rows_by_task(
        &self,
        table: &'static str,
        tasks: &[TaskId],
    ) -> Result<Vec<sqlx::sqlite::SqliteRow>> {
        let mut ids: Vec<i64> = tasks.iter().map(|t| t.get()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let mut q =
                QueryBuilder::<Sqlite>::new(format!("SELECT * FROM {table} WHERE task_id IN ("));
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(*id);
            }
            q.push(") ORDER BY task_id, id");
            out.extend(q.build().fetch_all(&self.pool).await.map_err(backend)?);
        }
        Ok(out)
    }
}

impl SqliteStore {
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
        let before = sqlx::query("SELECT * FROM units WHERE id = ?")
            .bind(id.get())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let before = unit_from_row(&before.ok_or(StoreError::NotFound("đơn vị"))?)?;
        let row = sqlx::query(&format!(
            "UPDATE units SET {column} = ? WHERE id = ? RETURNING *"
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
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn insert_unit(&self, unit: &NewUnit, event: NewEvent) -> Result<Unit> {
        let mut tx = self.write().await?;
        let aliases = serde_json::to_string(unit.aliases())
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (parent_id, kind, name, abbreviation, aliases) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(unit.parent_id().map(|u| u.get()))
        .bind(unit.kind().as_str())
        .bind(unit.name())
        .bind(unit.abbreviation())
        .bind(aliases)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let row = sqlx::query("SELECT * FROM units WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let u = unit_from_row(&row)?;
        append(&mut tx, &with_id(event, id).change(None, Some(&u))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(u)
    }

    async fn set_unit_aliases(
        &self,
        id: UnitId,
        aliases: &[String],
        event: NewEvent,
    ) -> Result<Unit> {
        let json =
            serde_json::to_string(aliases).map_err(|e| StoreError::Backend(e.to_string()))?;
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
        let row = sqlx::query("SELECT * FROM units WHERE id = ?")
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
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (unit_id, full_name, position, role, username, email, password_hash)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
        let row = sqlx::query("SELECT * FROM people WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let person = person_from_row(&row)?;
        append(&mut tx, &with_id(event, id).change(None, Some(&person))).await?;
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
        let row = sqlx::query("SELECT * FROM people WHERE id = ?")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(person_from_row).transpose()
    }

    async fn credentials(&self, username: &str) -> Result<Option<(Person, Option<String>)>> {
        let row = sqlx::query("SELECT * FROM people WHERE username = ?")
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
        let r = sqlx::query("UPDATE people SET password_hash = ? WHERE id = ?")
            .bind(hash)
            .bind(id.get())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound("người dùng"));
        }
        // Changing a password signs the person out everywhere and ends their API tokens.
        sqlx::query("DELETE FROM sessions WHERE person_id = ?")
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
        let before = sqlx::query("SELECT * FROM people WHERE id = ?")
            .bind(id.get())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let before = person_from_row(&before.ok_or(StoreError::NotFound("người dùng"))?)?;
        sqlx::query("UPDATE people SET role = ?, unit_id = ? WHERE id = ?")
            .bind(role.as_str())
            .bind(unit.get())
            .bind(id.get())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let row = sqlx::query("SELECT * FROM people WHERE id = ?")
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
        let mut tx = self.write().await?;
        let u = username.trim().to_ascii_lowercase();
        sqlx::query("DELETE FROM login_failures WHERE at < ?")
            .bind(since)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query("INSERT INTO login_failures (username, at) VALUES (?, ?)")
            .bind(&u)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?",
        )
        .bind(&u)
        .bind(since)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(n as u32)
    }

    async fn clear_login_failures(&self, username: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = ?")
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
            "DELETE FROM login_failures
             WHERE username = ?1 OR substr(username, 1, length(?2)) = ?2",
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
             WHERE at >= ? AND instr(username, char(31)) = 0
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
        sqlx::query("INSERT INTO sessions (token_hash, person_id, csrf, expires_at, api, label) VALUES (?, ?, ?, ?, ?, ?)")
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
        let row = sqlx::query("SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?")
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
                      WHERE s.token_hash = ?1 AND s.expires_at > ?2)
        UNION ALL
        SELECT u.id, u.parent_id, u.kind, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id
        WHERE up.kind <> 'authority' AND up.depth < 64)
 SELECT s.token_hash, s.person_id, s.csrf, s.expires_at, s.api, s.label,
    p.id, p.unit_id, p.full_name, p.position, p.role, p.username, p.email,
    (SELECT up.id FROM up WHERE up.kind = 'authority' ORDER BY up.depth LIMIT 1) AS org_id
 FROM sessions s JOIN people p ON p.id = s.person_id
 WHERE s.token_hash = ?1 AND s.expires_at > ?2",
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
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn api_tokens(&self, person: PersonId, now: DateTime<Utc>) -> Result<Vec<Session>> {
        sqlx::query(
            "SELECT * FROM sessions WHERE person_id = ? AND api = 1 AND expires_at > ?
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
            sqlx::query("DELETE FROM sessions WHERE token_hash = ? AND person_id = ? AND api = 1")
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
        let j = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let sig = d
            .signature()
            .map(|s| serde_json::to_string(s).unwrap_or_default());
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
                    "INSERT INTO registers (org_id, year, series, last_number) VALUES (?, ?, ?, 1)
                     ON CONFLICT (org_id, year, series)
                     DO UPDATE SET last_number = last_number + 1 RETURNING last_number",
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
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO documents (org_id, direction, kind, number, issued_on, issuer, place, subject, body,
                addressees, distribution, signature, urgency, secrecy, implements_task, refs, registered_at, search,
                exchange_organ_id, exchange_document_id, received_serial)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
        .bind(j(d.addressees()))
        .bind(j(d.distribution()))
        .bind(sig)
        .bind(d.urgency().as_str())
        .bind(d.secrecy().as_str())
        .bind(d.implements_task().map(|t| t.get()))
        .bind(j(d.references()))
        .bind(event.at)
        .bind(search)
        .bind(d.exchange().map(|x| x.organ_id.as_str()))
        .bind(d.exchange().map(|x| x.document_id.as_str()))
        .bind(received)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let row = sqlx::query("SELECT * FROM documents WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        if let Some((year, series, serial)) = dondoc_store::typed_register_number(d, event.at) {
            sqlx::query(
                "INSERT INTO registers (org_id, year, series, last_number) VALUES (?, ?, ?, ?)
                 ON CONFLICT (org_id, year, series)
                 DO UPDATE SET last_number = MAX(last_number, excluded.last_number)",
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
        let mut summary = doc.clone();
        summary.body = format!("({} ký tự)", doc.body.chars().count());
        append(&mut tx, &with_id(event, id).change(None, Some(&summary))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(doc)
    }

    async fn document(&self, id: DocumentId) -> Result<Option<Document>> {
        let row = sqlx::query("SELECT * FROM documents WHERE id = ?")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(document_from_row).transpose()
    }

    async fn documents(&self, f: &DocumentFilter, page: PageRequest) -> Result<Page<Document>> {
        let filter = |q: &mut QueryBuilder<'_, Sqlite>| {
            q.push(" WHERE 1=1");
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
                for w in search_terms(s) {
                    push_word(q, &w);
                }
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
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT * FROM documents WHERE id = ?")
            .bind(id.get())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        let before = document_from_row(&row.ok_or(StoreError::NotFound("văn bản"))?)?;
        if before.number.is_some() {
            return Err(StoreError::Constraint("văn bản đã được cấp số".into()));
        }
        let n: i64 = sqlx::query_scalar(
            "INSERT INTO registers (org_id, year, series, last_number) VALUES (?, ?, ?, 1)
             ON CONFLICT (org_id, year, series) DO UPDATE SET last_number = last_number + 1
             RETURNING last_number",
        )
        .bind(before.org_id.get())
        .bind(on.year())
        .bind(series)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let number = DocumentNumber::from_register(n as u32, notation)
            .map_err(|e| StoreError::Constraint(e.to_string()))?;
        sqlx::query("UPDATE documents SET number = ?, issued_on = ?, search = ? || ' ' || search WHERE id = ?")
            .bind(number.as_str())
            .bind(on)
            .bind(fold(number.as_str()))
            .bind(id.get())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let row = sqlx::query("SELECT * FROM documents WHERE id = ?")
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
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attachments (document_id, task_id, file_name, content_type, size, sha256, bytes, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
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
        let meta = AttachmentMeta {
            id: AttachmentId::new(id),
            document_id: file.document_id,
            task_id: file.task_id,
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
            size: file.bytes.len() as u64,
            sha256: sha,
            created_at: event.at,
            withdrawn: None,
        };
        append(&mut tx, &with_id(event, id).change(None, Some(&meta))).await?;
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
        let before = sqlx::query(&format!("SELECT {cols} FROM attachments WHERE id = ?"))
            .bind(id.get())
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .ok_or(StoreError::NotFound("tệp đính kèm"))?;
        let before = attachment_from_row(&before)?;
        let row = sqlx::query(&format!(
            "UPDATE attachments SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ?
             WHERE id = ? AND withdrawn_at IS NULL RETURNING {cols}"
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
             WHERE (? IS NULL OR document_id = ?) AND (? IS NULL OR task_id = ?) ORDER BY id"
        ))
        .bind(document.map(|d| d.get()))
        .bind(document.map(|d| d.get()))
        .bind(task.map(|d| d.get()))
        .bind(task.map(|d| d.get()))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(attachment_from_row).collect()
    }

    async fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
        let row = sqlx::query("SELECT * FROM attachments WHERE id = ?")
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
        let json = serde_json::to_string(&ids.iter().map(|i| i.get()).collect::<Vec<_>>())
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let rows = sqlx::query(&format!(
            "SELECT {TASK_COLS} FROM tasks WHERE id IN (SELECT value FROM json_each(?))"
        ))
        .bind(json)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let tasks = rows.iter().map(task_with_coop).collect::<Result<_>>()?;
        Ok(dondoc_store::in_order_of(ids, tasks))
    }

    async fn tasks(&self, f: &TaskFilter, page: PageRequest) -> Result<Page<Task>> {
        if self.known.keys_first()
            && let Some(p) = self.tasks_page_known(f, page).await?
        {
            return Ok(p);
        }
        if let Some(p) = self.tasks_page_json(f, page).await? {
            self.known.remember_page(&p.items);
            return Ok(p);
        }
        // Rows not in the form this store writes (see `tasks_page_json`): row by row.
        let mut q = QueryBuilder::new("SELECT ");
        q.push(TASK_COLS).push(" FROM ");
        push_task_filter(&mut q, f);
        q.push(TASK_ORDER)
            .push(" LIMIT ")
            .push_bind(page.limit())
            .push(" OFFSET ")
            .push_bind(page.offset());
        let rows = q.build().fetch_all(&self.pool).await.map_err(backend)?;
        let items = rows
            .iter()
            .map(task_with_coop)
            .collect::<Result<Vec<_>>>()?;
        Ok(Page {
            items,
            total: self.count_where(f, |_| {}).await?,
            page: page.page,
            per_page: page.per_page,
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
                q.push("(SELECT COALESCE(SUM(n), 0) FROM task_totals WHERE kind = '")
                    .push(kind)
                    .push("'");
                push_counted_scope(&mut q, &scope);
                q.push("), ");
            }
            q.push("(SELECT COALESCE(SUM(n), 0) FROM task_counts WHERE kind = 'open' AND due < ")
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
        // Four index range counts rather than one scan with CASE (see the bench), as
        // four scalar subqueries of one statement.
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
                    q.push(" AND is_open = 1");
                }
                _ => push_bucket(&mut q, Bucket::Overdue, today),
            }
            q.push(")");
        }
        let row = q.build().fetch_one(&self.pool).await.map_err(backend)?;
        counts_from_row(&row)
    }

    async fn unit_bucket_counts(&self, org: UnitId, today: NaiveDate) -> Result<Vec<UnitCounts>> {
        // From the totals (migration 0005) and the open counters past their due date
        // (0003); a unit is listed if it leads a task.
        let rows = sqlx::query(
            "SELECT t.lead_unit, t.on_time, t.late, t.open - COALESCE(o.n, 0), COALESCE(o.n, 0)
             FROM (SELECT lead_unit,
                     COALESCE(SUM(CASE WHEN kind = 'on_time' THEN n END), 0) AS on_time,
                     COALESCE(SUM(CASE WHEN kind = 'late' THEN n END), 0) AS late,
                     COALESCE(SUM(CASE WHEN kind = 'open' THEN n END), 0) AS open
                   FROM task_totals WHERE org_id = ?2 GROUP BY lead_unit HAVING SUM(n) > 0) t
             LEFT JOIN (SELECT lead_unit, SUM(n) AS n FROM task_counts
                        WHERE org_id = ?2 AND kind = 'open' AND due < ?1
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
        let rows = sqlx::query("SELECT * FROM progress_reports WHERE task_id = ? ORDER BY id")
            .bind(task.get())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(report_from_row).collect()
    }

    async fn reports_of(&self, tasks: &[TaskId]) -> Result<Vec<ProgressReport>> {
        let rows = self.rows_by_task("progress_reports", tasks).await?;
        rows.iter().map(report_from_row).collect()
    }

    async fn last_lead_reports(
        &self,
        tasks: &[TaskId],
        until: NaiveDate,
    ) -> Result<Vec<(TaskId, NaiveDate)>> {
        // The ids as one JSON array: no bound-parameter limit, one statement.
        let ids = serde_json::to_string(&tasks.iter().map(|t| t.get()).collect::<Vec<_>>())
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let rows: Vec<(i64, NaiveDate)> = sqlx::query_as(
            "SELECT r.task_id, MAX(r.reported_on) FROM progress_reports r
             JOIN tasks t ON t.id = r.task_id AND t.lead_unit = r.unit_id
             WHERE r.task_id IN (SELECT value FROM json_each(?)) AND r.reported_on <= ?
             GROUP BY r.task_id ORDER BY r.task_id",
        )
        .bind(ids)
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
             WHERE t.org_id = ? AND r.obstacles <> ''
               AND t.is_open = 1
               AND NOT EXISTS (SELECT 1 FROM directions d WHERE d.report_id = r.id)
             ORDER BY r.id DESC LIMIT ?",
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
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO directions (task_id, report_id, leader, text, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(task.get())
        .bind(report.map(|r| r.get()))
        .bind(leader.get())
        .bind(text)
        .bind(event.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let row = sqlx::query("SELECT * FROM directions WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let d = direction_from_row(&row)?;
        append(&mut tx, &with_id(event, id).change(None, Some(&d))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(d)
    }

    async fn directions(&self, task: TaskId) -> Result<Vec<LeaderDirection>> {
        let rows = sqlx::query("SELECT * FROM directions WHERE task_id = ? ORDER BY id")
            .bind(task.get())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(direction_from_row).collect()
    }

    async fn directions_of(&self, tasks: &[TaskId]) -> Result<Vec<LeaderDirection>> {
        let rows = self.rows_by_task("directions", tasks).await?;
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
        let mut tx = self.write().await?;
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM extensions WHERE task_id = ? AND status = 'pending'",
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
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO extensions (task_id, requested_by, old_date, new_date, reason, status, created_at)
             VALUES (?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
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
        let row = sqlx::query("SELECT * FROM extensions WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let e = extension_from_row(&row)?;
        append(&mut tx, &with_id(event, id).change(None, Some(&e))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(e)
    }

    async fn extensions(&self, task: TaskId) -> Result<Vec<Extension>> {
        let rows = sqlx::query("SELECT * FROM extensions WHERE task_id = ? ORDER BY id")
            .bind(task.get())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(extension_from_row).collect()
    }

    async fn pending_extensions(&self, org: UnitId, limit: u32) -> Result<Vec<Extension>> {
        let rows = sqlx::query(
            "SELECT e.* FROM extensions e JOIN tasks t ON t.id = e.task_id
             WHERE t.org_id = ? AND e.status = 'pending' ORDER BY e.id LIMIT ?",
        )
        .bind(org.get())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(extension_from_row).collect()
    }

    async fn extension(&self, id: ExtensionId) -> Result<Option<Extension>> {
        let row = sqlx::query("SELECT * FROM extensions WHERE id = ?")
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
        let r = sqlx::query("UPDATE extensions SET status = ?, decided_by = ?, decision_note = ?, granted_date = ? WHERE id = ? AND status = 'pending'")
            .bind(status.as_str())
            .bind(by.get())
            .bind(note)
            .bind(task.and_then(|t| t.due_date))
            .bind(id.get())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        if let Some(t) = task {
            update_task_in(&mut tx, t, event.at).await?;
        }
        let row = sqlx::query("SELECT * FROM extensions WHERE id = ?")
            .bind(id.get())
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let e = extension_from_row(&row)?;
        append(&mut tx, &event.change(None, Some(&e))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(e)
    }

    async fn insert_indicator(&self, ind: &NewIndicator, event: NewEvent) -> Result<Indicator> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO indicators (task_id, name, measure, target, due) VALUES (?, ?, ?, ?, ?) RETURNING id")
            .bind(ind.task_id.get())
            .bind(&ind.name)
            .bind(&ind.measure)
            .bind(ind.target)
            .bind(ind.due)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        let i = Indicator {
            id: IndicatorId::new(id),
            task_id: ind.task_id,
            name: ind.name.clone(),
            measure: ind.measure.clone(),
            target: ind.target,
            due: ind.due,
        };
        append(&mut tx, &with_id(event, id).change(None, Some(&i))).await?;
        tx.commit().await.map_err(backend)?;
        Ok(i)
    }

    async fn indicators(&self, task: Option<TaskId>) -> Result<Vec<Indicator>> {
        let rows =
            sqlx::query("SELECT * FROM indicators WHERE (? IS NULL OR task_id = ?) ORDER BY id")
                .bind(task.map(|t| t.get()))
                .bind(task.map(|t| t.get()))
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        rows.iter().map(indicator_from_row).collect()
    }

    async fn insert_indicator_value(&self, v: &IndicatorValue, event: NewEvent) -> Result<()> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO indicator_values (indicator_id, period, value, reported_on, reported_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
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
        let rows = sqlx::query("SELECT * FROM indicator_values WHERE indicator_id = ? ORDER BY id")
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
        let rows = sqlx::query("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?")
            .bind(after.map(|e| e.get()).unwrap_or(0))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(event_from_row).collect()
    }

    async fn events_for(&self, entity: &str, id: i64) -> Result<Vec<Event>> {
        let rows =
            sqlx::query("SELECT * FROM events WHERE entity = ? AND entity_id = ? ORDER BY id")
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
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING *",
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
            "SELECT COUNT(*) FROM notifications WHERE person_id = ? AND (? = 0 OR read_at IS NULL)",
        )
        .bind(person.get())
        .bind(unread_only)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        let rows = sqlx::query("SELECT * FROM notifications WHERE person_id = ? AND (? = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ? OFFSET ?")
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
            "SELECT COUNT(*) FROM notifications WHERE person_id = ? AND read_at IS NULL",
        )
        .bind(person.get())
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(n as u64)
    }

    async fn mark_read(&self, person: PersonId, id: Option<i64>, at: DateTime<Utc>) -> Result<u64> {
        let r = sqlx::query("UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL AND (? IS NULL OR id = ?)")
            .bind(at)
            .bind(person.get())
            .bind(id)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(r.rows_affected())
    }

    async fn settle_notices(&self, key_prefix: &str, at: DateTime<Utc>) -> Result<u64> {
        // The keys from the prefix up to the prefix with its last character raised: a
        // range of the key's unique index under SQLite's byte-wise order (`LIKE` would
        // read `_` and `%` of the key as patterns, and `substr` scans the table).
        let Some(last) = key_prefix.chars().next_back() else {
            return Ok(0);
        };
        let upper = char::from_u32(u32::from(last) + 1)
            .map(|c| format!("{}{c}", &key_prefix[..key_prefix.len() - last.len_utf8()]));
        let r = sqlx::query(
            "UPDATE notifications SET read_at = ?1
             WHERE read_at IS NULL AND key >= ?2 AND (?3 IS NULL OR key < ?3)
               AND substr(key, 1, length(?2)) = ?2",
        )
        .bind(at)
        .bind(key_prefix)
        .bind(upper)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(r.rows_affected())
    }

    async fn unemailed(&self, limit: u32) -> Result<Vec<Notification>> {
        let rows =
            sqlx::query("SELECT * FROM notifications WHERE emailed_at IS NULL ORDER BY id LIMIT ?")
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
        let mut tx = self.write().await?;
        for id in ids {
            sqlx::query("UPDATE notifications SET emailed_at = ? WHERE id = ?")
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn last_reminder_run(&self) -> Result<Option<NaiveDate>> {
        sqlx::query_scalar("SELECT MAX(day) FROM reminder_runs")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn record_reminder_run(&self, day: NaiveDate, at: DateTime<Utc>) -> Result<()> {
        sqlx::query("INSERT INTO reminder_runs (day, at) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET at = excluded.at")
            .bind(day)
            .bind(at)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// A store on a new file in a folder of its own (kept while the folder lives).
    async fn temp_store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(&format!("sqlite://{}", dir.path().join("t.db").display()))
            .await
            .unwrap();
        (dir, s)
    }

    #[test]
    fn glob_patterns_bound_words_and_quote_their_own_characters() {
        assert_eq!(glob_word("so"), "*[^a-z0-9]so[^a-z0-9]*");
        assert_eq!(glob_word("/ubnd"), "*/ubnd[^a-z0-9]*");
        assert_eq!(glob_word("a*[b]?"), "*[^a-z0-9]a[*][[]b[]][?]*");
    }

    /// The one-statement JSON page is what `tasks` reads for rows this store wrote.
    #[tokio::test]
    async fn a_page_this_store_wrote_reads_as_json() {
        let (_dir, s) = temp_store().await;
        let at = Utc.with_ymd_and_hms(2026, 7, 1, 3, 0, 0).unwrap();
        let ev = || NewEvent::new(at, None, "unit", 0, "create");
        let ward = s
            .insert_unit(
                &NewUnit::new(
                    None,
                    dondoc_domain::UnitKind::Authority,
                    "UBND",
                    "UBND",
                    &[],
                )
                .unwrap(),
                ev(),
            )
            .await
            .unwrap();
        let unit = s
            .insert_unit(
                &NewUnit::new(
                    Some(ward.id),
                    dondoc_domain::UnitKind::Unit,
                    "KT",
                    "KT",
                    &[],
                )
                .unwrap(),
                ev(),
            )
            .await
            .unwrap();
        let t = NewTask::new(
            ward.id,
            "Việc \"một\"",
            unit.id,
            dondoc_domain::Deadline::Ongoing {
                cycle: dondoc_domain::ReportingCycle::Monthly { day: 20 },
            },
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            &dondoc_calendar::Calendar::vietnam(),
        )
        .unwrap()
        .with_cooperating(&[ward.id])
        .unwrap();
        let tasks = s.insert_tasks(&[t], at, None).await.unwrap();
        let p = s
            .tasks_page_json(&TaskFilter::default(), PageRequest::new(1, 10))
            .await
            .unwrap()
            .expect("the JSON page");
        assert_eq!((p.items, p.total), (tasks, 1));
    }

    /// The plan SQLite makes for `f`'s tasks (the filter as `report_duties` sends it).
    async fn plan(s: &SqliteStore, f: &TaskFilter) -> String {
        let mut q = QueryBuilder::new("EXPLAIN QUERY PLAN SELECT id FROM ");
        push_task_filter(&mut q, f);
        let rows = q.build().fetch_all(&s.pool).await.unwrap();
        rows.iter()
            .map(|r| r.get::<String, _>(3))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The dashboard's missed reports read an organisation's open ongoing tasks: SQLite
    /// seeks them by (organisation, open, no due date) rather than walking every open
    /// task by status (BENCHMARKS §3); a unit's keep their own index.
    #[tokio::test]
    async fn open_ongoing_tasks_are_sought_by_the_open_index() {
        let (_dir, s) = temp_store().await;
        let open: Vec<TaskStatus> = TaskStatus::open();
        let f = TaskFilter {
            org_id: Some(UnitId::new(1)),
            ongoing: true,
            statuses: open.clone(),
            ..Default::default()
        };
        let p = plan(&s, &f).await;
        assert!(
            p.contains("tasks_org_open_due (org_id=? AND is_open=? AND due_date=?)"),
            "{p}"
        );
        let unit = TaskFilter {
            unit_id: Some(UnitId::new(2)),
            ..f
        };
        let p = plan(&s, &unit).await;
        assert!(p.contains("tasks_unit_status_due"), "{p}");
    }
}
