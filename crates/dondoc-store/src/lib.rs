//! The storage boundary of dondoc.
//!
//! One trait, [`Store`], implemented once per backend (`dondoc-store-sqlite`,
//! `dondoc-store-postgres`) and checked by one conformance suite
//! (`dondoc-store-conformance`). Every method that changes data appends its audit
//! event(s) in the same transaction, so history and state never disagree, and a method
//! that returns `Ok` has committed.

pub mod group;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use dondoc_domain::audit::{Event, NewEvent};
use dondoc_domain::progress::{
    Direction as LeaderDirection, Extension, ExtensionStatus, Indicator, IndicatorValue,
    NewIndicator, NewProgressReport, ProgressReport,
};
use dondoc_domain::stats::Bucket;
use dondoc_domain::{
    AttachmentId, BucketCounts, Deadline, Direction, DocKind, Document, DocumentId, EventId,
    ExtensionId, IndicatorId, NewDocument, NewPerson, NewTask, NewUnit, Person, PersonId, ReportId,
    Task, TaskId, TaskStatus, Unit, UnitId,
};
use serde::{Deserialize, Serialize};

/// A task changed by a write that is not itself a task update (a progress report of
/// the lead unit moves its task).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskMove {
    /// The task as read: the change is written only if the stored version is still this
    /// one's, so this is also the stored task the change starts from.
    pub before: Task,
    /// The task as the write leaves it, with the version it was read at.
    pub after: Task,
    /// The change's own audit event on the task (a completion proposed together with the
    /// report), describing `before` → the stored task. Without it, the report's event is
    /// the only record, as for a plain progress report.
    pub event: Option<NewEvent>,
}

impl TaskMove {
    /// A move audited by the report's event alone (a plain progress report).
    pub fn new(before: Task, after: Task) -> Self {
        TaskMove {
            before,
            after,
            event: None,
        }
    }
}

/// What a [`StoreError::Conflict`] tells the person who met it (the app's own conflict
/// says the same).
pub const CONFLICT: &str = "dữ liệu đã thay đổi kể từ khi bạn mở nó (do người khác, hoặc do \
     chính bạn vừa thao tác, như bấm nút hai lần); hãy tải lại và thử lại";

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// Optimistic concurrency: someone changed the row since it was read.
    #[error("{}", CONFLICT)]
    Conflict,
    /// A uniqueness or reference rule of the database refused the write.
    #[error("dữ liệu không hợp lệ: {0}")]
    Constraint(String),
    /// Stored data could not be read back into domain values (corruption or bad migration).
    #[error("dữ liệu lưu trữ bị hỏng: {0}")]
    Corrupt(String),
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Backend(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A page request: 1-based page number and page size (capped at [`PageRequest::MAX`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    pub const MAX: u32 = 500;
    pub fn new(page: u32, per_page: u32) -> Self {
        PageRequest {
            page: page.max(1),
            per_page: per_page.clamp(1, Self::MAX),
        }
    }
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }
    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::new(1, 50)
    }
}

/// One page of results with the total that matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

/// What the missed-report rule needs of an ongoing task
/// (`dondoc_domain::task::missed_report_due`), read for many tasks at once without
/// loading each task.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDuty {
    pub task: TaskId,
    pub deadline: Deadline,
    pub assigned_on: NaiveDate,
    /// The date of the lead unit's latest report on or before the day asked about.
    pub last_report: Option<NaiveDate>,
}

/// Filters for the task list; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskFilter {
    pub org_id: Option<UnitId>,
    /// Lead unit.
    pub unit_id: Option<UnitId>,
    /// Lead or co-operating unit (a unit's inbox).
    pub involving_unit: Option<UnitId>,
    pub assignee: Option<PersonId>,
    pub statuses: Vec<TaskStatus>,
    /// A statistics bucket, judged on `today`.
    pub bucket: Option<(Bucket, NaiveDate)>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Given to its current lead unit on this day or later ([`Task::handed_on`]: the
    /// assignment day, or the day a returned task was given again).
    #[serde(default)]
    pub handed_from: Option<NaiveDate>,
    pub document_id: Option<DocumentId>,
    pub parent_task: Option<TaskId>,
    /// Exclude secret tasks (for people who may not see them).
    pub exclude_secret: bool,
    /// Diacritic-insensitive words that must all appear in the title.
    pub search: Option<String>,
    /// Only ongoing tasks ("thường xuyên"): those without a last day.
    #[serde(default)]
    pub ongoing: bool,
}

/// `tasks` (read by id, in any order) in the order of `ids`, without ids that matched
/// none: what [`Store::tasks_by_id`] answers.
pub fn in_order_of(ids: &[TaskId], tasks: Vec<Task>) -> Vec<Task> {
    let mut by_id: std::collections::HashMap<TaskId, Task> =
        tasks.into_iter().map(|t| (t.id, t)).collect();
    ids.iter().filter_map(|id| by_id.remove(id)).collect()
}

/// What the statistics counters (`task_counts`, kept by triggers in the write
/// transaction) can answer: an organisation, optionally one lead unit, with or without
/// secret tasks. See [`TaskFilter::counted_scope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountedScope {
    pub org_id: Option<UnitId>,
    pub lead_unit: Option<UnitId>,
    pub exclude_secret: bool,
}

impl TaskFilter {
    /// The scope of these statistics if the counters can answer them exactly: no
    /// condition other than organisation, lead unit and secrecy (the `bucket` is ignored,
    /// as `Store::bucket_counts` ignores it). Anything else is counted over the tasks.
    pub fn counted_scope(&self) -> Option<CountedScope> {
        let TaskFilter {
            org_id,
            unit_id,
            involving_unit,
            assignee,
            statuses,
            bucket: _,
            due_from,
            due_to,
            handed_from,
            document_id,
            parent_task,
            exclude_secret,
            search,
            ongoing,
        } = self;
        let plain = involving_unit.is_none()
            && assignee.is_none()
            && statuses.is_empty()
            && due_from.is_none()
            && due_to.is_none()
            && handed_from.is_none()
            && document_id.is_none()
            && parent_task.is_none()
            && search.is_none()
            && !ongoing;
        plain.then_some(CountedScope {
            org_id: *org_id,
            lead_unit: *unit_id,
            exclude_secret: *exclude_secret,
        })
    }
}

/// Filters for the document list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentFilter {
    pub org_id: Option<UnitId>,
    pub direction: Option<Direction>,
    pub kind: Option<DocKind>,
    /// Directives that implement this task of the level above (cascade).
    pub implements_task: Option<TaskId>,
    pub exclude_secret: bool,
    pub search: Option<String>,
    /// Only the organisation's directives: its outgoing documents, and the incoming ones
    /// it gave tasks from directly (a directive of the level above worked here as is).
    #[serde(default)]
    pub directives: bool,
}

/// Metadata of a stored file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub id: AttachmentId,
    pub document_id: Option<DocumentId>,
    pub task_id: Option<TaskId>,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    /// Withdrawn (gỡ) since: listed as such, no longer served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawal>,
}

/// The withdrawal of an attached file (gỡ tệp): who, when and why. The file stays in
/// the database for the record (its hash is in the audit chain), but is not served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub at: DateTime<Utc>,
    pub by: Option<PersonId>,
    pub reason: String,
}

/// A file to store, attached to a document or a task.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub document_id: Option<DocumentId>,
    pub task_id: Option<TaskId>,
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Per-unit statistics (lead unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCounts {
    pub unit_id: UnitId,
    pub counts: BucketCounts,
}

/// The register entry an outgoing document typed with its number takes, as
/// `(year, series, serial)`: the number was given outside dondoc (a letter issued on
/// paper, a register kept by hand before dondoc), so the register must not give it
/// again. Stores raise the register's last number to it (never lower it) in the
/// document's own transaction. The year is the issue date's, else the registration's.
pub fn typed_register_number(
    d: &dondoc_domain::NewDocument,
    at: DateTime<Utc>,
) -> Option<(i32, &'static str, i32)> {
    use chrono::Datelike;
    if d.direction() != dondoc_domain::Direction::Outgoing {
        return None;
    }
    let serial: i32 = d.number()?.serial().parse().ok()?;
    let year = d
        .issued_on()
        .unwrap_or_else(|| dondoc_domain::vn_today(at))
        .year();
    Some((year, d.secrecy().register_series(), serial))
}

/// The register series of incoming documents (sổ văn bản đến), beside the outgoing
/// series of `Secrecy::register_series`.
pub const INCOMING_SERIES: &str = "incoming";

/// The year of the register of incoming documents a document registered at `at` takes
/// its number (số đến) in; `None` for an outgoing document. Stores take the next number
/// of that year in the document's own transaction.
pub fn incoming_register_year(d: &dondoc_domain::NewDocument, at: DateTime<Utc>) -> Option<i32> {
    use chrono::Datelike;
    (d.direction() == dondoc_domain::Direction::Incoming)
        .then(|| dondoc_domain::vn_today(at).year())
}

/// A user's session, keyed by the hash of its token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub token_hash: String,
    pub person_id: PersonId,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
    /// API tokens are long-lived sessions without a cookie.
    pub api: bool,
    pub label: String,
}

/// A sent or recorded reminder (urging); the key makes it idempotent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub person_id: PersonId,
    pub task_id: Option<TaskId>,
    /// Idempotency key: the same key is never recorded twice.
    pub key: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub emailed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewNotification {
    pub person_id: PersonId,
    pub task_id: Option<TaskId>,
    pub key: String,
    pub kind: String,
    pub title: String,
    pub body: String,
}

/// The storage trait. Methods take already validated domain values.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// The backend's name, for logs and `--version`.
    fn backend(&self) -> &'static str;

    // ---- organisation ----
    async fn insert_unit(&self, unit: &NewUnit, event: NewEvent) -> Result<Unit>;
    /// Adds or replaces a unit's aliases (used by the directory and the parser).
    async fn set_unit_aliases(
        &self,
        id: UnitId,
        aliases: &[String],
        event: NewEvent,
    ) -> Result<Unit>;
    /// Sets or clears an authority's code on the national document axis (validated by
    /// the caller: `dondoc_domain::unit::parse_organ_code`).
    async fn set_unit_organ_code(
        &self,
        id: UnitId,
        code: Option<&str>,
        event: NewEvent,
    ) -> Result<Unit>;
    async fn units(&self) -> Result<Vec<Unit>>;
    async fn unit(&self, id: UnitId) -> Result<Option<Unit>>;

    // ---- people and accounts ----
    async fn insert_person(
        &self,
        person: &NewPerson,
        password_hash: Option<&str>,
        event: NewEvent,
    ) -> Result<Person>;
    async fn people(&self) -> Result<Vec<Person>>;
    async fn person(&self, id: PersonId) -> Result<Option<Person>>;
    /// The person with this username and their password hash.
    async fn credentials(&self, username: &str) -> Result<Option<(Person, Option<String>)>>;
    /// Sets the person's password hash and ends every session of theirs, API tokens
    /// included: a password is changed or reset when it may be known to someone else,
    /// who may also have made tokens with it.
    async fn set_password_hash(&self, id: PersonId, hash: &str, event: NewEvent) -> Result<()>;
    async fn update_person_role(
        &self,
        id: PersonId,
        role: dondoc_domain::Role,
        unit: UnitId,
        event: NewEvent,
    ) -> Result<Person>;
    /// Records a failed sign-in; returns how many failures for `username` since `since`.
    async fn record_login_failure(
        &self,
        username: &str,
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<u32>;
    async fn clear_login_failures(&self, username: &str) -> Result<()>;
    /// Lifts the sign-in lock of `username` from every address: its failures under
    /// the username and under each "username\u{1f}address" key are forgotten (an
    /// administrator's unlock). The number of failures forgotten.
    async fn lift_sign_in_lock(&self, username: &str) -> Result<u64>;
    /// The failed sign-ins since `since` under each bare username (every failure is
    /// counted there, whatever the address), for the administrators' list.
    async fn login_failures_since(&self, since: DateTime<Utc>) -> Result<Vec<(String, u32)>>;
    async fn insert_session(&self, session: &Session) -> Result<()>;
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>>;
    /// The live session of `token_hash`, its person, and the authority the person's unit
    /// belongs to (the unit itself if it is an authority, else its nearest authority
    /// ancestor; `None` if there is none), in one read: every authenticated request asks.
    async fn session_person(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Session, Person, Option<UnitId>)>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// The person's API tokens that have not expired at `now` (sessions with `api`),
    /// soonest to expire first.
    async fn api_tokens(&self, person: PersonId, now: DateTime<Utc>) -> Result<Vec<Session>>;
    /// Ends the person's API token `token_hash` and records `event`;
    /// [`StoreError::NotFound`] if the person has no such token (someone else's, a
    /// browser session, one already ended), changing nothing.
    async fn revoke_api_token(
        &self,
        person: PersonId,
        token_hash: &str,
        event: NewEvent,
    ) -> Result<()>;

    // ---- documents ----
    async fn insert_document(&self, doc: &NewDocument, event: NewEvent) -> Result<Document>;
    async fn document(&self, id: DocumentId) -> Result<Option<Document>>;
    async fn documents(&self, filter: &DocumentFilter, page: PageRequest)
    -> Result<Page<Document>>;
    /// Issues an outgoing document: takes the next number of the register of
    /// `(org, year, series)` — unique, gap-free, from 1 each year — and stores it with
    /// `notation` ("UBND-VP") and the date, in one transaction.
    async fn issue_document(
        &self,
        id: DocumentId,
        series: &str,
        notation: &str,
        on: NaiveDate,
        event: NewEvent,
    ) -> Result<Document>;
    async fn insert_attachment(
        &self,
        file: &NewAttachment,
        event: NewEvent,
    ) -> Result<AttachmentMeta>;
    async fn attachments(
        &self,
        document: Option<DocumentId>,
        task: Option<TaskId>,
    ) -> Result<Vec<AttachmentMeta>>;
    async fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentMeta, Vec<u8>)>>;
    /// Withdraws attachment `id` (gỡ tệp) with `reason`, by `event`'s actor, at its time;
    /// audited with the file's metadata before and after. `Conflict` if it was already
    /// withdrawn, `NotFound` if there is no such file.
    async fn withdraw_attachment(
        &self,
        id: AttachmentId,
        reason: &str,
        event: NewEvent,
    ) -> Result<AttachmentMeta>;

    // ---- tasks ----
    /// Inserts the tasks in one transaction, with an "assign" event each.
    async fn insert_tasks(
        &self,
        tasks: &[NewTask],
        at: DateTime<Utc>,
        actor: Option<PersonId>,
    ) -> Result<Vec<Task>>;
    async fn task(&self, id: TaskId) -> Result<Option<Task>>;
    /// The tasks of these ids that exist, in the order of `ids`, in one query.
    async fn tasks_by_id(&self, ids: &[TaskId]) -> Result<Vec<Task>>;
    async fn tasks(&self, filter: &TaskFilter, page: PageRequest) -> Result<Page<Task>>;
    /// Every task matching `filter`, in the list's order, in one query (no count, no
    /// paging): for reports and urging, which need them all. `bucket` filters apply.
    async fn tasks_all(&self, filter: &TaskFilter) -> Result<Vec<Task>>;
    /// Stores `task` if the stored version still equals `task.version`; bumps the version.
    /// Otherwise [`StoreError::Conflict`] and nothing changes.
    async fn update_task(&self, task: &Task, event: NewEvent) -> Result<Task>;
    /// The four buckets over the tasks the filter selects (its own `bucket` is ignored).
    /// Sub-tasks (a unit's breakdown of its task for its staff) are not counted, as the
    /// reports leave them out: the statistics are of the work the authority gives. A
    /// filter naming a `parent_task` counts that task's sub-tasks.
    async fn bucket_counts(&self, filter: &TaskFilter, today: NaiveDate) -> Result<BucketCounts>;
    /// The buckets per lead unit of `org`, sub-tasks not counted (as `bucket_counts`).
    async fn unit_bucket_counts(&self, org: UnitId, today: NaiveDate) -> Result<Vec<UnitCounts>>;

    // ---- progress, directions, extensions, indicators ----
    /// Stores a report and, if given, the task it moves: optimistic, like `update_task`
    /// (written only if the stored version still equals `moved.before.version`; otherwise
    /// [`StoreError::Conflict`] and nothing is stored, not even the report). The report's
    /// event comes first in the chain, then `moved.event` if there is one.
    async fn insert_report(
        &self,
        report: &NewProgressReport,
        moved: Option<&TaskMove>,
        event: NewEvent,
    ) -> Result<ProgressReport>;
    async fn reports(&self, task: TaskId) -> Result<Vec<ProgressReport>>;
    /// The reports of many tasks in one round trip (report builders, urging), ordered by
    /// task then id. Unknown ids are ignored; any number of ids is accepted.
    async fn reports_of(&self, tasks: &[TaskId]) -> Result<Vec<ProgressReport>>;
    /// For each of `tasks`, the date of the latest progress report its lead unit made
    /// on or before `until`, ordered by task; a task without one is absent. What the
    /// missed-report rule needs (`Task::missed_report`), without reading every report:
    /// a year of monthly reports is twelve rows a task. Any number of ids is accepted.
    async fn last_lead_reports(
        &self,
        tasks: &[TaskId],
        until: NaiveDate,
    ) -> Result<Vec<(TaskId, NaiveDate)>>;
    /// For every task matching `f`, in the list's order, a [`ReportDuty`] whose
    /// `last_report` is its lead unit's latest report on or before `until`: the
    /// dashboard's missed reports over a whole organisation in one query.
    async fn report_duties(&self, f: &TaskFilter, until: NaiveDate) -> Result<Vec<ReportDuty>>;
    /// Reports with an obstacle that no direction answers yet, on tasks still open
    /// (assigned, received, in progress, completion proposed), newest first.
    async fn open_obstacles(&self, org: UnitId, limit: u32) -> Result<Vec<ProgressReport>>;
    async fn insert_direction(
        &self,
        task: TaskId,
        report: Option<ReportId>,
        leader: PersonId,
        text: &str,
        event: NewEvent,
    ) -> Result<LeaderDirection>;
    async fn directions(&self, task: TaskId) -> Result<Vec<LeaderDirection>>;
    /// The directions on many tasks, ordered by task then id (like [`Store::reports_of`]).
    async fn directions_of(&self, tasks: &[TaskId]) -> Result<Vec<LeaderDirection>>;
    async fn insert_extension(
        &self,
        task: TaskId,
        by: PersonId,
        old_date: Option<NaiveDate>,
        new_date: NaiveDate,
        reason: &str,
        event: NewEvent,
    ) -> Result<Extension>;
    async fn extensions(&self, task: TaskId) -> Result<Vec<Extension>>;
    async fn extension(&self, id: ExtensionId) -> Result<Option<Extension>>;
    /// The requests still waiting for a decision on the tasks `org` gave, oldest first,
    /// at most `limit`: the Office's queue.
    async fn pending_extensions(&self, org: UnitId, limit: u32) -> Result<Vec<Extension>>;
    /// Decides a pending request; with `task` (a granted one) the task is updated too,
    /// and its due date is kept as the request's `granted_date`.
    async fn decide_extension(
        &self,
        id: ExtensionId,
        status: ExtensionStatus,
        by: PersonId,
        note: Option<&str>,
        task: Option<&Task>,
        event: NewEvent,
    ) -> Result<Extension>;
    async fn insert_indicator(&self, ind: &NewIndicator, event: NewEvent) -> Result<Indicator>;
    async fn indicators(&self, task: Option<TaskId>) -> Result<Vec<Indicator>>;
    async fn insert_indicator_value(&self, value: &IndicatorValue, event: NewEvent) -> Result<()>;
    async fn indicator_values(&self, ind: IndicatorId) -> Result<Vec<IndicatorValue>>;

    // ---- audit ----
    /// Appends an event that accompanies no other write (e.g. a sign-in).
    async fn append_event(&self, event: NewEvent) -> Result<Event>;
    /// Events with id greater than `after`, in id order, at most `limit`.
    async fn events(&self, after: Option<EventId>, limit: u32) -> Result<Vec<Event>>;
    async fn events_for(&self, entity: &str, id: i64) -> Result<Vec<Event>>;

    // ---- urging ----
    /// Records a notification unless one with the same key exists; `None` then.
    async fn insert_notification(
        &self,
        n: &NewNotification,
        at: DateTime<Utc>,
    ) -> Result<Option<Notification>>;
    async fn notifications(
        &self,
        person: PersonId,
        unread_only: bool,
        page: PageRequest,
    ) -> Result<Page<Notification>>;
    async fn unread_count(&self, person: PersonId) -> Result<u64>;
    async fn mark_read(&self, person: PersonId, id: Option<i64>, at: DateTime<Utc>) -> Result<u64>;
    /// Marks read, for everyone told, the unread notices whose key starts with
    /// `key_prefix`: the matter they announce is settled (an extension request decided,
    /// a completion confirmed), and a colleague's decision must not stay "new" for the
    /// others. The number marked.
    async fn settle_notices(&self, key_prefix: &str, at: DateTime<Utc>) -> Result<u64>;
    /// Notifications not yet emailed, oldest first.
    async fn unemailed(&self, limit: u32) -> Result<Vec<Notification>>;
    async fn mark_emailed(&self, ids: &[i64], at: DateTime<Utc>) -> Result<()>;
    /// The last day the reminder run completed, and recording a run.
    async fn last_reminder_run(&self) -> Result<Option<NaiveDate>>;
    async fn record_reminder_run(&self, day: NaiveDate, at: DateTime<Utc>) -> Result<()>;
}
