//! `dondoc report`: placeholder owned by the reports work; replaced soon.

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Database URL: sqlite://FILE or postgres://...
    #[arg(long, env = "DONDOC_DB", default_value = "sqlite://dondoc.db")]
    pub db: String,
}

pub async fn run(_args: ReportArgs) -> anyhow::Result<()> {
    anyhow::bail!("báo cáo chưa được lắp đặt")
}
