//! Task rows as this store last read them, each good for one version of its task.
//!
//! Why: a list page (the unit inbox, a page of 100) spent most of its time in SQLite
//! building every row's JSON and in this process parsing it back, for rows that had
//! not changed since the page was last shown. Now the database still chooses the page
//! on every request (which tasks, in what order, how many in all), but answers only
//! each row's id and version; a row read before at that version is taken from here, and
//! only the others are read (and remembered). Measured in BENCHMARKS.md §1 and §3.
//!
//! Why this is exact, not merely fresh enough: a task row read at `(id, version)` is the
//! same row for as long as the version stays, in this process or any other:
//! - every update of a task row increases its version (the store's writes do; migration
//!   0010 makes the database refuse any update that does not);
//! - a task's co-operating units are written once, with the task;
//! - tasks are never deleted, so an id is never reused.
//!
//! The map is bounded and starts over when full, as the application's caches do.

use dondoc_domain::Task;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// More rows than this and the map starts over (about 1 KB each).
const MAX_ROWS: usize = 20_000;

/// Shared by the clones of one store.
#[derive(Default, Clone)]
pub(crate) struct KnownTasks(Arc<Inner>);

#[derive(Default)]
struct Inner {
    rows: Mutex<HashMap<i64, Arc<Task>>>,
    /// Whether most rows of the last page were known: then the next page is chosen by
    /// keys first ([`KnownTasks::keys_first`]).
    mostly_known: AtomicBool,
}

impl KnownTasks {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Task>>> {
        // Every change under the lock is one insert or one clear: a panic elsewhere
        // cannot leave the map half-written.
        self.0.rows.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether to read the next page by keys first. Keys first costs a second statement
    /// when rows are missing: at a million tasks, pages of 50 on random filters (few
    /// rows known) took 1.44–1.56 ms at p50 that way against 1.09 ms in one statement,
    /// while pages shown again (every row known) gain about half of their time. So the
    /// store follows the last page: keys first after a page whose rows were mostly known,
    /// the whole page in one statement after one whose rows mostly were not. Either way
    /// the answer is the same; only its cost differs.
    pub(crate) fn keys_first(&self) -> bool {
        self.0.mostly_known.load(Ordering::Relaxed)
    }

    /// Records how many of a page's rows were known (for [`Self::keys_first`]).
    pub(crate) fn note(&self, known: usize, rows: usize) {
        self.0
            .mostly_known
            .store(known * 2 >= rows, Ordering::Relaxed);
    }

    /// Of `tasks` just read whole, remembers those not yet known at their version and
    /// notes how many were.
    pub(crate) fn remember_page(&self, tasks: &[Task]) {
        let keys: Vec<(i64, i64)> = tasks.iter().map(|t| (t.id.get(), t.version)).collect();
        let found = self.get(&keys);
        let known = found.iter().filter(|t| t.is_some()).count();
        self.note(known, tasks.len());
        self.remember(
            tasks
                .iter()
                .zip(&found)
                .filter(|(_, f)| f.is_none())
                .map(|(t, _)| Arc::new(t.clone())),
        );
    }

    /// For each of `keys` (id, version), in that order, the row if it is known at that
    /// version.
    pub(crate) fn get(&self, keys: &[(i64, i64)]) -> Vec<Option<Arc<Task>>> {
        let map = self.lock();
        keys.iter()
            .map(|(id, version)| map.get(id).filter(|t| t.version == *version).cloned())
            .collect()
    }

    /// Remembers rows just read from the database.
    pub(crate) fn remember(&self, tasks: impl IntoIterator<Item = Arc<Task>>) {
        let tasks: Vec<Arc<Task>> = tasks.into_iter().collect();
        let mut map = self.lock();
        if map.len() + tasks.len() > MAX_ROWS {
            map.clear();
        }
        for t in tasks {
            map.insert(t.id.get(), t);
        }
    }
}

/// Parses the keys answer: `id:version` pairs separated by commas (`None` if any is not).
pub(crate) fn parse_keys(s: &str) -> Option<Vec<(i64, i64)>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split(',')
        .map(|pair| {
            let (id, version) = pair.split_once(':')?;
            Some((id.parse().ok()?, version.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use dondoc_domain::{Deadline, TaskId, TaskStatus, UnitId, Urgency};

    fn task(id: i64, version: i64) -> Arc<Task> {
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        Arc::new(Task {
            id: TaskId::new(id),
            org_id: UnitId::new(1),
            document_id: None,
            section: None,
            title: "Rà soát hồ sơ".into(),
            lead_unit: UnitId::new(2),
            cooperating: vec![UnitId::new(3)],
            assignee: None,
            parent_task: None,
            deadline: Deadline::OnDate { date: day },
            due_date: Some(day),
            assigned_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            handed_again_on: None,
            status: TaskStatus::Assigned,
            completed_on: None,
            progress: 0,
            urgency: Urgency::Normal,
            secret: false,
            status_reason: None,
            version,
            updated_at: Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap(),
        })
    }

    #[test]
    fn a_row_is_good_for_its_version_only() {
        let k = KnownTasks::default();
        k.remember([task(1, 1), task(2, 3)]);
        let got: Vec<Option<(i64, i64)>> = k
            .get(&[(2, 3), (1, 1), (1, 2), (3, 1)])
            .iter()
            .map(|t| t.as_ref().map(|t| (t.id.get(), t.version)))
            .collect();
        assert_eq!(got, [Some((2, 3)), Some((1, 1)), None, None]);
        k.remember([task(1, 2)]);
        assert!(
            k.get(&[(1, 1)])[0].is_none(),
            "the older version is forgotten"
        );
        assert!(k.get(&[(1, 2)])[0].is_some());
        assert!(k.get(&[]).is_empty());
    }

    #[test]
    fn keys_first_follows_the_last_page() {
        let k = KnownTasks::default();
        assert!(!k.keys_first(), "nothing known yet: the whole page");
        let page: Vec<Task> = (1..=4).map(|i| Task::clone(&task(i, 1))).collect();
        k.remember_page(&page);
        assert!(!k.keys_first(), "none of it was known");
        assert!(k.get(&[(1, 1), (4, 1)]).iter().all(Option::is_some));
        k.remember_page(&page);
        assert!(k.keys_first(), "all of it was known");
        k.note(1, 4);
        assert!(!k.keys_first());
        k.note(2, 4);
        assert!(k.keys_first());
    }

    #[test]
    fn the_map_starts_over_when_full() {
        let k = KnownTasks::default();
        k.remember((0..MAX_ROWS as i64).map(|i| task(i, 1)));
        assert!(k.get(&[(0, 1)])[0].is_some());
        k.remember([task(-1, 1)]);
        assert!(k.get(&[(0, 1)])[0].is_none());
        assert!(k.get(&[(-1, 1)])[0].is_some());
    }

    #[test]
    fn keys_parse_or_refuse() {
        assert_eq!(parse_keys("").unwrap(), []);
        assert_eq!(parse_keys("7:1,12:30").unwrap(), [(7, 1), (12, 30)]);
        assert!(parse_keys("7:1,12").is_none());
        assert!(parse_keys("7:x").is_none());
        assert!(parse_keys("7:1,").is_none());
    }
}
