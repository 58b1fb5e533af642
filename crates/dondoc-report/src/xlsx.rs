//! XLSX exporter: one worksheet per [`Table`], typed cells (numbers as numbers, dates
//! as dates, shares as percentages), a bold frozen header row with an autofilter.
//!
//! The workbook is for the Office staff who re-sort and re-count; the signed paper is
//! the DOCX/PDF. So cells keep their values, not the Vietnamese display strings.

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook};

use crate::document::{Cell, Table};
use crate::error::ExportError;
use crate::report::ProgressReport;

/// Excel's limit on sheet names.
const MAX_SHEET_NAME: usize = 31;
/// Column width limits in character units, so a long task name does not make a
/// column a screen wide.
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 60.0;

/// Render tables as an XLSX workbook, one sheet each, sheet names from the table titles.
pub fn export_tables(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    export_titled(tables, None)
}

/// What the workbook is about, for its properties and each sheet's printed header: the
/// cells stay a plain table from A1 for re-sorting, so the title lives outside them.
struct Titles<'a> {
    title: String,
    as_of: String,
    /// The body that issues the report, as Excel's author (else it shows none).
    author: &'a str,
}

fn export_titled(tables: &[Table], titles: Option<&Titles>) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    if let Some(t) = titles {
        wb.set_properties(
            &DocProperties::new()
                .set_title(&t.title)
                .set_author(t.author)
                .set_subject(&t.as_of)
                .set_comment(format!("{} ({})", t.title, t.as_of)),
        );
    }
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("F2F2F2")
        .set_border(FormatBorder::Thin);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let integer = Format::new()
        .set_num_format("#,##0")
        .set_align(FormatAlign::Top);
    let number = Format::new()
        .set_num_format("#,##0.##")
        .set_align(FormatAlign::Top);
    let percent = Format::new()
        .set_num_format("0.0%")
        .set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Center);

    let mut used: Vec<String> = Vec::new();
    for t in tables {
        let name = sheet_name(&t.title, &used);
        used.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        if let Some(t) = titles {
            // Excel's header codes: "&C" centres, "&&" is a literal ampersand.
            let text = format!("{} — {}", t.title, t.as_of).replace('&', "&&");
            ws.set_header(format!("&C{text}"));
        }

        let mut widths: Vec<f64> = t
            .columns
            .iter()
            .map(|c| display_width(&c.header).clamp(MIN_WIDTH, 24.0))
            .collect();
        for (col, c) in t.columns.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, &c.header, &header)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, c) in row.iter().enumerate().take(t.columns.len()) {
                let col16 = col as u16;
                match c {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string_with_format(r, col16, s, &text)?;
                    }
                    Cell::Integer(n) => {
                        // f64 holds every count this product will see exactly (< 2^53).
                        ws.write_number_with_format(r, col16, *n as f64, &integer)?;
                    }
                    Cell::Number(x) => {
                        ws.write_number_with_format(r, col16, *x, &number)?;
                    }
                    Cell::Percent(p) => {
                        ws.write_number_with_format(r, col16, *p, &percent)?;
                    }
                    Cell::Date(d) => {
                        ws.write_datetime_with_format(r, col16, d, &date)?;
                    }
                }
                let w = match c {
                    Cell::Date(_) => 11.0,
                    _ => display_width(&c.display()),
                };
                if let Some(slot) = widths.get_mut(col) {
                    *slot = slot.max(w);
                }
            }
        }
        for (col, w) in widths.iter().enumerate() {
            ws.set_column_width(col as u16, w.clamp(MIN_WIDTH, MAX_WIDTH))?;
        }
        ws.set_freeze_panes(1, 0)?;
        if !t.columns.is_empty() {
            ws.autofilter(0, 0, t.rows.len() as u32, t.columns.len() as u16 - 1)?;
        }
    }
    if tables.is_empty() {
        // A workbook must have a sheet; an empty one says plainly there was nothing.
        wb.add_worksheet().set_name("Trống")?;
    }
    Ok(wb.save_to_buffer()?)
}

/// The report's tables ([`ProgressReport::tables`]) as a workbook, with `issuing_body`
/// (the document frame's) as its author.
pub fn export_report(report: &ProgressReport, issuing_body: &str) -> Result<Vec<u8>, ExportError> {
    let titles = Titles {
        title: report.title(),
        as_of: format!("số liệu tính đến ngày {}", report.as_of.format("%d/%m/%Y")),
        author: issuing_body,
    };
    export_titled(&report.tables(), Some(&titles))
}

/// Approximate width in Excel character units: one per character plus padding.
fn display_width(s: &str) -> f64 {
    s.chars().count() as f64 + 2.0
}

/// A valid, unique sheet name from a table title: Excel forbids `[]:*?/\`, leading or
/// trailing apostrophes, names over 31 characters and duplicates (case-insensitive).
pub fn sheet_name(title: &str, used: &[String]) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base: String = if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        format!("Bảng {}", used.len() + 1)
    } else {
        cleaned.chars().take(MAX_SHEET_NAME).collect()
    };
    let taken = |n: &str| used.iter().any(|u| u.to_lowercase() == n.to_lowercase());
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|i| {
            let suffix = format!(" ({i})");
            let keep = MAX_SHEET_NAME - suffix.chars().count();
            let stem: String = base.chars().take(keep).collect();
            format!("{}{suffix}", stem.trim_end())
        })
        .find(|n| !taken(n))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        assert_eq!(
            sheet_name("Khó khăn: kiến nghị/đề xuất", &[]),
            "Khó khăn- kiến nghị-đề xuất"
        );
        let long = "Nhiệm vụ quá hạn của các phòng, đơn vị thuộc UBND phường";
        let n = sheet_name(long, &[]);
        assert_eq!(n.chars().count(), 31);
        let used = vec![n.clone()];
        let n2 = sheet_name(long, &used);
        assert!(n2.ends_with(" (2)") && n2.chars().count() <= 31, "{n2}");
        assert_eq!(sheet_name("''", &[]), "Bảng 1");
    }
}
