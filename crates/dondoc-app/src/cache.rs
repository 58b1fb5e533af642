//! Read-through caches of what nearly every request reads and almost nothing changes:
//! the session behind a token (with its person and organisation) and the unit list; and
//! the tasks this process last wrote, for the progress reports that follow.
//!
//! Why: on the load benchmark (issue 9) the session read was one of the two or three
//! statements of every request, and the unit list one more on every create and list.
//! After those, a progress report still read its task before writing it: on PostgreSQL
//! a round trip of its own (with it cached, 8,000 reports from 4 clients went from
//! 2,369–3,488 to 3,217–4,312 per second, three interleaved runs each).
//!
//! How exact, for sessions and units:
//! - every change made through this [`App`](crate::App) that can alter an answer
//!   (sign-out, password change or reset, role or unit of a person, new person, new unit,
//!   unit aliases) empties both caches before it returns, so this process never serves a
//!   revoked session or an outdated person after its own change;
//! - a change made by another process (the CLI on the same SQLite file, a second server
//!   on the same PostgreSQL) is seen within [`TTL`]: no entry is used once older;
//! - a session's expiry is checked at every use against the application's clock, as the
//!   store's own query does;
//! - a unit id missing from the cached list is looked up again before it is refused
//!   (see `App::units_with`), so a unit created elsewhere is never rejected.
//!
//! How exact, for tasks: not at all, and it need not be. An entry is what a write of this
//! process stored (the store's own answer, or [`updated_task`](dondoc_store::group::updated_task)
//! of what it stored, which the conformance suite holds equal to a fresh read), but
//! another process may have changed the task since. So a cached task only ever feeds a
//! write that checks the task's version in its own transaction (a lead unit's progress
//! or completion report): if the task moved on, that write is refused and nothing is
//! stored, and the report is made again from the stored task (see
//! `App::report_progress`). Every change to a task bumps its version, so a write that
//! passes the check saw exactly the stored task. No entry expires; the map is bounded.

use dondoc_domain::{Person, Task, TaskId, Unit, UnitId};
use dondoc_store::Session;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an entry may be used: the bound on how late a change made by another
/// process is seen.
pub const TTL: Duration = Duration::from_secs(2);

/// More sessions than this and the session cache starts over (memory stays bounded).
const MAX_SESSIONS: usize = 10_000;

/// More tasks than this and the task cache starts over (about 1 KB each).
const MAX_TASKS: usize = 10_000;

/// What `Store::session_person` answered for a token hash.
pub(crate) type SessionEntry = (Session, Person, Option<UnitId>);

#[derive(Default)]
struct Inner {
    sessions: HashMap<String, (Instant, SessionEntry)>,
    units: Option<(Instant, Arc<Vec<Unit>>)>,
    tasks: HashMap<TaskId, Task>,
    /// Bumped by every [`Caches::forget`]: an answer read before a change is not stored
    /// after it.
    generation: u64,
}

/// The caches of one [`App`](crate::App) (shared by its clones).
#[derive(Default, Clone)]
pub(crate) struct Caches(Arc<Mutex<Inner>>);

impl Caches {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave a half-written map behind (every
        // change is one insert or one clear), so a poisoned lock is still usable.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The generation to pass to the `put_*` calls that follow a read.
    pub(crate) fn generation(&self) -> u64 {
        self.lock().generation
    }

    pub(crate) fn session(&self, token_hash: &str) -> Option<SessionEntry> {
        let g = self.lock();
        let (at, e) = g.sessions.get(token_hash)?;
        (at.elapsed() < TTL).then(|| e.clone())
    }

    pub(crate) fn put_session(&self, generation: u64, token_hash: &str, entry: SessionEntry) {
        let mut g = self.lock();
        if g.generation != generation {
            return;
        }
        if g.sessions.len() >= MAX_SESSIONS {
            g.sessions.clear();
        }
        g.sessions
            .insert(token_hash.to_string(), (Instant::now(), entry));
    }

    pub(crate) fn units(&self) -> Option<Arc<Vec<Unit>>> {
        let g = self.lock();
        let (at, u) = g.units.as_ref()?;
        (at.elapsed() < TTL).then(|| u.clone())
    }

    pub(crate) fn put_units(&self, generation: u64, units: Arc<Vec<Unit>>) {
        let mut g = self.lock();
        if g.generation == generation {
            g.units = Some((Instant::now(), units));
        }
    }

    /// The task as this process last wrote it, if it has it (maybe outdated: see the
    /// module's documentation for the one use this may have).
    pub(crate) fn task(&self, id: TaskId) -> Option<Task> {
        self.lock().tasks.get(&id).cloned()
    }

    /// Keeps `t`, as a write of this process stored it, unless a later version is kept
    /// already (two writes of one task may answer in either order).
    pub(crate) fn put_task(&self, t: &Task) {
        let mut g = self.lock();
        if g.tasks.get(&t.id).is_some_and(|k| k.version >= t.version) {
            return;
        }
        if g.tasks.len() >= MAX_TASKS {
            g.tasks.clear();
        }
        g.tasks.insert(t.id, t.clone());
    }

    /// Empties both caches (after any change to sessions, people or units).
    pub(crate) fn forget(&self) {
        let mut g = self.lock();
        g.sessions.clear();
        g.units = None;
        g.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use dondoc_domain::{PersonId, Position, Role};

    fn entry() -> SessionEntry {
        let s = Session {
            token_hash: "h".into(),
            person_id: PersonId::new(1),
            csrf: String::new(),
            expires_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
            api: true,
            label: String::new(),
        };
        let p = Person {
            id: PersonId::new(1),
            unit_id: UnitId::new(2),
            full_name: "Nguyễn Văn A".into(),
            position: Position::ChuyenVien,
            role: Role::Office,
            username: Some("a".into()),
            email: None,
        };
        (s, p, Some(UnitId::new(1)))
    }

    #[test]
    fn a_change_forgets_and_an_older_read_is_not_stored() {
        let c = Caches::default();
        let g = c.generation();
        c.put_session(g, "h", entry());
        assert!(c.session("h").is_some());
        c.forget();
        assert!(c.session("h").is_none());
        // Read before the change, stored after it: refused.
        c.put_session(g, "h", entry());
        assert!(c.session("h").is_none());
        c.put_units(g, Arc::new(Vec::new()));
        assert!(c.units().is_none());
        let g = c.generation();
        c.put_units(g, Arc::new(Vec::new()));
        assert!(c.units().is_some());
    }

    #[test]
    fn a_task_is_kept_at_its_latest_version() {
        let c = Caches::default();
        let t = |version: i64, progress: u8| Task {
            id: TaskId::new(7),
            org_id: UnitId::new(1),
            document_id: None,
            section: None,
            title: "Rà soát hồ sơ".into(),
            lead_unit: UnitId::new(2),
            cooperating: Vec::new(),
            assignee: None,
            parent_task: None,
            deadline: dondoc_domain::Deadline::Ongoing {
                cycle: dondoc_domain::ReportingCycle::Weekly,
            },
            due_date: None,
            assigned_on: chrono::NaiveDate::from_ymd_opt(2026, 7, 1).expect("date"),
            handed_again_on: None,
            status: dondoc_domain::TaskStatus::InProgress,
            completed_on: None,
            progress,
            urgency: dondoc_domain::Urgency::Normal,
            secret: false,
            status_reason: None,
            version,
            updated_at: Utc.with_ymd_and_hms(2026, 7, 1, 3, 0, 0).unwrap(),
        };
        assert!(c.task(TaskId::new(7)).is_none());
        c.put_task(&t(3, 30));
        // Two writes of one task answered out of order: the older does not win.
        c.put_task(&t(2, 20));
        assert_eq!(c.task(TaskId::new(7)).map(|t| t.progress), Some(30));
        c.put_task(&t(4, 40));
        assert_eq!(c.task(TaskId::new(7)).map(|t| t.version), Some(4));
        // Forgetting sessions and units leaves what tasks were written as they were.
        c.forget();
        assert!(c.task(TaskId::new(7)).is_some());
    }
}
