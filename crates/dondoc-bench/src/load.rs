//! `dondoc-bench load`: the issue-9 workload over HTTP, against dondoc's JSON API or the
//! equivalent Redmine REST calls. Every phase is bounded (a count or a duration), so the
//! tool always stops by itself, and only loopback addresses are accepted as targets.

use crate::stats::{CpuTimes, Rng, Samples, busy_percent, cpu_times, load_average, ms};
use anyhow::{Context, Result, bail};
use chrono::{Days, NaiveDate, Utc};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    Dondoc,
    Redmine,
}

#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// Base URL of the server, e.g. http://127.0.0.1:8080 (loopback only).
    #[arg(long)]
    pub url: String,
    #[arg(long, value_enum, default_value = "dondoc")]
    pub target: Target,
    /// dondoc: an Office account (may assign). Redmine: an administrator.
    #[arg(long)]
    pub user: String,
    #[arg(long)]
    pub password: String,
    /// dondoc: password of the unit heads who report (default: --password, as in the demo).
    #[arg(long)]
    pub unit_password: Option<String>,
    /// Tasks to create.
    #[arg(long, default_value_t = 2000)]
    pub creates: usize,
    /// Progress updates; a quarter of them also complete the task.
    #[arg(long, default_value_t = 500)]
    pub updates: usize,
    /// Concurrent clients of every phase.
    #[arg(long, default_value_t = 4)]
    pub clients: usize,
    /// Duration of each read phase (list, statistics), seconds.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Redmine: the project (id or identifier).
    #[arg(long, default_value = "dondoc-bench")]
    pub project: String,
    /// Redmine: the status id that completes an issue (Resolved is 3 in the default data).
    #[arg(long, default_value_t = 3)]
    pub done_status: u64,
    /// Print the results also as one JSON line (for scripts).
    #[arg(long)]
    pub json: bool,
}

/// One phase's outcome.
#[derive(Debug, Default, serde::Serialize)]
pub struct PhaseResult {
    pub name: String,
    pub ops: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: usize,
    /// Of the errors: HTTP 5xx answers.
    pub server_errors: usize,
    /// Of the errors: answers mentioning "database is locked".
    pub locked: usize,
    pub load: String,
    /// The share of the machine's processor time that was busy during the phase, in per
    /// cent (server, database and this tool together); `None` without `/proc/stat`.
    /// `/proc/stat` counts in ticks of 10 ms per processor, so over a phase of a fraction
    /// of a second the figure is coarse.
    pub cpu_busy_pct: Option<f64>,
    #[serde(skip)]
    pub first_error: Option<String>,
}

/// When a phase began, for its [`PhaseResult`].
#[derive(Debug, Clone, Copy)]
struct PhaseStart {
    at: Instant,
    cpu: Option<CpuTimes>,
}

impl PhaseStart {
    fn now() -> Self {
        PhaseStart {
            at: Instant::now(),
            cpu: cpu_times(),
        }
    }
}

/// Why a request failed, for the tallies.
#[derive(Debug)]
pub struct OpError {
    pub status: Option<u16>,
    pub message: String,
}

impl OpError {
    fn locked(&self) -> bool {
        self.message.contains("database is locked")
            || self.message.contains("SQLite3::BusyException")
    }
}

impl From<reqwest::Error> for OpError {
    fn from(e: reqwest::Error) -> Self {
        OpError {
            status: e.status().map(|s| s.as_u16()),
            message: e.to_string(),
        }
    }
}

/// Accepts only loopback URLs: this tool must never load someone else's server.
pub fn loopback_base(url: &str) -> Result<String> {
    let u = reqwest::Url::parse(url).with_context(|| format!("URL {url}"))?;
    let host = u.host_str().unwrap_or("");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let ok = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !ok {
        bail!("only loopback targets are allowed (127.0.0.1, ::1, localhost), not {url}");
    }
    if u.scheme() != "http" {
        bail!("plain http only (loopback)");
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// A created task and who may report on it.
#[derive(Debug, Clone)]
pub struct Created {
    pub id: i64,
    /// Index into the unit list of the session.
    pub unit: usize,
}

/// The ids of `GET /api/v1/units` that are `org` or lie under it: the units an actor of
/// `org` may give work to.
pub(crate) fn units_within(
    units: &serde_json::Value,
    org: i64,
) -> Result<std::collections::HashSet<i64>> {
    let parents: std::collections::HashMap<i64, Option<i64>> = units
        .as_array()
        .context("units: not an array")?
        .iter()
        .filter_map(|u| Some((u["id"].as_i64()?, u["parent_id"].as_i64())))
        .collect();
    Ok(parents
        .keys()
        .copied()
        .filter(|&id| {
            let mut unit = id;
            for _ in 0..64 {
                if unit == org {
                    return true;
                }
                match parents.get(&unit).copied().flatten() {
                    Some(p) => unit = p,
                    None => return false,
                }
            }
            false
        })
        .collect())
}

/// The signed-in sessions and the units (dondoc) or assignees (Redmine) to spread work over.
pub struct Session {
    http: reqwest::Client,
    base: String,
    target: Target,
    /// dondoc: the Office's bearer token. Redmine: unused (basic auth).
    token: String,
    user: String,
    password: String,
    /// dondoc: (unit id, unit head's token). Redmine: (user id, "").
    units: Vec<(i64, String)>,
    project: String,
    done_status: u64,
    today: NaiveDate,
}

pub fn http_client() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(16)
        .build()?)
}

async fn check(resp: reqwest::Response) -> Result<Value, OpError> {
    check_as(resp)
        .await
        .map(|v: Option<Value>| v.unwrap_or(Value::Null))
}

/// Checks the status and reads the answer as `T` (`None` for an empty body). The list
/// and statistics phases read only what they count ([`ListAnswer`]): the answer is
/// still checked to be well-formed JSON, but the tool does not build a tree of every
/// 64 KB page, which would make the client, on the same two cores, part of what is
/// measured.
async fn check_as<T: serde::de::DeserializeOwned>(
    resp: reqwest::Response,
) -> Result<Option<T>, OpError> {
    let status = resp.status();
    let bytes = resp.bytes().await?;
    if !status.is_success() {
        return Err(OpError {
            status: Some(status.as_u16()),
            message: String::from_utf8_lossy(&bytes).chars().take(300).collect(),
        });
    }
    if bytes.is_empty() {
        return Ok(None);
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| OpError {
            status: Some(status.as_u16()),
            message: format!("not JSON: {e}"),
        })
}

/// A created dondoc task or Redmine issue: only its id is read.
#[derive(serde::Deserialize)]
struct IdOnly {
    id: i64,
}

/// Redmine's answer to a created issue.
#[derive(serde::Deserialize)]
struct IssueAnswer {
    issue: IdOnly,
}

/// A list answer: dondoc's `items` or Redmine's `issues`, each element skipped unread.
#[derive(serde::Deserialize)]
struct ListAnswer {
    #[serde(default)]
    items: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    issues: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    total: Option<u64>,
    #[serde(default)]
    total_count: Option<u64>,
}

fn no_answer() -> OpError {
    OpError {
        status: None,
        message: "empty answer".into(),
    }
}

/// Signs in to dondoc; returns the bearer token.
pub async fn dondoc_sign_in(
    http: &reqwest::Client,
    base: &str,
    user: &str,
    password: &str,
) -> Result<String> {
    let v = check(
        http.post(format!("{base}/api/v1/session"))
            .json(&json!({"username": user, "password": password}))
            .send()
            .await
            .map_err(OpError::from)
            .map_err(|e| anyhow::anyhow!("sign-in {user}: {}", e.message))?,
    )
    .await
    .map_err(|e| anyhow::anyhow!("sign-in {user}: {:?} {}", e.status, e.message))?;
    v["token"]
        .as_str()
        .map(str::to_string)
        .context("no token in the sign-in answer")
}

impl Session {
    pub async fn open(a: &LoadArgs) -> Result<Session> {
        let base = loopback_base(&a.url)?;
        let http = http_client()?;
        let mut s = Session {
            http,
            base,
            target: a.target,
            token: String::new(),
            user: a.user.clone(),
            password: a.password.clone(),
            units: Vec::new(),
            project: a.project.clone(),
            done_status: a.done_status,
            today: Utc::now().date_naive(),
        };
        match a.target {
            Target::Dondoc => {
                s.token = dondoc_sign_in(&s.http, &s.base, &a.user, &a.password).await?;
                let people = check(
                    s.get("/api/v1/people")
                        .send()
                        .await
                        .map_err(OpError::from)
                        .map_err(|e| anyhow::anyhow!(e.message))?,
                )
                .await
                .map_err(|e| anyhow::anyhow!("GET /api/v1/people: {:?} {}", e.status, e.message))?;
                // The units the signed-in Office may give work to: its organisation and
                // the levels below it (dondoc refuses the others, e.g. the city's).
                let get_json = |path: &'static str| {
                    let req = s.get(path);
                    async move {
                        check(
                            req.send()
                                .await
                                .map_err(OpError::from)
                                .map_err(|e| anyhow::anyhow!(e.message))?,
                        )
                        .await
                        .map_err(|e| anyhow::anyhow!("GET {path}: {:?} {}", e.status, e.message))
                    }
                };
                let org = get_json("/api/v1/me").await?["actor"]["org_id"]
                    .as_i64()
                    .context("/api/v1/me: no actor.org_id")?;
                let ours = units_within(&get_json("/api/v1/units").await?, org)?;
                let pw = a.unit_password.as_deref().unwrap_or(&a.password);
                for p in people.as_array().context("people: not an array")? {
                    if p["role"] != "unit_head" {
                        continue;
                    }
                    let (Some(user), Some(unit)) = (p["username"].as_str(), p["unit_id"].as_i64())
                    else {
                        continue;
                    };
                    if !ours.contains(&unit) {
                        continue;
                    }
                    if s.units.iter().any(|(u, _)| *u == unit) {
                        continue;
                    }
                    match dondoc_sign_in(&s.http, &s.base, user, pw).await {
                        Ok(t) => s.units.push((unit, t)),
                        Err(e) => eprintln!("skipping unit {unit}: {e}"),
                    }
                }
            }
            Target::Redmine => {
                let users = check(
                    s.get("/users.json?status=1&limit=100")
                        .send()
                        .await
                        .map_err(|e| anyhow::anyhow!(e.to_string()))?,
                )
                .await
                .map_err(|e| anyhow::anyhow!("GET /users.json: {:?} {}", e.status, e.message))?;
                for u in users["users"].as_array().context("users: not an array")? {
                    if u["login"] == a.user.as_str() {
                        continue;
                    }
                    if let Some(id) = u["id"].as_i64() {
                        s.units.push((id, String::new()));
                    }
                }
            }
        }
        if s.units.is_empty() {
            bail!("no unit heads (dondoc) or users (Redmine) to assign to");
        }
        Ok(s)
    }

    pub fn units(&self) -> usize {
        self.units.len()
    }

    fn auth(
        &self,
        r: reqwest::RequestBuilder,
        unit_token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        match self.target {
            Target::Dondoc => r.bearer_auth(unit_token.unwrap_or(&self.token)),
            Target::Redmine => r.basic_auth(&self.user, Some(&self.password)),
        }
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.auth(self.http.get(format!("{}{path}", self.base)), None)
    }

    /// Creates one task (issue) for unit `unit`, due `days` from today.
    pub async fn create(&self, n: usize, unit: usize, days: u64) -> Result<Created, OpError> {
        let due = self.today + Days::new(days);
        let title = format!("Nhiệm vụ kiểm thử tải số {n}: rà soát hồ sơ và báo cáo kết quả");
        let (uid, _) = &self.units[unit];
        let id = match self.target {
            Target::Dondoc => {
                let body = json!({
                    "title": title,
                    "lead_unit": uid,
                    "deadline": {"type": "on_date", "date": due.to_string()},
                });
                let r = self
                    .auth(self.http.post(format!("{}/api/v1/tasks", self.base)), None)
                    .json(&body)
                    .send()
                    .await?;
                // Only the id is read from the created tasks (the rest is skipped).
                let v: Option<Vec<IdOnly>> = check_as(r).await?;
                v.and_then(|v| v.first().map(|t| t.id))
            }
            Target::Redmine => {
                let body = json!({"issue": {
                    "project_id": self.project,
                    "subject": title,
                    "assigned_to_id": uid,
                    "due_date": due.to_string(),
                }});
                let r = self
                    .auth(self.http.post(format!("{}/issues.json", self.base)), None)
                    .json(&body)
                    .send()
                    .await?;
                let v: Option<IssueAnswer> = check_as(r).await?;
                v.map(|v| v.issue.id)
            }
        };
        id.map(|id| Created { id, unit }).ok_or_else(|| OpError {
            status: None,
            message: "no id in the answer".into(),
        })
    }

    /// A progress update; with `complete` the task is also declared done (dondoc: a
    /// completion report, `propose_completion` in the same request; Redmine: status and
    /// 100% in the same PUT). Returns the number of HTTP requests made.
    pub async fn update(&self, t: &Created, complete: bool) -> Result<usize, OpError> {
        let (_, unit_token) = &self.units[t.unit];
        match self.target {
            Target::Dondoc => {
                let body = if complete {
                    json!({"percent": 100, "narrative": "Đã hoàn thành.", "propose_completion": true})
                } else {
                    json!({"percent": 50, "narrative": "Đã triển khai, đang tổng hợp kết quả."})
                };
                let r = self
                    .auth(
                        self.http
                            .post(format!("{}/api/v1/tasks/{}/reports", self.base, t.id)),
                        Some(unit_token),
                    )
                    .json(&body)
                    .send()
                    .await?;
                check_as::<serde::de::IgnoredAny>(r).await?;
                Ok(1)
            }
            Target::Redmine => {
                let issue = if complete {
                    json!({"notes": "Đã hoàn thành.", "done_ratio": 100, "status_id": self.done_status})
                } else {
                    json!({"notes": "Đã triển khai, đang tổng hợp kết quả.", "done_ratio": 50})
                };
                let r = self
                    .auth(
                        self.http.put(format!("{}/issues/{}.json", self.base, t.id)),
                        None,
                    )
                    .json(&json!({"issue": issue}))
                    .send()
                    .await?;
                check_as::<serde::de::IgnoredAny>(r).await?;
                Ok(1)
            }
        }
    }

    /// Whether the server really completed `t` (a server that ignored the completion
    /// would make the update phase look cheaper than it is): dondoc's status
    /// "completion_proposed", Redmine's `done_status`.
    pub async fn completed(&self, t: &Created) -> Result<bool, OpError> {
        #[derive(serde::Deserialize)]
        struct Status {
            status: serde_json::Value,
        }
        #[derive(serde::Deserialize)]
        struct Detail {
            #[serde(alias = "issue")]
            task: Status,
        }
        let path = match self.target {
            Target::Dondoc => format!("/api/v1/tasks/{}", t.id),
            Target::Redmine => format!("/issues/{}.json", t.id),
        };
        let d = check_as::<Detail>(self.get(&path).send().await?)
            .await?
            .ok_or_else(|| OpError {
                status: None,
                message: "empty answer".into(),
            })?;
        Ok(match self.target {
            Target::Dondoc => d.task.status == "completion_proposed",
            Target::Redmine => d.task.status["id"].as_u64() == Some(self.done_status),
        })
    }

    /// The open tasks of one unit, a page of 100.
    pub async fn list(&self, unit: usize) -> Result<usize, OpError> {
        let (uid, _) = &self.units[unit];
        let path = match self.target {
            Target::Dondoc => format!(
                "/api/v1/tasks?involving={uid}&status=assigned,received,in_progress&page=1&per_page=100"
            ),
            Target::Redmine => format!(
                "/issues.json?project_id={}&assigned_to_id={uid}&status_id=open&limit=100",
                self.project
            ),
        };
        let v: ListAnswer = check_as(self.get(&path).send().await?)
            .await?
            .ok_or_else(no_answer)?;
        Ok(match self.target {
            Target::Dondoc => v.items.len(),
            Target::Redmine => v.issues.len(),
        })
    }

    /// The statistics. dondoc: GET /api/v1/stats (four buckets in one answer). Redmine has
    /// no such endpoint; its nearest equivalent is two counts (open; open and past due),
    /// `limit=1` so only `total_count` matters — two requests, timed as one operation.
    pub async fn stats(&self) -> Result<u64, OpError> {
        match self.target {
            Target::Dondoc => {
                let v: ListAnswer = check_as(self.get("/api/v1/stats").send().await?)
                    .await?
                    .ok_or_else(no_answer)?;
                Ok(v.total.unwrap_or(0))
            }
            Target::Redmine => {
                let p = &self.project;
                let mut total = 0;
                for path in [
                    format!("/issues.json?project_id={p}&status_id=open&limit=1"),
                    format!(
                        "/issues.json?project_id={p}&status_id=open&due_date=%3C%3D{}&limit=1",
                        self.today
                    ),
                ] {
                    let v: ListAnswer = check_as(self.get(&path).send().await?)
                        .await?
                        .ok_or_else(no_answer)?;
                    total += v.total_count.unwrap_or(0);
                }
                Ok(total)
            }
        }
    }
}

/// Tallies errors of one phase.
#[derive(Default)]
struct Tally {
    samples: Samples,
    errors: usize,
    server_errors: usize,
    locked: usize,
    first_error: Option<String>,
}

impl Tally {
    fn error(&mut self, e: &OpError) {
        self.errors += 1;
        if e.status.is_some_and(|s| s >= 500) {
            self.server_errors += 1;
        }
        if e.locked() {
            self.locked += 1;
        }
        if self.first_error.is_none() {
            self.first_error = Some(format!("{:?}: {}", e.status, e.message));
        }
    }
    fn merge(&mut self, o: Tally) {
        self.samples.extend(o.samples);
        self.errors += o.errors;
        self.server_errors += o.server_errors;
        self.locked += o.locked;
        if self.first_error.is_none() {
            self.first_error = o.first_error;
        }
    }
    fn result(self, name: &str, ops: usize, start: PhaseStart) -> PhaseResult {
        let elapsed = start.at.elapsed();
        let cpu_busy_pct = match (start.cpu, cpu_times()) {
            (Some(a), Some(b)) => busy_percent(a, b),
            _ => None,
        };
        PhaseResult {
            name: name.into(),
            ops,
            seconds: elapsed.as_secs_f64(),
            per_second: ops as f64 / elapsed.as_secs_f64().max(1e-9),
            p50_ms: self.samples.percentile(50.0).as_secs_f64() * 1000.0,
            p99_ms: self.samples.percentile(99.0).as_secs_f64() * 1000.0,
            errors: self.errors,
            server_errors: self.server_errors,
            locked: self.locked,
            load: load_average(),
            cpu_busy_pct,
            first_error: self.first_error,
        }
    }
}

pub fn print(r: &PhaseResult) {
    println!(
        "{:<28} {:>6} ops {:>7.2} s {:>8.1} /s  p50 {:>8} ms  p99 {:>8} ms  errors {} (5xx {}, locked {})  [load {}{}]",
        r.name,
        r.ops,
        r.seconds,
        r.per_second,
        ms(Duration::from_secs_f64(r.p50_ms / 1000.0)),
        ms(Duration::from_secs_f64(r.p99_ms / 1000.0)),
        r.errors,
        r.server_errors,
        r.locked,
        r.load,
        r.cpu_busy_pct
            .map(|p| format!(", cpu {p:.0} % busy"))
            .unwrap_or_default()
    );
    if let Some(e) = &r.first_error {
        println!("{:<28} first error: {e}", "");
    }
}

pub async fn run(a: LoadArgs) -> Result<()> {
    let s = Arc::new(Session::open(&a).await?);
    println!(
        "# dondoc-bench load: {:?} at {}, {} units/assignees, {} clients [load {}]",
        a.target,
        s.base,
        s.units(),
        a.clients,
        load_average()
    );
    let results = workload(&s, &a).await?;
    for r in &results {
        print(r);
    }
    if a.json {
        println!("{}", serde_json::to_string(&results)?);
    }
    Ok(())
}

/// The four phases in order.
pub async fn workload(s: &Arc<Session>, a: &LoadArgs) -> Result<Vec<PhaseResult>> {
    let clients = a.clients.max(1);
    let mut results = Vec::new();

    // 1. Creates, spread over the units, due in 1..365 days.
    let next = Arc::new(AtomicUsize::new(0));
    let start = PhaseStart::now();
    let mut handles = Vec::new();
    for c in 0..clients {
        let (s, next, n) = (s.clone(), next.clone(), a.creates);
        handles.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut created = Vec::new();
            let mut rng = Rng::new(100 + c as u64);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let unit = rng.below(s.units() as u64) as usize;
                let t = Instant::now();
                match s.create(i, unit, 1 + rng.below(365)).await {
                    Ok(c) => {
                        tally.samples.push(t.elapsed());
                        created.push(c);
                    }
                    Err(e) => tally.error(&e),
                }
            }
            (tally, created)
        }));
    }
    let mut tally = Tally::default();
    let mut created = Vec::new();
    for h in handles {
        let (t, c) = h.await?;
        tally.merge(t);
        created.extend(c);
    }
    results.push(tally.result("create task", a.creates, start));

    // 2. Progress updates on distinct tasks; every fourth also completes its task.
    created.sort_by_key(|c| c.id);
    let targets: Arc<Vec<Created>> = Arc::new(created.into_iter().take(a.updates).collect());
    let next = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let start = PhaseStart::now();
    let mut handles = Vec::new();
    for _ in 0..clients {
        let (s, next, targets, requests) =
            (s.clone(), next.clone(), targets.clone(), requests.clone());
        handles.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(t) = targets.get(i) else { break };
                let start = Instant::now();
                match s.update(t, i % 4 == 3).await {
                    Ok(n) => {
                        tally.samples.push(start.elapsed());
                        requests.fetch_add(n, Ordering::Relaxed);
                    }
                    Err(e) => tally.error(&e),
                }
            }
            tally
        }));
    }
    let mut tally = Tally::default();
    for h in handles {
        tally.merge(h.await?);
    }
    let mut r = tally.result("progress update", targets.len(), start);
    r.name = format!("progress update ({} req)", requests.load(Ordering::Relaxed));
    results.push(r);
    // Every fourth update completed its task: check that the server did complete them
    // (one of the first ten, so one failed request does not stop the run).
    let mut checked = false;
    for t in targets.iter().skip(3).step_by(4).take(10) {
        if s.completed(t).await.unwrap_or(false) {
            checked = true;
            break;
        }
    }
    if !checked && targets.len() > 3 {
        bail!("the updates that complete a task did not complete it on the server");
    }

    // 3 and 4. Timed read phases.
    let dur = Duration::from_secs(a.seconds);
    results.push(
        timed(
            s,
            clients,
            dur,
            "list open of a unit",
            |s, mut rng| async move {
                let unit = rng.below(s.units() as u64) as usize;
                s.list(unit).await.map(|_| ())
            },
        )
        .await?,
    );
    results.push(
        timed(s, clients, dur, "statistics", |s, _| async move {
            s.stats().await.map(|_| ())
        })
        .await?,
    );
    Ok(results)
}

async fn timed<F, Fut>(
    s: &Arc<Session>,
    clients: usize,
    dur: Duration,
    name: &str,
    op: F,
) -> Result<PhaseResult>
where
    F: Fn(Arc<Session>, Rng) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = Result<(), OpError>> + Send,
{
    let start = PhaseStart::now();
    let t0 = start.at;
    let mut handles = Vec::new();
    for c in 0..clients {
        let (s, op) = (s.clone(), op.clone());
        handles.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let mut rng = Rng::new(500 + c as u64);
            let mut ops = 0usize;
            while t0.elapsed() < dur {
                let start = Instant::now();
                // A fresh generator per call keeps `op` simple; seeded from ours.
                let r = op(s.clone(), Rng::new(rng.next_u64())).await;
                match r {
                    Ok(()) => tally.samples.push(start.elapsed()),
                    Err(e) => tally.error(&e),
                }
                ops += 1;
            }
            (tally, ops)
        }));
    }
    let mut tally = Tally::default();
    let mut ops = 0;
    for h in handles {
        let (t, n) = h.await?;
        tally.merge(t);
        ops += n;
    }
    Ok(tally.result(name, ops, start))
}
