//! dondoc's use cases.
//!
//! [`App`] holds the store, the working-day calendar and the clock; every method takes
//! the acting person ([`Actor`]), checks the permission policy, applies the domain rule,
//! and stores the change with its audit event. The web and CLI layers are thin wrappers
//! over these methods, so both obey the same rules.

mod auth;
mod cache;
pub mod demo;
mod directory;
mod documents;
pub mod edxml;
mod error;
mod intake;
mod notices;
pub use notices::REMINDER_KINDS;
mod pages_support;
pub mod reports;
mod tasks;

pub use auth::{
    API_TOKEN_ID_CHARS, ApiToken, MAX_FAILURES, MAX_FAILURES_ANY_SOURCE, SignedIn, hash_password,
    verify_password,
};
pub use documents::{AuditVerified, NewDocumentInput, notation_for};
pub use error::{AppError, AppResult};
pub use intake::{Draft, DraftAssignment, IntakeConfirm, MAX_INTAKE_CHARS};
pub use tasks::{Dashboard, TaskDetail, TaskInput};

use chrono::{DateTime, NaiveDate, Utc};
use dondoc_calendar::Calendar;
use dondoc_domain::policy::{Action, Actor, TaskScope, can};
use dondoc_domain::{Person, vn_today};
use dondoc_store::Store;
use std::sync::{Arc, Mutex};

/// Where "now" comes from. Production uses [`SystemClock`]; tests set a [`FixedClock`].
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock: the one place dondoc reads the time.
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that says what it is told.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut g) = self.0.lock() {
            *g = at;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|g| *g).unwrap_or_default()
    }
}

/// The application: cheap to clone, shared by all requests.
#[derive(Clone)]
pub struct App {
    store: Arc<dyn Store>,
    calendar: Arc<Calendar>,
    clock: Arc<dyn Clock>,
    /// Sessions and units, see [`cache`] for how exact they are.
    caches: cache::Caches,
}

impl App {
    pub fn new(store: Arc<dyn Store>, calendar: Calendar, clock: Arc<dyn Clock>) -> Self {
        App {
            store,
            calendar: Arc::new(calendar),
            clock,
            caches: cache::Caches::default(),
        }
    }
    /// An app over the same store and calendar on another clock, with caches of its own
    /// (the demo seeds its weeks of history through one).
    pub fn with_clock(&self, clock: Arc<dyn Clock>) -> App {
        App {
            store: self.store.clone(),
            calendar: self.calendar.clone(),
            clock,
            caches: cache::Caches::default(),
        }
    }
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
    /// Today's date in Vietnam.
    pub fn today(&self) -> NaiveDate {
        vn_today(self.clock.now())
    }

    /// The actor for a stored person (their authority found through the unit tree).
    pub async fn actor_for(&self, person: &Person) -> AppResult<Actor> {
        Ok(actor_of(person, &self.units_shared().await?))
    }

    /// Checks an action that concerns no particular task.
    pub fn check_action(&self, actor: &Actor, action: Action) -> AppResult<()> {
        self.check(actor, action, None)
    }

    pub(crate) fn check(
        &self,
        actor: &Actor,
        action: Action,
        task: Option<TaskScope<'_>>,
    ) -> AppResult<()> {
        if can(actor, action, task) {
            Ok(())
        } else {
            tracing::debug!(person = %actor.person_id, ?action, "forbidden");
            Err(AppError::Forbidden(action))
        }
    }
}

/// The actor for `person` among `units` (their authority found through the unit tree).
pub(crate) fn actor_of(person: &Person, units: &[dondoc_domain::Unit]) -> Actor {
    Actor {
        person_id: person.id,
        role: person.role,
        unit_id: person.unit_id,
        org_id: dondoc_domain::unit::authority_of(person.unit_id, units).unwrap_or(person.unit_id),
    }
}
