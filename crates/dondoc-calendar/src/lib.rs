//! Working-day calendar for Vietnamese public administration.
//!
//! Pure: no IO, never reads the clock. "Today" is always an argument.
//!
//! - [`lunar`]: the Vietnamese lunisolar calendar (UTC+7), computed from the astronomy.
//! - [`Calendar`]: days off (public holidays by law, official yearly schedules as data,
//!   administrators' overrides) and working-day arithmetic for deadlines.
//! - [`period`]: reporting periods and their data cut-offs (Nghị định 09/2019/NĐ-CP).
//! - [`format`]: the text and JSON forms that the `dondoc cal` command prints.

mod astro;
mod calendar;
pub mod format;
mod holidays;
pub mod lunar;
pub mod official;
pub mod period;

pub use calendar::{Calendar, CalendarBuilder, CalendarError, Holiday, Overrides};
pub use lunar::{LunarDate, LunarMonth};
pub use period::{PeriodKind, ReportingPeriod, SubmissionRule};
