//! One reminder run and the server's schedule (every [`RUN_EVERY`]).
//!
//! Catch-up semantics: the run evaluates the rules once, on the state as of `today`,
//! whatever the number of days since the last run. Every rule has a window ("3 working
//! days before the due date up to the eve", "from the first working day late on") and
//! an anchor day inside it; a reminder whose anchor fell during the downtime and whose
//! window is still open is sent now, once, under the anchor's key. Reminders whose
//! window closed during the downtime (the "due today" of a day nobody ran) are not
//! sent late, since a later rule (overdue) covers the task. Several missed anchors of
//! one rule (two overdue repeats) collapse into the latest one.
//!
//! Exactly once: notifications are keyed (storage ignores a key it has), e-mails are
//! sent only for notifications not yet marked emailed, and marked only after the SMTP
//! server accepted the message. A crash between acceptance and marking may resend one
//! digest; nothing is ever lost, since every step's state is in the store.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use dondoc_app::{App, AppError};
use dondoc_domain::policy::{Action, Actor};
use dondoc_domain::progress::ProgressReport;
use dondoc_domain::stats::Bucket;
use dondoc_domain::{Document, DocumentId, PersonId, Task, TaskId, TaskStatus, UnitId};
use dondoc_store::{NewNotification, Notification, StoreError, TaskFilter};
use serde::Serialize;

use crate::UrgeError;
use crate::digest::{Digest, person_digest};
use crate::letter::{LetterInputs, UnitLetter, urging_letters};
use crate::mail::Mailer;
use crate::rules::{
    LetterConfig, Reminder, ReminderKind, ReportDates, UrgeRules, awaiting_confirmation,
    awaiting_direction, evaluate,
};

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    pub today: Option<NaiveDate>,
    /// False when the rules had already been evaluated today (then only the work assigned
    /// today was announced, and e-mail retried).
    pub evaluated: bool,
    /// Days missed since the last run (0 when the last run was yesterday or never).
    pub caught_up_days: i64,
    /// Reminders the rules produced today.
    pub reminders: usize,
    /// Of those, newly recorded (the rest were already recorded earlier).
    pub new_notifications: usize,
    pub emails_sent: usize,
    /// Notifications those e-mails carried.
    pub emailed_items: usize,
    pub emails_failed: usize,
    /// Notifications of people without an e-mail address (in-app only; marked handled).
    pub no_address_items: usize,
    /// Notifications already read in the application before their digest (not mailed;
    /// marked handled).
    pub already_read_items: usize,
    /// No mailer configured: e-mail was skipped.
    pub email_disabled: bool,
}

/// The open tasks, read page by page (the store has no "all open tasks" query).
pub async fn open_tasks(app: &App) -> Result<Vec<Task>, UrgeError> {
    let filter = TaskFilter {
        statuses: TaskStatus::open(),
        ..TaskFilter::default()
    };
    let mut out = app.store().tasks_all(&filter).await?;
    out.sort_by_key(|t| t.id);
    Ok(out)
}

/// For the ongoing tasks only, the date of the lead unit's latest report up to `today`
/// (one query for all): all the missed-report rule looks at, since it asks whether a
/// report falls in the last period.
async fn report_dates(
    app: &App,
    tasks: &[Task],
    today: NaiveDate,
) -> Result<ReportDates, UrgeError> {
    let ongoing: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.deadline.reporting_cycle().is_some())
        .collect();
    let mut out = ReportDates::new();
    for t in &ongoing {
        out.insert(t.id, Vec::new());
    }
    let ids: Vec<_> = ongoing.iter().map(|t| t.id).collect();
    for (id, day) in app.store().last_lead_reports(&ids, today).await? {
        if let Some(dates) = out.get_mut(&id) {
            dates.push(day);
        }
    }
    Ok(out)
}

/// The reminders due on `today`, computed from the store (reads only).
pub async fn reminders_for(
    app: &App,
    rules: &UrgeRules,
    today: NaiveDate,
) -> Result<Vec<Reminder>, UrgeError> {
    let tasks = open_tasks(app).await?;
    let reports = report_dates(app, &tasks, today).await?;
    let people = app.store().people().await?;
    let units = app.store().units().await?;
    let mut out = evaluate(
        &tasks,
        &reports,
        &people,
        &units,
        app.calendar(),
        today,
        rules,
    );
    if rules.awaiting_direction {
        let waiting = waiting_reports(app, &tasks).await?;
        let by_id: HashMap<TaskId, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
        let pairs: Vec<(&ProgressReport, &Task)> = waiting
            .iter()
            .filter_map(|r| by_id.get(&r.task_id).map(|t| (r, *t)))
            .collect();
        out.extend(awaiting_direction(&pairs, &people, &units, rules));
    }
    if rules.awaiting_confirmation {
        let proposed: Vec<Task> = tasks
            .iter()
            .filter(|t| t.status == TaskStatus::CompletionProposed)
            .cloned()
            .collect();
        out.extend(awaiting_confirmation(&proposed, &people, &units, rules));
    }
    Ok(out)
}

/// The reports on `tasks` with a difficulty that no direction answers yet, over the
/// tasks' organisations (the dashboard's list, [`AWAITING_SCAN`] at most each).
async fn waiting_reports(app: &App, tasks: &[Task]) -> Result<Vec<ProgressReport>, StoreError> {
    let orgs: std::collections::BTreeSet<UnitId> = tasks.iter().map(|t| t.org_id).collect();
    let mut out = Vec::new();
    for org in orgs {
        out.extend(app.store().open_obstacles(org, AWAITING_SCAN).await?);
    }
    Ok(out)
}

/// The leaders' notices of the difficulties reported on `today` that no direction
/// answers yet (reads only): what the runs between two daily evaluations add, so that
/// the chair hears of a unit's difficulty within minutes ([`RUN_EVERY`]). Their keys are the report's
/// day, as the daily evaluation's, so a notice is never recorded twice.
pub async fn awaiting_direction_for(
    app: &App,
    rules: &UrgeRules,
    today: NaiveDate,
) -> Result<Vec<Reminder>, UrgeError> {
    let units = app.store().units().await?;
    let mut fresh = Vec::new();
    for org in units
        .iter()
        .filter(|u| u.kind == dondoc_domain::UnitKind::Authority)
    {
        fresh.extend(
            app.store()
                .open_obstacles(org.id, AWAITING_SCAN)
                .await?
                .into_iter()
                .filter(|r| r.reported_on == today),
        );
    }
    if fresh.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<TaskId> = fresh.iter().map(|r| r.task_id).collect();
    let tasks = app.store().tasks_by_id(&ids).await?;
    let by_id: HashMap<TaskId, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let pairs: Vec<(&ProgressReport, &Task)> = fresh
        .iter()
        .filter_map(|r| by_id.get(&r.task_id).map(|t| (r, *t)))
        .collect();
    let people = app.store().people().await?;
    Ok(awaiting_direction(&pairs, &people, &units, rules))
}

/// The assigners' notices of the completions proposed on `today` (reads only): what the
/// runs between two daily evaluations add, so that the Office hears within minutes
/// ([`RUN_EVERY`]) that a task waits for its confirmation. Their keys are the day of the
/// proposal, as the daily evaluation's, so a notice is never recorded twice.
pub async fn awaiting_confirmation_for(
    app: &App,
    rules: &UrgeRules,
    today: NaiveDate,
) -> Result<Vec<Reminder>, UrgeError> {
    let filter = TaskFilter {
        statuses: vec![TaskStatus::CompletionProposed],
        ..TaskFilter::default()
    };
    let mut proposed: Vec<Task> = app
        .store()
        .tasks_all(&filter)
        .await?
        .into_iter()
        .filter(|t| t.completed_on == Some(today))
        .collect();
    if proposed.is_empty() {
        return Ok(Vec::new());
    }
    proposed.sort_by_key(|t| t.id);
    let people = app.store().people().await?;
    let units = app.store().units().await?;
    Ok(awaiting_confirmation(&proposed, &people, &units, rules))
}

/// The "Nhiệm vụ mới giao" notices of the tasks assigned on `today` (reads only): what
/// the runs between two daily evaluations add, so that a unit head hears of new work
/// within minutes ([`RUN_EVERY`]) rather than the next day. Their keys are the assignment day, as the
/// daily evaluation's, so a notice is never recorded twice.
pub async fn new_work_for(
    app: &App,
    rules: &UrgeRules,
    today: NaiveDate,
) -> Result<Vec<Reminder>, UrgeError> {
    let filter = TaskFilter {
        statuses: vec![TaskStatus::Assigned],
        handed_from: Some(today),
        ..TaskFilter::default()
    };
    let mut tasks = app.store().tasks_all(&filter).await?;
    tasks.sort_by_key(|t| t.id);
    let people = app.store().people().await?;
    let units = app.store().units().await?;
    let mut out = evaluate(
        &tasks,
        &ReportDates::new(),
        &people,
        &units,
        app.calendar(),
        today,
        rules,
    );
    out.retain(|r| r.kind == ReminderKind::NewWork);
    Ok(out)
}

/// The urging letters for `today`, one per unit with overdue tasks (reads only).
pub async fn draft_letters(
    app: &App,
    rules: &UrgeRules,
    today: NaiveDate,
) -> Result<Vec<UnitLetter>, UrgeError> {
    let tasks = open_tasks(app).await?;
    let units = app.store().units().await?;
    letters_of(app, &tasks, &units, today, &rules.letter).await
}

/// The letters over `tasks`, with what they cite read from the store: the documents
/// that gave the tasks, and the units' requests still waiting for a direction.
async fn letters_of(
    app: &App,
    tasks: &[Task],
    units: &[dondoc_domain::Unit],
    today: NaiveDate,
    config: &LetterConfig,
) -> Result<Vec<UnitLetter>, UrgeError> {
    let docs = documents_of(app, tasks).await?;
    let awaiting = awaiting_days(app, tasks).await?;
    let people = app.store().people().await?;
    urging_letters(
        &LetterInputs {
            tasks,
            docs: &docs,
            awaiting: &awaiting,
            people: &people,
            units,
        },
        app.calendar(),
        today,
        config,
    )
}

/// Most requests per organisation a letter looks at (those waiting for a direction are
/// few: the dashboard shows them all).
const AWAITING_SCAN: u32 = 1_000;

/// For the tasks among `tasks` whose unit reported a difficulty no direction answers
/// yet, the day of the latest such report.
async fn awaiting_days(
    app: &App,
    tasks: &[Task],
) -> Result<HashMap<TaskId, NaiveDate>, StoreError> {
    let ids: std::collections::HashSet<TaskId> = tasks.iter().map(|t| t.id).collect();
    let mut out: HashMap<TaskId, NaiveDate> = HashMap::new();
    for r in waiting_reports(app, tasks).await? {
        if ids.contains(&r.task_id) {
            let day = out.entry(r.task_id).or_insert(r.reported_on);
            *day = (*day).max(r.reported_on);
        }
    }
    Ok(out)
}

/// The documents that gave `tasks`, for the letters' "Văn bản giao" column.
async fn documents_of(
    app: &App,
    tasks: &[Task],
) -> Result<HashMap<DocumentId, Document>, StoreError> {
    let mut docs: HashMap<DocumentId, Document> = HashMap::new();
    for id in tasks.iter().filter_map(|t| t.document_id) {
        if let std::collections::hash_map::Entry::Vacant(e) = docs.entry(id)
            && let Some(d) = app.store().document(id).await?
        {
            e.insert(d);
        }
    }
    Ok(docs)
}

/// The urging letter to `unit` on the app's today, over the overdue tasks `actor` may
/// see (the web's download; the Office has no secret task in it, as on its dashboard).
/// Refused unless `actor` may urge ([`Action::UrgeUnit`]); `NotFound` for a unit outside
/// the actor's organisation, and for one with no overdue task.
pub async fn unit_letter(
    app: &App,
    actor: &Actor,
    unit: UnitId,
    config: &LetterConfig,
) -> Result<UnitLetter, AppError> {
    app.check_action(actor, Action::UrgeUnit)?;
    let units = app.store().units().await?;
    // A unit of the organisation or below (the city urges a ward it gave work to), as
    // the per-unit report allows; never the organisation itself.
    if unit == actor.org_id || !dondoc_domain::unit::within(unit, actor.org_id, &units) {
        return Err(AppError::NotFound("đơn vị"));
    }
    let today = app.today();
    let filter = app.scope_filter(
        actor,
        TaskFilter {
            unit_id: Some(unit),
            statuses: TaskStatus::open(),
            bucket: Some((Bucket::Overdue, today)),
            ..TaskFilter::default()
        },
    );
    let tasks = app.store().tasks_all(&filter).await?;
    let letters = letters_of(app, &tasks, &units, today, config)
        .await
        .map_err(|e| match e {
            // What the letter lacks (its signer) is said as it is: someone can act on it.
            UrgeError::Letter(m) => {
                tracing::warn!(error = %m, "công văn đôn đốc");
                AppError::BadInput(m)
            }
            UrgeError::Store(e) => e.into(),
            other => AppError::BadInput(other.to_string()),
        })?;
    letters
        .into_iter()
        .find(|l| l.unit == unit)
        .ok_or(AppError::NotFound("nhiệm vụ quá hạn nào của đơn vị này"))
}

/// Most notifications one run e-mails; the rest wait for the next run.
const EMAIL_BATCH: u32 = 5_000;

/// Sends the digests of all notifications not yet emailed.
pub async fn send_digests(
    app: &App,
    mailer: &dyn Mailer,
    today: NaiveDate,
    summary: &mut RunSummary,
) -> Result<(), UrgeError> {
    let store = app.store();
    let pending = store.unemailed(EMAIL_BATCH).await?;
    if pending.is_empty() {
        return Ok(());
    }
    let people = store.people().await?;
    // A notice already read in the application (by its person, or settled by a
    // decision taken since) is not mailed: it is marked so that the queue moves on.
    let (read, pending): (Vec<Notification>, Vec<Notification>) =
        pending.into_iter().partition(|n| n.read_at.is_some());
    if !read.is_empty() {
        let ids: Vec<i64> = read.iter().map(|n| n.id).collect();
        store.mark_emailed(&ids, app.now()).await?;
        summary.already_read_items += ids.len();
    }
    let mut by_person: BTreeMap<PersonId, Vec<Notification>> = BTreeMap::new();
    for n in pending {
        by_person.entry(n.person_id).or_default().push(n);
    }
    for (pid, items) in by_person {
        let person = people.iter().find(|p| p.id == pid);
        let digest: Option<Digest> = person.and_then(|p| person_digest(p, &items, today));
        let Some(digest) = digest else {
            // Nobody to write to: the in-app notification is the channel. Marked so the
            // queue of unemailed items does not grow forever.
            let ids: Vec<i64> = items.iter().map(|n| n.id).collect();
            tracing::info!(person = %pid, items = ids.len(), "không có địa chỉ thư điện tử: chỉ thông báo trong ứng dụng");
            store.mark_emailed(&ids, app.now()).await?;
            summary.no_address_items += ids.len();
            continue;
        };
        match mailer.send(&digest.mail).await {
            Ok(()) => {
                store
                    .mark_emailed(&digest.notification_ids, app.now())
                    .await?;
                summary.emails_sent += 1;
                summary.emailed_items += digest.notification_ids.len();
                tracing::info!(person = %pid, to = %digest.mail.to_address, items = digest.notification_ids.len(), "đã gửi thư tổng hợp");
            }
            Err(e) => {
                summary.emails_failed += 1;
                tracing::warn!(person = %pid, error = %e, "gửi thư tổng hợp thất bại; sẽ gửi lại lần chạy sau");
            }
        }
    }
    Ok(())
}

/// Records `reminders` as notifications; returns how many were new.
pub async fn record(app: &App, reminders: &[Reminder]) -> Result<usize, UrgeError> {
    let mut new = 0;
    let now = app.now();
    for r in reminders {
        let n = NewNotification {
            person_id: r.person,
            task_id: Some(r.task),
            key: r.key.clone(),
            kind: r.kind.as_str().to_string(),
            title: r.title.clone(),
            body: r.body.clone(),
        };
        if app.store().insert_notification(&n, now).await?.is_some() {
            new += 1;
        }
    }
    Ok(new)
}

/// One run: evaluate the rules if they were not evaluated today (catching up once after
/// downtime), else announce the work assigned since ([`new_work_for`]), the
/// difficulties reported today ([`awaiting_direction_for`]) and the completions proposed
/// today ([`awaiting_confirmation_for`]); record the
/// notifications, e-mail the digests, record the run.
pub async fn run_once(
    app: &App,
    rules: &UrgeRules,
    mailer: Option<&dyn Mailer>,
    today: NaiveDate,
) -> Result<RunSummary, UrgeError> {
    let mut summary = RunSummary {
        today: Some(today),
        ..RunSummary::default()
    };
    let last = app.store().last_reminder_run().await?;
    if last.is_none_or(|l| l < today) {
        summary.caught_up_days = last.map_or(0, |l| (today - l).num_days() - 1);
        if summary.caught_up_days > 0 {
            tracing::info!(last = %last.map(|d| d.to_string()).unwrap_or_default(), days = summary.caught_up_days, "đôn đốc bù các ngày chưa chạy");
        }
        let reminders = reminders_for(app, rules, today).await?;
        summary.reminders = reminders.len();
        summary.new_notifications = record(app, &reminders).await?;
        summary.evaluated = true;
    } else if last == Some(today) {
        let mut fresh = Vec::new();
        if rules.new_work {
            fresh.extend(new_work_for(app, rules, today).await?);
        }
        if rules.awaiting_direction {
            fresh.extend(awaiting_direction_for(app, rules, today).await?);
        }
        if rules.awaiting_confirmation {
            fresh.extend(awaiting_confirmation_for(app, rules, today).await?);
        }
        summary.reminders = fresh.len();
        summary.new_notifications = record(app, &fresh).await?;
    }
    match mailer {
        Some(m) => send_digests(app, m, today, &mut summary).await?,
        None => {
            summary.email_disabled = true;
            if summary.new_notifications > 0 {
                tracing::info!(
                    "chưa cấu hình SMTP (DONDOC_SMTP_URL): bỏ qua gửi thư, chỉ ghi thông báo trong ứng dụng"
                );
            }
        }
    }
    if summary.evaluated {
        app.store().record_reminder_run(today, app.now()).await?;
    }
    Ok(summary)
}

/// How often the server's schedule runs: new work and a unit's difficulty are told within
/// this time. A run between two daily evaluations only reads the day's new tasks and
/// difficulties (at 1,000,000 tasks about 0.7 s: BENCHMARKS §3 (d)) and e-mails what is
/// new.
pub const RUN_EVERY: Duration = Duration::from_secs(10 * 60);

/// Runs [`run_once`] now and then every [`RUN_EVERY`], on the app's clock, until the
/// runtime stops.
pub fn spawn_scheduler(
    app: App,
    rules: UrgeRules,
    mailer: Option<Arc<dyn Mailer>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(RUN_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let today = app.today();
            match run_once(&app, &rules, mailer.as_deref(), today).await {
                Ok(s)
                    if s.evaluated
                        || s.new_notifications > 0
                        || s.emails_sent > 0
                        || s.emails_failed > 0 =>
                {
                    tracing::info!(
                        %today,
                        reminders = s.reminders,
                        new = s.new_notifications,
                        emails = s.emails_sent,
                        failed = s.emails_failed,
                        caught_up_days = s.caught_up_days,
                        "đôn đốc: đã chạy"
                    );
                }
                Ok(_) => tracing::debug!(%today, "đôn đốc: không có gì mới"),
                Err(e) => tracing::error!(error = %e, "đôn đốc: lỗi, sẽ thử lại sau 10 phút"),
            }
        }
    })
}
