//! Bảng điều khiển: the leaders' dashboard — the four statistics buckets, overdue
//! tasks with their age, the per-unit table (with the urging letter to each unit that
//! has overdue tasks) and bar chart (inline SVG), progress per directive, obstacles
//! waiting for direction, indicators against targets.

use super::{Ctx, FlashQuery, date, num, unit_name};
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
use dondoc_domain::stats::Bucket;
use dondoc_domain::{BucketCounts, Role};

pub fn routes() -> Router<AppState> {
    Router::new().route("/bang-dieu-khien", get(page))
}

pub struct BucketView {
    pub label: &'static str,
    pub class: &'static str,
    pub count: u64,
    pub share: String,
}

pub fn buckets(c: &BucketCounts) -> Vec<BucketView> {
    Bucket::ALL
        .iter()
        .map(|b| BucketView {
            label: b.label(),
            class: b.as_str(),
            count: c.get(*b),
            share: num(c.share(*b)),
        })
        .collect()
}

pub struct OverdueRow {
    pub id: i64,
    pub title: String,
    pub lead: String,
    pub due: String,
    pub days: i64,
}

pub struct MissedRow {
    pub id: i64,
    pub title: String,
    pub lead: String,
    pub cycle: String,
    pub due: String,
}

pub struct UnitRow {
    pub id: i64,
    pub name: String,
    pub counts: [u64; 4],
    pub total: u64,
    pub overdue: u64,
    pub overdue_share: String,
    /// Whether to offer the urging letter: overdue tasks, and a unit (not the
    /// organisation itself) the letter may be sent to.
    pub urge: bool,
}

pub struct Seg {
    pub x: u32,
    pub w: u32,
    pub class: &'static str,
    pub title: String,
}

pub struct Bar {
    pub y: u32,
    pub text_y: u32,
    pub label: String,
    pub total: u64,
    pub total_x: u32,
    pub segs: Vec<Seg>,
}

pub struct Chart {
    pub height: u32,
    pub bars: Vec<Bar>,
    pub description: String,
}

const LABEL_W: u32 = 190;
const BAR_W: u32 = 470;
const BAR_H: u32 = 22;
const GAP: u32 = 12;

/// A horizontal stacked bar per unit, one colour per bucket, scaled to the largest unit.
fn chart(rows: &[(String, BucketCounts)]) -> Chart {
    let max = rows
        .iter()
        .map(|(_, c)| c.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut bars = Vec::new();
    for (i, (label, c)) in rows.iter().enumerate() {
        let y = 8 + i as u32 * (BAR_H + GAP);
        let mut x = LABEL_W;
        let mut segs = Vec::new();
        for b in Bucket::ALL {
            let n = c.get(b);
            if n == 0 {
                continue;
            }
            let w = ((n as f64 / max as f64) * f64::from(BAR_W))
                .round()
                .max(2.0) as u32;
            segs.push(Seg {
                x,
                w,
                class: b.as_str(),
                title: format!("{label}: {} {}", n, b.label().to_lowercase()),
            });
            x += w;
        }
        bars.push(Bar {
            y,
            text_y: y + 16,
            label: label.clone(),
            total: c.total(),
            total_x: x + 6,
            segs,
        });
    }
    let description = rows
        .iter()
        .map(|(l, c)| {
            format!(
                "{l}: {} nhiệm vụ, {} quá hạn",
                c.total(),
                c.get(Bucket::Overdue)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Chart {
        height: 8 + rows.len() as u32 * (BAR_H + GAP) + 4,
        bars,
        description,
    }
}

pub struct DirectiveRow {
    pub id: i64,
    pub title: String,
    pub total: u64,
    pub done: u64,
    pub overdue: u64,
    pub pct: String,
    pub pct_w: u32,
}

pub struct ObstacleRow {
    pub task_id: i64,
    pub report_id: i64,
    pub task_title: String,
    pub unit: String,
    pub date: String,
    pub obstacles: String,
    pub proposals: String,
}

/// A row of "Việc chờ xử lý": an extension request or a returned task.
pub struct WaitingRow {
    pub task_id: i64,
    pub title: String,
    pub unit: String,
    /// "đề nghị gia hạn đến 26/12/2026 (hạn hiện tại 18/12/2026)", "trả lại".
    pub what: String,
    pub reason: String,
    /// The task page's part to act in.
    pub anchor: &'static str,
}

pub struct IndicatorRow {
    pub task_id: i64,
    pub name: String,
    pub target: String,
    pub latest: String,
    pub pct: String,
    pub pct_w: u32,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    flash: Option<&'static str>,
    today: String,
    total: u64,
    buckets: Vec<BucketView>,
    overdue: Vec<OverdueRow>,
    units: Vec<UnitRow>,
    chart: Chart,
    directives: Vec<DirectiveRow>,
    obstacles: Vec<ObstacleRow>,
    indicators: Vec<IndicatorRow>,
    missed: Vec<MissedRow>,
    missed_total: usize,
    waiting: Vec<WaitingRow>,
}

async fn page(
    State(s): State<AppState>,
    PageAuth(a): PageAuth,
    Query(q): Query<FlashQuery>,
) -> Response {
    if !matches!(a.actor.role, Role::Leader | Role::Office) {
        return error_page(super::forbidden(
            "Bảng điều khiển dành cho lãnh đạo và Văn phòng. Hãy xem nhiệm vụ của đơn vị ở mục Hộp việc.",
        ));
    }
    let result = async {
        let d = s.app.dashboard(&a.actor).await?;
        let units = s.app.units().await?;
        let overdue = d
            .overdue
            .iter()
            .map(|(t, days)| OverdueRow {
                id: t.id.get(),
                title: t.title.clone(),
                lead: unit_name(&units, t.lead_unit),
                due: super::opt_date(t.due_date),
                days: *days,
            })
            .collect();
        let missed = d
            .missed_reports
            .iter()
            .take(50)
            .map(|(t, due)| MissedRow {
                id: t.id.get(),
                title: t.title.clone(),
                lead: unit_name(&units, t.lead_unit),
                cycle: t
                    .deadline
                    .reporting_cycle()
                    .map(|c| c.label())
                    .unwrap_or_default(),
                due: date(*due),
            })
            .collect();
        let unit_rows: Vec<UnitRow> = d
            .per_unit
            .iter()
            .map(|(u, c)| UnitRow {
                id: u.id.get(),
                name: u.name.clone(),
                counts: [c.done_on_time, c.done_late, c.in_progress, c.overdue],
                total: c.total(),
                overdue: c.overdue,
                overdue_share: num(c.overdue_share()),
                urge: c.overdue > 0 && u.id != a.actor.org_id,
            })
            .collect();
        let chart_rows: Vec<(String, BucketCounts)> = d
            .per_unit
            .iter()
            .map(|(u, c)| {
                let label = if u.abbreviation.is_empty() {
                    u.name.clone()
                } else {
                    u.abbreviation.clone()
                };
                (label, *c)
            })
            .collect();
        let directives = d
            .directives
            .iter()
            .map(|(doc, c)| {
                let done = c.done_on_time + c.done_late;
                let pct = if c.total() == 0 {
                    0.0
                } else {
                    done as f64 * 100.0 / c.total() as f64
                };
                DirectiveRow {
                    id: doc.id.get(),
                    title: super::documents::doc_title(doc),
                    total: c.total(),
                    done,
                    overdue: c.overdue,
                    pct: num(pct),
                    pct_w: pct.round().clamp(0.0, 100.0) as u32,
                }
            })
            .collect();
        let obstacles = d
            .obstacles
            .iter()
            .map(|(r, t)| ObstacleRow {
                task_id: t.id.get(),
                report_id: r.id.get(),
                task_title: t.title.clone(),
                unit: unit_name(&units, r.unit_id),
                date: date(r.reported_on),
                obstacles: r.obstacles.clone(),
                proposals: r.proposals.clone(),
            })
            .collect();
        let indicators = d
            .indicators
            .iter()
            .map(|(i, latest, p)| IndicatorRow {
                task_id: i.task_id.get(),
                name: i.name.clone(),
                target: format!("{} {}", num(i.target), i.measure),
                latest: latest
                    .map(|v| format!("{} {}", num(v), i.measure))
                    .unwrap_or_else(|| "chưa báo cáo".into()),
                pct: num(*p),
                pct_w: p.round().clamp(0.0, 100.0) as u32,
            })
            .collect();
        let waiting = d
            .pending_extensions
            .iter()
            .map(|(e, t)| WaitingRow {
                task_id: t.id.get(),
                title: t.title.clone(),
                unit: unit_name(&units, t.lead_unit),
                what: format!(
                    "Đề nghị gia hạn đến {} (hạn hiện tại {})",
                    date(e.new_date),
                    super::opt_date(e.old_date)
                ),
                reason: e.reason.clone(),
                anchor: "#h-ext",
            })
            .chain(d.returned.iter().map(|t| WaitingRow {
                task_id: t.id.get(),
                title: t.title.clone(),
                unit: unit_name(&units, t.lead_unit),
                what: "Đơn vị trả lại nhiệm vụ".into(),
                reason: t.status_reason.clone().unwrap_or_default(),
                anchor: "#h-assigner",
            }))
            .collect();
        Ok::<_, WebError>(DashboardPage {
            ctx: Ctx::new(&s, &a, "dashboard").await,
            flash: q.flash(),
            today: date(d.today),
            total: d.counts.total(),
            buckets: buckets(&d.counts),
            overdue,
            units: unit_rows,
            chart: chart(&chart_rows),
            directives,
            obstacles,
            indicators,
            missed,
            missed_total: d.missed_total,
            waiting,
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => error_page(e),
    }
}
