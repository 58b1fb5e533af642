//! `dondoc remind`: placeholder owned by the urging work; replaced soon.

#[derive(Debug, clap::Args)]
pub struct RemindArgs {
    /// Database URL: sqlite://FILE or postgres://...
    #[arg(long, env = "DONDOC_DB", default_value = "sqlite://dondoc.db")]
    pub db: String,
}

pub async fn run(_args: RemindArgs) -> anyhow::Result<()> {
    anyhow::bail!("đôn đốc tự động chưa được lắp đặt")
}

/// Starts the in-server reminder schedule (called by `dondoc serve` and `dondoc demo`).
pub fn spawn_in_server(_app: dondoc_app::App) {}
