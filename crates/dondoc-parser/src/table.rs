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
use crate::units::{split_coleads, starts_org, unit_prefix};
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
    /// A column may hold a bare number (an amount, a score, a year).
    numeric: bool,
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
    // Bare numbers among the header's cells: a page number a PDF's text left there.
    let mut strays = 0;
    while j < cells.len() && j - i <= 10 {
        let t = &cells[j].text;
        if number(t) == Some(1) || roman(t) == Some(1) {
            break;
        }
        if number(t).is_some() {
            strays += 1;
            j += 1;
            continue;
        }
        if t.split_whitespace().take(9).count() > 8 {
            return None;
        }
        let l = t.to_lowercase();
        let c = j - i - strays;
        cols.numeric |= [
            "số",
            "lượng",
            "kinh phí",
            "điểm",
            "tỷ lệ",
            "chỉ tiêu",
            "năm",
            "%",
            "giá trị",
            "mức",
        ]
        .iter()
        .any(|w| l.contains(w));
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
    cols.count = j - i - strays;
    (cols.lead.is_some() && j < cells.len()).then_some((cols, j))
}

/// "Các bộ, cơ quan ngang bộ", "Sở Tài chính", "UBND cấp xã"; also a class
/// of units named by what they do ("Các đơn vị được giao thực hiện TTHC",
/// "các đơn vị có hệ thống thông tin") and a unit whose head is no
/// organisation word of a joint list ("Vụ Kế hoạch, Tài chính"): any phrase
/// that opens with a unit head.
fn names_unit(s: &str) -> bool {
    let words = s.split_whitespace().count();
    // A member list after a short plural head ("Các Cục: A; B; C; D; E")
    // may run longer than a name.
    let listed = s
        .split_once(": ")
        .is_some_and(|(h, _)| h.split_whitespace().count() <= 3);
    let max = if listed { 50 } else { 25 };
    if !(2..=max).contains(&words) {
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
    starts_org(&cap) || unit_prefix(s, true).is_some()
}

/// The leads of a lead cell: each sentence names its own ("Các Cục: A; B;
/// C. Vụ Kế hoạch, Tài chính."), and each splits into joint leads. A
/// sentence break is a ". " before an upper-case unit head; a member list
/// after a plural colon keeps its semicolons.
fn cell_leads(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = cell.trim();
    loop {
        let cut = rest.match_indices(". ").map(|(p, _)| p).find(|&p| {
            let after = &rest[p + 2..];
            after.starts_with(char::is_uppercase) && unit_prefix(after, false).is_some()
        });
        let (head, tail) = match cut {
            Some(p) => (&rest[..p], Some(&rest[p + 2..])),
            None => (rest, None),
        };
        out.extend(split_coleads(head.trim_end_matches(['.', ';'])));
        match tail {
            Some(t) => rest = t,
            None => break,
        }
    }
    out
}

/// A cell that only marks rows left out ("…....", "..."): the numbering
/// after it goes on from wherever the copy resumes.
fn is_elision(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '…' | ' '))
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
        // After an elision mark the next number cell opens a row, whatever
        // its number.
        let mut elided = false;
        let mut row: Option<(usize, Vec<&Cell>)> = None;
        let mut rows: Vec<Vec<&Cell>> = Vec::new();
        while j < cells.len() {
            let t = cells[j].text.as_str();
            if header_at(&cells, j).is_some() {
                break;
            }
            // Only between rows: inside a row a "..." is an empty cell.
            let row_done = row.as_ref().is_none_or(|(_, r)| r.len() + 2 >= cols.count);
            let num = number(t);
            if is_elision(t) && row_done {
                elided = true;
            } else if num == Some(expected) || (elided && num.is_some()) {
                elided = false;
                if let Some((_, r)) = row.take() {
                    rows.push(r);
                }
                row = Some((j, Vec::new()));
                expected = num.unwrap_or(expected) + 1;
            } else if roman(t).is_some() {
                if let Some((_, r)) = row.take() {
                    rows.push(r);
                }
                expected = 1;
                elided = false;
            } else if num.is_some() && !cols.numeric {
                // Out of sequence in a table whose columns hold no numbers: the page
                // number a PDF's text left between two cells, which would shift the
                // row's cells off their columns.
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
            for lead in cell_leads(&lead_cell.text) {
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

/// Whether `short` is `full` with runs of words written as their initials
/// ("Cục DLQGVN" for "Cục Du lịch Quốc gia Việt Nam", "Trung tâm Chuyển đổi
/// số VHTTDL" for "... Văn hóa, Thể thao và Du lịch"): an upper-case word of
/// three or more letters stands for as many words of `full` (a "và" between
/// them is skipped), their first letters in order; every other word is the
/// same. Case, diacritics and punctuation are ignored; at least one word
/// must be such an abbreviation.
fn abbreviates(short: &str, full: &str) -> bool {
    use crate::normalize::fold_key;
    let full = fold_key(full);
    let fw: Vec<&str> = full.split(' ').filter(|w| !w.is_empty()).collect();
    let mut j = 0;
    let mut abbreviated = false;
    for raw in short.split_whitespace() {
        let is_abbr = is_abbreviation(raw);
        let folded = fold_key(raw);
        if folded.is_empty() {
            continue;
        }
        if fw.get(j).is_some_and(|w| *w == folded) {
            j += 1;
            continue;
        }
        if !is_abbr {
            return false;
        }
        for l in folded.chars() {
            if fw.get(j).is_some_and(|w| *w == "va") && l != 'v' {
                j += 1;
            }
            match fw.get(j) {
                Some(w) if w.starts_with(l) => j += 1,
                _ => return false,
            }
        }
        abbreviated = true;
    }
    abbreviated && j == fw.len()
}

/// An upper-case word of three or more letters ("DLQGVN", "VHTTDL").
fn is_abbreviation(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let n = letters.clone().count();
    n >= 3 && letters.all(char::is_uppercase)
}

/// "Chủ tịch UBND các huyện" or "Thủ trưởng các sở, ngành" when the unit
/// itself is also a lead: the head acts for the unit, one lead. Likewise a
/// lead written with an abbreviation ("Cục DLQGVN" in a table) when the
/// full name ("Cục Du lịch Quốc gia Việt Nam") is also a lead: one lead,
/// under the full name.
pub fn merge_heads(out: &mut Vec<Assignment>) {
    const TITLES: [&str; 4] = ["chủ tịch ", "thủ trưởng ", "giám đốc ", "người đứng đầu "];
    let mut i = 0;
    while i < out.len() {
        let key = compare_key(&out[i].lead);
        let unit = TITLES.iter().find_map(|t| key.strip_prefix(t));
        let target = unit
            .and_then(|u| {
                out.iter()
                    .position(|b| compare_key(&b.lead) == u)
                    .filter(|&j| j != i)
            })
            .or_else(|| {
                // Cheap test first: an abbreviation is an upper-case word.
                let lead = &out[i].lead;
                if !lead.split_whitespace().any(is_abbreviation) {
                    return None;
                }
                out.iter()
                    .position(|b| abbreviates(lead, &b.lead))
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
    fn page_numbers_among_cells_are_not_cells() {
        // A PDF's page numbers ("3" in the header, "4" between two cells of a row):
        // read as cells they would shift the row's cells off their columns.
        let t = "TT\n\nNội dung\n\n3\n\nCơ quan chủ trì\n\nThời hạn\n\n1\n\nRà soát quy chế\n\n4\n\nSở Nội vụ\n\nTháng 12/2025\n\n2\n\nBố trí kinh phí\n\nSở Tài chính\n\nTháng 11/2025\n";
        let a = table_assignments(t, None, None);
        assert_eq!(
            leads(&a),
            vec![
                ("Sở Nội vụ".to_string(), vec!["2025-12-31".to_string()]),
                ("Sở Tài chính".to_string(), vec!["2025-11-30".to_string()]),
            ]
        );
        // A table with a column of amounts keeps its numbers as cells.
        let t = "TT\n\nNội dung\n\nSố lượng\n\nCơ quan chủ trì\n\n1\n\nMua máy tính\n\n5\n\nSở Tài chính\n";
        let a = table_assignments(t, None, None);
        assert_eq!(leads(&a), vec![("Sở Tài chính".to_string(), vec![])]);
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
    fn lead_cells_name_classes_and_several_sentences() {
        let t = "TT\n\nNội dung\n\nCơ quan chủ trì\n\nThời hạn\n\n1\n\nRà soát thủ tục\n\nCác đơn vị được giao thực hiện thủ tục hành chính\n\nTháng 12/2025\n\n2\n\nCập nhật dữ liệu\n\nCác Phòng: Kinh tế; Văn hóa - Xã hội; Quản lý đô thị; Tài nguyên và Môi trường; Tư pháp; Nội vụ; Y tế; Lao động - Thương binh và Xã hội; Giáo dục và Đào tạo. Vụ Kế hoạch, Tài chính.\n\n30/11/2025\n";
        let a = table_assignments(t, None, None);
        assert_eq!(
            leads(&a),
            vec![
                (
                    "Các đơn vị được giao thực hiện thủ tục hành chính".to_string(),
                    vec!["2025-12-31".to_string()]
                ),
                (
                    "Các Phòng: Kinh tế; Văn hóa - Xã hội; Quản lý đô thị; Tài nguyên và Môi trường; Tư pháp; Nội vụ; Y tế; Lao động - Thương binh và Xã hội; Giáo dục và Đào tạo".to_string(),
                    vec!["2025-11-30".to_string()]
                ),
                ("Vụ Kế hoạch, Tài chính".to_string(), vec!["2025-11-30".to_string()]),
            ]
        );
    }

    #[test]
    fn rows_after_an_elision_mark_are_read() {
        // The copy leaves rows out ("…...") and resumes at another number.
        let t = "TT\n\nNội dung\n\nCơ quan chủ trì\n\nThời hạn\n\n1\n\nRà soát quy chế\n\nSở Nội vụ\n\n2025\n\n….......\n\n4\n\nDiễn tập\n\nSở Y tế\n\nTháng 10/2025\n\n5\n\nTổng kết\n\nSở Tư pháp\n\n2025\n";
        let a = table_assignments(t, None, None);
        let names: Vec<String> = a.iter().map(|a| a.lead.clone()).collect();
        assert_eq!(names, vec!["Sở Nội vụ", "Sở Y tế", "Sở Tư pháp"]);
        // Inside a row "..." is an empty cell, not an elision.
        let t = "TT\n\nNội dung\n\nCơ quan chủ trì\n\nThời hạn\n\n1\n\n...\n\nSở Nội vụ\n\n2025\n\n3\n\nKhác\n\nSở Y tế\n\n2025\n";
        let a = table_assignments(t, None, None);
        let names: Vec<String> = a.iter().map(|a| a.lead.clone()).collect();
        assert_eq!(names, vec!["Sở Nội vụ"]);
    }

    #[test]
    fn an_abbreviated_lead_merges_into_its_full_name() {
        assert!(abbreviates("Cục DLQGVN", "Cục Du lịch Quốc gia Việt Nam"));
        assert!(abbreviates(
            "Trung tâm Chuyển đổi số VHTTDL",
            "Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"
        ));
        assert!(!abbreviates("Cục DLQGVN", "Cục Di sản văn hóa"));
        assert!(!abbreviates("Sở Tài chính", "Sở Tài chính"));
        assert!(!abbreviates("Cục DL", "Cục Du lịch"));
        let mk = |l: &str| Assignment {
            lead: l.to_string(),
            cooperating: Vec::new(),
            tasks: vec!["x".into()],
            deadlines: Vec::new(),
            recurring: None,
            ongoing: false,
            span: Span { start: 0, end: 0 },
        };
        let mut out = vec![
            mk("Cục Hàng không Việt Nam"),
            mk("Sở Tài chính"),
            mk("Cục HKVN"),
        ];
        merge_heads(&mut out);
        let names: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(names, vec!["Cục Hàng không Việt Nam", "Sở Tài chính"]);
        assert_eq!(out[0].tasks.len(), 2);
    }

    #[test]
    fn no_header_no_rows() {
        let t = "1\n\nSở Tài chính\n\nTrước ngày 30/11/2025\n";
        assert!(table_assignments(t, None, None).is_empty());
    }
}
