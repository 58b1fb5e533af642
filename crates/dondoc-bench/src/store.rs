//! `dondoc-bench store`: a million tasks over a hundred units, then the two queries the
//! dashboard lives on — the filtered task list and the four statistics buckets — timed
//! through the `Store` trait exactly as the application calls them.

use crate::stats::{Rng, Samples, load_average, ms};
use anyhow::{Context, Result, bail};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use dondoc_calendar::Calendar;
use dondoc_domain::audit::NewEvent;
use dondoc_domain::{Deadline, NewTask, NewUnit, ReportingCycle, TaskStatus, UnitId, UnitKind};
use dondoc_store::{PageRequest, Store, TaskFilter};
use dondoc_store_postgres::PostgresStore;
use dondoc_store_sqlite::SqliteStore;
use sqlx::{ConnectOptions, Row};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    #[arg(long, value_enum)]
    pub backend: Backend,
    /// Database URL; by default /tmp/dondoc-bench-store.db or the local PostgreSQL
    /// database dondoc_bench_store (created if missing).
    #[arg(long)]
    pub db: Option<String>,
    #[arg(long, default_value_t = 1_000_000)]
    pub tasks: u64,
    #[arg(long, default_value_t = 100)]
    pub units: u64,
    /// Random list queries to time.
    #[arg(long, default_value_t = 1000)]
    pub queries: usize,
    /// Runs of the whole-organisation statistics.
    #[arg(long, default_value_t = 30)]
    pub count_runs: usize,
    /// Rebuild the data even if the database already holds the requested number of tasks.
    #[arg(long)]
    pub fresh: bool,
    /// Run ANALYZE (SQLite) before measuring; dondoc itself never does, so the default
    /// measures the database as the application leaves it.
    #[arg(long)]
    pub analyze: bool,
    /// Prototype: statements (e.g. `CREATE INDEX ...`) run after the baseline
    /// measurement, followed by a second measurement. Repeatable.
    #[arg(long = "then-sql")]
    pub then_sql: Vec<String>,
    /// Undo statements run at the very end (e.g. `DROP INDEX ...`), so the database
    /// stays as the migrations made it. Repeatable.
    #[arg(long = "finally-sql")]
    pub finally_sql: Vec<String>,
    /// Drop the database (or delete the file) when done.
    #[arg(long)]
    pub drop: bool,
}

/// The benchmark's "today": due dates spread over 2026, so three quarters lie behind it.
fn today() -> NaiveDate {
    d(2026, 9, 30)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn at() -> DateTime<Utc> {
    d(2026, 1, 1)
        .and_hms_opt(8, 0, 0)
        .expect("valid time")
        .and_utc()
}

enum Db {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Db {
    fn store(&self) -> Arc<dyn Store> {
        match self {
            Db::Sqlite(s) => Arc::new(s.clone()),
            Db::Postgres(s) => Arc::new(s.clone()),
        }
    }
    async fn exec(&self, sql: &str) -> Result<u64> {
        Ok(match self {
            Db::Sqlite(s) => sqlx::query(sql).execute(s.pool()).await?.rows_affected(),
            Db::Postgres(s) => sqlx::query(sql).execute(s.pool()).await?.rows_affected(),
        })
    }
    async fn scalar(&self, sql: &str) -> Result<i64> {
        Ok(match self {
            Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(s.pool()).await?,
            Db::Postgres(s) => sqlx::query_scalar(sql).fetch_one(s.pool()).await?,
        })
    }
    /// The plan of `sql` (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
    async fn explain(&self, sql: &str) -> Result<String> {
        let mut out = String::new();
        match self {
            Db::Sqlite(s) => {
                let rows = sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .fetch_all(s.pool())
                    .await?;
                for r in rows {
                    let detail: String = r.try_get(3)?;
                    out.push_str(&format!("    {detail}\n"));
                }
            }
            Db::Postgres(s) => {
                let rows = sqlx::query(&format!("EXPLAIN (ANALYZE, BUFFERS) {sql}"))
                    .fetch_all(s.pool())
                    .await?;
                for r in rows {
                    let line: String = r.try_get(0)?;
                    out.push_str(&format!("    {line}\n"));
                }
            }
        }
        Ok(out)
    }
    fn is_sqlite(&self) -> bool {
        matches!(self, Db::Sqlite(_))
    }
}

pub async fn run(a: StoreArgs) -> Result<()> {
    let url = match (&a.db, a.backend) {
        (Some(u), _) => u.clone(),
        (None, Backend::Sqlite) => "sqlite:///tmp/dondoc-bench-store.db".into(),
        (None, Backend::Postgres) => "postgres://postgres@127.0.0.1:5432/dondoc_bench_store".into(),
    };
    println!(
        "# dondoc-bench store: backend {:?}, {} tasks, {} units, {url}",
        a.backend, a.tasks, a.units
    );
    println!("load average at start: {}", load_average());
    if a.backend == Backend::Postgres {
        ensure_pg_database(&url, a.fresh).await?;
    } else if a.fresh {
        remove_sqlite(&url);
    }
    let db = match a.backend {
        Backend::Sqlite => Db::Sqlite(SqliteStore::open(&url).await?),
        Backend::Postgres => Db::Postgres(PostgresStore::open(&url).await?),
    };
    let store = db.store();

    let have = db.scalar("SELECT COUNT(*) FROM tasks").await? as u64;
    let org;
    let units: Vec<UnitId>;
    if have == a.tasks && have > 0 {
        println!("reusing the {have} tasks already loaded (pass --fresh to rebuild)");
        let all = store.units().await?;
        org = all
            .iter()
            .find(|u| u.kind == UnitKind::Authority)
            .context("no authority unit")?
            .id;
        units = all
            .iter()
            .filter(|u| u.kind == UnitKind::Unit)
            .map(|u| u.id)
            .collect();
    } else {
        if have != 0 {
            bail!(
                "the database holds {have} tasks, not {}; pass --fresh",
                a.tasks
            );
        }
        (org, units) = load(&db, &*store, a.tasks, a.units).await?;
    }
    if a.backend == Backend::Postgres {
        // Autovacuum would get there on its own; do it now so index-only scans see an
        // all-visible table, as they would on a database that has been running a while.
        let t = Instant::now();
        // The counters too: the status mix updates each of them many times, and until a
        // vacuum their index holds every dead version (measured at 1M tasks: 485,076
        // entries for 28,130 live open counters, and the overdue count 34–45 ms).
        for table in ["tasks", "task_cooperators", "task_counts", "task_totals"] {
            db.exec(&format!("VACUUM ANALYZE {table}")).await?;
        }
        println!("VACUUM ANALYZE: {:.1} s", t.elapsed().as_secs_f64());
    } else if a.analyze {
        let t = Instant::now();
        db.exec("ANALYZE").await?;
        println!("ANALYZE: {:.1} s", t.elapsed().as_secs_f64());
    }
    print_mix(&db).await?;

    println!("\n## baseline (schema as migrated)");
    measure(&db, &*store, org, &units, &a).await?;
    if !a.then_sql.is_empty() {
        for s in &a.then_sql {
            let t = Instant::now();
            db.exec(s).await.with_context(|| s.clone())?;
            println!("ran `{s}` in {:.1} s", t.elapsed().as_secs_f64());
        }
        if a.backend == Backend::Postgres {
            db.exec("ANALYZE tasks").await?;
        }
        println!("\n## after the prototype statements");
        measure(&db, &*store, org, &units, &a).await?;
    }
    for s in &a.finally_sql {
        db.exec(s).await.with_context(|| s.clone())?;
        println!("ran `{s}`");
    }
    drop(store);
    drop(db);
    if a.drop {
        match a.backend {
            Backend::Sqlite => remove_sqlite(&url),
            Backend::Postgres => drop_pg_database(&url).await?,
        }
        println!("dropped {url}");
    }
    Ok(())
}

fn remove_sqlite(url: &str) {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
}

async fn admin_pg(url: &str) -> Result<(sqlx::PgConnection, String)> {
    let opts = sqlx::postgres::PgConnectOptions::from_str(url)?;
    let name = opts
        .get_database()
        .context("the PostgreSQL URL names no database")?
        .to_string();
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        bail!("database name {name:?}: letters, digits and _ only");
    }
    let conn = opts.database("postgres").connect().await?;
    Ok((conn, name))
}

async fn ensure_pg_database(url: &str, fresh: bool) -> Result<()> {
    let (mut conn, name) = admin_pg(url).await?;
    if fresh {
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await?;
    }
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&name)
        .fetch_optional(&mut conn)
        .await?;
    if exists.is_none() {
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
    }
    Ok(())
}

/// Drops (if present) and creates the database `url` names.
pub async fn ensure_fresh_pg_database(url: &str) -> Result<()> {
    ensure_pg_database(url, true).await
}

pub async fn drop_pg_database(url: &str) -> Result<()> {
    let (mut conn, name) = admin_pg(url).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// Creates the organisation and its units, bulk-loads the tasks, then gives them a
/// realistic mix of statuses (see [`status_mix`]).
async fn load(db: &Db, store: &dyn Store, n: u64, n_units: u64) -> Result<(UnitId, Vec<UnitId>)> {
    let t0 = Instant::now();
    let ev = || NewEvent::new(at(), None, "unit", 0, "create");
    let org = store
        .insert_unit(
            &NewUnit::new(
                None,
                UnitKind::Authority,
                "UBND quận Thử Nghiệm",
                "UBND",
                &[],
            )?,
            ev(),
        )
        .await?
        .id;
    let mut units = Vec::new();
    for i in 0..n_units {
        let u = store
            .insert_unit(
                &NewUnit::new(
                    Some(org),
                    UnitKind::Unit,
                    &format!("Phòng thử nghiệm số {i}"),
                    &format!("P{i}"),
                    &[],
                )?,
                ev(),
            )
            .await?;
        units.push(u.id);
    }
    let cal = Calendar::vietnam();
    let mut rng = Rng::new(2026);
    let chunk = 20_000u64;
    let mut done = 0u64;
    let verbs = [
        "Triển khai",
        "Rà soát",
        "Báo cáo",
        "Kiểm tra",
        "Tổ chức",
        "Hoàn thiện",
        "Tham mưu",
        "Đôn đốc",
    ];
    let objects = [
        "hồ sơ đất đai tồn đọng",
        "kế hoạch chuyển đổi số",
        "công tác phòng chống thiên tai",
        "dự án đầu tư công",
        "thủ tục hành chính một cửa",
        "vệ sinh an toàn thực phẩm",
        "trật tự đô thị",
        "chương trình nông thôn mới",
    ];
    while done < n {
        let m = chunk.min(n - done);
        let mut batch = Vec::with_capacity(m as usize);
        for i in done..done + m {
            let lead = units[rng.below(n_units) as usize];
            let due = d(2026, 1, 1) + Days::new(rng.below(365));
            let assigned = due - Days::new(7 + rng.below(60));
            let kind = rng.below(100);
            let deadline = if kind < 75 {
                Deadline::OnDate { date: due }
            } else if kind < 85 {
                Deadline::WorkingDays {
                    days: 5 + rng.below(25) as u32,
                    from: assigned,
                }
            } else {
                Deadline::Ongoing {
                    cycle: ReportingCycle::Monthly { day: 20 },
                }
            };
            let title = format!(
                "{} {} (nhiệm vụ số {i})",
                verbs[rng.below(verbs.len() as u64) as usize],
                objects[rng.below(objects.len() as u64) as usize]
            );
            let mut t = NewTask::new(org, &title, lead, deadline, assigned, &cal)?;
            if rng.below(4) == 0 {
                let other = units[rng.below(n_units) as usize];
                if other != lead {
                    t = t.with_cooperating(&[other])?;
                }
            }
            batch.push(t);
        }
        match db {
            Db::Sqlite(s) => s.bulk_insert_tasks(&batch, at()).await?,
            Db::Postgres(s) => s.bulk_insert_tasks(&batch, at()).await?,
        }
        done += m;
        if done.is_multiple_of(200_000) || done == n {
            println!(
                "  loaded {done} tasks, {:.1} s (load {})",
                t0.elapsed().as_secs_f64(),
                load_average()
            );
        }
    }
    let t1 = Instant::now();
    for sql in status_mix(db.is_sqlite()) {
        db.exec(&sql).await.with_context(|| sql.clone())?;
    }
    println!(
        "bulk load {:.1} s, status mix {:.1} s",
        t1.duration_since(t0).as_secs_f64(),
        t1.elapsed().as_secs_f64()
    );
    let t2 = Instant::now();
    let reports = monthly_reports(db, org).await?;
    println!(
        "monthly reports of the ongoing tasks: {reports} rows, {:.1} s",
        t2.elapsed().as_secs_f64()
    );
    Ok((org, units))
}

/// Benchmark data setup, as the status mix: the ongoing tasks' lead units report on
/// the 15th of each month from January to this September, each month four tasks in five
/// (a hash of the id and the month picks them), so the dashboard's missed-reports
/// section has a year's reports to read and some tasks that missed the last one. One
/// author, a person of the organisation made here.
async fn monthly_reports(db: &Db, org: UnitId) -> Result<u64> {
    db.exec(&format!(
        "INSERT INTO people (unit_id, full_name, position, role) \
         VALUES ({}, 'Người báo cáo', 'chuyen_vien', 'staff')",
        org.get()
    ))
    .await?;
    let mut n = 0;
    for month in 1..=today().month() {
        let day = format!("2026-{month:02}-15");
        n += db
            .exec(&format!(
                "INSERT INTO progress_reports \
                   (task_id, unit_id, author, reported_on, percent, narrative, created_at) \
                 SELECT id, lead_unit, (SELECT MIN(id) FROM people), '{day}', {pct}, \
                        'Báo cáo tháng {month}', '{day}T08:00:00Z' \
                 FROM tasks WHERE due_date IS NULL \
                   AND ((id * 2654435761 + {month} * 7919) % 10) < 8",
                pct = month * 10
            ))
            .await?;
    }
    Ok(n)
}

/// One UPDATE of the status mix: region, hash range, status, is_open, done_late,
/// completed_on, progress.
type MixRow<'a> = (
    &'a String,
    u32,
    u32,
    &'static str,
    bool,
    Option<bool>,
    Option<String>,
    String,
);

/// Benchmark data setup, not application behaviour: `bulk_insert_tasks` creates every
/// task as "assigned", and walking a million tasks through the workflow API would take
/// hours, so the statuses, completion dates and lateness flags are written here directly
/// with UPDATEs. A hash of the id picks each task's fate, so the mix is the same on both
/// backends: behind "today" about 55% done on time, 15% late, 4% awaiting confirmation,
/// 3% stopped or returned, 23% still open (overdue); ahead of it 15% done early and the
/// rest open in various stages; ongoing tasks (no due date) mostly in progress. Each
/// UPDATE moves the tasks' versions, as every change to a task must (the SQLite database
/// refuses one that does not, migration 0010).
fn status_mix(sqlite: bool) -> Vec<String> {
    let h = "((id * 2654435761) % 1000)";
    let today = if sqlite {
        format!("'{}'", today())
    } else {
        format!("DATE '{}'", today())
    };
    let shift = |base: &str, days: &str, sign: char| {
        if sqlite {
            format!("date({base}, '{sign}' || ({days}) || ' days')")
        } else {
            format!("({base} {sign} ({days})::int)")
        }
    };
    let b = |v: bool| match (sqlite, v) {
        (true, true) => "1",
        (true, false) => "0",
        (false, true) => "TRUE",
        (false, false) => "FALSE",
    };
    let past = format!("due_date < {today}");
    let future = format!("due_date >= {today}");
    let ongoing = "due_date IS NULL".to_string();
    // (region, from, to, status, is_open, done_late, completed_on, progress)
    let rows: Vec<MixRow<'_>> = vec![
        (
            &past,
            0,
            550,
            "completed",
            false,
            Some(false),
            Some(shift("due_date", &format!("{h} % 10"), '-')),
            "100".into(),
        ),
        (
            &past,
            550,
            700,
            "completed",
            false,
            Some(true),
            Some(shift("due_date", &format!("1 + {h} % 20"), '+')),
            "100".into(),
        ),
        (
            &past,
            700,
            740,
            "completion_proposed",
            true,
            None,
            Some("due_date".into()),
            "100".into(),
        ),
        (
            &past,
            740,
            760,
            "stopped",
            false,
            None,
            None,
            format!("{h} % 100"),
        ),
        (&past, 760, 770, "returned", false, None, None, "0".into()),
        (
            &past,
            770,
            880,
            "in_progress",
            true,
            None,
            None,
            format!("{h} % 100"),
        ),
        (&past, 880, 940, "received", true, None, None, "0".into()),
        (
            &future,
            0,
            150,
            "completed",
            false,
            Some(false),
            Some(shift(today.as_str(), &format!("1 + {h} % 30"), '-')),
            "100".into(),
        ),
        (
            &future,
            150,
            450,
            "in_progress",
            true,
            None,
            None,
            format!("{h} % 100"),
        ),
        (&future, 450, 700, "received", true, None, None, "0".into()),
        (
            &future,
            700,
            720,
            "completion_proposed",
            true,
            None,
            Some(shift(today.as_str(), "1", '-')),
            "100".into(),
        ),
        (&future, 720, 730, "stopped", false, None, None, "0".into()),
        (
            &ongoing,
            0,
            800,
            "in_progress",
            true,
            None,
            None,
            format!("{h} % 100"),
        ),
        (&ongoing, 800, 900, "received", true, None, None, "0".into()),
        (
            &ongoing,
            950,
            1000,
            "stopped",
            false,
            None,
            None,
            "0".into(),
        ),
    ];
    rows.into_iter()
        .map(
            |(region, from, to, status, open, late, completed, progress)| {
                format!(
                    "UPDATE tasks SET status = '{status}', is_open = {}, done_late = {}, \
                 completed_on = {}, progress = {progress}, version = version + 1 \
                 WHERE {region} AND {h} >= {from} AND {h} < {to}",
                    b(open),
                    late.map(b).unwrap_or("NULL"),
                    completed.as_deref().unwrap_or("NULL"),
                )
            },
        )
        .collect()
}

async fn print_mix(db: &Db) -> Result<()> {
    let sql = "SELECT status || ':' || COUNT(*) FROM tasks GROUP BY status ORDER BY status";
    let mix: Vec<String> = match db {
        Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_all(s.pool()).await?,
        Db::Postgres(s) => sqlx::query_scalar(sql).fetch_all(s.pool()).await?,
    };
    println!("status mix: {}", mix.join(", "));
    let coop = db.scalar("SELECT COUNT(*) FROM task_cooperators").await?;
    let ongoing = db
        .scalar("SELECT COUNT(*) FROM tasks WHERE due_date IS NULL")
        .await?;
    println!("cooperating-unit rows: {coop}; ongoing tasks without due date: {ongoing}");
    Ok(())
}

const OPEN: [TaskStatus; 3] = [
    TaskStatus::Assigned,
    TaskStatus::Received,
    TaskStatus::InProgress,
];

/// A random list filter: one lead unit, a typical status selection, a due-date window.
fn list_filter(rng: &mut Rng, org: UnitId, units: &[UnitId]) -> TaskFilter {
    let statuses = match rng.below(4) {
        0 => OPEN.to_vec(),
        1 => vec![TaskStatus::InProgress],
        2 => vec![TaskStatus::Completed],
        _ => vec![
            TaskStatus::Assigned,
            TaskStatus::Received,
            TaskStatus::InProgress,
            TaskStatus::CompletionProposed,
        ],
    };
    let window = [7, 30, 90][rng.below(3) as usize];
    let from = d(2026, 1, 1) + Days::new(rng.below(365 - window));
    TaskFilter {
        org_id: Some(org),
        unit_id: Some(units[rng.below(units.len() as u64) as usize]),
        statuses,
        due_from: Some(from),
        due_to: Some(from + Days::new(window)),
        ..Default::default()
    }
}

async fn measure(
    db: &Db,
    store: &dyn Store,
    org: UnitId,
    units: &[UnitId],
    a: &StoreArgs,
) -> Result<()> {
    let page = PageRequest::new(1, 50);
    // (a) the filtered list.
    let mut rng = Rng::new(42);
    for _ in 0..50 {
        store
            .tasks(&list_filter(&mut rng, org, units), page)
            .await?;
    }
    let mut rng = Rng::new(7);
    let mut lat = Samples::with_capacity(a.queries);
    let (mut rows, mut total) = (0usize, 0u64);
    let load_before = load_average();
    for _ in 0..a.queries {
        let f = list_filter(&mut rng, org, units);
        let t = Instant::now();
        let p = store.tasks(&f, page).await?;
        lat.push(t.elapsed());
        rows += p.items.len();
        total += p.total;
    }
    println!(
        "(a) list (unit + status + due window, page of 50), {} queries: p50 {} ms, p95 {} ms, p99 {} ms, max {} ms; avg {:.1} rows/page, avg total {:.0} [load {} -> {}]",
        lat.len(),
        ms(lat.percentile(50.0)),
        ms(lat.percentile(95.0)),
        ms(lat.percentile(99.0)),
        ms(lat.max()),
        rows as f64 / a.queries as f64,
        total as f64 / a.queries as f64,
        load_before,
        load_average()
    );

    // (a') the unit's inbox as the web API asks for it: lead OR co-operating unit, open.
    let mut rng = Rng::new(9);
    let mut lat = Samples::with_capacity(200);
    let load_before = load_average();
    let inbox_runs = (a.queries / 5).max(20);
    for _ in 0..inbox_runs {
        let f = TaskFilter {
            org_id: Some(org),
            involving_unit: Some(units[rng.below(units.len() as u64) as usize]),
            statuses: OPEN.to_vec(),
            ..Default::default()
        };
        let t = Instant::now();
        store.tasks(&f, PageRequest::new(1, 100)).await?;
        lat.push(t.elapsed());
    }
    println!(
        "(a') inbox list (involving unit, open statuses, page of 100), {} queries: p50 {} ms, p95 {} ms, p99 {} ms [load {} -> {}]",
        lat.len(),
        ms(lat.percentile(50.0)),
        ms(lat.percentile(95.0)),
        ms(lat.percentile(99.0)),
        load_before,
        load_average()
    );

    // (b) the four buckets over the whole organisation.
    let f = TaskFilter {
        org_id: Some(org),
        ..Default::default()
    };
    for _ in 0..3 {
        store.bucket_counts(&f, today()).await?;
    }
    let mut lat = Samples::with_capacity(a.count_runs);
    let load_before = load_average();
    let mut last = None;
    for _ in 0..a.count_runs {
        let t = Instant::now();
        last = Some(store.bucket_counts(&f, today()).await?);
        lat.push(t.elapsed());
    }
    println!(
        "(b) bucket_counts (org only), {} runs: p50 {} ms, p95 {} ms, max {} ms; {:?} [load {} -> {}]",
        lat.len(),
        ms(lat.percentile(50.0)),
        ms(lat.percentile(95.0)),
        ms(lat.max()),
        last,
        load_before,
        load_average()
    );

    // (b') the per-unit table of the dashboard.
    let mut lat = Samples::with_capacity(10);
    let load_before = load_average();
    for _ in 0..10 {
        let t = Instant::now();
        store.unit_bucket_counts(org, today()).await?;
        lat.push(t.elapsed());
    }
    println!(
        "(b') unit_bucket_counts (per lead unit), 10 runs: p50 {} ms, max {} ms [load {} -> {}]",
        ms(lat.percentile(50.0)),
        ms(lat.max()),
        load_before,
        load_average()
    );

    // (c) the dashboard's missed periodic reports, as `App::dashboard` reads them: the
    // open ongoing tasks of the organisation, then their reports.
    let f = TaskFilter {
        org_id: Some(org),
        ongoing: true,
        statuses: TaskStatus::open(),
        ..Default::default()
    };
    let mut lat = Samples::with_capacity(5);
    let load_before = load_average();
    let (mut tasks, mut reports) = (0, 0);
    for _ in 0..5 {
        let t = Instant::now();
        let open = store.tasks_all(&f).await?;
        let ids: Vec<_> = open.iter().map(|t| t.id).collect();
        reports = store.reports_of(&ids).await?.len();
        lat.push(t.elapsed());
        tasks = open.len();
    }
    println!(
        "(c) missed reports' inputs, every report (before 2026-12-07): open ongoing tasks and all their reports, 5 runs: p50 {} ms, max {} ms; {tasks} tasks, {reports} reports [load {} -> {}]",
        ms(lat.percentile(50.0)),
        ms(lat.max()),
        load_before,
        load_average()
    );
    // (c') as `App::dashboard` reads them now: per task its deadline, assignment day and
    // lead unit's latest report (`report_duties`), the rule over those, then the first
    // 200 missed tasks loaded.
    let cal = Calendar::vietnam();
    let mut lat = Samples::with_capacity(5);
    let load_before = load_average();
    let (mut duties, mut missed) = (0, 0);
    // Its three parts apart: the store's read, the rule, the 200 tasks.
    let mut parts = [
        Samples::with_capacity(5),
        Samples::with_capacity(5),
        Samples::with_capacity(5),
    ];
    for _ in 0..5 {
        let t = Instant::now();
        let all = store.report_duties(&f, today()).await?;
        let t_read = t.elapsed();
        let mut late: Vec<_> = all
            .iter()
            .filter_map(|d| {
                let due = dondoc_domain::task::missed_report_due(
                    &d.deadline,
                    d.assigned_on,
                    d.last_report.as_slice(),
                    &cal,
                    today(),
                )?;
                Some((due, d.task))
            })
            .collect();
        late.sort_unstable();
        let shown: Vec<dondoc_domain::TaskId> = late.iter().take(200).map(|&(_, id)| id).collect();
        let t_rule = t.elapsed();
        store.tasks_by_id(&shown).await?;
        let t_all = t.elapsed();
        lat.push(t_all);
        parts[0].push(t_read);
        parts[1].push(t_rule - t_read);
        parts[2].push(t_all - t_rule);
        (duties, missed) = (all.len(), late.len());
    }
    println!(
        "(c') missed reports as the dashboard reads them (report_duties, the rule, 200 tasks loaded), 5 runs: p50 {} ms, max {} ms (p50 of the parts: read {} ms, rule {} ms, 200 tasks {} ms); {duties} tasks, {missed} missed [load {} -> {}]",
        ms(lat.percentile(50.0)),
        ms(lat.max()),
        ms(parts[0].percentile(50.0)),
        ms(parts[1].percentile(50.0)),
        ms(parts[2].percentile(50.0)),
        load_before,
        load_average()
    );

    // (d) the reminders' runs between two daily evaluations (every 10 minutes in the
    // server; `new_work_for`): the tasks still waiting to be received that were given to
    // their unit today.
    let mut lat = Samples::with_capacity(5);
    let load_before = load_average();
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let new = store
            .tasks_all(&TaskFilter {
                statuses: vec![TaskStatus::Assigned],
                handed_from: Some(today()),
                ..Default::default()
            })
            .await?;
        lat.push(t.elapsed());
        found = new.len();
    }
    println!(
        "(d) the between-evaluations new-work read (tasks still assigned, given today), 5 runs: p50 {} ms, max {} ms; {found} tasks [load {} -> {}]",
        ms(lat.percentile(50.0)),
        ms(lat.max()),
        load_before,
        load_average()
    );

    explain(db, org, units).await
}

/// The plans of the queries the store sends for (a), (a'), (b) and (b'); the SQL mirrors
/// the store's (`push_task_filter`, `bucket_counts`, `unit_bucket_counts`) with literal
/// values.
async fn explain(db: &Db, org: UnitId, units: &[UnitId]) -> Result<()> {
    let org = org.get();
    let unit = units[0].get();
    let t = today();
    let tl = if db.is_sqlite() {
        format!("'{t}'")
    } else {
        format!("DATE '{t}'")
    };
    let order = if db.is_sqlite() {
        "ORDER BY due_date IS NULL, due_date, id"
    } else {
        "ORDER BY due_date ASC NULLS LAST, id"
    };
    let list_where = format!(
        "WHERE 1=1 AND org_id = {org} AND lead_unit = {unit} AND status IN ('assigned', 'received', 'in_progress') AND due_date >= {} AND due_date <= {}",
        if db.is_sqlite() {
            "'2026-03-01'"
        } else {
            "DATE '2026-03-01'"
        },
        if db.is_sqlite() {
            "'2026-03-31'"
        } else {
            "DATE '2026-03-31'"
        },
    );
    // The inbox source as the stores write it (see `push_task_filter` in each store).
    let join = if db.is_sqlite() {
        "task_cooperators c CROSS JOIN tasks t ON t.id = c.task_id"
    } else {
        "tasks t JOIN task_cooperators c ON c.task_id = t.id"
    };
    let inbox_from = format!(
        "(SELECT * FROM tasks WHERE lead_unit = {unit} UNION ALL SELECT t.* FROM {join} WHERE c.unit_id = {unit} AND t.lead_unit <> {unit}) AS tasks"
    );
    // SQLite's page count and keys select only what they test (`Cols::Keys` there).
    let inbox_keys_from = if db.is_sqlite() {
        format!(
            "(SELECT id, org_id, lead_unit, status, due_date FROM tasks WHERE lead_unit = {unit} UNION ALL SELECT t.id, t.org_id, t.lead_unit, t.status, t.due_date FROM {join} WHERE c.unit_id = {unit} AND t.lead_unit <> {unit}) AS tasks"
        )
    } else {
        inbox_from.clone()
    };
    let inbox_where = format!(
        "WHERE 1=1 AND org_id = {org} AND status IN ('assigned', 'received', 'in_progress')"
    );
    let queries = [
        (
            "(a) list count",
            format!("SELECT COUNT(*) FROM tasks {list_where}"),
        ),
        (
            "(a) list page",
            format!("SELECT * FROM tasks {list_where} {order} LIMIT 50 OFFSET 0"),
        ),
        (
            "(a') inbox count",
            format!("SELECT COUNT(*) FROM {inbox_keys_from} {inbox_where}"),
        ),
        (
            "(a') inbox page keys",
            format!(
                "SELECT tasks.id FROM {inbox_keys_from} {inbox_where} {order} LIMIT 100 OFFSET 0"
            ),
        ),
        (
            "(b) on time, late, open (totals, task_totals)",
            format!("SELECT SUM(n) FROM task_totals WHERE org_id = {org} AND kind = 'open'"),
        ),
        (
            "(b) overdue (open counters due before today, task_counts)",
            format!(
                "SELECT SUM(n) FROM task_counts WHERE org_id = {org} AND kind = 'open' AND due < {tl}"
            ),
        ),
        (
            "(b') overdue per lead unit (counters)",
            format!(
                "SELECT lead_unit, SUM(n) FROM task_counts WHERE org_id = {org} AND kind = 'open' AND due < {tl} GROUP BY lead_unit"
            ),
        ),
    ];
    println!("query plans:");
    for (name, sql) in queries {
        println!("  {name}:\n{}", db.explain(&sql).await?.trim_end());
    }
    Ok(())
}
