//! In-app notices of the workflow: who must act next hears of it (the staff member a
//! task is handed to, the Office when an extension is asked or a task returned, the
//! requester when it is decided, the lead unit when a leader gives direction).
//!
//! A notice follows a step that is already stored: failing to record it is logged and
//! does not undo or fail the step. Each notice has an idempotency key (the step's kind
//! and the record it is about), so a step is never announced twice.

use crate::App;
use dondoc_domain::{PersonId, Role, Task, UnitId};
use dondoc_store::NewNotification;

/// Who is told.
pub(crate) enum To {
    /// One person.
    Person(PersonId),
    /// The heads of a unit (its people if it has no head).
    UnitHeads(UnitId),
    /// The Office of an organisation (those with the Office role).
    Office(UnitId),
}

impl App {
    /// Records the notice `kind` about `task` for everyone `to` names (once each),
    /// under `key`; logs a failure.
    pub(crate) async fn notify(
        &self,
        to: &[To],
        task: &Task,
        key: &str,
        kind: &str,
        title: &str,
        body: String,
    ) {
        let people = match self.store.people().await {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(error = %e, kind, "notice not recorded");
                return;
            }
        };
        let units = match self.units_shared().await {
            Ok(u) => u,
            Err(e) => {
                tracing::warn!(error = %e, kind, "notice not recorded");
                return;
            }
        };
        let mut who: Vec<PersonId> = Vec::new();
        for t in to {
            let named: Vec<PersonId> = match *t {
                To::Person(p) => vec![p],
                To::UnitHeads(u) => {
                    let heads: Vec<PersonId> = people
                        .iter()
                        .filter(|p| p.unit_id == u && p.role == Role::UnitHead)
                        .map(|p| p.id)
                        .collect();
                    if heads.is_empty() {
                        people
                            .iter()
                            .filter(|p| p.unit_id == u)
                            .map(|p| p.id)
                            .collect()
                    } else {
                        heads
                    }
                }
                To::Office(org) => people
                    .iter()
                    .filter(|p| {
                        p.role == Role::Office
                            && dondoc_domain::unit::authority_of(p.unit_id, &units) == Some(org)
                    })
                    .map(|p| p.id)
                    .collect(),
            };
            for p in named {
                if !who.contains(&p) {
                    who.push(p);
                }
            }
        }
        for person in who {
            let n = NewNotification {
                person_id: person,
                task_id: Some(task.id),
                key: format!("{key}:{person}"),
                kind: kind.to_owned(),
                title: title.to_owned(),
                body: body.clone(),
            };
            if let Err(e) = self.store.insert_notification(&n, self.now()).await {
                tracing::warn!(error = %e, kind, "notice not recorded");
            }
        }
    }
}
