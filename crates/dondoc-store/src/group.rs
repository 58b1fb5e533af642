//! Group commit: concurrent writes executed in one transaction, with one commit (one
//! fsync), each acknowledged only once that commit has succeeded.
//!
//! A backend implements [`GroupBackend`] (begin, run one job, commit, roll back);
//! [`GroupCommit`] runs a writer task that takes every job waiting when it becomes free
//! (a lone write is never delayed; under sustained load it waits up to [`GATHER_WAIT`]
//! for the writers of the last round, see the writer task) and runs them in order in one
//! transaction:
//!
//! - all jobs succeed: commit; every job gets its result only after the commit returned
//!   `Ok` (a failed commit fails them all, and none was acknowledged);
//! - a job fails: the transaction is rolled back, that job gets its error, and the
//!   others are run again in a new transaction. What a failed job saw (the effects of the
//!   jobs before it) is what it would have seen run alone after them, so the outcome is
//!   the same as running the jobs one by one; a failing write never takes the others
//!   down and is never acknowledged.

use crate::{Result, StoreError, TaskMove};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use dondoc_domain::audit::NewEvent;
use dondoc_domain::progress::{NewProgressReport, ProgressReport};
use dondoc_domain::{NewTask, PersonId, ReportId, Task, TaskId, TaskStatus};
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Duration, Instant};

/// The writes both stores run through group commit: the [`GroupBackend::Job`] of each.
pub enum TaskWrite {
    InsertTasks {
        tasks: Vec<NewTask>,
        at: DateTime<Utc>,
        actor: Option<PersonId>,
    },
    UpdateTask {
        task: Task,
        event: NewEvent,
    },
    InsertReport {
        report: NewProgressReport,
        /// Boxed: two tasks would make every job as large as this one.
        moved: Option<Box<TaskMove>>,
        event: NewEvent,
    },
}

/// What a [`TaskWrite`] wrote: the [`GroupBackend::Output`] of each store.
pub enum Written {
    Tasks(Vec<Task>),
    Task(Task),
    Report(ProgressReport),
}

fn unexpected() -> StoreError {
    StoreError::Backend("group commit: unexpected answer".into())
}

impl Written {
    /// The tasks of [`TaskWrite::InsertTasks`].
    pub fn into_tasks(self) -> Result<Vec<Task>> {
        match self {
            Written::Tasks(t) => Ok(t),
            _ => Err(unexpected()),
        }
    }

    /// The task of [`TaskWrite::UpdateTask`].
    pub fn into_task(self) -> Result<Task> {
        match self {
            Written::Task(t) => Ok(t),
            _ => Err(unexpected()),
        }
    }

    /// The report of [`TaskWrite::InsertReport`].
    pub fn into_report(self) -> Result<ProgressReport> {
        match self {
            Written::Report(r) => Ok(r),
            _ => Err(unexpected()),
        }
    }
}

/// The task a store holds right after inserting `t` with id `id` at `at` (already in
/// the store's timestamp precision): what the insert's "assign" audit event describes,
/// so a store can compute the event's hash before the insert and send both at once.
pub fn stored_task(id: i64, t: &NewTask, at: DateTime<Utc>) -> Task {
    let mut cooperating = t.cooperating().to_vec();
    cooperating.sort_unstable_by_key(|u| u.get());
    Task {
        id: TaskId::new(id),
        org_id: t.org_id(),
        document_id: t.document_id(),
        section: t.section().map(str::to_string),
        title: t.title().to_string(),
        lead_unit: t.lead_unit(),
        cooperating,
        assignee: t.assignee(),
        parent_task: t.parent_task(),
        deadline: t.deadline().clone(),
        due_date: t.due_date(),
        assigned_on: t.assigned_on(),
        handed_again_on: None,
        status: TaskStatus::Assigned,
        completed_on: None,
        progress: 0,
        urgency: t.urgency(),
        secret: t.is_secret(),
        status_reason: None,
        version: 1,
        updated_at: at,
    }
}

/// The report a store holds right after inserting `r` with id `id` at `at` (already in
/// the store's timestamp precision), for the same reason as [`stored_task`].
pub fn stored_report(id: i64, r: &NewProgressReport, at: DateTime<Utc>) -> ProgressReport {
    ProgressReport {
        id: ReportId::new(id),
        task_id: r.task_id(),
        unit_id: r.unit_id(),
        author: r.author(),
        reported_on: r.reported_on(),
        percent: r.percent(),
        narrative: r.narrative().to_string(),
        obstacles: r.obstacles().to_string(),
        proposals: r.proposals().to_string(),
        evidence: r.evidence().to_vec(),
        created_at: at,
    }
}

/// The task a store holds right after the optimistic update of `task` (read at
/// `task.version`) at `at`: the version bumped, the update time set.
pub fn updated_task(task: &Task, at: DateTime<Utc>) -> Task {
    Task {
        version: task.version + 1,
        updated_at: at,
        ..task.clone()
    }
}

/// The audit events of a report inserted as `report` (the report's own, then the task
/// move's if it has one), for a store to hash and insert with the report in one go.
pub fn report_events(
    report: &ProgressReport,
    event: &NewEvent,
    moved: Option<&TaskMove>,
    at: DateTime<Utc>,
) -> Vec<NewEvent> {
    let mut ev = event.clone();
    ev.entity_id = report.id.get();
    ev.at = at;
    let mut out = vec![ev.change(None, Some(report))];
    if let Some(TaskMove {
        before,
        after,
        event: Some(e),
    }) = moved
    {
        let mut e = e.clone();
        e.at = at;
        out.push(e.change(Some(before), Some(&updated_task(after, at))));
    }
    out
}

/// What an optimistic task update does when the task's version has moved on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IfStale {
    /// It updates no row; the caller counts the rows and says why (conflict or gone).
    NoRow,
    /// It fails (it sets `version` to NULL, which the column refuses), so a message of
    /// several statements stops there, before its `COMMIT`.
    Fail,
}

/// Most jobs per transaction.
pub const MAX_BATCH: usize = 64;

/// One backend's transaction, driven by the writer task.
#[async_trait]
pub trait GroupBackend: Send + 'static {
    type Job: Send + Sync + 'static;
    type Output: Send + 'static;
    /// Opens the transaction (and takes whatever lock writers take) for `jobs`, which
    /// will then be run in this order.
    async fn begin(&mut self, jobs: &[&Self::Job]) -> Result<()>;
    /// Runs one job inside the open transaction.
    async fn run(&mut self, job: &Self::Job) -> Result<Self::Output>;
    async fn commit(&mut self) -> Result<()>;
    /// Rolls back; must leave the backend ready for the next `begin`.
    async fn rollback(&mut self);
    /// Runs the whole group (begin, every job, commit) as one message to the database,
    /// from what the backend remembers of the group before (the chain head, the next
    /// ids), which the database itself checks. The default never tries.
    async fn run_all(&mut self, _jobs: &[&Self::Job]) -> AllAtOnce<Self::Output> {
        AllAtOnce::NotTried
    }
}

/// What became of [`GroupBackend::run_all`].
pub enum AllAtOnce<O> {
    /// Not tried (nothing remembered yet, or a job it does not batch): the group runs
    /// job by job.
    NotTried,
    /// Committed: one output per job, in order.
    Committed(Vec<O>),
    /// The database refused a statement, so nothing was committed (another writer moved
    /// the chain head, a task's version moved, a constraint failed): the group runs job
    /// by job, which tells each job its own outcome.
    Refused,
    /// It is not known whether the message was committed (the connection broke while it
    /// was in flight): every job gets this error, as after a failed commit, and none is
    /// run again, since running it again could write it twice.
    Failed(StoreError),
}

type Reply<O> = oneshot::Sender<Result<O>>;

/// The handle writers submit jobs to. Dropping every handle stops the writer task.
pub struct GroupCommit<B: GroupBackend> {
    tx: mpsc::UnboundedSender<(B::Job, Reply<B::Output>)>,
}

impl<B: GroupBackend> Clone for GroupCommit<B> {
    fn clone(&self) -> Self {
        GroupCommit {
            tx: self.tx.clone(),
        }
    }
}

impl<B: GroupBackend> GroupCommit<B> {
    /// Starts the writer task on the current tokio runtime.
    pub fn spawn(backend: B) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(writer(backend, rx));
        GroupCommit { tx }
    }

    /// Runs `job` in the next group; returns once its transaction has committed (or
    /// with the job's own error, having changed nothing).
    pub async fn submit(&self, job: B::Job) -> Result<B::Output> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((job, reply))
            .map_err(|_| StoreError::Backend("group commit writer stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Backend("group commit writer stopped".into()))?
    }
}

/// The longest the writer waits for the writers of the last round (see the writer task).
/// Tokio's timer counts whole milliseconds, so a wait that runs out lasts 1–2 ms.
pub const GATHER_WAIT: Duration = Duration::from_millis(1);

/// A group whose first job arrives within this time of the last group's end belongs to
/// the same stretch of load, so the writers of the last round are expected back.
pub const STILL_BUSY: Duration = Duration::from_millis(2);

type Queue<B> =
    mpsc::UnboundedReceiver<(<B as GroupBackend>::Job, Reply<<B as GroupBackend>::Output>)>;

/// The writer task. It takes every job waiting when it becomes free; a lone write is
/// never delayed. Under sustained load it may wait, briefly, for more (as PostgreSQL's
/// `commit_delay` with `commit_siblings`, or MySQL's
/// `binlog_group_commit_sync_no_delay_count`): the writers of the last round are the
/// jobs of the last group and those that arrived while it ran. Each of them waits for
/// its own answer, so they are distinct writers, and once answered they come back.
/// Without waiting, writers that keep writing split into two cohorts that alternate:
/// one is answered while the other's group commits. Each group then carries half of
/// them, and pays a whole commit (an fsync) for it. So when the next group's first job
/// comes within [`STILL_BUSY`] of the last group's end, and fewer jobs wait than there
/// were writers in the last round, the writer waits for the rest, up to [`GATHER_WAIT`].
/// A writer alone has a round of one, so it is never waited for; when writers stop
/// coming, one wait runs out and the next round counts only those that came.
async fn writer<B: GroupBackend>(mut b: B, mut rx: Queue<B>) {
    let mut last_round = 0usize;
    let mut ended: Option<Instant> = None;
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        take_waiting::<B>(&mut rx, &mut batch);
        if ended.is_some_and(|e| e.elapsed() <= STILL_BUSY) {
            gather::<B>(&mut rx, &mut batch, last_round.min(MAX_BATCH)).await;
        }
        let jobs = batch.len();
        run_batch(&mut b, batch).await;
        last_round = jobs + rx.len();
        ended = Some(Instant::now());
    }
}

/// Moves the jobs already queued into `batch`, up to [`MAX_BATCH`].
fn take_waiting<B: GroupBackend>(rx: &mut Queue<B>, batch: &mut Vec<(B::Job, Reply<B::Output>)>) {
    while batch.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(j) => batch.push(j),
            Err(_) => break,
        }
    }
}

/// Waits until `batch` holds `want` jobs, for at most [`GATHER_WAIT`].
async fn gather<B: GroupBackend>(
    rx: &mut Queue<B>,
    batch: &mut Vec<(B::Job, Reply<B::Output>)>,
    want: usize,
) {
    if batch.len() >= want {
        return;
    }
    let t0 = Instant::now();
    let deadline = t0 + GATHER_WAIT;
    while batch.len() < want {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(j)) => {
                batch.push(j);
                take_waiting::<B>(rx, batch);
            }
            // Every sender gone: what is here still runs.
            Ok(None) => break,
            Err(_) => break,
        }
    }
    tracing::trace!(
        want,
        jobs = batch.len(),
        waited_us = t0.elapsed().as_micros() as u64,
        "group gathered"
    );
}

fn copy(e: &StoreError) -> StoreError {
    match e {
        StoreError::NotFound(w) => StoreError::NotFound(w),
        StoreError::Conflict => StoreError::Conflict,
        StoreError::Constraint(m) => StoreError::Constraint(m.clone()),
        StoreError::Corrupt(m) => StoreError::Corrupt(m.clone()),
        StoreError::Backend(m) => StoreError::Backend(m.clone()),
    }
}

async fn run_batch<B: GroupBackend>(b: &mut B, mut jobs: Vec<(B::Job, Reply<B::Output>)>) {
    // A job whose writer has gone away (request cancelled) is dropped before it runs.
    jobs.retain(|(_, r)| !r.is_closed());
    if jobs.is_empty() {
        return;
    }
    let t0 = std::time::Instant::now();
    let refs: Vec<&B::Job> = jobs.iter().map(|(j, _)| j).collect();
    let all = b.run_all(&refs).await;
    drop(refs);
    match all {
        AllAtOnce::Committed(outputs) => {
            tracing::trace!(
                jobs = jobs.len(),
                total_us = t0.elapsed().as_micros() as u64,
                "group committed at once"
            );
            for ((_, r), o) in jobs.into_iter().zip(outputs) {
                let _ = r.send(Ok(o));
            }
            return;
        }
        AllAtOnce::Failed(e) => {
            tracing::warn!(jobs = jobs.len(), error = %e, "group sent at once failed; its writes are answered with the error");
            for (_, r) in jobs {
                let _ = r.send(Err(copy(&e)));
            }
            return;
        }
        AllAtOnce::Refused => {
            tracing::trace!(
                jobs = jobs.len(),
                "group refused at once; running it job by job"
            )
        }
        AllAtOnce::NotTried => {}
    }
    while !jobs.is_empty() {
        let t0 = std::time::Instant::now();
        jobs.retain(|(_, r)| !r.is_closed());
        if jobs.is_empty() {
            return;
        }
        let refs: Vec<&B::Job> = jobs.iter().map(|(j, _)| j).collect();
        let begun = b.begin(&refs).await;
        let began = t0.elapsed();
        drop(refs);
        if let Err(e) = begun {
            b.rollback().await;
            for (_, r) in jobs {
                let _ = r.send(Err(copy(&e)));
            }
            return;
        }
        let mut outputs = Vec::with_capacity(jobs.len());
        let mut failed = None;
        for (i, (job, _)) in jobs.iter().enumerate() {
            match b.run(job).await {
                Ok(o) => outputs.push(o),
                Err(e) => {
                    failed = Some((i, e));
                    break;
                }
            }
        }
        let t1 = t0.elapsed();
        match failed {
            None => {
                let committed = b.commit().await;
                tracing::trace!(
                    jobs = jobs.len(),
                    begin_us = began.as_micros() as u64,
                    run_us = t1.as_micros() as u64,
                    total_us = t0.elapsed().as_micros() as u64,
                    ok = committed.is_ok(),
                    "group committed"
                );
                if committed.is_err() {
                    b.rollback().await;
                }
                for ((_, r), o) in jobs.into_iter().zip(outputs) {
                    let _ = r.send(match &committed {
                        Ok(()) => Ok(o),
                        Err(e) => Err(copy(e)),
                    });
                }
                return;
            }
            Some((i, e)) => {
                b.rollback().await;
                let (_, r) = jobs.remove(i);
                let _ = r.send(Err(e));
                // The rest run again, in a fresh transaction.
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A fake database: `committed` holds the values of committed transactions,
    /// `pending` those of the open one. A job of value 0 fails; `fail_commit` fails the
    /// next commit; `at_once` says what `run_all` does with the next group.
    #[derive(Default)]
    struct Fake {
        committed: Arc<Mutex<Vec<u32>>>,
        pending: Vec<u32>,
        open: bool,
        transactions: Arc<Mutex<usize>>,
        fail_commit: Arc<Mutex<bool>>,
        at_once: Arc<Mutex<Option<AtOnce>>>,
        /// Each commit takes this long (as an fsync would); the jobs of each group.
        commit_time: Duration,
        groups: Arc<Mutex<Vec<usize>>>,
    }

    #[derive(Clone, Copy)]
    enum AtOnce {
        Commit,
        Refuse,
        Fail,
    }

    #[async_trait]
    impl GroupBackend for Fake {
        type Job = u32;
        type Output = u32;
        async fn begin(&mut self, jobs: &[&u32]) -> Result<()> {
            assert!(!self.open, "a transaction was left open");
            self.open = true;
            *self.transactions.lock().unwrap() += 1;
            self.groups.lock().unwrap().push(jobs.len());
            Ok(())
        }
        async fn run(&mut self, job: &u32) -> Result<u32> {
            assert!(self.open);
            tokio::task::yield_now().await;
            if *job == 0 {
                return Err(StoreError::Conflict);
            }
            self.pending.push(*job);
            Ok(job * 10)
        }
        async fn commit(&mut self) -> Result<()> {
            if !self.commit_time.is_zero() {
                tokio::time::sleep(self.commit_time).await;
            }
            if std::mem::take(&mut *self.fail_commit.lock().unwrap()) {
                return Err(StoreError::Backend("disk full".into()));
            }
            self.committed.lock().unwrap().append(&mut self.pending);
            self.open = false;
            Ok(())
        }
        async fn rollback(&mut self) {
            self.pending.clear();
            self.open = false;
        }
        async fn run_all(&mut self, jobs: &[&u32]) -> AllAtOnce<u32> {
            assert!(!self.open, "a transaction was left open");
            match self.at_once.lock().unwrap().take() {
                None => AllAtOnce::NotTried,
                Some(AtOnce::Commit) => {
                    self.committed.lock().unwrap().extend(jobs.iter().copied());
                    AllAtOnce::Committed(jobs.iter().map(|j| *j * 10).collect())
                }
                Some(AtOnce::Refuse) => AllAtOnce::Refused,
                Some(AtOnce::Fail) => AllAtOnce::Failed(StoreError::Backend("cut".into())),
            }
        }
    }

    /// What a test sees of a fake once the writer owns it.
    struct Seen {
        committed: Arc<Mutex<Vec<u32>>>,
        transactions: Arc<Mutex<usize>>,
        at_once: Arc<Mutex<Option<AtOnce>>>,
    }

    /// A writer on a fresh fake, and what the test sees of the fake.
    fn spawn_fake() -> (GroupCommit<Fake>, Seen) {
        let fake = Fake::default();
        let seen = Seen {
            committed: fake.committed.clone(),
            transactions: fake.transactions.clone(),
            at_once: fake.at_once.clone(),
        };
        (GroupCommit::spawn(fake), seen)
    }

    #[tokio::test]
    async fn a_group_at_once_answers_each_job_without_a_transaction() {
        let (g, seen) = spawn_fake();
        *seen.at_once.lock().unwrap() = Some(AtOnce::Commit);
        assert_eq!(g.submit(4).await.unwrap(), 40);
        assert_eq!(*seen.committed.lock().unwrap(), vec![4]);
        assert_eq!(
            *seen.transactions.lock().unwrap(),
            0,
            "no job-by-job transaction"
        );
    }

    #[tokio::test]
    async fn a_refused_group_runs_again_job_by_job() {
        let (g, seen) = spawn_fake();
        *seen.at_once.lock().unwrap() = Some(AtOnce::Refuse);
        assert_eq!(g.submit(5).await.unwrap(), 50);
        assert_eq!(*seen.committed.lock().unwrap(), vec![5], "stored once");
        assert_eq!(*seen.transactions.lock().unwrap(), 1);
        // A job that fails on its own still fails alone after a refusal.
        *seen.at_once.lock().unwrap() = Some(AtOnce::Refuse);
        assert!(matches!(g.submit(0).await, Err(StoreError::Conflict)));
        assert_eq!(*seen.committed.lock().unwrap(), vec![5]);
    }

    #[tokio::test]
    async fn a_group_that_may_have_committed_is_not_run_again() {
        let (g, seen) = spawn_fake();
        *seen.at_once.lock().unwrap() = Some(AtOnce::Fail);
        assert!(matches!(g.submit(6).await, Err(StoreError::Backend(_))));
        assert!(seen.committed.lock().unwrap().is_empty());
        assert_eq!(
            *seen.transactions.lock().unwrap(),
            0,
            "not run a second time"
        );
        // The writer goes on.
        assert_eq!(g.submit(7).await.unwrap(), 70);
    }

    // Paused time: the clock moves only when every task waits for a timer, so a test sees
    // exactly the time the writer spent waiting.
    #[tokio::test(start_paused = true)]
    async fn a_lone_writer_is_never_kept_waiting() {
        let fake = Fake {
            commit_time: Duration::from_millis(5),
            ..Fake::default()
        };
        let g = GroupCommit::spawn(fake);
        let t0 = Instant::now();
        for i in 1..=20 {
            assert_eq!(g.submit(i).await.unwrap(), i * 10);
        }
        assert_eq!(t0.elapsed(), 20 * Duration::from_millis(5), "commits only");
    }

    /// Writers that keep writing: two start at once, two a moment later, while the
    /// first group commits. Without gathering they would alternate in two cohorts of
    /// two; the writer waits for the cohort it has just answered, so groups hold all
    /// four. When writers stop, a wait runs out and the rest go on.
    #[tokio::test(start_paused = true)]
    async fn writers_that_keep_writing_are_gathered_into_one_group() {
        let commit = Duration::from_millis(5);
        let fake = Fake {
            commit_time: commit,
            ..Fake::default()
        };
        let (committed, groups) = (fake.committed.clone(), fake.groups.clone());
        let g = GroupCommit::spawn(fake);
        let t0 = Instant::now();
        let mut handles = Vec::new();
        for w in 0..4u32 {
            let g = g.clone();
            handles.push(tokio::spawn(async move {
                if w >= 2 {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                let n = if w == 3 { 5 } else { 10 };
                for i in 0..n {
                    let v = 1 + w * 100 + i;
                    assert_eq!(g.submit(v).await.unwrap(), v * 10);
                }
            }));
        }
        for h in handles {
            h.await.unwrap();
        }
        assert_eq!(committed.lock().unwrap().len(), 35, "every write once");
        let groups = groups.lock().unwrap().clone();
        // {0, 1}; all four, five times; the three that are left (one wait runs out);
        // the last one alone (one more).
        assert_eq!(groups, [2, 4, 4, 4, 4, 4, 3, 3, 3, 3, 1]);
        let waits = t0.elapsed() - commit * groups.len() as u32;
        assert!(
            waits <= 2 * (GATHER_WAIT + Duration::from_millis(1)),
            "waited {waits:?} beyond the commits"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_all_acknowledged_all_present() {
        let fake = Fake::default();
        let (committed, transactions) = (fake.committed.clone(), fake.transactions.clone());
        let g = GroupCommit::spawn(fake);
        let mut handles = Vec::new();
        for i in 1..=200u32 {
            let g = g.clone();
            handles.push(tokio::spawn(async move { (i, g.submit(i).await) }));
        }
        for h in handles {
            let (i, r) = h.await.unwrap();
            assert_eq!(r.unwrap(), i * 10);
            assert!(
                committed.lock().unwrap().contains(&i),
                "acknowledged: committed"
            );
        }
        let mut all = committed.lock().unwrap().clone();
        all.sort_unstable();
        assert_eq!(all, (1..=200).collect::<Vec<_>>());
        assert!(*transactions.lock().unwrap() <= 200);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_write_fails_alone() {
        let fake = Fake::default();
        let committed = fake.committed.clone();
        let g = GroupCommit::spawn(fake);
        let mut handles = Vec::new();
        for i in 0..60u32 {
            let g = g.clone();
            // Every fifth job fails.
            let v = if i % 5 == 0 { 0 } else { i };
            handles.push(tokio::spawn(async move { (v, g.submit(v).await) }));
        }
        for h in handles {
            let (v, r) = h.await.unwrap();
            if v == 0 {
                assert!(matches!(r, Err(StoreError::Conflict)));
            } else {
                assert_eq!(r.unwrap(), v * 10);
            }
        }
        let mut all = committed.lock().unwrap().clone();
        all.sort_unstable();
        let want: Vec<u32> = (0..60).filter(|i| i % 5 != 0).collect();
        assert_eq!(all, want, "every good write once, no failed one");
    }

    #[tokio::test]
    async fn a_failed_commit_acknowledges_nothing() {
        let fake = Fake::default();
        let (committed, fail) = (fake.committed.clone(), fake.fail_commit.clone());
        let g = GroupCommit::spawn(fake);
        *fail.lock().unwrap() = true;
        assert!(matches!(g.submit(7).await, Err(StoreError::Backend(_))));
        assert!(committed.lock().unwrap().is_empty());
        // The writer goes on.
        assert_eq!(g.submit(8).await.unwrap(), 80);
        assert_eq!(*committed.lock().unwrap(), vec![8]);
    }
}
