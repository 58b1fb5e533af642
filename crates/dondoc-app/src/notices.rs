//! In-app notices of the workflow: who must act next hears of it (the staff member a
//! task is handed to, the Office when an extension is asked or a task returned, the
//! requester when it is decided, the lead unit when a leader gives direction). The
//! frequent steps are told by the reminders' run instead (dondoc-urge: new work, a
//! difficulty, a completion proposed), so that they cost their write nothing more.
//!
//! A notice follows a step that is already stored: failing to record it is logged and
//! does not undo or fail the step. Each notice has an idempotency key (the step's kind
//! and the record it is about), so a step is never announced twice.
//!
//! A notice that asks for a decision (an extension request, a returned task, a completion
//! awaiting confirmation) is marked read for everyone told once the decision is taken,
//! by whichever of them: it no longer stays "new" in the colleagues' lists.
//!
//! A notice reaches only people who may see its task. For a secret task the Office's
//! part goes to the organisation's leaders (the Office does not see secret tasks), and
//! the text names the task by number only: notices are also sent by e-mail, where
//! secret content does not go (as in the reminders).

use crate::App;
use dondoc_domain::policy::{self, Action};
use dondoc_domain::{PersonId, Role, Task, UnitId};
use dondoc_store::NewNotification;

/// Who is told.
pub(crate) enum To {
    /// One person.
    Person(PersonId),
    /// The heads of a unit (its people if it has no head).
    UnitHeads(UnitId),
    /// The Office of an organisation (those with the Office role); its leaders for a
    /// secret task.
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
                To::Office(org) => {
                    let role = if task.secret {
                        Role::Leader
                    } else {
                        Role::Office
                    };
                    people
                        .iter()
                        .filter(|p| {
                            p.role == role
                                && dondoc_domain::unit::authority_of(p.unit_id, &units) == Some(org)
                        })
                        .map(|p| p.id)
                        .collect()
                }
            };
            for p in named {
                if !who.contains(&p) {
                    who.push(p);
                }
            }
        }
        // Only those who may see the task hear of it.
        who.retain(|id| {
            people.iter().any(|p| {
                p.id == *id
                    && policy::can(
                        &crate::actor_of(p, &units),
                        Action::ViewTask,
                        Some(task.into()),
                    )
            })
        });
        let body = if task.secret {
            format!(
                "Nhiệm vụ mật số {}. Nội dung mật không ghi trong thông báo và thư điện tử: \
                 hãy mở nhiệm vụ trong phần mềm để xem.",
                task.id
            )
        } else {
            body
        };
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

    /// Marks read, for everyone told, the notices asking for the decision just taken
    /// (keys starting with each of `prefixes`, which end with ':'); logs a failure, as
    /// the decision is already stored.
    pub(crate) async fn settle(&self, prefixes: &[String]) {
        for p in prefixes {
            if let Err(e) = self.store.settle_notices(p, self.now()).await {
                tracing::warn!(error = %e, prefix = %p, "notices not marked read");
            }
        }
    }

    /// The notices asking the assigner to decide on task `id`: its return, the
    /// completion awaiting confirmation (a reminder of dondoc-urge).
    pub(crate) async fn settle_task(&self, id: dondoc_domain::TaskId) {
        self.settle(&[
            format!("return:{id}:"),
            format!("awaiting_confirmation:{id}:"),
        ])
        .await;
    }

    /// Reminders of dondoc-urge about task `id`, of `kinds` (`ReminderKind::as_str`;
    /// their keys start "kind:task:"), once what they remind of no longer holds.
    pub(crate) async fn settle_reminders(&self, id: dondoc_domain::TaskId, kinds: &[&str]) {
        let prefixes: Vec<String> = kinds.iter().map(|k| format!("{k}:{id}:")).collect();
        self.settle(&prefixes).await;
    }

    /// Task `id` is finished (confirmed or stopped): nothing about it waits for anyone,
    /// neither a decision (return, completion, extension requests) nor a reminder.
    pub(crate) async fn settle_finished(&self, id: dondoc_domain::TaskId) {
        self.settle_task(id).await;
        self.settle_reminders(id, &REMINDER_KINDS).await;
        match self.store.extensions(id).await {
            Ok(requests) => {
                let prefixes: Vec<String> = requests
                    .iter()
                    .map(|e| format!("extension_request:{}:", e.id))
                    .collect();
                self.settle(&prefixes).await;
            }
            Err(e) => tracing::warn!(error = %e, task = %id, "notices not marked read"),
        }
    }
}

/// The reminder kinds of dondoc-urge (`ReminderKind::ALL`, checked there by a test).
pub const REMINDER_KINDS: [&str; 9] = [
    "escalation",
    "awaiting_direction",
    "awaiting_confirmation",
    "overdue",
    "due_today",
    "due_soon",
    "not_received",
    "report_missing",
    "new_work",
];

/// Reminders about a task's last day, stale once it moves.
pub(crate) const TIMING_REMINDERS: [&str; 4] = ["escalation", "overdue", "due_today", "due_soon"];

/// Reminders that the unit has new work to take on, stale once it has.
pub(crate) const NEW_WORK_REMINDERS: [&str; 2] = ["not_received", "new_work"];
