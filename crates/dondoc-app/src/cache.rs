//! Read-through caches of what nearly every request reads and almost nothing changes:
//! the session behind a token (with its person and organisation) and the unit list.
//!
//! Why: on the load benchmark (issue 9) the session read was one of the two or three
//! statements of every request, and the unit list one more on every create and list.
//!
//! How exact:
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

use dondoc_domain::{Person, Unit, UnitId};
use dondoc_store::Session;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an entry may be used: the bound on how late a change made by another
/// process is seen.
pub const TTL: Duration = Duration::from_secs(2);

/// More sessions than this and the session cache starts over (memory stays bounded).
const MAX_SESSIONS: usize = 10_000;

/// What `Store::session_person` answered for a token hash.
pub(crate) type SessionEntry = (Session, Person, Option<UnitId>);

#[derive(Default)]
struct Inner {
    sessions: HashMap<String, (Instant, SessionEntry)>,
    units: Option<(Instant, Arc<Vec<Unit>>)>,
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
}
