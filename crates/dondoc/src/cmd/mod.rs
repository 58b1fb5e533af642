//! Subcommands that are more than a few lines: each a thin wrapper over library crates.
pub mod cal;
pub mod parse;
pub mod remind;
pub mod report;
pub mod task;

/// A day typed on the command line: NĂM-THÁNG-NGÀY (2026-12-19) or, as officials write
/// it, NGÀY/THÁNG/NĂM (19/12/2026); refused in Vietnamese (chrono's own words are
/// English).
pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    let t = s.trim();
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .map_err(|_| {
            format!(
                "ngày không hợp lệ \"{s}\": viết NĂM-THÁNG-NGÀY (2026-12-19) hoặc \
                 NGÀY/THÁNG/NĂM (19/12/2026)"
            )
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_day_is_read_in_both_usual_forms() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 19);
        assert_eq!(super::parse_day("2026-12-19").ok(), d);
        assert_eq!(super::parse_day(" 19/12/2026 ").ok(), d);
        let e = super::parse_day("31/02/2026").unwrap_err();
        assert!(
            e.contains("ngày không hợp lệ") && e.contains("19/12/2026"),
            "{e}"
        );
    }
}
