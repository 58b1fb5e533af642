//! The `dondoc` binary: the composition root (scaffold; subcommands are being wired).

mod cmd;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(
    name = "dondoc",
    version,
    about = "dondoc — giao việc, theo dõi, đôn đốc và báo cáo"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Lịch làm việc: âm lịch, ngày nghỉ, cộng ngày làm việc, kỳ báo cáo.
    #[command(subcommand)]
    Cal(cmd::cal::CalCommand),
    /// Đọc văn bản chỉ đạo thành bản nháp có cấu trúc.
    Parse(cmd::parse::ParseArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Cal(c) => cmd::cal::run(c),
        Command::Parse(a) => cmd::parse::run(a),
    }
}
