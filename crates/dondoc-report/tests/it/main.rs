#![allow(clippy::unwrap_used)]
//! Integration tests of the exporters: one binary, one module per format.

mod docx;
mod fixtures;
mod pdf;
mod report;
mod xlsx;
