//! Hộp việc: the tasks of the signed-in person's unit (for the Office and leaders: of
//! the organisation), in tabs — newly assigned, in progress, due within three working
//! days, overdue — with the receive action inline and links to the other actions.

use super::{Ctx, FlashQuery, Pager, TaskRow, date};
use crate::AppState;
use crate::auth::PageAuth;
use crate::error::WebError;
use crate::extract::PageQuery as Query;
use crate::pages::{error_page, render};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use chrono::NaiveDate;
use dondoc_domain::TaskStatus;
use dondoc_domain::policy::{Action, can};
use dondoc_domain::stats::Bucket;
use dondoc_store::{PageRequest, TaskFilter};
use serde::Deserialize;

/// A task as the inbox lists it, with the actions `actor` may take from the list.
fn inbox_row(
    t: &dondoc_domain::Task,
    units: &[dondoc_domain::Unit],
    today: chrono::NaiveDate,
    actor: &dondoc_domain::policy::Actor,
) -> InboxRow {
    let scope = Some(t.into());
    InboxRow {
        t: TaskRow::new(t, units, today),
        source: String::new(),
        can_receive: t.status == TaskStatus::Assigned && can(actor, Action::ReceiveTask, scope),
        can_report: t.status.is_open()
            && t.status != TaskStatus::CompletionProposed
            && can(actor, Action::ReportProgress, scope),
        // An ongoing task has no last day to move, an overdue one is no longer
        // extended at the unit's request, and one proposed as done waits for the
        // Office.
        can_extend: t.status.is_open()
            && t.status != TaskStatus::CompletionProposed
            && t.due_date.is_some_and(|d| d >= today)
            && can(actor, Action::RequestExtension, scope),
        can_return: matches!(t.status, TaskStatus::Assigned | TaskStatus::Received)
            && can(actor, Action::ReturnTask, scope),
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/hop-viec", get(page))
}

/// Working days ahead that count as "sắp đến hạn".
pub const SOON_WORKING_DAYS: u32 = 3;

pub struct Tab {
    pub key: &'static str,
    pub label: &'static str,
    pub count: u64,
    pub current: bool,
}

pub struct InboxRow {
    pub t: TaskRow,
    /// The document the task came from, short ("Công văn số 01/UBND-VP, mục 2"): five
    /// rows of "Quán triệt, triển khai thực hiện Kế hoạch…" are told apart by it.
    pub source: String,
    pub can_receive: bool,
    pub can_report: bool,
    pub can_extend: bool,
    pub can_return: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    ctx: Ctx,
    flash: Option<&'static str>,
    tabs: Vec<Tab>,
    tab_label: &'static str,
    rows: Vec<InboxRow>,
    /// Open tasks the level above gave the organisation (Office and leaders only).
    from_above: Vec<InboxRow>,
    pager: Pager,
    soon_until: String,
    unit_view: bool,
}

#[derive(Deserialize, Default)]
struct InboxQuery {
    muc: Option<String>,
    page: Option<u32>,
    tb: Option<String>,
}

const TABS: [(&str, &str); 6] = [
    ("moi", "Mới giao"),
    ("dang", "Đang thực hiện"),
    // The Office's queue of completions to confirm or refuse.
    ("cho", "Chờ xác nhận hoàn thành"),
    ("sap", "Sắp đến hạn"),
    ("qua", "Quá hạn"),
    ("xong", "Đã hoàn thành"),
];

/// The tasks of one tab. The first three split the open tasks by status, each in one
/// tab only (a completion proposed waits in "Chờ xác nhận", not also "Đang thực hiện");
/// "Sắp đến hạn" and "Quá hạn" cut across them by date.
fn tab_filter(key: &str, today: NaiveDate, soon: NaiveDate) -> TaskFilter {
    match key {
        "moi" => TaskFilter {
            statuses: vec![TaskStatus::Assigned],
            ..Default::default()
        },
        "dang" => TaskFilter {
            statuses: vec![TaskStatus::Received, TaskStatus::InProgress],
            ..Default::default()
        },
        "cho" => TaskFilter {
            statuses: vec![TaskStatus::CompletionProposed],
            ..Default::default()
        },
        "sap" => TaskFilter {
            statuses: TaskStatus::open(),
            due_from: Some(today),
            due_to: Some(soon),
            ..Default::default()
        },
        "qua" => TaskFilter {
            bucket: Some((Bucket::Overdue, today)),
            ..Default::default()
        },
        _ => TaskFilter {
            statuses: vec![TaskStatus::Completed],
            ..Default::default()
        },
    }
}

/// Fills each row's `source` from its task's document (each document read once; one
/// the reader may not read is left unnamed).
async fn name_sources(
    s: &AppState,
    actor: &dondoc_domain::policy::Actor,
    tasks: &[dondoc_domain::Task],
    rows: &mut [InboxRow],
) {
    let mut names: std::collections::HashMap<dondoc_domain::DocumentId, String> =
        std::collections::HashMap::new();
    for (t, row) in tasks.iter().zip(rows.iter_mut()) {
        let Some(id) = t.document_id else { continue };
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(id) {
            slot.insert(match s.app.document(actor, id).await {
                Ok(d) => match &d.number {
                    Some(n) => format!("{} số {}", d.kind.label(), n.as_str()),
                    None => format!("{} (chưa cấp số)", d.kind.label()),
                },
                Err(_) => String::new(),
            });
        }
        let name = names.get(&id).cloned().unwrap_or_default();
        row.source = match (&t.section, name.is_empty()) {
            (_, true) => String::new(),
            (Some(sec), false) => format!("{name}, mục {sec}"),
            (None, false) => name,
        };
    }
}

async fn page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<InboxQuery>,
) -> Response {
    let today = s.app.today();
    let soon = s
        .app
        .calendar()
        .within_working_days(today, SOON_WORKING_DAYS);
    let filter = |key: &str| tab_filter(key, today, soon);
    let current = q
        .muc
        .as_deref()
        .filter(|m| TABS.iter().any(|(k, _)| k == m))
        .unwrap_or("moi");
    let result = async {
        let mut tabs = Vec::new();
        for (key, label) in TABS {
            let n = s
                .app
                .tasks(&a.actor, filter(key), PageRequest::new(1, 1))
                .await?
                .total;
            tabs.push(Tab {
                key,
                label,
                count: n,
                current: key == current,
            });
        }
        let req = PageRequest::new(q.page.unwrap_or(1), 20);
        let p = s.app.tasks(&a.actor, filter(current), req).await?;
        let units = s.app.units().await?;
        let mut rows: Vec<InboxRow> = p
            .items
            .iter()
            .map(|t| inbox_row(t, &units, today, &a.actor))
            .collect();
        name_sources(&s, &a.actor, &p.items, &mut rows).await;
        // Work the level above gave the organisation itself (the city to the ward): the
        // Office and the leaders receive it and carry it out, usually by a directive of
        // their own. The tabs list the work the organisation gives.
        let from_above = s
            .app
            .work_from_above(
                &a.actor,
                TaskFilter {
                    statuses: TaskStatus::open(),
                    ..Default::default()
                },
                PageRequest::new(1, 50),
            )
            .await?
            .items
            .iter()
            .map(|t| inbox_row(t, &units, today, &a.actor))
            .collect();
        Ok::<_, WebError>(InboxPage {
            ctx: Ctx::new(&s, &a, "inbox").await,
            flash: FlashQuery {
                tb: q.tb.clone(),
                ..Default::default()
            }
            .flash(),
            tab_label: TABS
                .iter()
                .find(|(k, _)| *k == current)
                .map(|(_, l)| *l)
                .unwrap_or(""),
            tabs,
            rows,
            from_above,
            pager: Pager::new(p.page, p.per_page, p.total, format!("muc={current}")),
            soon_until: date(soon),
            unit_view: matches!(
                a.actor.role,
                dondoc_domain::Role::UnitHead | dondoc_domain::Role::UnitStaff
            ),
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_tabs_split_the_open_tasks() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap_or_default();
        let mut seen: Vec<TaskStatus> = ["moi", "dang", "cho"]
            .into_iter()
            .flat_map(|k| tab_filter(k, day, day).statuses)
            .collect();
        let n = seen.len();
        seen.sort_by_key(|s| s.as_str());
        seen.dedup();
        assert_eq!(seen.len(), n, "a status in two tabs");
        let open = TaskStatus::ALL.into_iter().filter(|s| s.is_open()).count();
        assert_eq!(n, open, "every open status in a tab");
    }
}
