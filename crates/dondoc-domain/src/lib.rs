//! The pure domain of dondoc.
//!
//! Units and people, documents, tasks and their deadlines, the Government's statistics
//! buckets, the audit chain and the permission policy. This crate does no IO and never
//! reads the clock: "now" and the working-day calendar are passed in as values.

pub mod audit;
pub mod deadline;
pub mod document;
pub mod error;
pub mod ids;
pub mod person;
pub mod policy;
pub mod progress;
pub mod stats;
pub mod task;
pub mod text;
pub mod unit;

pub use deadline::{Deadline, ReportingCycle};
pub use document::{
    Direction, DocKind, Document, DocumentNumber, ExchangeRef, NewDocument, Secrecy,
    SignatureBlock, Urgency,
};
pub use error::DomainError;
pub use ids::{
    AttachmentId, DirectionId, DocumentId, EventId, ExtensionId, IndicatorId, PersonId, ReportId,
    TaskId, UnitId,
};
pub use person::{NewPerson, Person, Position, Role};
pub use stats::{Bucket, BucketCounts};
pub use task::{Amendment, NewTask, Task, TaskStatus};
pub use unit::{NewUnit, Unit, UnitKind};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Vietnam's civil time (UTC+7, no daylight saving).
pub fn vietnam_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The calendar date in Vietnam at the instant `now`.
pub fn vn_today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&vietnam_offset()).date_naive()
}
