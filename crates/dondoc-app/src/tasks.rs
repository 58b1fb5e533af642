//! Task use cases: assignment, the unit's workflow, progress, extensions, directions,
//! indicators, cascade, statistics and the leaders' dashboard.

use crate::notices::To;
use crate::{App, AppError, AppResult};
use chrono::NaiveDate;
use dondoc_domain::audit::{Event, NewEvent};
use dondoc_domain::policy::{Action, Actor, TaskScope};
use dondoc_domain::progress::{
    Direction as LeaderDirection, Extension, ExtensionStatus, Indicator, IndicatorValue,
    NewIndicator, NewProgressReport, ProgressReport, direction_text, extension_grant,
    extension_request,
};
use dondoc_domain::stats::overdue_days;
use dondoc_domain::{
    Amendment, BucketCounts, Deadline, Document, DocumentId, DomainError, ExtensionId, IndicatorId,
    NewTask, PersonId, ReportId, Role, Task, TaskId, TaskStatus, Unit, UnitId, Urgency,
};
use dondoc_store::{DocumentFilter, Page, PageRequest, TaskFilter, TaskMove};
use serde::{Deserialize, Serialize};

/// A task as a form or JSON body gives it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TaskInput {
    pub title: String,
    pub lead_unit: i64,
    #[serde(default)]
    pub cooperating: Vec<i64>,
    #[serde(default)]
    pub assignee: Option<i64>,
    #[serde(default)]
    pub document_id: Option<i64>,
    #[serde(default)]
    pub section: Option<String>,
    pub deadline: Deadline,
    #[serde(default)]
    pub urgency: Option<String>,
    #[serde(default)]
    pub parent_task: Option<i64>,
    /// Secret ("mật") on its own account; a task is secret anyway when its document
    /// or parent task is.
    #[serde(default)]
    pub secret: bool,
}

/// Everything the task page shows.
#[derive(Debug, Clone, Serialize)]
pub struct TaskDetail {
    pub task: Task,
    pub document: Option<Document>,
    pub reports: Vec<ProgressReport>,
    pub directions: Vec<LeaderDirection>,
    pub extensions: Vec<Extension>,
    pub indicators: Vec<(Indicator, Vec<IndicatorValue>)>,
    pub history: Vec<Event>,
    pub sub_tasks: Vec<Task>,
    /// Cascade down: directives of a lower level that implement this task, with their progress.
    pub implemented_by: Vec<(Document, BucketCounts)>,
    /// Cascade up: the task of the level above that this task's directive implements.
    pub implements: Option<Task>,
    pub bucket: Option<dondoc_domain::Bucket>,
    pub overdue_days: i64,
}

/// The leaders' dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub counts: BucketCounts,
    pub per_unit: Vec<(Unit, BucketCounts)>,
    pub overdue: Vec<(Task, i64)>,
    pub obstacles: Vec<(ProgressReport, Task)>,
    pub directives: Vec<(Document, BucketCounts)>,
    pub indicators: Vec<(Indicator, Option<f64>, f64)>,
    /// Ongoing tasks whose lead unit has not sent the latest periodic report, with that
    /// report's due date (the reminders' rule: [`Task::missed_report`]), earliest due
    /// first: the first [`MISSED_SHOWN`] of them.
    pub missed_reports: Vec<(Task, NaiveDate)>,
    /// How many ongoing tasks missed their latest report, shown or not.
    pub missed_total: usize,
    /// What waits for the assigner (the Office, the leaders): extension requests not
    /// yet decided, oldest first, with their tasks…
    pub pending_extensions: Vec<(Extension, Task)>,
    /// …and tasks their units returned, to give again or to another unit.
    pub returned: Vec<Task>,
}

/// Most missed reports a dashboard carries (the page shows 50; the total is counted).
pub const MISSED_SHOWN: usize = 200;

/// Whether a write that failed with `e` may have failed only because it started from an
/// outdated cached task, and may be made again from the stored one: any error but the
/// store's own. Group commit answers a write with a conflict, a missing row or a
/// refused constraint only once nothing of it was stored; a backend error may come
/// from a commit whose outcome is unknown, so that write is never made twice.
fn may_be_stale(e: &AppError) -> bool {
    !matches!(e, AppError::Store(_))
}

/// Whether `actor` may see `t` at all: the check of [`App::task_visible`], shared with
/// the cached path so that the two cannot drift apart.
fn may_see(actor: &Actor, t: &Task) -> bool {
    dondoc_domain::policy::can(actor, Action::ViewTask, Some(t.into()))
}

/// ", hạn 31/07/2026" for a task with a due date; empty for an ongoing one.
fn due_phrase(t: &Task) -> String {
    t.due_date
        .map(|d| format!(", hạn {}", d.format("%d/%m/%Y")))
        .unwrap_or_default()
}

/// Whether `actor`, reading a task, may see `t` linked to it (a sub-task, the task of
/// the level above): a public task, or one `actor` may see on its own.
fn may_see_linked(actor: &Actor, t: &Task) -> bool {
    !t.secret || may_see(actor, t)
}

impl App {
    /// The task if `actor` may see it; otherwise not found (secret tasks stay hidden).
    pub async fn task_visible(&self, actor: &Actor, id: TaskId) -> AppResult<Task> {
        let t = self
            .store
            .task(id)
            .await?
            .ok_or(AppError::NotFound("nhiệm vụ"))?;
        if !may_see(actor, &t) {
            return Err(AppError::NotFound("nhiệm vụ"));
        }
        Ok(t)
    }

    async fn task_for(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        action: Action,
    ) -> AppResult<Task> {
        let t = self.task_visible(actor, id).await?;
        self.may_write(actor, &t, version, action)?;
        Ok(t)
    }

    /// Whether `actor` may do `action` on `t` as read at `version` (if the client gave one).
    fn may_write(
        &self,
        actor: &Actor,
        t: &Task,
        version: Option<i64>,
        action: Action,
    ) -> AppResult<()> {
        self.check(actor, action, Some(t.into()))?;
        if version.is_some_and(|v| v != t.version) {
            return Err(AppError::Conflict);
        }
        Ok(())
    }

    /// The task for a write by `actor` with `action` that checks the task's version (and
    /// so refuses it if the task moved on): this process's copy from its last write, if
    /// it has one that passes the same checks as [`App::task_for`]. `None` means: read
    /// the stored task instead (see [`crate::cache`]).
    fn cached_task_for(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        action: Action,
    ) -> Option<Task> {
        self.caches
            .task(id)
            .filter(|t| may_see(actor, t) && self.may_write(actor, t, version, action).is_ok())
    }

    /// Stores `next` (read at `next.version`) and keeps what was stored for the next write.
    async fn update_task(&self, next: &Task, event: NewEvent) -> AppResult<Task> {
        let stored = self.store.update_task(next, event).await?;
        self.caches.put_task(&stored);
        Ok(stored)
    }

    fn event(&self, actor: &Actor, entity: &str, id: i64, action: &str) -> NewEvent {
        NewEvent::new(self.now(), Some(actor.person_id), entity, id, action)
    }

    /// Restricts a filter to what `actor` may see.
    pub fn scope_filter(&self, actor: &Actor, mut f: TaskFilter) -> TaskFilter {
        match actor.role {
            Role::Leader => f.org_id = Some(actor.org_id),
            Role::Office | Role::Admin => {
                f.org_id = Some(actor.org_id);
                f.exclude_secret = true;
            }
            Role::UnitHead | Role::UnitStaff => f.involving_unit = Some(actor.unit_id),
        }
        f
    }

    pub async fn tasks(
        &self,
        actor: &Actor,
        filter: TaskFilter,
        page: PageRequest,
    ) -> AppResult<Page<Task>> {
        Ok(self
            .store
            .tasks(&self.scope_filter(actor, filter), page)
            .await?)
    }

    /// The tasks the level above gave `actor`'s organisation itself (as lead or
    /// co-operating unit: the city to the ward), for its Office and leaders, who receive
    /// and carry them out; empty for other roles. `filter` narrows them (its statuses,
    /// its search; the inbox asks for the open ones); [`Self::tasks`] lists the work
    /// the organisation gives.
    pub async fn work_from_above(
        &self,
        actor: &Actor,
        filter: TaskFilter,
        page: PageRequest,
    ) -> AppResult<Page<Task>> {
        if !matches!(actor.role, Role::Office | Role::Leader) {
            return Ok(Page {
                items: Vec::new(),
                total: 0,
                page: 1,
                per_page: page.per_page,
            });
        }
        let filter = TaskFilter {
            involving_unit: Some(actor.org_id),
            ..filter
        };
        let mut p = self.store.tasks(&filter, page).await?;
        // A task the organisation gave itself is its own work, listed as such.
        let before = p.items.len();
        p.items.retain(|t| t.org_id != actor.org_id);
        p.total -= (before - p.items.len()) as u64;
        Ok(p)
    }

    /// The four statistics buckets over what `actor` may see, today.
    pub async fn stats(&self, actor: &Actor, filter: TaskFilter) -> AppResult<BucketCounts> {
        Ok(self
            .store
            .bucket_counts(&self.scope_filter(actor, filter), self.today())
            .await?)
    }

    /// Assigns tasks (one transaction): from a directive, from a draft, or by hand.
    pub async fn assign(&self, actor: &Actor, inputs: Vec<TaskInput>) -> AppResult<Vec<Task>> {
        let news = self.prepare_tasks(actor, inputs).await?;
        let stored = self.insert_new_tasks(actor, &news).await?;
        // A task given to a named person (a sub-task handed to staff) is told to them
        // at once, as handing a task to staff is; work given to a unit is told by the
        // reminders' run (new work), so that creating tasks writes nothing more.
        for t in stored.iter().filter(|t| t.assignee.is_some()) {
            if let Some(p) = t.assignee {
                self.notify(
                    &[To::Person(p)],
                    t,
                    &format!("hand_to:{}:{}", t.id, t.version),
                    "task_handed",
                    "Được giao thực hiện nhiệm vụ",
                    format!("{}{}", t.title, due_phrase(t)),
                )
                .await;
            }
        }
        Ok(stored)
    }

    /// Stores tasks checked by [`Self::prepare_tasks`].
    pub(crate) async fn insert_new_tasks(
        &self,
        actor: &Actor,
        news: &[NewTask],
    ) -> AppResult<Vec<Task>> {
        let stored = self
            .store
            .insert_tasks(news, self.now(), Some(actor.person_id))
            .await?;
        for t in &stored {
            self.caches.put_task(t);
        }
        Ok(stored)
    }

    /// Every check of [`Self::assign`], writing nothing: the tasks as they would be stored.
    pub(crate) async fn prepare_tasks(
        &self,
        actor: &Actor,
        inputs: Vec<TaskInput>,
    ) -> AppResult<Vec<NewTask>> {
        if inputs.is_empty() {
            return Err(AppError::BadInput("chưa có nhiệm vụ nào để giao".into()));
        }
        let mut wanted: Vec<UnitId> = Vec::new();
        for i in &inputs {
            wanted.push(UnitId::new(i.lead_unit));
            wanted.extend(i.cooperating.iter().map(|&u| UnitId::new(u)));
        }
        let units = self.units_with(&wanted).await?;
        let today = self.today();
        let mut news = Vec::with_capacity(inputs.len());
        let many = inputs.len() > 1;
        for input in inputs {
            // Among several, a refused task is named by the start of its title (the
            // caller's list may not be the one its user sees: the intake form gives one
            // task to every unit of "Tất cả các phòng, đơn vị").
            let named = |e: DomainError| match e {
                DomainError::Invalid { field, message } if many => {
                    let title = crate::reports::shorten(input.title.trim(), 60);
                    AppError::Invalid(DomainError::invalid(
                        field,
                        format!("nhiệm vụ \"{title}\": {message}"),
                    ))
                }
                e => AppError::Invalid(e),
            };
            let lead = UnitId::new(input.lead_unit);
            // Work goes to the actor's own units and to the authorities below it (which
            // pass it on to their units themselves); never to a unit of another
            // organisation, of the level above, or inside a lower authority.
            let ours = |id: UnitId| dondoc_domain::unit::assignable(id, actor.org_id, &units);
            if !units.iter().any(|u| u.id == lead) {
                return Err(AppError::BadInput(format!(
                    "không có đơn vị chủ trì #{}",
                    input.lead_unit
                )));
            }
            if !ours(lead) {
                return Err(AppError::BadInput(format!(
                    "không giao được cho đơn vị #{} làm chủ trì: chỉ giao cho các đơn vị \
                     thuộc cơ quan mình, hoặc cho cơ quan cấp dưới (UBND cấp dưới tự giao \
                     tiếp cho đơn vị của mình)",
                    input.lead_unit
                )));
            }
            let coop: Vec<UnitId> = input.cooperating.iter().map(|&u| UnitId::new(u)).collect();
            if let Some(bad) = coop.iter().find(|c| !units.iter().any(|u| u.id == **c)) {
                return Err(AppError::BadInput(format!(
                    "không có đơn vị phối hợp #{bad}"
                )));
            }
            if let Some(bad) = coop.iter().find(|c| !ours(**c)) {
                return Err(AppError::BadInput(format!(
                    "không giao được cho đơn vị #{bad} phối hợp: chỉ các đơn vị thuộc cơ quan \
                     mình, hoặc cơ quan cấp dưới"
                )));
            }
            let parent = match input.parent_task {
                Some(p) => {
                    let p = self.task_visible(actor, TaskId::new(p)).await?;
                    self.check(actor, Action::AssignTask, Some((&p).into()))?;
                    // Work under a finished (completed, stopped) task would count as open
                    // under a task that is over.
                    if !p.status.is_open() {
                        return Err(AppError::BadInput(format!(
                            "nhiệm vụ cha đã kết thúc ({}): không giao thêm nhiệm vụ con; \
                             mở lại nhiệm vụ cha trước nếu còn việc phải làm",
                            p.status.label()
                        )));
                    }
                    // A unit breaks its task down for its own staff; giving
                    // work to another unit is the assigner's (the Office's,
                    // the leaders').
                    if matches!(actor.role, Role::UnitHead | Role::UnitStaff)
                        && lead != actor.unit_id
                    {
                        return Err(AppError::BadInput(
                            "lãnh đạo đơn vị chỉ giao nhiệm vụ con cho chính đơn vị mình; \
                             muốn giao cho đơn vị khác, hãy đề nghị Văn phòng"
                                .into(),
                        ));
                    }
                    if let Some(d) = input.document_id
                        && p.document_id != Some(DocumentId::new(d))
                    {
                        return Err(AppError::BadInput(
                            "nhiệm vụ con thuộc văn bản của nhiệm vụ cha; hãy bỏ trường văn bản \
                             hoặc chọn đúng văn bản đó"
                                .into(),
                        ));
                    }
                    Some(p)
                }
                None => {
                    self.check(actor, Action::AssignTask, None)?;
                    if actor.role == Role::UnitHead {
                        // A unit head assigns inside the unit only, as sub-tasks.
                        return Err(AppError::BadInput(
                            "lãnh đạo đơn vị giao việc dưới dạng nhiệm vụ con".into(),
                        ));
                    }
                    None
                }
            };
            let urgency = match input.urgency.as_deref().filter(|s| !s.is_empty()) {
                Some(u) => Urgency::parse(u)
                    .ok_or_else(|| AppError::BadInput(format!("độ khẩn không hợp lệ: {u}")))?,
                None => Urgency::Normal,
            };
            let mut secret = input.secret;
            let mut new = NewTask::new(
                actor.org_id,
                &input.title,
                lead,
                input.deadline,
                today,
                &self.calendar,
            )
            .map_err(named)?
            .with_cooperating(&coop)
            .map_err(named)?
            .with_assignee(input.assignee.map(PersonId::new))
            .with_urgency(urgency);
            if let Some(d) = input.document_id {
                let doc = self.document(actor, DocumentId::new(d)).await?;
                secret = doc.secrecy.is_secret();
                new = new.from_document(doc.id, input.section.as_deref());
            }
            if let Some(p) = &parent {
                secret |= p.secret;
                if let Some(due) = new.due_date()
                    && p.due_date.is_some_and(|pd| due > pd)
                {
                    return Err(AppError::BadInput(
                        "hạn của nhiệm vụ con không được sau hạn của nhiệm vụ cha".into(),
                    ));
                }
                new = new.sub_task_of(p.id);
                if let Some(d) = p.document_id {
                    new = new.from_document(d, p.section.as_deref());
                }
            }
            if let Some(a) = input.assignee {
                let person = self
                    .store
                    .person(PersonId::new(a))
                    .await?
                    .ok_or(AppError::NotFound("cán bộ"))?;
                if person.unit_id != lead {
                    return Err(AppError::BadInput(format!(
                        "{} không thuộc đơn vị chủ trì",
                        person.full_name
                    )));
                }
            }
            news.push(new.secret(secret));
        }
        Ok(news)
    }

    pub async fn task_detail(&self, actor: &Actor, id: TaskId) -> AppResult<TaskDetail> {
        let task = self.task_visible(actor, id).await?;
        let document = match task.document_id {
            Some(d) => self.document(actor, d).await.ok(),
            None => None,
        };
        let mut indicators = Vec::new();
        for i in self.store.indicators(Some(id)).await? {
            let mut vals = self.store.indicator_values(i.id).await?;
            dondoc_domain::progress::in_period_order(&mut vals);
            indicators.push((i, vals));
        }
        // The task's links to other tasks and documents are context: a reader
        // of this task sees the public ones, but a secret sub-task, secret task
        // of the level above or secret directive below only if allowed to see
        // it on its own; otherwise it stays hidden, as it is elsewhere.
        let sub_tasks = self
            .store
            .tasks(
                &TaskFilter {
                    parent_task: Some(id),
                    ..Default::default()
                },
                PageRequest::new(1, 200),
            )
            .await?
            .items
            .into_iter()
            .filter(|t| may_see_linked(actor, t))
            .collect();
        let mut implemented_by = Vec::new();
        let docs = self
            .store
            .documents(
                &DocumentFilter {
                    implements_task: Some(id),
                    ..Default::default()
                },
                PageRequest::new(1, 50),
            )
            .await?;
        for d in docs.items {
            if !self.can_read_document(actor, &d).await? {
                continue;
            }
            let counts = self
                .store
                .bucket_counts(
                    &TaskFilter {
                        document_id: Some(d.id),
                        ..Default::default()
                    },
                    self.today(),
                )
                .await?;
            implemented_by.push((d, counts));
        }
        let implements = match &document {
            Some(Document {
                implements_task: Some(up),
                ..
            }) => self
                .store
                .task(*up)
                .await?
                .filter(|t| may_see_linked(actor, t)),
            _ => None,
        };
        let today = self.today();
        let extensions = self.store.extensions(id).await?;
        // The task's own events, the decisions on its extension requests (stored as
        // events of the request: who granted or refused, and when) and its files.
        let mut history = self.store.events_for("task", id.get()).await?;
        for e in extensions
            .iter()
            .filter(|e| e.status != dondoc_domain::progress::ExtensionStatus::Pending)
        {
            history.extend(
                self.store
                    .events_for("extension", e.id.get())
                    .await?
                    .into_iter()
                    .filter(|ev| matches!(ev.body.action.as_str(), "grant" | "refuse")),
            );
        }
        // The files attached to it: who added which, and when.
        for f in self.store.attachments(None, Some(id)).await? {
            if f.content_type != crate::reports::ISSUED_LETTER_TYPE {
                history.extend(self.store.events_for("attachment", f.id.get()).await?);
            }
        }
        history.sort_by_key(|e| (e.body.at, e.id));
        Ok(TaskDetail {
            bucket: dondoc_domain::stats::bucket(&task, today),
            overdue_days: overdue_days(&task, today),
            reports: self.store.reports(id).await?,
            directions: self.store.directions(id).await?,
            extensions,
            history,
            indicators,
            sub_tasks,
            implemented_by,
            implements,
            document,
            task,
        })
    }

    pub async fn receive(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
    ) -> AppResult<Task> {
        let t = self
            .task_for(actor, id, version, Action::ReceiveTask)
            .await?;
        let next = t.receive()?;
        let stored = self
            .update_task(&next, self.event(actor, "task", id.get(), "receive"))
            .await?;
        self.settle_reminders(id, &crate::notices::NEW_WORK_REMINDERS)
            .await;
        Ok(stored)
    }

    pub async fn return_task(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        reason: &str,
    ) -> AppResult<Task> {
        let t = self
            .task_for(actor, id, version, Action::ReturnTask)
            .await?;
        let next = t.return_to_assigner(reason)?;
        let stored = self
            .update_task(&next, self.event(actor, "task", id.get(), "return"))
            .await?;
        self.notify(
            &[To::Office(stored.org_id)],
            &stored,
            &format!("return:{}:{}", id, stored.version),
            "task_returned",
            "Đơn vị trả lại nhiệm vụ",
            titled(
                &stored.title,
                stored.status_reason.as_deref().unwrap_or_default(),
            ),
        )
        .await;
        Ok(stored)
    }

    /// Hands the task to a person of the lead unit.
    pub async fn hand_to(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        person: PersonId,
    ) -> AppResult<Task> {
        let t = self
            .task_for(actor, id, version, Action::HandToStaff)
            .await?;
        let p = self
            .store
            .person(person)
            .await?
            .ok_or(AppError::NotFound("cán bộ"))?;
        if p.unit_id != t.lead_unit {
            return Err(AppError::BadInput(format!(
                "{} không thuộc đơn vị chủ trì",
                p.full_name
            )));
        }
        if p.role == Role::Admin {
            return Err(AppError::BadInput(format!(
                "{} là tài khoản quản trị hệ thống, không giao thực hiện nhiệm vụ",
                p.full_name
            )));
        }
        let next = t.hand_to(person)?;
        let stored = self
            .update_task(&next, self.event(actor, "task", id.get(), "hand_to"))
            .await?;
        self.notify(
            &[To::Person(person)],
            &stored,
            &format!("hand_to:{}:{}", id, stored.version),
            "task_handed",
            "Được giao thực hiện nhiệm vụ",
            format!("{}{}", stored.title, due_phrase(&stored)),
        )
        .await;
        Ok(stored)
    }

    /// A progress report. From the lead unit it moves the task; from a co-operating unit
    /// it is added to the lead's task without changing its status.
    #[allow(clippy::too_many_arguments)]
    pub async fn report_progress(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        percent: u8,
        narrative: &str,
        obstacles: &str,
        proposals: &str,
        evidence: &[String],
    ) -> AppResult<ProgressReport> {
        let report = self
            .new_report(actor, id, percent, narrative, obstacles, proposals)?
            .with_evidence(evidence);
        let moves = |t: &Task| {
            // A staff member reports on work the unit has taken on: a new task is the
            // head's to receive or return first (or to hand to them).
            if t.status == TaskStatus::Assigned
                && actor.role == Role::UnitStaff
                && t.assignee != Some(actor.person_id)
                && t.lead_unit == actor.unit_id
            {
                return false;
            }
            dondoc_domain::policy::leads(actor, t.into()) || t.assignee == Some(actor.person_id)
        };
        // Only the lead's report checks the task's version; a co-operating unit's reads
        // the stored task.
        if let Some(t) = self
            .cached_task_for(actor, id, version, Action::ReportProgress)
            .filter(moves)
        {
            match self.insert_progress(actor, t, true, &report).await {
                Err(e) if may_be_stale(&e) => {}
                done => return done,
            }
        }
        // Without a version the reporter did not read the task first: a report that
        // meets another one moving the same task is made again on the stored task
        // (as often as reports meeting at once can take turns), not refused as a
        // conflict the reporter cannot resolve.
        let attempts = if version.is_none() { 64 } else { 1 };
        let mut tried = 0;
        loop {
            tried += 1;
            let t = self
                .task_for(actor, id, version, Action::ReportProgress)
                .await?;
            let moves = moves(&t);
            match self.insert_progress(actor, t, moves, &report).await {
                Err(AppError::Conflict) if tried < attempts => continue,
                done => return done,
            }
        }
    }

    /// Stores `report` on `t`, moving the task (to the report's percentage) if `moves`.
    async fn insert_progress(
        &self,
        actor: &Actor,
        t: Task,
        moves: bool,
        report: &NewProgressReport,
    ) -> AppResult<ProgressReport> {
        let moved = if moves {
            let after = t.record_progress(report.percent())?;
            Some(TaskMove {
                before: t,
                after,
                event: None,
            })
        } else {
            None
        };
        self.insert_report(
            report,
            moved.as_ref(),
            self.event(actor, "report", 0, "report_progress"),
        )
        .await
    }

    /// A completion report (báo cáo hoàn thành): the lead unit reports 100 % and proposes
    /// completion in one write. The same as a report followed by [`App::propose_completion`],
    /// with the same permissions and both audit events, but one request and one commit.
    #[allow(clippy::too_many_arguments)]
    pub async fn report_completion(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        narrative: &str,
        obstacles: &str,
        proposals: &str,
        evidence: &[String],
    ) -> AppResult<ProgressReport> {
        let report = self
            .new_report(actor, id, 100, narrative, obstacles, proposals)?
            .with_evidence(evidence);
        if let Some(t) = self
            .cached_task_for(actor, id, version, Action::ReportProgress)
            .filter(|t| {
                self.check(actor, Action::ProposeCompletion, Some(t.into()))
                    .is_ok()
            })
        {
            match self.insert_completion(actor, t, &report).await {
                Err(e) if may_be_stale(&e) => {}
                done => return done,
            }
        }
        let t = self
            .task_for(actor, id, version, Action::ReportProgress)
            .await?;
        self.check(actor, Action::ProposeCompletion, Some((&t).into()))?;
        self.insert_completion(actor, t, &report).await
    }

    async fn insert_completion(
        &self,
        actor: &Actor,
        t: Task,
        report: &NewProgressReport,
    ) -> AppResult<ProgressReport> {
        let id = t.id;
        let after = t.record_progress(100)?.propose_completion(self.today())?;
        let moved = TaskMove {
            before: t,
            after,
            event: Some(self.event(actor, "task", id.get(), "propose_completion")),
        };
        self.insert_report(
            report,
            Some(&moved),
            self.event(actor, "report", 0, "report_progress"),
        )
        .await
    }

    /// The lead unit (and the assignee) hear the Office's decision on its proposal.
    async fn notify_decided(&self, t: &Task, done: bool) {
        let mut to = vec![To::UnitHeads(t.lead_unit)];
        to.extend(t.assignee.map(To::Person));
        let (title, body) = if done {
            ("Nhiệm vụ được xác nhận hoàn thành", t.title.clone())
        } else {
            (
                "Chưa xác nhận hoàn thành, đề nghị tiếp tục thực hiện",
                titled(&t.title, t.status_reason.as_deref().unwrap_or_default()),
            )
        };
        self.notify(
            &to,
            t,
            &format!("decided:{}:{}", t.id, t.version),
            if done {
                "completion_confirmed"
            } else {
                "completion_refused"
            },
            title,
            body,
        )
        .await;
    }

    /// Stores a report (and its task's move), and keeps the moved task as stored.
    async fn insert_report(
        &self,
        report: &NewProgressReport,
        moved: Option<&TaskMove>,
        event: NewEvent,
    ) -> AppResult<ProgressReport> {
        let stored = self.store.insert_report(report, moved, event).await?;
        if let Some(m) = moved {
            self.caches.put_task(&dondoc_store::group::updated_task(
                &m.after,
                stored.created_at,
            ));
        }
        Ok(stored)
    }

    fn new_report(
        &self,
        actor: &Actor,
        id: TaskId,
        percent: u8,
        narrative: &str,
        obstacles: &str,
        proposals: &str,
    ) -> AppResult<NewProgressReport> {
        Ok(NewProgressReport::new(
            id,
            actor.unit_id,
            actor.person_id,
            self.today(),
            percent,
            narrative,
            obstacles,
            proposals,
        )?)
    }

    pub async fn propose_completion(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
    ) -> AppResult<Task> {
        let t = self
            .task_for(actor, id, version, Action::ProposeCompletion)
            .await?;
        let next = t.propose_completion(self.today())?;
        // The Office hears of it from the reminders' run ("Chờ xác nhận hoàn thành",
        // dondoc-urge), not from an extra write here.
        self.update_task(
            &next,
            self.event(actor, "task", id.get(), "propose_completion"),
        )
        .await
    }

    pub async fn confirm_completion(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
    ) -> AppResult<Task> {
        let t = self
            .task_for(actor, id, version, Action::ConfirmCompletion)
            .await?;
        let next = t.confirm_completion()?;
        let stored = self
            .update_task(
                &next,
                self.event(actor, "task", id.get(), "confirm_completion"),
            )
            .await?;
        self.notify_decided(&stored, true).await;
        self.settle_finished(id).await;
        Ok(stored)
    }

    pub async fn reopen(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        reason: &str,
    ) -> AppResult<Task> {
        let t = self
            .task_for(actor, id, version, Action::ReopenTask)
            .await?;
        let next = t.reopen(reason, self.today())?;
        let stored = self
            .update_task(&next, self.event(actor, "task", id.get(), "reopen"))
            .await?;
        if t.status == TaskStatus::Returned {
            // Given back to the unit that returned it: new work for it again.
            self.notify(
                &[
                    To::UnitHeads(stored.lead_unit),
                    To::Office(stored.lead_unit),
                ],
                &stored,
                &format!("handed_again:{}:{}", id, stored.version),
                "task_handed_again",
                "Nhiệm vụ được giao lại cho đơn vị",
                titled(
                    &format!("{}{}", stored.title, due_phrase(&stored)),
                    stored.status_reason.as_deref().unwrap_or_default(),
                ),
            )
            .await;
        } else {
            self.notify_decided(&stored, false).await;
        }
        self.settle_task(id).await;
        Ok(stored)
    }

    /// Gives a returned task to another unit of its organisation (the assigner).
    pub async fn reassign(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        lead_unit: UnitId,
        reason: &str,
    ) -> AppResult<Task> {
        let t = self
            .task_for(actor, id, version, Action::ReassignTask)
            .await?;
        let units = self.org_units(t.org_id).await?;
        if !units.iter().any(|u| u.id == lead_unit) {
            return Err(AppError::BadInput(format!(
                "không có đơn vị #{lead_unit} trong cơ quan giao nhiệm vụ"
            )));
        }
        let next = t.reassign(lead_unit, reason, self.today())?;
        let stored = self
            .update_task(&next, self.event(actor, "task", id.get(), "reassign"))
            .await?;
        self.notify(
            &[To::UnitHeads(stored.lead_unit)],
            &stored,
            &format!("reassigned:{}:{}", id, stored.version),
            "task_reassigned",
            "Nhiệm vụ được giao lại cho đơn vị",
            format!("{}{}", stored.title, due_phrase(&stored)),
        )
        .await;
        self.settle_task(id).await;
        self.settle_reminders(id, &crate::notices::NEW_WORK_REMINDERS)
            .await;
        Ok(stored)
    }

    /// The assigner corrects a task already given (điều chỉnh nhiệm vụ): its wording or
    /// urgency, and, for the leaders only, its last day (a sub-task's: the unit head who
    /// gave it), with the reason, which the history shows beside what changed. A
    /// directive carrying out a task of the level above sets no last day after that
    /// task's (as at intake). The lead unit's heads (the Office of an authority given the
    /// work) and the person handling it are told; moved earlier than tasks given under it
    /// below, they are told how many.
    pub async fn amend_task(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        amendment: &Amendment,
        reason: &str,
    ) -> AppResult<Task> {
        let t = self.task_for(actor, id, version, Action::AmendTask).await?;
        let reason = dondoc_domain::text::required("reason", reason, 2000)?;
        let next = t.amend(amendment, self.today(), self.calendar())?;
        // The last day is what the Government's statistics judge a task by (on time,
        // overdue): the organisation's leaders move it, not the Office; a sub-task's,
        // the unit head who gave it.
        if next.due_date != t.due_date && t.parent_task.is_none() && actor.role != Role::Leader {
            return Err(AppError::BadInput(
                "hạn xử lý do lãnh đạo điều chỉnh (hạn xử lý là căn cứ thống kê đúng hạn, quá \
                 hạn): Văn phòng sửa nội dung, độ khẩn; cần đổi hạn thì trình lãnh đạo, hoặc \
                 đơn vị đề nghị gia hạn"
                    .into(),
            ));
        }
        // A sub-task is due by its parent's last day, as when it was given; the parent
        // itself keeps to the level above's.
        if next.due_date != t.due_date
            && let Some(date) = next.due_date
            && let Some(parent) = t.parent_task
            && let Some(limit) = self.store.task(parent).await?.and_then(|p| p.due_date)
            && date > limit
        {
            return Err(AppError::BadInput(format!(
                "hạn của nhiệm vụ con ({}) không được sau hạn của nhiệm vụ cha ({})",
                date.format("%d/%m/%Y"),
                limit.format("%d/%m/%Y")
            )));
        }
        if next.due_date != t.due_date
            && t.parent_task.is_none()
            && let Some(date) = next.due_date
            && let Some((upper, limit)) = self.upper_due(&t).await?
            && date > limit
        {
            return Err(AppError::BadInput(format!(
                "không điều chỉnh hạn xử lý đến {} được: nhiệm vụ thực hiện văn bản triển khai \
                 nhiệm vụ cấp trên giao \"{}\", hạn {}",
                date.format("%d/%m/%Y"),
                crate::reports::shorten(&upper, 80),
                limit.format("%d/%m/%Y")
            )));
        }
        let ev = self.event(actor, "task", id.get(), "amend").noted(&reason);
        let stored = self.update_task(&next, ev).await?;
        if stored.due_date != t.due_date {
            self.settle_reminders(id, &crate::notices::TIMING_REMINDERS)
                .await;
        }
        let mut changes = Vec::new();
        if stored.title != t.title {
            changes.push("nội dung".to_owned());
        }
        if stored.due_date != t.due_date {
            changes.push(format!(
                "hạn xử lý {} → {}",
                dmy(t.due_date),
                dmy(stored.due_date)
            ));
        }
        if stored.urgency != t.urgency {
            changes.push(format!(
                "độ khẩn {} → {}",
                t.urgency.word(),
                stored.urgency.word()
            ));
        }
        // Those who carry it out: the lead unit's heads (the Office of an authority given
        // work by the level above), and the person handling it; not a unit that returned
        // it, which no longer works it.
        // Moved earlier than work already given under it by a directive below (the
        // cascade): those who carry it out are told how many of those tasks now fall
        // due after it, for their own correction.
        let mut below_note = String::new();
        if let Some(new_due) = stored.due_date
            && t.due_date.is_some_and(|old| new_due < old)
        {
            // Told after the correction is stored: a failure to count is logged, not
            // returned as if the correction had failed.
            let below = match self.open_work_below_due_after(id, new_due).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, task = %id, "tasks below not counted");
                    0
                }
            };
            if below > 0 {
                below_note = format!(
                    ". {below} nhiệm vụ đã giao tiếp ở cấp dưới có hạn sau ngày {}: cần điều \
                     chỉnh cho phù hợp",
                    new_due.format("%d/%m/%Y")
                );
            }
        }
        let mut to = Vec::new();
        if stored.status != TaskStatus::Returned {
            to.push(To::UnitHeads(stored.lead_unit));
            to.push(To::Office(stored.lead_unit));
            to.extend(stored.assignee.map(To::Person));
        }
        self.notify(
            &to,
            &stored,
            &format!("amended:{}:{}", id, stored.version),
            "task_amended",
            "Nhiệm vụ được điều chỉnh",
            titled(
                &stored.title,
                &format!("điều chỉnh {} ({reason}){below_note}", changes.join(", ")),
            ),
        )
        .await;
        Ok(stored)
    }

    pub async fn stop(
        &self,
        actor: &Actor,
        id: TaskId,
        version: Option<i64>,
        reason: &str,
    ) -> AppResult<Task> {
        let t = self.task_for(actor, id, version, Action::StopTask).await?;
        let next = t.stop(reason)?;
        let stored = self
            .update_task(&next, self.event(actor, "task", id.get(), "stop"))
            .await?;
        self.settle_finished(id).await;
        Ok(stored)
    }

    pub async fn request_extension(
        &self,
        actor: &Actor,
        id: TaskId,
        new_date: NaiveDate,
        reason: &str,
    ) -> AppResult<Extension> {
        let t = self
            .task_for(actor, id, None, Action::RequestExtension)
            .await?;
        if !t.status.is_open() {
            return Err(AppError::BadInput(
                "nhiệm vụ đã kết thúc, không thể gia hạn".into(),
            ));
        }
        let reason =
            extension_request(t.due_date, new_date, reason, self.today(), self.calendar())?;
        let ev = self.event(actor, "extension", 0, "request");
        let e = self
            .store
            .insert_extension(id, actor.person_id, t.due_date, new_date, &reason, ev)
            .await?;
        self.notify(
            &[To::Office(t.org_id)],
            &t,
            &format!("extension_request:{}", e.id),
            "extension_requested",
            "Đề nghị gia hạn chờ xử lý",
            format!(
                "{}: đề nghị gia hạn đến {}. Lý do: {}",
                crate::reports::shorten(&t.title, 120),
                new_date.format("%d/%m/%Y"),
                e.reason
            ),
        )
        .await;
        Ok(e)
    }

    /// How many open tasks of the directives that carry out task `id` (the level below,
    /// `Document::implements_task`) fall due after `day`.
    async fn open_work_below_due_after(&self, id: TaskId, day: NaiveDate) -> AppResult<usize> {
        let docs = self
            .store
            .documents(
                &DocumentFilter {
                    implements_task: Some(id),
                    ..Default::default()
                },
                PageRequest::new(1, 50),
            )
            .await?;
        let mut n = 0;
        for d in docs.items {
            n += self
                .store
                .tasks_all(&TaskFilter {
                    document_id: Some(d.id),
                    statuses: TaskStatus::open(),
                    ..Default::default()
                })
                .await?
                .iter()
                // Secret tasks are not counted: the Office told may not see them.
                .filter(|t| !t.secret && t.due_date.is_some_and(|due| due > day))
                .count();
        }
        Ok(n)
    }

    /// The task of the level above that `t`'s document carries out, by its title, and
    /// that task's last day: the latest `t` may be given (a directive implementing it
    /// sets no later one, `App::confirm_intake`).
    async fn upper_due(&self, t: &Task) -> AppResult<Option<(String, NaiveDate)>> {
        let Some(doc) = t.document_id else {
            return Ok(None);
        };
        let Some(up) = self
            .store
            .document(doc)
            .await?
            .and_then(|d| d.implements_task)
        else {
            return Ok(None);
        };
        Ok(self
            .store
            .task(up)
            .await?
            .and_then(|u| u.due_date.map(|d| (u.title, d))))
    }

    /// The task extension request `id` was made on: a form of one task's page names the
    /// request by its id, and must not decide another task's.
    pub async fn extension_task(&self, id: ExtensionId) -> AppResult<TaskId> {
        Ok(self
            .store
            .extension(id)
            .await?
            .ok_or(AppError::NotFound("đề nghị gia hạn"))?
            .task_id)
    }

    /// Whether indicator `id` is one of `task`'s (a form of one task's page names it by
    /// its id, as [`Self::extension_task`]).
    pub async fn is_indicator_of(&self, task: TaskId, id: IndicatorId) -> AppResult<bool> {
        Ok(self
            .store
            .indicators(Some(task))
            .await?
            .iter()
            .any(|i| i.id == id))
    }

    /// Grants or refuses a pending extension request. A grant moves the task's last day
    /// to `granted_date` when given, else to the date asked for: a later working day,
    /// not yet past (`extension_grant`).
    pub async fn decide_extension(
        &self,
        actor: &Actor,
        id: ExtensionId,
        grant: bool,
        granted_date: Option<NaiveDate>,
        note: &str,
    ) -> AppResult<Extension> {
        let e = self
            .store
            .extension(id)
            .await?
            .ok_or(AppError::NotFound("đề nghị gia hạn"))?;
        let t = self
            .task_for(actor, e.task_id, None, Action::DecideExtension)
            .await?;
        if e.status != ExtensionStatus::Pending {
            return Err(AppError::BadInput("đề nghị gia hạn đã được xử lý".into()));
        }
        let (status, moved) = if grant {
            let until = granted_date.unwrap_or(e.new_date);
            extension_grant(t.due_date, until, self.today(), self.calendar())?;
            if let Some((upper, limit)) = self.upper_due(&t).await?
                && until > limit
            {
                return Err(AppError::BadInput(format!(
                    "không gia hạn đến {} được: nhiệm vụ thực hiện văn bản triển khai nhiệm vụ \
                     cấp trên giao \"{}\", hạn {}; hãy gia hạn đến ngày đó hoặc sớm hơn, hoặc \
                     đề nghị cấp trên gia hạn nhiệm vụ trước",
                    until.format("%d/%m/%Y"),
                    crate::reports::shorten(&upper, 80),
                    limit.format("%d/%m/%Y")
                )));
            }
            (ExtensionStatus::Granted, Some(t.extend(until)?))
        } else {
            if granted_date.is_some() {
                return Err(AppError::BadInput(
                    "không đồng ý gia hạn thì không chọn hạn mới".into(),
                ));
            }
            (ExtensionStatus::Refused, None)
        };
        let note = dondoc_domain::text::clean(note);
        let note = (!note.is_empty()).then_some(note);
        let ev = self.event(
            actor,
            "extension",
            id.get(),
            if grant { "grant" } else { "refuse" },
        );
        let decided = self
            .store
            .decide_extension(
                id,
                status,
                actor.person_id,
                note.as_deref(),
                moved.as_ref(),
                ev,
            )
            .await?;
        self.notify(
            &[To::Person(e.requested_by)],
            moved.as_ref().unwrap_or(&t),
            &format!("extension_decided:{id}"),
            "extension_decided",
            if grant {
                "Đề nghị gia hạn được đồng ý"
            } else {
                "Đề nghị gia hạn không được đồng ý"
            },
            format!(
                "{}: {}{}",
                crate::reports::shorten(&t.title, 120),
                match (&moved, decided.granted_other_date()) {
                    (Some(_), Some(other)) => format!(
                        "hạn xử lý {} → {} (đơn vị đề nghị đến {})",
                        dmy(e.old_date),
                        other.format("%d/%m/%Y"),
                        e.new_date.format("%d/%m/%Y")
                    ),
                    (Some(_), None) => format!(
                        "hạn xử lý {} → {}",
                        dmy(e.old_date),
                        e.new_date.format("%d/%m/%Y")
                    ),
                    (None, _) => format!("giữ hạn xử lý {}", dmy(e.old_date)),
                },
                note.map(|n| format!(". {n}")).unwrap_or_default()
            ),
        )
        .await;
        self.settle(&[format!("extension_request:{id}:")]).await;
        if moved.is_some() {
            self.settle_reminders(t.id, &crate::notices::TIMING_REMINDERS)
                .await;
        }
        Ok(decided)
    }

    /// The Office or a leader urges the lead unit of an open task of the organisation
    /// (đôn đốc): its heads and the assignee get a notice, which also leaves by e-mail
    /// with the next digest of the reminders, and the task's history records it with
    /// `note`. Once a day per task: a second urge the same day is refused, with the time
    /// of the first.
    pub async fn urge_task(&self, actor: &Actor, id: TaskId, note: &str) -> AppResult<()> {
        self.check(actor, Action::UrgeUnit, None)?;
        let t = self.task_for(actor, id, None, Action::ViewTask).await?;
        if t.org_id != actor.org_id {
            return Err(AppError::Forbidden(Action::UrgeUnit));
        }
        if !t.status.is_open() || t.status == TaskStatus::CompletionProposed {
            return Err(AppError::BadInput(
                "chỉ đôn đốc nhiệm vụ đang thực hiện (nhiệm vụ này đã kết thúc, hoặc đang chờ \
                 xác nhận hoàn thành)"
                    .into(),
            ));
        }
        let note = dondoc_domain::text::clean(note);
        if note.chars().count() > 2_000 {
            return Err(AppError::BadInput(
                "nội dung đôn đốc dài quá 2.000 ký tự".into(),
            ));
        }
        let vn = dondoc_domain::vietnam_offset();
        let today = self.today();
        if let Some(first) = self
            .store
            .events_for("task", id.get())
            .await?
            .into_iter()
            .find(|e| e.body.action == "urge" && e.body.at.with_timezone(&vn).date_naive() == today)
        {
            let by = match first.body.actor {
                Some(p) => self
                    .store
                    .people()
                    .await?
                    .into_iter()
                    .find(|x| x.id == p)
                    .map(|x| format!(" ({})", x.full_name))
                    .unwrap_or_default(),
                None => String::new(),
            };
            return Err(AppError::BadInput(format!(
                "nhiệm vụ này đã được đôn đốc hôm nay lúc {}{by}; mỗi nhiệm vụ đôn đốc một lần \
                 mỗi ngày",
                first.body.at.with_timezone(&vn).format("%H:%M")
            )));
        }
        let ev = self.event(actor, "task", id.get(), "urge").noted(&note);
        self.store.append_event(ev).await?;
        let mut to = vec![To::UnitHeads(t.lead_unit)];
        to.extend(t.assignee.map(To::Person));
        let what = if note.is_empty() {
            "đề nghị đơn vị khẩn trương thực hiện, báo cáo kết quả".to_owned()
        } else {
            note
        };
        self.notify(
            &to,
            &t,
            &format!("urge:{id}:{today}"),
            "urged",
            "Đôn đốc thực hiện nhiệm vụ",
            titled(&format!("{}{}", t.title, due_phrase(&t)), &what),
        )
        .await;
        Ok(())
    }

    pub async fn give_direction(
        &self,
        actor: &Actor,
        id: TaskId,
        report: Option<ReportId>,
        text: &str,
    ) -> AppResult<LeaderDirection> {
        let t = self
            .task_for(actor, id, None, Action::GiveDirection)
            .await?;
        if let Some(r) = report
            && !self.store.reports(id).await?.iter().any(|x| x.id == r)
        {
            return Err(AppError::BadInput(
                "báo cáo không thuộc nhiệm vụ này".into(),
            ));
        }
        let text = direction_text(text)?;
        // The same direction by the same leader a moment ago: the form sent twice.
        let since = self.now() - crate::documents::RESUBMIT_WINDOW;
        if let Some(same) = self.store.directions(id).await?.into_iter().find(|d| {
            d.leader == actor.person_id
                && d.text == text
                && d.report_id == report
                && d.created_at >= since
        }) {
            return Err(AppError::BadInput(format!(
                "ý kiến chỉ đạo này vừa được ghi lúc {} (có lẽ biểu mẫu đã được gửi hai lần); \
                 không ghi lần nữa",
                same.created_at
                    .with_timezone(&dondoc_domain::vietnam_offset())
                    .format("%H:%M")
            )));
        }
        let ev = self.event(actor, "direction", 0, "give_direction");
        let d = self
            .store
            .insert_direction(id, report, actor.person_id, &text, ev)
            .await?;
        let mut to = vec![To::UnitHeads(t.lead_unit)];
        to.extend(t.assignee.map(To::Person));
        self.notify(
            &to,
            &t,
            &format!("direction:{}", d.id),
            "direction_given",
            "Ý kiến chỉ đạo của lãnh đạo",
            titled(&t.title, &d.text),
        )
        .await;
        Ok(d)
    }

    pub async fn add_indicator(
        &self,
        actor: &Actor,
        task: TaskId,
        name: &str,
        measure: &str,
        target: f64,
        due: Option<NaiveDate>,
    ) -> AppResult<Indicator> {
        let t = self.task_visible(actor, task).await?;
        let scope: TaskScope<'_> = (&t).into();
        if !dondoc_domain::policy::can(actor, Action::SetIndicator, Some(scope)) {
            return Err(AppError::Forbidden(Action::SetIndicator));
        }
        let ind = NewIndicator::new(task, name, measure, target, due)?;
        Ok(self
            .store
            .insert_indicator(&ind, self.event(actor, "indicator", 0, "create"))
            .await?)
    }

    pub async fn report_indicator(
        &self,
        actor: &Actor,
        indicator: IndicatorId,
        period: &str,
        value: f64,
    ) -> AppResult<()> {
        let ind = self
            .store
            .indicators(None)
            .await?
            .into_iter()
            .find(|i| i.id == indicator)
            .ok_or(AppError::NotFound("chỉ tiêu"))?;
        self.task_for(actor, ind.task_id, None, Action::ReportIndicator)
            .await?;
        if !value.is_finite() || value < 0.0 {
            return Err(AppError::BadInput(
                "giá trị chỉ tiêu phải là số không âm".into(),
            ));
        }
        // A typing slip, not a figure: it would turn every ratio of the dashboard and
        // the reports into nonsense (1e308 showed as "inf%").
        let most = if ind.measure.trim() == "%" {
            1_000.0
        } else {
            1e12
        };
        if value > most {
            return Err(AppError::BadInput(format!(
                "giá trị chỉ tiêu quá lớn (tối đa {most} {}); hãy kiểm tra lại số liệu",
                ind.measure
            )));
        }
        let period = dondoc_domain::progress::indicator_period(period)?;
        if period.start > self.today() {
            return Err(AppError::BadInput(format!(
                "kỳ \"{}\" chưa bắt đầu (số liệu tính từ ngày {}): chưa báo cáo được",
                period.label,
                period.start.format("%d/%m/%Y")
            )));
        }
        let period = period.label;
        // One value per period: a second would be counted twice in the reports.
        let fold = dondoc_domain::text::fold;
        if let Some(same) = self
            .store
            .indicator_values(indicator)
            .await?
            .into_iter()
            .find(|v| fold(&v.period) == fold(&period))
        {
            return Err(AppError::BadInput(format!(
                "kỳ \"{}\" đã có số liệu ({}, báo cáo ngày {}); mỗi kỳ báo cáo một lần",
                same.period,
                same.value,
                same.reported_on.format("%d/%m/%Y")
            )));
        }
        let v = IndicatorValue {
            indicator_id: indicator,
            period,
            value,
            reported_on: self.today(),
            reported_by: actor.person_id,
        };
        self.store
            .insert_indicator_value(
                &v,
                self.event(actor, "indicator_value", indicator.get(), "report"),
            )
            .await?;
        Ok(())
    }

    /// The leaders' dashboard over what `actor` may see.
    pub async fn dashboard(&self, actor: &Actor) -> AppResult<Dashboard> {
        let today = self.today();
        let scope = self.scope_filter(actor, TaskFilter::default());
        let counts = self.store.bucket_counts(&scope, today).await?;
        let units = self.store.units().await?;
        // Per lead unit, over what the actor may see: everything for the leaders; the
        // Office's counts leave secret tasks out, as its headline does; a unit sees its
        // own row only.
        let per_unit = match actor.role {
            Role::Leader => self
                .store
                .unit_bucket_counts(actor.org_id, today)
                .await?
                .into_iter()
                .filter_map(|uc| {
                    units
                        .iter()
                        .find(|u| u.id == uc.unit_id)
                        .map(|u| (u.clone(), uc.counts))
                })
                .collect(),
            _ => {
                let mine: Vec<Unit> = match actor.role {
                    // Its own units and the authorities below it that it gives work to
                    // (the city's Office sees the ward's row, as the leaders do).
                    Role::Office | Role::Admin => self.assignable_units(actor.org_id).await?,
                    _ => units
                        .iter()
                        .filter(|u| u.id == actor.unit_id)
                        .cloned()
                        .collect(),
                };
                let mut rows = Vec::new();
                for u in mine {
                    let c = self
                        .store
                        .bucket_counts(
                            &TaskFilter {
                                unit_id: Some(u.id),
                                ..scope.clone()
                            },
                            today,
                        )
                        .await?;
                    if c.total() > 0 {
                        rows.push((u, c));
                    }
                }
                rows
            }
        };
        let overdue_filter = TaskFilter {
            bucket: Some((dondoc_domain::Bucket::Overdue, today)),
            ..scope.clone()
        };
        let overdue = self
            .store
            .tasks(&overdue_filter, PageRequest::new(1, 50))
            .await?
            .items
            .into_iter()
            // As counted: a unit's sub-tasks are not the organisation's overdue work.
            .filter(|t| t.parent_task.is_none())
            .map(|t| {
                let d = overdue_days(&t, today);
                (t, d)
            })
            .collect();
        let mut obstacles = Vec::new();
        for r in self.store.open_obstacles(actor.org_id, 20).await? {
            if let Ok(t) = self.task_visible(actor, r.task_id).await {
                obstacles.push((r, t));
            }
        }
        let mut directives = Vec::new();
        let docs = self
            .documents(
                actor,
                // Directives given here and those received from above whose tasks
                // were given straight from them (documents without tasks are left out).
                DocumentFilter::default(),
                PageRequest::new(1, 20),
            )
            .await?;
        for d in docs.items {
            let c = self
                .store
                .bucket_counts(
                    &TaskFilter {
                        document_id: Some(d.id),
                        ..scope.clone()
                    },
                    today,
                )
                .await?;
            if c.total() > 0 {
                directives.push((d, c));
            }
        }
        let mut indicators = Vec::new();
        for i in self.store.indicators(None).await? {
            if self.task_visible(actor, i.task_id).await.is_err() {
                continue;
            }
            let mut vals = self.store.indicator_values(i.id).await?;
            dondoc_domain::progress::in_period_order(&mut vals);
            let latest = vals.last().map(|v| v.value);
            let p = i.progress(latest);
            indicators.push((i, latest, p));
        }
        let (missed_reports, missed_total) = self.missed_reports(&scope, today).await?;
        let pending = self.store.pending_extensions(actor.org_id, 50).await?;
        let ids: Vec<TaskId> = pending.iter().map(|e| e.task_id).collect();
        let tasks: std::collections::HashMap<TaskId, Task> = self
            .store
            .tasks_by_id(&ids)
            .await?
            .into_iter()
            // A request left pending on a finished task waits for nobody.
            .filter(|t| may_see(actor, t) && t.status.is_open())
            .map(|t| (t.id, t))
            .collect();
        let pending_extensions = pending
            .into_iter()
            .filter_map(|e| tasks.get(&e.task_id).cloned().map(|t| (e, t)))
            .collect();
        let returned = self
            .store
            .tasks(
                &TaskFilter {
                    statuses: vec![TaskStatus::Returned],
                    ..scope.clone()
                },
                PageRequest::new(1, 50),
            )
            .await?
            .items;
        Ok(Dashboard {
            today,
            counts,
            per_unit,
            overdue,
            obstacles,
            directives,
            indicators,
            missed_reports,
            missed_total,
            pending_extensions,
            returned,
        })
    }

    /// The open ongoing tasks in `scope` whose lead unit missed the latest periodic
    /// report on `today`, earliest due first: the first [`MISSED_SHOWN`] with that
    /// report's due date, and how many there are. The rule runs over what the store
    /// gives per task without loading it ([`dondoc_store::Store::report_duties`]: its deadline, its
    /// assignment day, its lead unit's latest report); only the tasks shown are loaded.
    async fn missed_reports(
        &self,
        scope: &TaskFilter,
        today: NaiveDate,
    ) -> AppResult<(Vec<(Task, NaiveDate)>, usize)> {
        let ongoing = TaskFilter {
            ongoing: true,
            statuses: TaskStatus::open(),
            ..scope.clone()
        };
        let mut missed: Vec<(NaiveDate, TaskId)> = self
            .store
            .report_duties(&ongoing, today)
            .await?
            .into_iter()
            .filter_map(|d| {
                let reported: &[NaiveDate] = d.last_report.as_slice();
                let due = dondoc_domain::task::missed_report_due(
                    &d.deadline,
                    d.assigned_on,
                    reported,
                    &self.calendar,
                    today,
                )?;
                Some((due, d.task))
            })
            .collect();
        missed.sort_unstable();
        let total = missed.len();
        missed.truncate(MISSED_SHOWN);
        let ids: Vec<TaskId> = missed.iter().map(|&(_, id)| id).collect();
        let due: std::collections::HashMap<TaskId, NaiveDate> =
            missed.iter().map(|&(d, id)| (id, d)).collect();
        let shown = self
            .store
            .tasks_by_id(&ids)
            .await?
            .into_iter()
            .map(|t| {
                let d = due[&t.id];
                (t, d)
            })
            .collect();
        Ok((shown, total))
    }
}

/// A notice's body: the task's title, then what happened to it ("Rà soát hồ sơ: Không
/// thuộc chức năng ..."), without the title's own closing stop before the colon.
fn titled(title: &str, what: &str) -> String {
    format!(
        "{}: {what}",
        title.trim_end().trim_end_matches(['.', ';', ':', ','])
    )
}

/// A last day as written in notices ("31/07/2026"), or "chưa có".
fn dmy(d: Option<NaiveDate>) -> String {
    d.map_or_else(
        || "chưa có".to_owned(),
        |d| d.format("%d/%m/%Y").to_string(),
    )
}
