//! The consolidated report at scale (issue 8's target: a report over 10,000 tasks in
//! under 1 s for DOCX and for XLSX).
//!
//! Sets up the demo organisation in a fresh database (SQLite in a temporary file, or a
//! PostgreSQL database given by URL), assigns `--tasks` tasks through the application
//! (deadlines spread over 2026, so that by 27/11/2026 most are overdue), files progress
//! reports with difficulties and leaders' directions on some of them, and then times,
//! from the database each time: building the report model, and model + each exporter.

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, TimeZone, Utc};
use dondoc_app::reports::ReportScopeInput;
use dondoc_app::{App, FixedClock, TaskInput};
use dondoc_calendar::Calendar;
use dondoc_domain::Deadline;
use dondoc_domain::policy::Actor;
use dondoc_store::Store;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Tasks in the organisation.
    #[arg(long, default_value_t = 10_000)]
    pub tasks: usize,
    /// Every n-th task of each unit gets a progress report with a difficulty and a
    /// proposal (0: none).
    #[arg(long, default_value_t = 30)]
    pub report_every: usize,
    /// A reported task whose place in its unit is a multiple of n also gets a leader's
    /// direction (0: none).
    #[arg(long, default_value_t = 100)]
    pub direction_every: usize,
    /// Timed runs of each measurement (the median and the worst are printed).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// PostgreSQL URL of an empty database to use instead of a temporary SQLite file.
    #[arg(long)]
    pub pg: Option<String>,
    /// Write the last DOCX, XLSX and PDF into this folder, to look at.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

async fn actor(app: &App, username: &str) -> Result<Actor> {
    let p = app
        .people()
        .await?
        .into_iter()
        .find(|p| p.username.as_deref() == Some(username))
        .with_context(|| format!("no account {username} in the demo"))?;
    Ok(app.actor_for(&p).await?)
}

fn median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], *v.last().unwrap_or(&Duration::ZERO))
}

pub async fn run(a: ReportArgs) -> Result<()> {
    if a.runs == 0 || a.tasks == 0 {
        bail!("--runs and --tasks must be at least 1");
    }
    let tmp = std::env::temp_dir().join(format!("dondoc-bench-report-{}", std::process::id()));
    let store: Arc<dyn Store> = match &a.pg {
        Some(url) => Arc::new(dondoc_store_postgres::PostgresStore::open(url).await?),
        None => {
            std::fs::create_dir_all(&tmp)?;
            let url = format!("sqlite://{}", tmp.join("report.db").display());
            Arc::new(dondoc_store_sqlite::SqliteStore::open(&url).await?)
        }
    };
    let result = measure(&a, store).await;
    if a.pg.is_none() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

async fn measure(a: &ReportArgs, store: Arc<dyn Store>) -> Result<()> {
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 0, 0).unwrap(),
    ));
    let app = App::new(store.clone(), Calendar::vietnam(), clock.clone());
    let demo = dondoc_app::demo::seed_demo(&app).await?;
    let office = actor(&app, "vanphong").await?;
    let leader = actor(&app, "chutich").await?;
    let units: Vec<_> = app
        .org_units(demo.ward)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let heads = {
        let mut m = std::collections::HashMap::new();
        for p in app.people().await? {
            if p.role == dondoc_domain::Role::UnitHead && p.username.is_some() {
                let actor = app.actor_for(&p).await?;
                m.entry(p.unit_id).or_insert(actor);
            }
        }
        m
    };

    let setup = Instant::now();
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a valid date");
    let mut created = Vec::with_capacity(a.tasks);
    for chunk_start in (0..a.tasks).step_by(500) {
        let inputs = (chunk_start..(chunk_start + 500).min(a.tasks))
            .map(|n| TaskInput {
                title: format!(
                    "Nhiệm vụ số {n}: rà soát, tham mưu triển khai các chỉ tiêu, giải pháp của Nghị quyết tại tổ dân phố {}",
                    n % 40 + 1
                ),
                lead_unit: units[n % units.len()].get(),
                cooperating: vec![units[(n + 1) % units.len()].get()],
                assignee: None,
                document_id: None,
                section: None,
                deadline: Deadline::OnDate {
                    date: start + chrono::Days::new((n % 360) as u64),
                },
                urgency: None,
                parent_task: None,
                secret: false,
            })
            .collect();
        created.extend(app.assign(&office, inputs).await?);
        eprint!("\rsetting up: {} / {} tasks", created.len(), a.tasks);
    }
    let mut reports = 0;
    let mut directions = 0;
    // Every n-th task of each unit that has a head to report.
    let mut seen: std::collections::HashMap<dondoc_domain::UnitId, usize> =
        std::collections::HashMap::new();
    for t in &created {
        let Some(head) = heads.get(&t.lead_unit) else {
            continue;
        };
        let i = seen.entry(t.lead_unit).or_default();
        *i += 1;
        let i = *i - 1;
        if a.report_every > 0 && i.is_multiple_of(a.report_every) {
            let r = app
                .report_progress(
                    head,
                    t.id,
                    None,
                    40,
                    "Đang triển khai.",
                    &format!("Thiếu kinh phí thực hiện ở tổ dân phố {}.", i % 40 + 1),
                    "Đề nghị bổ sung kinh phí.",
                    &[],
                )
                .await?;
            reports += 1;
            if a.direction_every > 0 && i.is_multiple_of(a.direction_every) {
                app.give_direction(
                    &leader,
                    t.id,
                    Some(r.id),
                    "Giao Văn phòng phối hợp tham mưu bố trí kinh phí.",
                )
                .await?;
                directions += 1;
            }
        }
    }
    eprintln!(
        "\rset up {} tasks, {reports} progress reports, {directions} directions in {:.1} s ({} backend)",
        created.len(),
        setup.elapsed().as_secs_f64(),
        store.backend()
    );
    clock.set(Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap());

    let mut model = Vec::new();
    let mut with_docx = Vec::new();
    let mut with_xlsx = Vec::new();
    let mut with_pdf = Vec::new();
    let mut last = None;
    for _ in 0..a.runs {
        let t0 = Instant::now();
        let r = app
            .progress_report(&office, ReportScopeInput::Organisation)
            .await?;
        model.push(t0.elapsed());

        let t0 = Instant::now();
        let r2 = app
            .progress_report(&office, ReportScopeInput::Organisation)
            .await?;
        let docx = dondoc_report::docx::export(&r2.to_document(app.report_frame(&office).await?))?;
        with_docx.push(t0.elapsed());

        let t0 = Instant::now();
        let r3 = app
            .progress_report(&office, ReportScopeInput::Organisation)
            .await?;
        let xlsx = dondoc_report::xlsx::export_report(&r3, "UBND PHƯỜNG KIẾN AN")?;
        with_xlsx.push(t0.elapsed());

        let t0 = Instant::now();
        let r4 = app
            .progress_report(&office, ReportScopeInput::Organisation)
            .await?;
        let pdf = dondoc_report::pdf::export(&r4.to_document(app.report_frame(&office).await?))?;
        with_pdf.push(t0.elapsed());
        last = Some((r, docx, xlsx, pdf));
    }
    let (r, docx, xlsx, pdf) = last.expect("runs >= 1");
    println!(
        "report over {} tasks ({} overdue rows, {} units, {} units with difficulties, {} directions), {} runs each:",
        r.totals.total(),
        r.overdue.len(),
        r.units.len(),
        r.issues.len(),
        r.directions.len(),
        a.runs
    );
    for (name, v, size) in [
        ("model (from the database)", model, None),
        ("model + DOCX", with_docx, Some(docx.len())),
        ("model + XLSX", with_xlsx, Some(xlsx.len())),
        ("model + PDF", with_pdf, Some(pdf.len())),
    ] {
        let (p50, max) = median(v);
        println!(
            "  {name:<26} median {:>8.1} ms   worst {:>8.1} ms{}",
            p50.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            size.map_or(String::new(), |s| format!("   {} KB", s / 1024))
        );
    }
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("report-10k.docx"), &docx)?;
        std::fs::write(dir.join("report-10k.xlsx"), &xlsx)?;
        std::fs::write(dir.join("report-10k.pdf"), &pdf)?;
        println!("  files written to {}", dir.display());
    }
    Ok(())
}
