//! `dondoc-bench durability`: kill -9 the server in the middle of concurrent writes, then
//! check that every write it acknowledged is still there and the database file is sound.
//!
//! One round: start `dondoc serve` on a fresh database (a copy of a seeded demo), let
//! several writers create tasks and record every id the server answered 201 for, SIGKILL
//! the server at a random moment, run SQLite's `PRAGMA integrity_check` on the file while
//! nothing holds it, restart the server, and fetch every acknowledged task. Every other
//! request of a writer is a progress report (every other one of those a completion
//! report) by a unit head on a task the writer created for that unit; after the restart
//! each acknowledged report must be on its task, and the task must have moved with it.

use crate::load::{dondoc_sign_in, http_client, loopback_base};
use crate::stats::{Rng, load_average};
use anyhow::{Context, Result, bail};
use chrono::{Days, Utc};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct DurabilityArgs {
    #[arg(long, default_value_t = 10)]
    pub rounds: usize,
    /// The dondoc binary to start (build it with --release).
    #[arg(long)]
    pub dondoc: PathBuf,
    /// Also run the rounds on PostgreSQL: a URL whose database will be created and dropped
    /// (e.g. postgres://postgres@127.0.0.1:5432/dondoc_durability).
    #[arg(long)]
    pub pg: Option<String>,
    /// Concurrent writers (4–8).
    #[arg(long, default_value_t = 6)]
    pub writers: usize,
    /// The kill comes at a random moment between these many milliseconds after the writers start.
    #[arg(long, default_value_t = 1000)]
    pub kill_after_min_ms: u64,
    #[arg(long, default_value_t = 4000)]
    pub kill_after_max_ms: u64,
    /// Working directory for the SQLite files and server logs (emptied first).
    #[arg(long, default_value = "/tmp/dondoc-durability")]
    pub dir: PathBuf,
    /// Keep the files afterwards.
    #[arg(long)]
    pub keep: bool,
    #[arg(long, default_value = "vanphong")]
    pub user: String,
    #[arg(long, default_value = "kienan2026")]
    pub password: String,
    /// A unit head who files the progress reports (of the demo: Phòng Kinh tế).
    #[arg(long, default_value = "ktht")]
    pub reporter: String,
}

/// One round's outcome.
#[derive(Debug, Default)]
struct Round {
    acked: usize,
    missing: usize,
    reports_acked: usize,
    reports_missing: usize,
    integrity: Option<bool>,
    server_errors: usize,
    locked: usize,
    other_errors: usize,
    /// Requests cut off by the kill (connection reset): expected, not errors.
    cut: usize,
    killed_after_ms: u64,
    first_error: Option<String>,
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(bin: &Path, db: &str, log: &Path) -> Result<Server> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)?;
        let child = Command::new(bin)
            .args(["serve", "--db", db, "--bind", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        Ok(Server {
            child,
            base: loopback_base(&format!("http://127.0.0.1:{port}"))?,
        })
    }

    async fn wait_ready(&mut self, http: &reqwest::Client) -> Result<()> {
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(60) {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server exited during start-up: {status}");
            }
            if let Ok(r) = http.get(format!("{}/healthz", self.base)).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("the server did not answer /healthz within 60 s")
    }

    /// SIGKILL: no shutdown hooks, no flushing — the point of the exercise.
    fn kill9(mut self) -> Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

fn sqlite_url(p: &Path) -> String {
    format!("sqlite://{}", p.display())
}

/// Runs `dondoc demo --no-serve` to seed `db` with the demo organisation and accounts.
fn seed(bin: &Path, db: &str, log: &Path) -> Result<()> {
    let out = std::fs::File::create(log)?;
    let st = Command::new(bin)
        .args(["demo", "--db", db, "--no-serve"])
        .stdout(out.try_clone()?)
        .stderr(out)
        .status()?;
    if !st.success() {
        bail!("dondoc demo failed ({st}); see {}", log.display());
    }
    Ok(())
}

pub async fn run(a: DurabilityArgs) -> Result<()> {
    if !(1..=16).contains(&a.writers) {
        bail!("--writers: 1 to 16");
    }
    let _ = std::fs::remove_dir_all(&a.dir);
    std::fs::create_dir_all(&a.dir)?;
    println!(
        "# dondoc-bench durability: {} rounds, {} writers, kill after {}..{} ms [load {}]",
        a.rounds,
        a.writers,
        a.kill_after_min_ms,
        a.kill_after_max_ms,
        load_average()
    );

    // SQLite: seed once, copy per round.
    let template = a.dir.join("template.db");
    seed(&a.dondoc, &sqlite_url(&template), &a.dir.join("seed.log"))?;
    let mut rounds = Vec::new();
    for i in 0..a.rounds {
        let db = a.dir.join(format!("round-{i}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", template.display()));
            if from.exists() {
                std::fs::copy(&from, format!("{}{suffix}", db.display()))?;
            }
        }
        let url = sqlite_url(&db);
        let log = a.dir.join(format!("round-{i}.log"));
        let r = round(&a, i, &url, &log, Some(&db)).await?;
        report("sqlite", i, &r);
        rounds.push(r);
        if !a.keep {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
        }
    }
    let sqlite_tally = summary("sqlite", &rounds);

    let mut pg_tally = None;
    if let Some(pg) = &a.pg {
        let mut rounds = Vec::new();
        for i in 0..a.rounds {
            crate::store::ensure_fresh_pg_database(pg).await?;
            let log = a.dir.join(format!("pg-round-{i}.log"));
            seed(&a.dondoc, pg, &a.dir.join(format!("pg-seed-{i}.log")))?;
            let r = round(&a, i, pg, &log, None).await?;
            report("postgres", i, &r);
            rounds.push(r);
        }
        crate::store::drop_pg_database(pg).await?;
        pg_tally = Some(summary("postgres", &rounds));
    }
    println!("{sqlite_tally}");
    if let Some(t) = pg_tally {
        println!("{t}");
    }
    if !a.keep {
        let _ = std::fs::remove_dir_all(&a.dir);
    }
    Ok(())
}

fn report(backend: &str, i: usize, r: &Round) {
    println!(
        "{backend} round {i}: killed after {} ms; acknowledged {} tasks and {} reports, missing after restart {} and {}, integrity {}, 5xx {}, locked {}, other errors {}, cut by the kill {} [load {}]",
        r.killed_after_ms,
        r.acked,
        r.reports_acked,
        r.missing,
        r.reports_missing,
        match r.integrity {
            Some(true) => "ok",
            Some(false) => "FAILED",
            None => "n/a",
        },
        r.server_errors,
        r.locked,
        r.other_errors,
        r.cut,
        load_average()
    );
    if let Some(e) = &r.first_error {
        println!("  first error: {e}");
    }
}

fn summary(backend: &str, rounds: &[Round]) -> String {
    let sum = |f: fn(&Round) -> usize| rounds.iter().map(f).sum::<usize>();
    let integrity_ok = rounds.iter().filter(|r| r.integrity == Some(true)).count();
    let integrity_checked = rounds.iter().filter(|r| r.integrity.is_some()).count();
    format!(
        "TALLY {backend}: {} rounds, {} writes acknowledged ({} tasks, {} progress reports), {} missing after restart ({} tasks, {} reports), integrity_check ok {}/{}, 5xx {}, database is locked {}, other errors {}, requests cut by kill {}",
        rounds.len(),
        sum(|r| r.acked) + sum(|r| r.reports_acked),
        sum(|r| r.acked),
        sum(|r| r.reports_acked),
        sum(|r| r.missing) + sum(|r| r.reports_missing),
        sum(|r| r.missing),
        sum(|r| r.reports_missing),
        integrity_ok,
        integrity_checked,
        sum(|r| r.server_errors),
        sum(|r| r.locked),
        sum(|r| r.other_errors),
        sum(|r| r.cut),
    )
}

#[derive(Default)]
struct WriterTally {
    acked: Vec<i64>,
    /// Acknowledged reports: (task, report, whether it proposed completion).
    reports: Vec<(i64, i64, bool)>,
    server_errors: usize,
    locked: usize,
    other: usize,
    cut: usize,
    first_error: Option<String>,
}

impl WriterTally {
    /// Sends `req`; the answer's JSON if the server acknowledged it (201), otherwise the
    /// failure is tallied (a request cut by the kill is not an error).
    async fn send(
        &mut self,
        req: reqwest::RequestBuilder,
        killed: &AtomicBool,
    ) -> Option<serde_json::Value> {
        let r = req.send().await;
        let was_killed = killed.load(Ordering::SeqCst);
        let resp = match r {
            Ok(resp) => resp,
            Err(_) if was_killed || killed.load(Ordering::SeqCst) => {
                self.cut += 1;
                return None;
            }
            Err(e) => {
                self.other += 1;
                self.first_error.get_or_insert(e.to_string());
                return None;
            }
        };
        let status = resp.status();
        match resp.text().await {
            Ok(text) if status.as_u16() == 201 => match serde_json::from_str(&text) {
                Ok(v) => Some(v),
                Err(_) => {
                    self.other += 1;
                    self.first_error
                        .get_or_insert(format!("201 with a body that is not JSON: {text}"));
                    None
                }
            },
            Ok(text) => {
                if text.contains("database is locked") {
                    self.locked += 1;
                }
                if status.is_server_error() {
                    self.server_errors += 1;
                } else {
                    self.other += 1;
                }
                self.first_error.get_or_insert(format!(
                    "{status}: {}",
                    text.chars().take(300).collect::<String>()
                ));
                None
            }
            // The body was cut: not acknowledged.
            Err(_) if was_killed => {
                self.cut += 1;
                None
            }
            Err(e) => {
                self.other += 1;
                self.first_error.get_or_insert(e.to_string());
                None
            }
        }
    }
}

async fn round(
    a: &DurabilityArgs,
    i: usize,
    url: &str,
    log: &Path,
    sqlite_file: Option<&Path>,
) -> Result<Round> {
    let http = http_client()?;
    let mut server = Server::start(&a.dondoc, url, log)?;
    server.wait_ready(&http).await?;
    let base = server.base.clone();
    let token = dondoc_sign_in(&http, &base, &a.user, &a.password).await?;
    let units: serde_json::Value = http
        .get(format!("{base}/api/v1/units"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    // The units of the Office's organisation (dondoc refuses the others).
    let office: serde_json::Value = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    let org = office["actor"]["org_id"]
        .as_i64()
        .context("/api/v1/me: no actor.org_id")?;
    let ours = crate::load::units_within(&units, org)?;
    let units: Vec<i64> = units
        .as_array()
        .context("units: not an array")?
        .iter()
        .filter(|u| u["kind"] == "unit")
        .filter_map(|u| u["id"].as_i64())
        .filter(|id| ours.contains(id))
        .collect();
    if units.is_empty() {
        bail!("no units to assign to");
    }

    // The unit head who reports, and their unit.
    let reporter = dondoc_sign_in(&http, &base, &a.reporter, &a.password).await?;
    let me: serde_json::Value = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&reporter)
        .send()
        .await?
        .json()
        .await?;
    let reporter_unit = me["actor"]["unit_id"]
        .as_i64()
        .context("the reporter has no unit")?;

    let killed = Arc::new(AtomicBool::new(false));
    let tallies = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for w in 0..a.writers {
        let (http, base, token, reporter, units, killed, tallies) = (
            http.clone(),
            base.clone(),
            token.clone(),
            reporter.clone(),
            units.clone(),
            killed.clone(),
            tallies.clone(),
        );
        handles.push(tokio::spawn(async move {
            let mut t = WriterTally::default();
            let mut rng = Rng::new((i * 100 + w) as u64);
            let today = Utc::now().date_naive();
            // A task of the reporter's unit this writer created and has not reported on.
            let mut to_report: Option<i64> = None;
            let (mut creates, mut filed) = (0u32, 0u32);
            // Bounded: at most 100,000 requests per writer even if the kill never came.
            for n in 0..100_000u32 {
                if let Some(task) = to_report.take() {
                    // Every other report also proposes completion.
                    let complete = filed % 2 == 0;
                    filed += 1;
                    let body = if complete {
                        json!({"percent": 100, "narrative": "Đã hoàn thành.", "propose_completion": true})
                    } else {
                        json!({"percent": 40, "narrative": "Đang thực hiện."})
                    };
                    let req = http
                        .post(format!("{base}/api/v1/tasks/{task}/reports"))
                        .bearer_auth(&reporter)
                        .json(&body);
                    if let Some(v) = t.send(req, &killed).await {
                        match v["id"].as_i64() {
                            Some(id) => t.reports.push((task, id, complete)),
                            None => {
                                t.other += 1;
                                t.first_error.get_or_insert(format!("201 without id: {v}"));
                            }
                        }
                    }
                } else {
                    // Every other task goes to the reporter's unit, to be reported on.
                    creates += 1;
                    let lead = if creates % 2 == 1 {
                        reporter_unit
                    } else {
                        units[rng.below(units.len() as u64) as usize]
                    };
                    let body = json!({
                        "title": format!("Kiểm thử độ bền: vòng {i}, người ghi {w}, nhiệm vụ {n}"),
                        "lead_unit": lead,
                        "deadline": {"type": "on_date", "date": (today + Days::new(1 + rng.below(300))).to_string()},
                    });
                    let req = http
                        .post(format!("{base}/api/v1/tasks"))
                        .bearer_auth(&token)
                        .json(&body);
                    if let Some(v) = t.send(req, &killed).await {
                        match v[0]["id"].as_i64() {
                            Some(id) => {
                                t.acked.push(id);
                                if lead == reporter_unit {
                                    to_report = Some(id);
                                }
                            }
                            None => {
                                t.other += 1;
                                t.first_error.get_or_insert(format!("201 without id: {v}"));
                            }
                        }
                    }
                }
                if killed.load(Ordering::SeqCst) {
                    break;
                }
            }
            tallies.lock().map(|mut v| v.push(t)).ok();
        }));
    }
    let mut rng = Rng::new(9_000 + i as u64);
    let wait = a.kill_after_min_ms
        + rng.below(
            a.kill_after_max_ms
                .saturating_sub(a.kill_after_min_ms)
                .max(1),
        );
    tokio::time::sleep(Duration::from_millis(wait)).await;
    killed.store(true, Ordering::SeqCst);
    server.kill9()?;
    for h in handles {
        h.await?;
    }
    let tallies = std::mem::take(&mut *tallies.lock().map_err(|_| anyhow::anyhow!("poisoned"))?);
    let mut r = Round {
        killed_after_ms: wait,
        ..Default::default()
    };
    let mut acked = Vec::new();
    let mut reports = Vec::new();
    for t in tallies {
        acked.extend(t.acked);
        reports.extend(t.reports);
        r.server_errors += t.server_errors;
        r.locked += t.locked;
        r.other_errors += t.other;
        r.cut += t.cut;
        if r.first_error.is_none() {
            r.first_error = t.first_error;
        }
    }
    r.acked = acked.len();
    r.reports_acked = reports.len();

    // The server is down: check the file.
    if let Some(file) = sqlite_file {
        let store = dondoc_store_sqlite::SqliteStore::open(&sqlite_url(file)).await?;
        r.integrity = Some(store.integrity_check().await.is_ok());
        store.pool().close().await;
    }

    // Restart and look for every acknowledged task.
    let mut server = Server::start(&a.dondoc, url, log)?;
    server.wait_ready(&http).await?;
    let base = server.base.clone();
    let token = dondoc_sign_in(&http, &base, &a.user, &a.password).await?;
    let acked = Arc::new(acked);
    let mut handles = Vec::new();
    for c in 0..8 {
        let (http, base, token, acked) = (http.clone(), base.clone(), token.clone(), acked.clone());
        handles.push(tokio::spawn(async move {
            let mut missing = 0usize;
            for id in acked.iter().skip(c).step_by(8) {
                let ok = match http
                    .get(format!("{base}/api/v1/tasks/{id}"))
                    .bearer_auth(&token)
                    .send()
                    .await
                {
                    Ok(resp) if resp.status().is_success() => resp
                        .json::<serde_json::Value>()
                        .await
                        .is_ok_and(|v| v["task"]["id"].as_i64() == Some(*id)),
                    _ => false,
                };
                if !ok {
                    missing += 1;
                }
            }
            missing
        }));
    }
    for h in handles {
        r.missing += h.await?;
    }
    // Every acknowledged report is on its task, and the task moved with it.
    for (task, report, complete) in &reports {
        let ok = match http
            .get(format!("{base}/api/v1/tasks/{task}"))
            .bearer_auth(&token)
            .send()
            .await
        {
            Ok(resp) if resp.status().is_success() => {
                resp.json::<serde_json::Value>().await.is_ok_and(|v| {
                    let filed = v["reports"]
                        .as_array()
                        .is_some_and(|rs| rs.iter().any(|x| x["id"].as_i64() == Some(*report)));
                    let status = v["task"]["status"].as_str().unwrap_or_default();
                    filed
                        && if *complete {
                            status == "completion_proposed"
                        } else {
                            status != "assigned"
                        }
                })
            }
            _ => false,
        };
        if !ok {
            r.reports_missing += 1;
        }
    }
    server.kill9()?;
    // The server's own log, for lock errors it may have logged without answering them.
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let logged_locked = text.matches("database is locked").count();
    if logged_locked > r.locked {
        r.locked = logged_locked;
    }
    Ok(r)
}
