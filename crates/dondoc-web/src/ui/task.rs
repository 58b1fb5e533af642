//! Nhiệm vụ: one task — deadline, status, history, reports, directions, extensions,
//! sub-tasks, indicators, attachments — and the action forms the signed-in person may
//! use (decided with `policy::can`; the use cases enforce it anyway). State-changing
//! forms send the task's `version`; a conflict is explained with a reload link.

use super::{Ctx, Fields, FlashQuery, TaskRow, date, datetime, num, unit_name};
use crate::AppState;
use crate::auth::{Auth, PageAuth};
use crate::error::WebError;
use crate::extract::{PagePath as Path, PageQuery as Query};
use crate::pages::{error_page, render};
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use dondoc_app::{AppError, TaskDetail, TaskInput};
use dondoc_domain::policy::{Action, can};
use dondoc_domain::progress::{ExtensionStatus, ProgressReport};
use dondoc_domain::{
    AttachmentId, Deadline, ExtensionId, IndicatorId, Person, PersonId, ReportId, TaskId,
    TaskStatus,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/nhiem-vu/{id}", get(page))
        .route("/nhiem-vu/{id}/dinh-kem", post(attach))
        .route("/nhiem-vu/{id}/{action}", post(act))
        .route("/tep/{id}", get(download))
}

pub struct ReportView {
    pub id: i64,
    pub date: String,
    pub unit: String,
    pub author: String,
    pub percent: u8,
    /// The same unit's previous percentage, when this report gives less: said beside
    /// it, so that a lowered estimate is not missed.
    pub lowered_from: Option<u8>,
    pub narrative: String,
    pub obstacles: String,
    pub proposals: String,
    pub evidence: Vec<String>,
}

pub struct DirectionView {
    pub at: String,
    pub leader: String,
    pub text: String,
    pub about: String,
}

pub struct ExtensionView {
    pub id: i64,
    pub by: String,
    pub old: String,
    pub new: String,
    /// The date asked for, for the approver's date picker.
    pub new_iso: String,
    /// The date granted when it is not the one asked for.
    pub granted_other: String,
    pub reason: String,
    pub status: &'static str,
    pub pending: bool,
    pub note: String,
    pub decided_by: String,
}

pub struct IndicatorView {
    pub id: i64,
    pub name: String,
    pub target: String,
    pub due: String,
    pub values: Vec<(String, String, String)>,
    pub pct: String,
}

pub struct HistoryView {
    pub at: String,
    pub who: String,
    pub what: String,
}

pub struct AttachmentView {
    pub id: i64,
    pub name: String,
    pub size: String,
    /// "gỡ ngày …: lý do" when withdrawn (no longer served); empty otherwise.
    pub withdrawn: String,
    /// The signed-in person may withdraw it (`App::withdrawable_attachments`).
    pub can_withdraw: bool,
}

/// Which forms to show.
#[derive(Default)]
pub struct Can {
    pub receive: bool,
    pub ret: bool,
    pub hand: bool,
    pub report: bool,
    pub extend: bool,
    /// The unit could ask for an extension, but its last day has passed.
    pub extend_too_late: bool,
    pub decide: bool,
    pub propose: bool,
    /// The report form may also propose completion (a completion report): from the
    /// states a report moves the task from, unlike the separate proposal.
    pub report_completion: bool,
    pub confirm: bool,
    pub reopen: bool,
    /// The assigner may correct the task's wording, urgency or last day (điều chỉnh).
    pub amend: bool,
    /// ... the last day too: a leader (a sub-task's: the unit head who gave it), on a
    /// dated task.
    pub amend_due: bool,
    pub stop: bool,
    pub direct: bool,
    pub add_indicator: bool,
    pub report_indicator: bool,
    pub attach: bool,
    pub sub_task: bool,
    /// The Office or a leader may urge the lead unit (đôn đốc) of this open task.
    pub urge: bool,
    /// The task was given to the organisation itself (by the level above): its Office
    /// and leaders carry it out by a directive of their own, drafted from here.
    pub cascade: bool,
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    ctx: Ctx,
    flash: Option<&'static str>,
    error: Option<String>,
    conflict: bool,
    form: Fields,
    row: TaskRow,
    urgency: String,
    /// The urgency's code, for the correction form's choice.
    urgency_code: &'static str,
    /// The last day as the date field wants it; empty for an ongoing task.
    due_iso: String,
    /// "Nhiệm vụ đã được đôn đốc hôm nay lúc …" when it was; empty otherwise.
    urged_today: String,
    secret: bool,
    assigned_on: String,
    assignee: String,
    status_reason: String,
    document: Option<(i64, String)>,
    implements: Option<(i64, String)>,
    /// The task this sub-task was given under (id, title), when the reader may see it.
    parent: Option<(i64, String)>,
    implemented_by: Vec<(i64, String, String)>,
    reports: Vec<ReportView>,
    directions: Vec<DirectionView>,
    extensions: Vec<ExtensionView>,
    /// A request waits for its decision: no second one is offered.
    extension_pending: bool,
    indicators: Vec<IndicatorView>,
    history: Vec<HistoryView>,
    sub_tasks: Vec<TaskRow>,
    attachments: Vec<AttachmentView>,
    staff: Vec<(i64, String)>,
    /// The units a returned task may be given to: the organisation's others (not its
    /// lead, not its co-operating units). Empty unless the actor may and it is returned.
    other_units: Vec<(i64, String)>,
    can: Can,
    today_iso: String,
    extend_min: String,
    /// The last day first given, when an extension has moved it (the title may still
    /// quote that day, as the letter did).
    extended_from: String,
    /// The organisation that gave the task, when it is not the reader's own (the
    /// level above, for the work it gave the organisation).
    given_by: String,
}

fn person_name(people: &[Person], id: PersonId) -> String {
    people
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.full_name.clone())
        .unwrap_or_else(|| format!("cán bộ #{id}"))
}

pub fn size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{} MB", num(n as f64 / 1024.0 / 1024.0))
    } else if n >= 1024 {
        format!("{} KB", num((n as f64 / 1024.0).round()))
    } else {
        format!("{n} byte")
    }
}

async fn build(
    s: &AppState,
    a: &Auth,
    id: i64,
    flash: Option<&'static str>,
    error: Option<WebError>,
    form: Fields,
) -> Result<TaskPage, WebError> {
    let TaskDetail {
        task,
        document,
        reports,
        directions,
        extensions,
        indicators,
        history,
        sub_tasks,
        implemented_by,
        implements,
        ..
    } = s.app.task_detail(&a.actor, TaskId::new(id)).await?;
    let units = s.app.units().await?;
    let people = s.app.people().await?;
    let today = s.app.today();
    // Urged today already (once a day per task, `App::urge_task`): said where the form
    // would be, rather than after it is sent.
    let vn = dondoc_domain::vietnam_offset();
    let urged_today = history
        .iter()
        .find(|e| {
            e.body.entity == "task"
                && e.body.action == "urge"
                && e.body.at.with_timezone(&vn).date_naive() == today
        })
        .map(|e| {
            format!(
                "Nhiệm vụ đã được đôn đốc hôm nay lúc {}{}; mỗi nhiệm vụ đôn đốc một lần mỗi ngày.",
                e.body.at.with_timezone(&vn).format("%H:%M"),
                e.body
                    .actor
                    .map(|p| format!(" ({})", person_name(&people, p)))
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let attachments = s.app.task_attachments(&a.actor, task.id).await?;
    let withdrawable = s.app.withdrawable_attachments(&a.actor, task.id).await?;
    let parent = match task.parent_task {
        Some(p) => s
            .app
            .task_visible(&a.actor, p)
            .await
            .ok()
            .map(|p| (p.id.get(), p.title)),
        None => None,
    };
    let actor = &a.actor;
    let scope = Some((&task).into());
    let allowed = |act: Action| can(actor, act, scope);
    let st = task.status;
    let open = st.is_open();
    let c = Can {
        receive: allowed(Action::ReceiveTask) && st == TaskStatus::Assigned,
        ret: allowed(Action::ReturnTask)
            && matches!(st, TaskStatus::Assigned | TaskStatus::Received),
        hand: allowed(Action::HandToStaff) && open,
        report: allowed(Action::ReportProgress)
            && matches!(
                st,
                TaskStatus::Assigned | TaskStatus::Received | TaskStatus::InProgress
            ),
        // An ongoing task has no due date to move; an overdue one is no longer extended
        // at the unit's request (`extension_request`).
        extend: allowed(Action::RequestExtension)
            && open
            && task.due_date.is_some_and(|d| d >= today),
        extend_too_late: allowed(Action::RequestExtension)
            && open
            && task.due_date.is_some_and(|d| d < today),
        // A request left pending on a finished task is no longer decided.
        decide: allowed(Action::DecideExtension) && open,
        propose: allowed(Action::ProposeCompletion)
            && matches!(st, TaskStatus::Received | TaskStatus::InProgress),
        report_completion: allowed(Action::ProposeCompletion)
            && allowed(Action::ReportProgress)
            && matches!(
                st,
                TaskStatus::Assigned | TaskStatus::Received | TaskStatus::InProgress
            ),
        confirm: allowed(Action::ConfirmCompletion) && st == TaskStatus::CompletionProposed,
        reopen: allowed(Action::ReopenTask)
            && matches!(
                st,
                TaskStatus::CompletionProposed | TaskStatus::Completed | TaskStatus::Returned
            ),
        amend: allowed(Action::AmendTask)
            && matches!(
                st,
                TaskStatus::Assigned
                    | TaskStatus::Received
                    | TaskStatus::InProgress
                    | TaskStatus::Returned
            ),
        amend_due: task.due_date.is_some()
            && (task.parent_task.is_some() || actor.role == dondoc_domain::Role::Leader),
        stop: allowed(Action::StopTask) && (open || st == TaskStatus::Returned),
        direct: allowed(Action::GiveDirection),
        add_indicator: allowed(Action::SetIndicator) && open,
        urge: open
            && st != TaskStatus::CompletionProposed
            && task.org_id == actor.org_id
            && can(actor, Action::UrgeUnit, None)
            && task.lead_unit != actor.unit_id,
        report_indicator: allowed(Action::ReportIndicator),
        attach: allowed(Action::ReportProgress),
        // A sub-task is due by its parent's last day: none can be given once that has
        // passed (an extension of the parent comes first).
        sub_task: allowed(Action::AssignTask) && open && task.due_date.is_none_or(|d| d >= today),
        cascade: open
            && task.lead_unit == actor.org_id
            && matches!(
                actor.role,
                dondoc_domain::Role::Office | dondoc_domain::Role::Leader
            ),
    };
    let report_unit = |rid: ReportId| {
        reports
            .iter()
            .find(|r| r.id == rid)
            .map(|r| {
                format!(
                    "trả lời báo cáo ngày {} của {}",
                    date(r.reported_on),
                    unit_name(&units, r.unit_id)
                )
            })
            .unwrap_or_default()
    };
    let directions_raw = directions;
    let directions = directions_raw
        .iter()
        .map(|d| DirectionView {
            at: datetime(d.created_at),
            leader: person_name(&people, d.leader),
            text: d.text.clone(),
            about: d.report_id.map(&report_unit).unwrap_or_default(),
        })
        .collect();
    // The task's own events, with the reports, directions and extension requests that
    // are stored as their own records, in time order.
    let mut timeline: Vec<(chrono::DateTime<chrono::Utc>, HistoryView)> = history
        .iter()
        .map(|e| {
            (
                e.body.at,
                HistoryView {
                    at: datetime(e.body.at),
                    who: e
                        .body
                        .actor
                        .map(|p| person_name(&people, p))
                        .unwrap_or_else(|| "hệ thống".into()),
                    what: match (e.body.entity.as_str(), e.body.action.as_str()) {
                        // A decision on an extension request: which dates it moved.
                        ("extension", decision @ ("grant" | "refuse")) => {
                            let ext = extensions.iter().find(|x| x.id.get() == e.body.entity_id);
                            let old = |x: &dondoc_domain::progress::Extension| {
                                x.old_date.map(date).unwrap_or_else(|| "chưa có".into())
                            };
                            match (decision, ext) {
                                ("grant", Some(x)) => match x.granted_other_date() {
                                    Some(g) => format!(
                                        "đồng ý gia hạn: hạn xử lý {} → {} (đơn vị đề nghị đến {})",
                                        old(x),
                                        date(g),
                                        date(x.new_date)
                                    ),
                                    None => format!(
                                        "đồng ý gia hạn: hạn xử lý {} → {}",
                                        old(x),
                                        date(x.new_date)
                                    ),
                                },
                                (_, Some(x)) => format!(
                                    "không đồng ý gia hạn đến {} (hạn xử lý vẫn là {})",
                                    date(x.new_date),
                                    old(x)
                                ),
                                ("grant", None) => "đồng ý gia hạn".into(),
                                _ => "không đồng ý gia hạn".into(),
                            }
                        }
                        // A step taken for a reason (returned, stopped, reopened):
                        // the reason, as the task kept it.
                        ("task", action @ ("return" | "stop" | "reopen" | "reassign")) => {
                            let field = |v: &Option<serde_json::Value>, k: &str| {
                                v.as_ref().and_then(|t| t.get(k)).cloned()
                            };
                            let was = field(&e.body.before, "status");
                            let label = match (action, was.as_ref().and_then(|s| s.as_str())) {
                                // "Mở lại" says what it was to the unit.
                                ("reopen", Some("completion_proposed")) => {
                                    "không xác nhận hoàn thành, trả về đơn vị".to_owned()
                                }
                                ("reopen", Some("returned")) => "giao lại cho đơn vị".to_owned(),
                                ("reassign", _) => {
                                    let unit = |v: Option<serde_json::Value>| {
                                        v.and_then(|u| u.as_i64()).map(|u| {
                                            unit_name(&units, dondoc_domain::UnitId::new(u))
                                        })
                                    };
                                    match (
                                        unit(field(&e.body.before, "lead_unit")),
                                        unit(field(&e.body.after, "lead_unit")),
                                    ) {
                                        (Some(from), Some(to)) => {
                                            format!("giao lại từ {from} cho {to}")
                                        }
                                        _ => super::event_label("task", action),
                                    }
                                }
                                _ => super::event_label("task", action),
                            };
                            match e
                                .body
                                .after
                                .as_ref()
                                .and_then(|t| t.get("status_reason"))
                                .and_then(|r| r.as_str())
                                .filter(|r| !r.trim().is_empty())
                            {
                                Some(reason) => format!("{label}: {reason}"),
                                None => label,
                            }
                        }
                        // A correction: what it changed, from what to what, and why.
                        ("task", "amend") => {
                            let field = |v: &Option<serde_json::Value>, k: &str| {
                                v.as_ref().and_then(|t| t.get(k)).cloned()
                            };
                            let text = |v: Option<serde_json::Value>| {
                                v.and_then(|x| x.as_str().map(str::to_owned))
                            };
                            let mut parts = Vec::new();
                            let (t0, t1) = (
                                text(field(&e.body.before, "title")),
                                text(field(&e.body.after, "title")),
                            );
                            if let (Some(a), Some(b)) = (&t0, &t1)
                                && a != b
                            {
                                parts.push(format!("nội dung «{a}» → «{b}»"));
                            }
                            let day = |v: Option<serde_json::Value>| {
                                text(v)
                                    .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                                    .map(date)
                                    .unwrap_or_else(|| "chưa có".into())
                            };
                            let (d0, d1) = (
                                field(&e.body.before, "due_date"),
                                field(&e.body.after, "due_date"),
                            );
                            if d0 != d1 {
                                parts.push(format!("hạn xử lý {} → {}", day(d0), day(d1)));
                            }
                            let urgency = |v: Option<serde_json::Value>| {
                                text(v)
                                    .and_then(|u| dondoc_domain::Urgency::parse(&u))
                                    .unwrap_or_default()
                                    .word()
                            };
                            let (u0, u1) = (
                                field(&e.body.before, "urgency"),
                                field(&e.body.after, "urgency"),
                            );
                            if u0 != u1 {
                                parts.push(format!("độ khẩn {} → {}", urgency(u0), urgency(u1)));
                            }
                            let mut what = super::event_label("task", "amend");
                            if !parts.is_empty() {
                                what = format!("{what}: {}", parts.join("; "));
                            }
                            match e.body.note().filter(|n| !n.trim().is_empty()) {
                                Some(note) => format!("{what} (lý do: {note})"),
                                None => what,
                            }
                        }
                        ("task", "urge") => match e.body.note().filter(|n| !n.trim().is_empty()) {
                            Some(note) => format!("đôn đốc đơn vị: {note}"),
                            None => super::event_label("task", "urge"),
                        },
                        ("attachment", "withdraw") => {
                            let name = attachments
                                .iter()
                                .find(|f| f.id.get() == e.body.entity_id)
                                .map(|f| f.file_name.clone())
                                .unwrap_or_default();
                            let reason = e
                                .body
                                .after
                                .as_ref()
                                .and_then(|a| a.get("withdrawn"))
                                .and_then(|w| w.get("reason"))
                                .and_then(|r| r.as_str())
                                .unwrap_or_default();
                            format!("gỡ tệp {name}: {reason}")
                        }
                        ("attachment", "create") => {
                            match attachments.iter().find(|f| f.id.get() == e.body.entity_id) {
                                Some(f) => format!("đính kèm tệp {}", f.file_name),
                                None => super::event_label("attachment", "create"),
                            }
                        }
                        (entity, action) => super::event_label(entity, action),
                    },
                },
            )
        })
        .collect();
    for r in &reports {
        timeline.push((
            r.created_at,
            HistoryView {
                at: datetime(r.created_at),
                who: person_name(&people, r.author),
                what: format!(
                    "báo cáo tiến độ {}%{}{}",
                    r.percent,
                    lowered_from(&reports, r)
                        .map(|p| format!(" (giảm từ {p}%)"))
                        .unwrap_or_default(),
                    if r.obstacles.is_empty() {
                        ""
                    } else {
                        ", nêu khó khăn, vướng mắc"
                    }
                ),
            },
        ));
    }
    for d in &directions_raw {
        timeline.push((
            d.created_at,
            HistoryView {
                at: datetime(d.created_at),
                who: person_name(&people, d.leader),
                what: "cho ý kiến chỉ đạo".into(),
            },
        ));
    }
    for e in &extensions {
        timeline.push((
            e.created_at,
            HistoryView {
                at: datetime(e.created_at),
                who: person_name(&people, e.requested_by),
                what: format!("đề nghị gia hạn đến {}", date(e.new_date)),
            },
        ));
    }
    timeline.sort_by_key(|(at, _)| *at);
    let timeline: Vec<HistoryView> = timeline.into_iter().map(|(_, h)| h).collect();
    let (conflict, error) = match error {
        Some(e) => (e.code == "conflict", Some(e.message)),
        None => (false, None),
    };
    // The units a returned task may go to: the organisation's (`App::org_units`, which
    // `App::reassign` checks against), but not its lead nor a co-operating unit.
    let other_units = if c.reopen && task.status == TaskStatus::Returned {
        s.app
            .org_units(task.org_id)
            .await?
            .into_iter()
            .filter(|u| {
                u.kind == dondoc_domain::UnitKind::Unit
                    && u.id != task.lead_unit
                    && !task.cooperating.contains(&u.id)
            })
            .map(|u| (u.id.get(), u.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(TaskPage {
        ctx: Ctx::new(s, a, "inbox").await,
        flash,
        error,
        conflict,
        form,
        urgency: if task.urgency == dondoc_domain::Urgency::Normal {
            String::new()
        } else {
            task.urgency.label().to_string()
        },
        urgency_code: task.urgency.as_str(),
        urged_today,
        due_iso: task
            .due_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        secret: task.secret,
        assigned_on: match task.handed_again_on {
            Some(again) => format!("{} (giao lại ngày {})", date(task.assigned_on), date(again)),
            None => date(task.assigned_on),
        },
        assignee: task
            .assignee
            .map(|p| person_name(&people, p))
            .unwrap_or_default(),
        status_reason: task.status_reason.clone().unwrap_or_default(),
        document: document
            .as_ref()
            .map(|d| (d.id.get(), super::documents::doc_title(d))),
        implements: implements.as_ref().map(|t| (t.id.get(), t.title.clone())),
        parent,
        implemented_by: implemented_by
            .iter()
            .map(|(d, c)| {
                (
                    d.id.get(),
                    super::documents::doc_title(d),
                    format!(
                        "{}/{} nhiệm vụ hoàn thành, {} quá hạn",
                        c.done_on_time + c.done_late,
                        c.total(),
                        c.overdue
                    ),
                )
            })
            .collect(),
        reports: reports
            .iter()
            .map(|r| ReportView {
                id: r.id.get(),
                date: date(r.reported_on),
                unit: unit_name(&units, r.unit_id),
                author: person_name(&people, r.author),
                percent: r.percent,
                lowered_from: lowered_from(&reports, r),
                narrative: r.narrative.clone(),
                obstacles: r.obstacles.clone(),
                proposals: r.proposals.clone(),
                evidence: r.evidence.clone(),
            })
            .collect(),
        directions,
        extension_pending: extensions
            .iter()
            .any(|e| e.status == ExtensionStatus::Pending),
        extensions: extensions
            .iter()
            .map(|e| ExtensionView {
                id: e.id.get(),
                by: person_name(&people, e.requested_by),
                old: e.old_date.map(date).unwrap_or_else(|| "không có".into()),
                new: date(e.new_date),
                new_iso: e.new_date.format("%Y-%m-%d").to_string(),
                granted_other: e.granted_other_date().map(date).unwrap_or_default(),
                reason: e.reason.clone(),
                status: if e.status == ExtensionStatus::Pending && !task.status.is_open() {
                    "Không còn hiệu lực (nhiệm vụ đã kết thúc)"
                } else {
                    e.status.label()
                },
                pending: e.status == ExtensionStatus::Pending && task.status.is_open(),
                note: e.decision_note.clone().unwrap_or_default(),
                decided_by: e
                    .decided_by
                    .map(|p| person_name(&people, p))
                    .unwrap_or_default(),
            })
            .collect(),
        indicators: indicators
            .iter()
            .map(|(i, vals)| IndicatorView {
                id: i.id.get(),
                name: i.name.clone(),
                target: format!("{} {}", num(i.target), i.measure),
                due: i.due.map(date).unwrap_or_default(),
                values: vals
                    .iter()
                    .map(|v| {
                        (
                            v.period.clone(),
                            format!("{} {}", num(v.value), i.measure),
                            date(v.reported_on),
                        )
                    })
                    .collect(),
                pct: num(i.progress(vals.last().map(|v| v.value))),
            })
            .collect(),
        history: timeline,
        sub_tasks: sub_tasks
            .iter()
            .map(|t| TaskRow::new(t, &units, today))
            .collect(),
        attachments: attachments
            .iter()
            .map(|m| AttachmentView {
                id: m.id.get(),
                name: m.file_name.clone(),
                size: size(m.size),
                withdrawn: m
                    .withdrawn
                    .as_ref()
                    .map(|w| format!("đã gỡ ngày {}: {}", datetime(w.at), w.reason))
                    .unwrap_or_default(),
                can_withdraw: withdrawable.contains(&m.id),
            })
            .collect(),
        staff: people
            .iter()
            // The system's administrator manages accounts, and carries out no task.
            .filter(|p| p.unit_id == task.lead_unit && p.role != dondoc_domain::Role::Admin)
            .map(|p| {
                (
                    p.id.get(),
                    format!("{} ({})", p.full_name, p.position.label()),
                )
            })
            .collect(),
        other_units,
        can: c,
        given_by: if task.org_id == actor.org_id {
            String::new()
        } else {
            unit_name(&units, task.org_id)
        },
        extended_from: extensions
            .iter()
            .filter(|e| e.status == ExtensionStatus::Granted)
            .min_by_key(|e| e.id)
            .and_then(|e| e.old_date)
            .map(date)
            .unwrap_or_default(),
        // The date picker starts after the current last day: an earlier one is refused.
        extend_min: task
            .due_date
            .and_then(|d| d.succ_opt())
            .map_or(today, |d| d.max(today))
            .format("%Y-%m-%d")
            .to_string(),
        today_iso: today.format("%Y-%m-%d").to_string(),
        row: TaskRow::new(&task, &units, today),
    })
}

async fn page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> Response {
    match build(&s, &a, id, q.flash(), None, Fields(Vec::new())).await {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}

fn parse_date(s: &str, what: &str) -> Result<NaiveDate, WebError> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| WebError::bad_request(format!("{what} không hợp lệ (nhập ngày/tháng/năm)")))
}

pub fn parse_number(s: &str, what: &str) -> Result<f64, WebError> {
    s.trim()
        .replace(' ', "")
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| WebError::bad_request(format!("{what} phải là một số")))
}

fn parse_id(s: &str, what: &str) -> Result<i64, WebError> {
    s.trim()
        .parse()
        .map_err(|_| WebError::bad_request(format!("chưa chọn {what}")))
}

/// Runs one action; returns the flash code for the redirect.
async fn run(
    s: &AppState,
    a: &Auth,
    id: i64,
    action: &str,
    f: &Fields,
) -> Result<&'static str, WebError> {
    let app = &s.app;
    let actor = &a.actor;
    let tid = TaskId::new(id);
    let v = f.version()?;
    let code = match action {
        "tiep-nhan" => {
            app.receive(actor, tid, v).await?;
            "received"
        }
        "tra-lai" => {
            app.return_task(actor, tid, v, f.get("reason")).await?;
            "returned"
        }
        "giao-can-bo" => {
            let p = parse_id(f.get("person"), "cán bộ")?;
            app.hand_to(actor, tid, v, PersonId::new(p)).await?;
            "handed"
        }
        "bao-cao" => {
            let pct = f.get("percent").trim();
            let percent: u8 = pct.parse().ok().filter(|p| *p <= 100).ok_or_else(|| {
                WebError::bad_request(
                    "tỷ lệ hoàn thành là một số nguyên từ 0 đến 100 (không dùng số thập phân)",
                )
            })?;
            let evidence: Vec<String> = f
                .get("evidence")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            if f.get("propose_completion") == "1" {
                if percent != 100 {
                    return Err(WebError::bad_request(
                        "báo cáo đề xuất hoàn thành phải có tỷ lệ hoàn thành 100%",
                    ));
                }
                app.report_completion(
                    actor,
                    tid,
                    v,
                    f.get("narrative"),
                    f.get("obstacles"),
                    f.get("proposals"),
                    &evidence,
                )
                .await?;
                "proposed"
            } else {
                app.report_progress(
                    actor,
                    tid,
                    v,
                    percent,
                    f.get("narrative"),
                    f.get("obstacles"),
                    f.get("proposals"),
                    &evidence,
                )
                .await?;
                "reported"
            }
        }
        "gia-han" => {
            let d = parse_date(f.get("new_date"), "hạn đề nghị")?;
            app.request_extension(actor, tid, d, f.get("reason"))
                .await?;
            "extension"
        }
        "xu-ly-gia-han" => {
            let e = parse_id(f.get("extension"), "đề nghị gia hạn")?;
            let grant = match f.get("decision") {
                "grant" => true,
                "refuse" => false,
                _ => return Err(WebError::bad_request("hãy chọn đồng ý hoặc không đồng ý")),
            };
            // The form offers the date asked for; the approver may change it.
            let until = if grant && !f.get("granted_date").trim().is_empty() {
                Some(parse_date(f.get("granted_date"), "hạn được gia hạn")?)
            } else {
                None
            };
            let e = ExtensionId::new(e);
            if app.extension_task(e).await? != tid {
                return Err(WebError::bad_request(
                    "đề nghị gia hạn này không thuộc nhiệm vụ đang mở",
                ));
            }
            app.decide_extension(actor, e, grant, until, f.get("note"))
                .await?;
            if grant { "granted" } else { "refused" }
        }
        "don-doc" => {
            app.urge_task(actor, tid, f.get("note")).await?;
            "urged"
        }
        "chi-dao" => {
            let report = f.get("report").trim().parse().ok().map(ReportId::new);
            app.give_direction(actor, tid, report, f.get("text"))
                .await?;
            "direction"
        }
        "de-xuat-hoan-thanh" => {
            app.propose_completion(actor, tid, v).await?;
            "proposed"
        }
        "xac-nhan-hoan-thanh" => {
            app.confirm_completion(actor, tid, v).await?;
            "confirmed"
        }
        "mo-lai" => {
            app.reopen(actor, tid, v, f.get("reason")).await?;
            "reopened"
        }
        "giao-don-vi-khac" => {
            let lead = parse_id(f.get("lead_unit"), "đơn vị chủ trì mới")?;
            app.reassign(
                actor,
                tid,
                v,
                dondoc_domain::UnitId::new(lead),
                f.get("reason"),
            )
            .await?;
            "reassigned"
        }
        "dieu-chinh" => {
            let urgency = match f.get("urgency").trim() {
                "" => None,
                u => Some(
                    dondoc_domain::Urgency::parse(u)
                        .ok_or_else(|| WebError::bad_request("độ khẩn không hợp lệ"))?,
                ),
            };
            let due_date = match f.get("due_date").trim() {
                "" => None,
                d => Some(parse_date(d, "hạn xử lý mới")?),
            };
            let amendment = dondoc_domain::Amendment {
                title: Some(f.get("title").to_owned()),
                urgency,
                due_date,
            };
            app.amend_task(actor, tid, v, &amendment, f.get("reason"))
                .await?;
            "amended"
        }
        "go-tep" => {
            let file = AttachmentId::new(parse_id(f.get("attachment"), "tệp đính kèm")?);
            if !app
                .task_attachments(actor, tid)
                .await?
                .iter()
                .any(|m| m.id == file)
            {
                return Err(WebError::bad_request(
                    "tệp này không thuộc nhiệm vụ đang mở",
                ));
            }
            app.withdraw_attachment(actor, file, f.get("reason"))
                .await?;
            "withdrawn"
        }
        "dung" => {
            app.stop(actor, tid, v, f.get("reason")).await?;
            "stopped"
        }
        "chi-tieu" => {
            let target = parse_number(f.get("target"), "mục tiêu")?;
            let due = match f.get("due").trim() {
                "" => None,
                d => Some(parse_date(d, "hạn chỉ tiêu")?),
            };
            app.add_indicator(actor, tid, f.get("name"), f.get("measure"), target, due)
                .await?;
            "indicator"
        }
        "gia-tri-chi-tieu" => {
            let ind = parse_id(f.get("indicator"), "chỉ tiêu")?;
            let value = parse_number(f.get("value"), "giá trị")?;
            let ind = IndicatorId::new(ind);
            if !app.is_indicator_of(tid, ind).await? {
                return Err(WebError::bad_request(
                    "chỉ tiêu này không thuộc nhiệm vụ đang mở",
                ));
            }
            app.report_indicator(actor, ind, f.get("period"), value)
                .await?;
            "value"
        }
        "nhiem-vu-con" => {
            let parent = app.task_visible(actor, tid).await?;
            let deadline = match f.get("due").trim() {
                "" => parent.deadline.clone(),
                d => Deadline::OnDate {
                    date: parse_date(d, "hạn xử lý")?,
                },
            };
            let assignee = match f.get("assignee").trim() {
                "" => None,
                p => Some(parse_id(p, "cán bộ")?),
            };
            app.assign(
                actor,
                vec![TaskInput {
                    title: f.get("title").to_string(),
                    lead_unit: parent.lead_unit.get(),
                    cooperating: vec![],
                    assignee,
                    document_id: None,
                    section: None,
                    deadline,
                    urgency: None,
                    parent_task: Some(id),
                    secret: false,
                }],
            )
            .await?;
            "subtask"
        }
        _ => return Err(AppError::NotFound("chức năng").into()),
    };
    Ok(code)
}

/// Only same-site paths are accepted as a place to go back to.
fn back_to(f: &Fields, id: i64, code: &str) -> String {
    let b = f.get("back");
    let base = if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') {
        b.to_string()
    } else {
        format!("/nhiem-vu/{id}")
    };
    format!("{base}?tb={code}")
}

async fn act(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Path((id, action)): Path<(i64, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    if let Err(e) = a.check_csrf(f.csrf()) {
        return error_page(e);
    }
    match run(&s, &a, id, &action, &f).await {
        Ok(code) => Redirect::to(&back_to(&f, id, code)).into_response(),
        Err(e) => {
            let status = e.status;
            // Show the task again with the message and what was typed.
            let form_action = action.clone();
            let mut fields = f.0;
            fields.push(("_action".into(), form_action));
            match build(&s, &a, id, None, Some(e), Fields(fields)).await {
                Ok(p) => {
                    let mut r = render(&p);
                    *r.status_mut() = status;
                    r
                }
                Err(e2) => error_page(e2),
            }
        }
    }
}

async fn attach(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Path(id): Path<i64>,
    mp: Multipart,
) -> Response {
    match attach_file(&s, &a, id, mp).await {
        Ok(()) => Redirect::to(&format!("/nhiem-vu/{id}?tb=attached")).into_response(),
        // A refused form of another site shows no task.
        Err((e, false)) => error_page(e),
        // The task again, with the message beside its forms (and a way on).
        Err((e, true)) => {
            let status = e.status;
            match build(&s, &a, id, None, Some(e), Fields(Vec::new())).await {
                Ok(p) => {
                    let mut r = render(&p);
                    *r.status_mut() = status;
                    r
                }
                Err(e2) => error_page(e2),
            }
        }
    }
}

/// Reads the upload form and attaches its file to task `id`; an error says whether the
/// task page may show it (not when the form's CSRF secret is wrong).
async fn attach_file(
    s: &AppState,
    a: &Auth,
    id: i64,
    mut mp: Multipart,
) -> Result<(), (WebError, bool)> {
    let mut csrf = String::new();
    let mut file: Option<(String, String, Vec<u8>)> = None;
    let on_page = |m: &str| (WebError::bad_request(m.to_owned()), true);
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                if name == "csrf" {
                    csrf = field.text().await.unwrap_or_default();
                } else if name == "file" {
                    let fname = field.file_name().unwrap_or("tep").to_string();
                    let ctype = field
                        .content_type()
                        .unwrap_or("application/octet-stream")
                        .to_string();
                    match field.bytes().await {
                        Ok(b) => file = Some((fname, ctype, b.to_vec())),
                        Err(_) => {
                            return Err(on_page("không đọc được tệp tải lên (tệp quá lớn?)"));
                        }
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                return Err(on_page("không đọc được biểu mẫu tải lên (tệp quá lớn?)"));
            }
        }
    }
    a.check_csrf(&csrf).map_err(|e| (e, false))?;
    let Some((name, ctype, bytes)) = file else {
        return Err(on_page("chưa chọn tệp để đính kèm"));
    };
    if bytes.is_empty() {
        return Err(on_page(&if name.trim().is_empty() {
            "chưa chọn tệp để đính kèm".to_owned()
        } else {
            format!("tệp \"{name}\" rỗng (0 byte): không có gì để đính kèm")
        }));
    }
    s.app
        .attach(&a.actor, None, Some(TaskId::new(id)), &name, &ctype, bytes)
        .await
        .map(|_| ())
        .map_err(|e| (e.into(), true))
}

async fn download(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Path(id): Path<i64>,
) -> Response {
    match s.app.attachment(&a.actor, AttachmentId::new(id)).await {
        Ok((meta, bytes)) => {
            // Always a download: a stored file is never rendered as our own page.
            let ascii: String = meta
                .file_name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let disp = format!(
                "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
                crate::auth::urlencode(&meta.file_name)
            );
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "application/octet-stream".to_string()),
                    (header::CONTENT_DISPOSITION, disp),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => error_page(e.into()),
    }
}

/// The percentage of `r`'s unit's previous report on the task when `r` gives less.
fn lowered_from(reports: &[ProgressReport], r: &ProgressReport) -> Option<u8> {
    reports
        .iter()
        .filter(|p| p.unit_id == r.unit_id && p.id < r.id)
        .max_by_key(|p| p.id)
        .map(|p| p.percent)
        .filter(|&before| before > r.percent)
}
