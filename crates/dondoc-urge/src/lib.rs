//! Urging (theo dõi, đôn đốc): reminders about tasks, each delivered exactly once.
//!
//! - [`rules`]: the organisation's [`UrgeRules`] and the pure [`evaluate`], which turns
//!   the tasks as of a day into [`Reminder`]s with idempotency keys.
//! - [`digest`]: the e-mail digest per person (the day's, and one for new work
//!   announced later that day).
//! - [`mail`]: the [`Mailer`] trait and its SMTP implementation.
//! - [`letter`]: the formal urging letter (công văn đôn đốc) per unit, as DOCX.
//! - [`run`]: [`run_once`] (evaluate once a day, else announce the day's new work;
//!   record, e-mail, record the run) and the server's [`spawn_scheduler`] (every 10 minutes).
//!
//! Everything a run decides is kept in the store (notification keys, emailed marks,
//! the last run's day), so running twice sends nothing twice and a restart loses nothing.

pub mod digest;
pub mod letter;
pub mod mail;
pub mod rules;
pub mod run;

pub use digest::{Digest, OutgoingMail, person_digest};
pub use letter::{UnitLetter, urging_letters};
pub use mail::{Mailer, SmtpConfig, SmtpMailer};
pub use rules::{
    LetterConfig, Reminder, ReminderKind, ReportDates, UrgeRules, awaiting_confirmation, evaluate,
};
pub use run::{RunSummary, draft_letters, reminders_for, run_once, spawn_scheduler, unit_letter};

/// What can go wrong while urging.
#[derive(Debug, thiserror::Error)]
pub enum UrgeError {
    #[error("tệp quy tắc đôn đốc không hợp lệ: {0}")]
    Rules(String),
    #[error(transparent)]
    Store(#[from] dondoc_store::StoreError),
    #[error("thư điện tử: {0}")]
    Mail(String),
    #[error("công văn đôn đốc: {0}")]
    Letter(String),
}
