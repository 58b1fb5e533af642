//! Văn bản: the documents list with search, one directive's page (metadata, tasks
//! grouped by lead unit with each unit's progress, cascade links, attachments), and
//! the search over documents and tasks (diacritics ignored by the store's filters).

use super::{Ctx, Fields, FlashQuery, Pager, TaskRow, date, datetime, unit_name};
use crate::AppState;
use crate::auth::{PageAuth, urlencode};
use crate::error::WebError;
use crate::extract::{PagePath as Path, PageQuery as Query};
use crate::pages::{error_page, render};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use dondoc_domain::policy::{Action, can};
use dondoc_domain::stats::Bucket;
use dondoc_domain::{BucketCounts, Direction, Document, DocumentId, Secrecy, Urgency};
use dondoc_store::{DocumentFilter, PageRequest, TaskFilter};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/van-ban", get(list))
        .route("/van-ban/{id}", get(page))
        .route("/van-ban/{id}/cap-so", post(issue))
        .route("/tim-kiem", get(search))
}

/// "Công văn số 7168/VP-TH — V/v …" as a link text.
pub fn doc_title(d: &Document) -> String {
    let number = match &d.number {
        Some(n) => format!(" số {}", n.as_str()),
        None => " (chưa cấp số)".to_string(),
    };
    format!("{}{} — V/v {}", d.kind.label(), number, d.subject)
}

pub struct DocRow {
    pub id: i64,
    pub title: String,
    pub direction: &'static str,
    /// "Văn bản đến, số đến 15": the register and, for an incoming one, its number.
    pub register: String,
    pub issuer: String,
    pub date: String,
}

impl DocRow {
    pub fn new(d: &Document) -> DocRow {
        DocRow {
            id: d.id.get(),
            title: doc_title(d),
            direction: d.direction.label(),
            register: match d.received_serial {
                Some(n) => format!("{}, số đến {n}", d.direction.label()),
                None => d.direction.label().to_owned(),
            },
            issuer: d.issuer.clone(),
            date: d.issued_on.map(date).unwrap_or_default(),
        }
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    huong: Option<String>,
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct ListPage {
    ctx: Ctx,
    q: String,
    huong: String,
    rows: Vec<DocRow>,
    total: u64,
    pager: Pager,
}

async fn list(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<ListQuery>,
) -> Response {
    let text = q.q.clone().unwrap_or_default();
    let huong = q.huong.clone().unwrap_or_default();
    let result = async {
        let filter = DocumentFilter {
            direction: Direction::parse(&huong),
            search: Some(text.trim().to_string()).filter(|t| !t.is_empty()),
            ..Default::default()
        };
        let p = s
            .app
            .documents(&a.actor, filter, PageRequest::new(q.page.unwrap_or(1), 20))
            .await?;
        Ok::<_, WebError>(ListPage {
            ctx: Ctx::new(&s, &a, "documents").await,
            rows: p.items.iter().map(DocRow::new).collect(),
            total: p.total,
            pager: Pager::new(
                p.page,
                p.per_page,
                p.total,
                format!("q={}&huong={}", urlencode(&text), urlencode(&huong)),
            ),
            q: text.clone(),
            huong: huong.clone(),
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}

pub struct UnitGroup {
    pub name: String,
    pub counts: BucketCounts,
    pub progress: u32,
    pub summary: String,
    pub tasks: Vec<TaskRow>,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocPage {
    ctx: Ctx,
    id: i64,
    flash: Option<&'static str>,
    title: String,
    kind: &'static str,
    direction: &'static str,
    number: String,
    date: String,
    issuer: String,
    place: String,
    subject: String,
    urgency: String,
    secrecy: String,
    references: Vec<String>,
    addressees: Vec<String>,
    distribution: Vec<String>,
    signature: Vec<String>,
    registered: String,
    /// Số đến: the number in the register of incoming documents (empty for outgoing).
    received_serial: String,
    body: String,
    groups: Vec<UnitGroup>,
    task_total: usize,
    implements: Option<(i64, String)>,
    implemented_by: Vec<(i64, String, String)>,
    attachments: Vec<super::task::AttachmentView>,
    /// For an outgoing document not yet numbered, when the reader keeps the register:
    /// the notation it would be numbered under if none is typed ("UBND-VP", "KH-UBND").
    issue_notation: Option<String>,
    /// An outgoing document that gives work: its letter can be downloaded.
    letter: bool,
    /// A numbered outgoing document: its edXML package can be downloaded.
    edxml: bool,
    /// An incoming document: its edXML status answer can be downloaded.
    edxml_status: bool,
}

async fn page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> Response {
    let result = async {
        let d = s.app.document(&a.actor, DocumentId::new(id)).await?;
        let units = s.app.units().await?;
        let today = s.app.today();
        let of_document = TaskFilter {
            document_id: Some(d.id),
            ..Default::default()
        };
        let page = PageRequest::new(1, 500);
        // A document of the level above shows the Office and the leaders the work it
        // gives their organisation; the organisation's own list would hold none of it.
        let from_above = d.org_id != a.actor.org_id
            && matches!(
                a.actor.role,
                dondoc_domain::Role::Office | dondoc_domain::Role::Leader
            );
        let tasks = if from_above {
            s.app.work_from_above(&a.actor, of_document, page).await?
        } else {
            s.app.tasks(&a.actor, of_document, page).await?
        }
        .items;
        // Group by lead unit, in the order units first appear (the letter's order).
        let mut groups: Vec<(dondoc_domain::UnitId, UnitGroup)> = Vec::new();
        let mut implemented_by = Vec::new();
        for t in &tasks {
            let i = match groups.iter().position(|(u, _)| *u == t.lead_unit) {
                Some(i) => i,
                None => {
                    groups.push((
                        t.lead_unit,
                        UnitGroup {
                            name: unit_name(&units, t.lead_unit),
                            counts: BucketCounts::default(),
                            progress: 0,
                            summary: String::new(),
                            tasks: Vec::new(),
                        },
                    ));
                    groups.len() - 1
                }
            };
            let g = &mut groups[i].1;
            if let Some(b) = dondoc_domain::stats::bucket(t, today) {
                g.counts.add(b);
            }
            g.progress += u32::from(t.progress);
            g.tasks.push(TaskRow::new(t, &units, today));
            let below = s
                .app
                .documents(
                    &a.actor,
                    DocumentFilter {
                        implements_task: Some(t.id),
                        ..Default::default()
                    },
                    PageRequest::new(1, 20),
                )
                .await?;
            for doc in below.items {
                implemented_by.push((doc.id.get(), doc_title(&doc), t.title.clone()));
            }
        }
        let groups = groups
            .into_iter()
            .map(|(_, mut g)| {
                let n = g.tasks.len().max(1) as u32;
                g.progress /= n;
                let c = &g.counts;
                g.summary = format!(
                    "{} nhiệm vụ · {} hoàn thành · {} đang trong hạn · {} quá hạn",
                    g.tasks.len(),
                    c.done_on_time + c.done_late,
                    c.get(Bucket::InProgress),
                    c.overdue
                );
                g
            })
            .collect();
        let implements = match d.implements_task {
            Some(t) => s
                .app
                .task_visible(&a.actor, t)
                .await
                .ok()
                .map(|t| (t.id.get(), t.title)),
            None => None,
        };
        let attachments = s
            .app
            .document_attachments(&a.actor, d.id)
            .await?
            .iter()
            .map(|m| super::task::AttachmentView {
                id: m.id.get(),
                name: m.file_name.clone(),
                size: super::task::size(m.size),
                withdrawn: m
                    .withdrawn
                    .as_ref()
                    .map(|w| format!("đã gỡ ngày {}: {}", super::datetime(w.at), w.reason))
                    .unwrap_or_default(),
                // A document's files are withdrawn through the API
                // (`POST /api/v1/attachments/{id}/withdraw`).
                can_withdraw: false,
            })
            .collect();
        let signature = d
            .signature
            .as_ref()
            .map(|sg| {
                let mut v = sg.authority.clone();
                if !sg.title.is_empty() {
                    v.push(sg.title.clone());
                }
                if !sg.name.is_empty() {
                    v.push(sg.name.clone());
                }
                v
            })
            .unwrap_or_default();
        let exchange = dondoc_app::edxml::may_exchange(&a.actor, &d);
        Ok::<_, WebError>(DocPage {
            ctx: Ctx::new(&s, &a, "documents").await,
            id: d.id.get(),
            flash: q.flash(),
            title: doc_title(&d),
            kind: d.kind.label(),
            direction: d.direction.label(),
            number: d
                .number
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_else(|| "chưa cấp số".into()),
            date: d
                .issued_on
                .map(date)
                .unwrap_or_else(|| "chưa ký ban hành".into()),
            issuer: d.issuer.clone(),
            place: d.place.clone(),
            subject: d.subject.clone(),
            urgency: if d.urgency == Urgency::Normal {
                String::new()
            } else {
                d.urgency.label().to_string()
            },
            secrecy: if d.secrecy == Secrecy::Normal {
                String::new()
            } else {
                d.secrecy.label().to_string()
            },
            references: d.references.clone(),
            addressees: d.addressees.clone(),
            distribution: d.distribution.clone(),
            signature,
            registered: datetime(d.registered_at),
            received_serial: d.received_serial.map(|n| n.to_string()).unwrap_or_default(),
            body: d.body.clone(),
            task_total: tasks.len(),
            groups,
            implements,
            implemented_by,
            attachments,
            issue_notation: (d.direction == Direction::Outgoing
                && d.number.is_none()
                && can(&a.actor, Action::RegisterDocument, None))
            .then(|| dondoc_app::notation_for(d.kind, "")),
            letter: d.direction == Direction::Outgoing && !tasks.is_empty(),
            edxml: exchange && d.direction == Direction::Outgoing && d.number.is_some(),
            edxml_status: exchange && d.direction == Direction::Incoming,
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}

/// Cấp số: the next number of the organisation's register (the secret one for a secret
/// document) with the notation typed, or the kind's own when left empty; the issue date
/// is today.
async fn issue(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(f);
    if let Err(e) = a.check_csrf(f.csrf()) {
        return error_page(e);
    }
    match s
        .app
        .issue_document(&a.actor, DocumentId::new(id), f.get("notation"))
        .await
    {
        Ok(_) => Redirect::to(&format!("/van-ban/{id}?tb=issued")).into_response(),
        Err(e) => error_page(e.into()),
    }
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    ctx: Ctx,
    q: String,
    /// `q` holds a word or phrase to search for (not only spaces or quotes).
    searched: bool,
    docs: Vec<DocRow>,
    doc_total: u64,
    tasks: Vec<TaskRow>,
    task_total: u64,
    from_above: Vec<TaskRow>,
    pager: Pager,
}

async fn search(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<FlashQuery>,
) -> Response {
    let text = q.q.clone().unwrap_or_default().trim().to_string();
    let result = async {
        let page = q.page.unwrap_or(1);
        // Only quotes (`""`) search for nothing: no list of everything.
        let nothing = dondoc_domain::text::search_terms(&text).is_empty();
        let units = s.app.units().await?;
        let today = s.app.today();
        // The work the level above gave the organisation itself (the Office's and the
        // leaders'), which the organisation's own list leaves out.
        let from_above: Vec<TaskRow> = if nothing {
            Vec::new()
        } else {
            s.app
                .work_from_above(
                    &a.actor,
                    TaskFilter {
                        search: Some(text.clone()),
                        ..Default::default()
                    },
                    PageRequest::new(1, 50),
                )
                .await?
                .items
                .iter()
                .map(|x| TaskRow::new(x, &units, today))
                .collect()
        };
        let (docs, doc_total, tasks, task_total, per_page) = if nothing {
            (Vec::new(), 0, Vec::new(), 0, 20)
        } else {
            let d = s
                .app
                .documents(
                    &a.actor,
                    DocumentFilter {
                        search: Some(text.clone()),
                        ..Default::default()
                    },
                    PageRequest::new(1, 20),
                )
                .await?;
            let t = s
                .app
                .tasks(
                    &a.actor,
                    TaskFilter {
                        search: Some(text.clone()),
                        ..Default::default()
                    },
                    PageRequest::new(page, 20),
                )
                .await?;
            (
                d.items.iter().map(DocRow::new).collect(),
                d.total,
                t.items
                    .iter()
                    .map(|x| TaskRow::new(x, &units, today))
                    .collect(),
                t.total,
                t.per_page,
            )
        };
        Ok::<_, WebError>(SearchPage {
            ctx: Ctx::new(&s, &a, "search").await,
            pager: Pager::new(
                page,
                per_page,
                task_total,
                format!("q={}", urlencode(&text)),
            ),
            q: text.clone(),
            searched: !nothing,
            from_above,
            docs,
            doc_total,
            tasks,
            task_total,
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}
