//! `dondoc cal ...`: the working-day calendar from the command line — lunar dates,
//! days off, working-day arithmetic and reporting periods. A thin shell over
//! `dondoc_calendar::format`, which holds (and tests) what is printed.

use dondoc_calendar::{Calendar, SubmissionRule, format};

#[derive(Debug, clap::Subcommand)]
pub enum CalCommand {
    /// Ngày âm lịch của một ngày dương lịch: in D/M/YYYY, thêm " (nhuận)" nếu tháng nhuận.
    Lunar {
        /// Ngày dương lịch YYYY-MM-DD.
        date: String,
    },
    /// Ngày dương lịch (YYYY-MM-DD) của một ngày âm lịch.
    Solar {
        /// Ngày âm lịch D/M/YYYY.
        date: String,
        /// Ngày thuộc tháng nhuận.
        #[arg(long)]
        leap: bool,
    },
    /// Các ngày nghỉ lễ, Tết, nghỉ bù, nghỉ hoán đổi trong năm.
    Holidays {
        /// Năm, ví dụ 2026.
        year: String,
        /// Định dạng: text (mỗi dòng "YYYY-MM-DD<TAB>tên") hoặc json.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Ngày sau một ngày N ngày làm việc (đếm từ ngày làm việc kế tiếp).
    Add {
        /// Ngày bắt đầu YYYY-MM-DD.
        date: String,
        /// Số ngày làm việc.
        days: String,
    },
    /// Kỳ báo cáo (Nghị định 09/2019/NĐ-CP) chứa một ngày: tên kỳ, thời gian chốt số
    /// liệu, hạn gửi báo cáo.
    Period {
        /// monthly | quarterly | half | nine-months | annual
        kind: String,
        /// Ngày YYYY-MM-DD.
        date: String,
        /// Hạn gửi báo cáo: số ngày làm việc sau ngày chốt số liệu.
        #[arg(long, default_value_t = SubmissionRule::default().working_days_after_cutoff)]
        submit_after: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

pub fn run(cmd: CalCommand) -> anyhow::Result<()> {
    let out = render(&Calendar::vietnam(), &cmd)?;
    print!("{out}");
    Ok(())
}

/// What the command prints, ending with a newline.
fn render(calendar: &Calendar, cmd: &CalCommand) -> anyhow::Result<String> {
    let text = match cmd {
        CalCommand::Lunar { date } => format::lunar_of(date)? + "\n",
        CalCommand::Solar { date, leap } => format::solar_of(date, *leap)? + "\n",
        CalCommand::Holidays {
            year,
            format: output,
        } => {
            let year = format::parse_year(year)?;
            let holidays = calendar.holidays(year);
            match output {
                OutputFormat::Text => format::holidays_text(&holidays),
                OutputFormat::Json => format::holidays_json(&holidays)? + "\n",
            }
        }
        CalCommand::Add { date, days } => format::add_working_days(calendar, date, days)? + "\n",
        CalCommand::Period {
            kind,
            date,
            submit_after,
        } => {
            let rule = SubmissionRule {
                working_days_after_cutoff: *submit_after,
            };
            format::period_of(calendar, kind, date, rule)?
        }
    };
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        cmd: CalCommand,
    }

    fn out(args: &[&str]) -> anyhow::Result<String> {
        let cli = Cli::try_parse_from(std::iter::once("cal").chain(args.iter().copied()))?;
        render(&Calendar::vietnam(), &cli.cmd)
    }

    #[test]
    fn lunar_and_solar() {
        assert_eq!(out(&["lunar", "2026-02-17"]).unwrap(), "1/1/2026\n");
        assert_eq!(out(&["lunar", "2025-07-25"]).unwrap(), "1/6/2025 (nhuận)\n");
        assert_eq!(
            out(&["solar", "1/6/2025", "--leap"]).unwrap(),
            "2025-07-25\n"
        );
        assert_eq!(out(&["solar", "10/3/2026"]).unwrap(), "2026-04-26\n");
    }

    #[test]
    fn holidays_text_and_json() {
        let text = out(&["holidays", "2026"]).unwrap();
        assert!(text.starts_with("2026-01-01\tTết Dương lịch\n"), "{text}");
        assert!(text.contains("2026-09-02\tQuốc khánh\n"), "{text}");
        let json = out(&["holidays", "2026", "--format", "json"]).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["date"], "2026-01-01");
    }

    #[test]
    fn add_and_period() {
        assert_eq!(out(&["add", "2026-02-13", "1"]).unwrap(), "2026-02-23\n");
        let p = out(&["period", "quarterly", "2026-07-20"]).unwrap();
        assert!(
            p.contains("Quý III/2026") && p.contains("2026-09-15"),
            "{p}"
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        for args in [
            &["lunar", "2026-02-30"][..],
            &["lunar", "1850-01-01"],
            &["solar", "30/12/2025"],
            &["holidays", "năm"],
            &["add", "2026-01-01", "-1"],
            &["period", "weekly", "2026-01-01"],
        ] {
            let err = out(args).unwrap_err().to_string();
            assert!(!err.is_empty(), "{args:?}");
        }
    }
}
