//! Subcommands that are more than a few lines: each a thin wrapper over library crates.
pub mod cal;
pub mod parse;
pub mod remind;
pub mod report;
pub mod task;
