//! Plan and appendix tables flattened into text: one cell per blank-line
//! separated block, a header row ("TT | Nội dung | Cơ quan chủ trì | Cơ quan
//! phối hợp | Thời gian hoàn thành") then numbered rows ("1", "2", ...;
//! Roman numerals open groups and restart the numbering). Each row whose
//! lead column names an organisation becomes an assignment: the task is the
//! content column, the deadline the time column. A table without a time
//! column takes the deadline of the body sentence that refers to the
//! appendix ("... (Phụ lục kèm theo), hoàn thành trước ngày 15/12/2025").

use crate::date::{Date, find_deadlines, is_ongoing, label_deadlines};
use crate::normalize::compare_key;
use crate::units::{split_coleads, starts_org};
use crate::{Assignment, Deadline, Span};

struct Cell {
    text: String,
    start: usize,
    end: usize,
}

/// Blank-line separated blocks, wrapped lines joined.
fn cells(text: &str) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut start, mut end) = (0, 0);
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim();
        if l.is_empty() {
            if !cur.is_empty() {
                out.push(Cell {
                    text: std::mem::take(&mut cur),
                    start,
                    end,
                });
            }
        } else {
            if cur.is_empty() {
                start = pos;
                // Most cells are a few wrapped lines: grow once.
                cur.reserve(256);
            } else {
                cur.push(' ');
            }
            cur.push_str(l);
            end = pos + line.trim_end().len();
        }
        pos += line.len();
    }
    if !cur.is_empty() {
        out.push(Cell {
            text: cur,
            start,
            end,
        });
    }
    out
}

fn roman(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.');
    const R: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    R.iter().position(|r| *r == s).map(|p| p as u32 + 1)
}

fn number(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.');
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[derive(Default)]
struct Columns {
    lead: Option<usize>,
    deadline: Option<usize>,
    content: Option<usize>,
    count: usize,
}

/// Reads a header row starting at `cells[i]` ("TT"/"STT"); returns the
/// columns and the index of the first row cell.
fn header_at(cells: &[Cell], i: usize) -> Option<(Columns, usize)> {
    // Cheap rejection: most cells are long prose.
    if cells[i].text.len() > 6 {
        return None;
    }
    let first = cells[i].text.to_lowercase();
    if !matches!(first.trim_end_matches('.'), "tt" | "stt" | "số tt") {
        return None;
    }
    let mut cols = Columns::default();
    let mut j = i + 1;
    let mut fallback_lead = None;
    while j < cells.len() && j - i <= 10 {
        let t = &cells[j].text;
        if number(t) == Some(1) || roman(t) == Some(1) {
            break;
        }
        if t.split_whitespace().take(9).count() > 8 {
            return None;
        }
        let l = t.to_lowercase();
        let c = j - i;
        if l.contains("người") || l.contains("phối hợp") {
            // "Người đứng đầu chịu trách nhiệm" names persons; "phối hợp" co-operates.
        } else if l.contains("chủ trì") {
            cols.lead.get_or_insert(c);
        } else if l.contains("phụ trách")
            || ((l.starts_with("cơ quan") || l.starts_with("đơn vị")) && l.contains("thực hiện"))
        {
            fallback_lead.get_or_insert(c);
        } else if l.contains("thời hạn") || l.contains("thời gian") || l.contains("tiến độ")
        {
            cols.deadline.get_or_insert(c);
        } else if l.contains("nội dung") || l.contains("nhiệm vụ") || l.contains("đề xuất")
        {
            cols.content.get_or_insert(c);
        }
        j += 1;
    }
    cols.lead = cols.lead.or(fallback_lead);
    cols.count = j - i;
    (cols.lead.is_some() && j < cells.len()).then_some((cols, j))
}

/// "Các bộ, cơ quan ngang bộ", "Sở Tài chính", "UBND cấp xã".
fn names_unit(s: &str) -> bool {
    let words = s.split_whitespace().count();
    if !(2..=25).contains(&words) {
        return false;
    }
    let rest = s
        .strip_prefix("Các ")
        .or_else(|| s.strip_prefix("các "))
        .unwrap_or(s);
    let mut cs = rest.chars();
    let cap: String = cs
        .next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default();
    starts_org(&cap)
}

/// Body sentences that refer to the appendix and give one deadline.
fn appendix_deadline(body: &str, issued: Option<Date>, year: Option<i32>) -> Vec<Deadline> {
    let flat = body.replace('\n', " ");
    let mut found: Vec<Deadline> = Vec::new();
    for sentence in flat.split(". ") {
        if !sentence.to_lowercase().contains("phụ lục") {
            continue;
        }
        for d in find_deadlines(sentence, issued, year) {
            if d.date.is_some() && !found.iter().any(|x| x.date == d.date) {
                found.push(d);
            }
        }
    }
    if found.len() == 1 { found } else { Vec::new() }
}

/// Assignments read from flattened tables in `text`.
#[cfg(test)]
pub fn table_assignments(text: &str, issued: Option<Date>, year: Option<i32>) -> Vec<Assignment> {
    read_tables(text, issued, year).0
}

/// Assignments read from flattened tables, and the byte ranges the tables
/// cover (header to the last cell a row can hold).
pub fn read_tables(
    text: &str,
    issued: Option<Date>,
    year: Option<i32>,
) -> (Vec<Assignment>, Vec<(usize, usize)>) {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut out: Vec<Assignment> = Vec::new();
    let mut out_keys: Vec<String> = Vec::new();
    // A table header starts with an "STT"/"TT" cell.
    if !(text.contains("TT") || text.contains("tt")) {
        return (out, spans);
    }
    let cells = cells(text);
    let mut i = 0;
    while i < cells.len() {
        let Some((cols, mut j)) = header_at(&cells, i) else {
            i += 1;
            continue;
        };
        let Some(lead_col) = cols.lead else {
            i += 1;
            continue;
        };
        let inherited = if cols.deadline.is_none() {
            appendix_deadline(&text[..cells[i].start], issued, year)
        } else {
            Vec::new()
        };
        // Rows: a number cell (the next in sequence) then its cells.
        let mut expected = 1;
        let mut row: Option<(usize, Vec<&Cell>)> = None;
        let mut rows: Vec<Vec<&Cell>> = Vec::new();
        while j < cells.len() {
            let t = cells[j].text.as_str();
            if header_at(&cells, j).is_some() {
                break;
            }
            if number(t) == Some(expected) {
                if let Some((_, r)) = row.take() {
                    rows.push(r);
                }
                row = Some((j, Vec::new()));
                expected += 1;
            } else if roman(t).is_some() {
                if let Some((_, r)) = row.take() {
                    rows.push(r);
                }
                expected = 1;
            } else if let Some((_, r)) = row.as_mut() {
                r.push(&cells[j]);
            }
            j += 1;
        }
        if let Some((_, r)) = row.take() {
            rows.push(r);
        }
        // The table ends with the last cell a row can hold (the number cell
        // is not in `r`): text after it is the document again.
        let table_end = rows
            .iter()
            .filter_map(|r| {
                r.iter()
                    .take(cols.count.saturating_sub(1))
                    .map(|c| c.end)
                    .max()
            })
            .max()
            .unwrap_or(cells[i].end);
        spans.push((cells[i].start, table_end));
        for r in rows {
            // Row cells line up with header columns 1.. (column 0 is the number).
            let get = |c: usize| r.get(c.wrapping_sub(1)).copied();
            let Some(lead_cell) = get(lead_col) else {
                continue;
            };
            let task = cols
                .content
                .and_then(get)
                .or_else(|| get(1))
                .map(|c| c.text.clone());
            let (mut deadlines, mut ongoing) = (Vec::new(), false);
            if let Some(dc) = cols.deadline.and_then(get) {
                let mut ds = find_deadlines(&dc.text, issued, year);
                if ds.is_empty() {
                    ds = label_deadlines(&format!("Thời hạn: {}", dc.text));
                }
                ongoing = is_ongoing(&dc.text);
                deadlines = ds;
            } else {
                deadlines.clone_from(&inherited);
            }
            for lead in split_coleads(&lead_cell.text) {
                if !names_unit(&lead) {
                    continue;
                }
                let key = bare_key(&lead);
                merge_into(
                    &mut out,
                    &mut out_keys,
                    key,
                    Assignment {
                        lead,
                        cooperating: Vec::new(),
                        tasks: task.iter().cloned().collect(),
                        deadlines: deadlines.clone(),
                        recurring: None,
                        ongoing,
                        span: Span {
                            start: lead_cell.start,
                            end: lead_cell.end,
                        },
                    },
                );
            }
        }
        i = j;
    }
    (out, spans)
}

/// Adds `a` to `out`, merging with an assignment of the same lead.
/// A bare collective ("Sở, ban, ngành") is the same lead as "Các sở, ban, ngành".
#[cfg(test)]
pub fn push(out: &mut Vec<Assignment>, a: Assignment) {
    push_all(out, vec![a]);
}

/// [`push`] for several, computing each lead's key once.
pub fn push_all(out: &mut Vec<Assignment>, items: Vec<Assignment>) {
    if items.is_empty() {
        return;
    }
    let mut keys: Vec<String> = out.iter().map(|b| bare_key(&b.lead)).collect();
    for a in items {
        let key = bare_key(&a.lead);
        merge_into(out, &mut keys, key, a);
    }
}

/// The merge key without a leading "các".
fn bare_key(lead: &str) -> String {
    let k = crate::units::merge_key(lead);
    k.strip_prefix("các ").map(str::to_string).unwrap_or(k)
}

fn merge_into(out: &mut Vec<Assignment>, keys: &mut Vec<String>, key: String, a: Assignment) {
    if let Some(b) = keys
        .iter()
        .position(|k| *k == key)
        .and_then(|i| out.get_mut(i))
    {
        b.tasks.extend(a.tasks);
        for d in a.deadlines {
            if !b.deadlines.iter().any(|x| x.date == d.date) {
                b.deadlines.push(d);
            }
        }
        b.ongoing |= a.ongoing;
    } else {
        keys.push(key);
        out.push(a);
    }
}

/// "Chủ tịch UBND các huyện" or "Thủ trưởng các sở, ngành" when the unit
/// itself is also a lead: the head acts for the unit, one lead.
pub fn merge_heads(out: &mut Vec<Assignment>) {
    const TITLES: [&str; 4] = ["chủ tịch ", "thủ trưởng ", "giám đốc ", "người đứng đầu "];
    let mut i = 0;
    while i < out.len() {
        let key = compare_key(&out[i].lead);
        let unit = TITLES.iter().find_map(|t| key.strip_prefix(t));
        let target = unit.and_then(|u| {
            out.iter()
                .position(|b| compare_key(&b.lead) == u)
                .filter(|&j| j != i)
        });
        if let Some(j) = target {
            let a = out.remove(i);
            let j = if j > i { j - 1 } else { j };
            let b = &mut out[j];
            b.tasks.extend(a.tasks);
            for d in a.deadlines {
                if !b.deadlines.iter().any(|x| x.date == d.date) {
                    b.deadlines.push(d);
                }
            }
            for c in a.cooperating {
                if !b.cooperating.contains(&c) {
                    b.cooperating.push(c);
                }
            }
            if b.recurring.is_none() {
                b.recurring = a.recurring;
            }
            b.ongoing |= a.ongoing;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leads(a: &[Assignment]) -> Vec<(String, Vec<String>)> {
        a.iter()
            .map(|a| {
                (
                    a.lead.clone(),
                    a.deadlines.iter().filter_map(|d| d.date.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn plan_table_rows_with_time_column() {
        let t = "PHỤ LỤC\n\nTT\n\nNội dung thực\nhiện\n\nCơ quan chủ trì\n\nCơ quan phối hợp\n\nThời gian hoàn\nthành\n\nI\n\nKIỆN TOÀN BỘ MÁY\n\n1\n\nRà soát quy chế\n\nSở Nội vụ; UBND\ncấp xã\n\nCác sở, ngành\n\nTrước ngày\n30/11/2025\n\nII\n\nTÀI CHÍNH\n\n1\n\nBố trí kinh phí\n\nSở Tài chính\n\nCơ quan liên quan\n\n2025\n\n2\n\nTheo dõi\n\nSở Tài chính\n\nCác sở\n\nThường xuyên\n";
        let a = table_assignments(t, None, None);
        assert_eq!(
            leads(&a),
            vec![
                ("Sở Nội vụ".to_string(), vec!["2025-11-30".to_string()]),
                ("UBND cấp xã".to_string(), vec!["2025-11-30".to_string()]),
                ("Sở Tài chính".to_string(), vec!["2025-12-31".to_string()]),
            ]
        );
        assert_eq!(a[2].tasks.len(), 2);
        assert!(a[2].ongoing);
    }

    #[test]
    fn table_without_time_column_takes_the_body_deadline() {
        let t = "1. Xử lý các kiến nghị (Phụ lục kèm theo), hoàn thành trước ngày 15/12/2025. Báo cáo trước ngày 03/12/2025.\n\nPHỤ LỤC\n\nTT\n\nThông tin đề xuất\n\nBộ phụ trách\n\n1\n\nHỗ trợ kinh phí\n\nBộ Tài chính\n\n2\n\nSửa đổi nghị định\n\nBộ Nội vụ; Bộ Tài chính\n\n3\n\nKhác\n\nHà Nội\n";
        let a = table_assignments(t, None, None);
        assert_eq!(
            leads(&a),
            vec![
                ("Bộ Tài chính".to_string(), vec!["2025-12-15".to_string()]),
                ("Bộ Nội vụ".to_string(), vec!["2025-12-15".to_string()]),
            ]
        );
        assert_eq!(a[0].tasks.len(), 2);
    }

    #[test]
    fn bare_collective_merges_with_the_named_one() {
        let mut out = Vec::new();
        let mk = |l: &str| Assignment {
            lead: l.to_string(),
            cooperating: Vec::new(),
            tasks: vec!["x".into()],
            deadlines: Vec::new(),
            recurring: None,
            ongoing: false,
            span: Span { start: 0, end: 0 },
        };
        push(&mut out, mk("Các sở, ban, ngành"));
        push(&mut out, mk("Sở, ban, ngành"));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Các sở, ban, ngành");
        assert_eq!(out[0].tasks.len(), 2);
    }

    #[test]
    fn a_head_merges_into_the_unit_named_as_a_lead() {
        let mk = |l: &str, d: Option<&str>| Assignment {
            lead: l.to_string(),
            cooperating: Vec::new(),
            tasks: vec!["x".into()],
            deadlines: d
                .map(|d| Deadline {
                    date: Some(d.into()),
                    text: d.into(),
                })
                .into_iter()
                .collect(),
            recurring: None,
            ongoing: false,
            span: Span { start: 0, end: 0 },
        };
        let mut out = vec![
            mk("Chủ tịch UBND các huyện", Some("2023-02-28")),
            mk("UBND các huyện", None),
            mk("Chủ tịch UBND tỉnh", None),
        ];
        merge_heads(&mut out);
        assert_eq!(
            leads(&out)[0],
            ("UBND các huyện".to_string(), vec!["2023-02-28".to_string()])
        );
        assert_eq!(out[0].tasks.len(), 2);
        assert_eq!(out[1].lead, "Chủ tịch UBND tỉnh");
    }

    #[test]
    fn no_header_no_rows() {
        let t = "1\n\nSở Tài chính\n\nTrước ngày 30/11/2025\n";
        assert!(table_assignments(t, None, None).is_empty());
    }
}
