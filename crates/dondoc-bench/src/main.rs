//! `dondoc-bench`: the measurements behind BENCHMARKS.md.
//!
//! - `store`: a million tasks in SQLite or PostgreSQL, the task list and the statistics
//!   timed through the `Store` trait;
//! - `load`: the issue-9 HTTP workload against dondoc (or Redmine, for comparison);
//! - `durability`: kill -9 under concurrent writes, then count what survived;
//! - `report`: the consolidated report over 10,000 tasks, model and each exporter.
//!
//! Build with `--release`; figures from a debug build mean nothing.

mod durability;
mod load;
mod report;
mod stats;
mod store;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// mimalloc, as in every dondoc binary (see the workspace Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "dondoc-bench",
    version,
    about = "Benchmarks of dondoc (see BENCHMARKS.md)"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Storage at scale: bulk-load tasks, time the filtered list and the statistics.
    Store(store::StoreArgs),
    /// HTTP workload: creates, progress updates, list and statistics (dondoc or Redmine).
    Load(load::LoadArgs),
    /// Kill -9 the server under concurrent writes; check acknowledged writes survive.
    Durability(durability::DurabilityArgs),
    /// The consolidated report over many tasks: model from the database, DOCX, XLSX, PDF.
    Report(report::ReportArgs),
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    // The load generator runs on one thread: its clients only wait on sockets, and on a
    // two-core machine every extra thread of the client takes time from the server it
    // measures (a C client, ApacheBench, created tasks about 30 % faster than this tool
    // did on two worker threads). The other commands do real work in parallel.
    let rt = match cli.command {
        Cmd::Load(_) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?,
        _ => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?,
    };
    rt.block_on(async move {
        match cli.command {
            Cmd::Store(a) => store::run(a).await,
            Cmd::Load(a) => load::run(a).await,
            Cmd::Durability(a) => durability::run(a).await,
            Cmd::Report(a) => report::run(a).await,
        }
    })
}
