//! Subcommands that are thin wrappers over library crates.
pub mod cal;
pub mod parse;
