//! The body: hard-wrapped lines joined into paragraphs, paragraphs placed in
//! an outline by their list markers (I., 1., 1.1., a), -, +, Điều 1.), and
//! assignments read off the outline.
//!
//! Assignments come from two general patterns of the format: a section
//! heading that names a unit ("2. Sở Tài chính:" with its items as duties),
//! and a sentence that gives a unit work ("Giao X ...", "Đề nghị X ...",
//! "X chủ trì, phối hợp với Y ...", "X có trách nhiệm ..."). A paragraph that
//! names no unit gives no assignment: precision matters more than recall.

use crate::date::{
    find_deadlines_lower, find_recurring_lower, is_ongoing_lower, label_deadlines_lower,
};
use crate::header::Header;
use crate::normalize::fold_key;
use crate::tail::Tail;
use crate::text::{Lines, ends_sentence, marker, starts_lower, starts_upper};
use crate::units::{UnitEnd, cooperating, merge_key, split_coleads, unit_prefix};

/// [`merge_key`] memoised for one document: leads and co-operating units
/// recur across paragraphs.
#[derive(Default)]
struct KeyCache(std::cell::RefCell<std::collections::HashMap<String, String>>);

impl KeyCache {
    fn get(&self, s: &str) -> String {
        if let Some(k) = self.0.borrow().get(s) {
            return k.clone();
        }
        let k = merge_key(s);
        self.0.borrow_mut().insert(s.to_string(), k.clone());
        k
    }
}
use crate::{Assignment, Deadline, Diagnostic, MarkerKind, Span};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: MarkerKind,
    pub marker: Option<String>,
    /// Number depth for "1.1." style markers (used to tell levels apart).
    pub num_depth: usize,
    pub depth: usize,
    pub text: String,
    pub span: Span,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub footnote: bool,
    /// Every line so far is upper case (a heading or title).
    upper: bool,
    /// (letters, lower-case letters) in `text`.
    case: (usize, usize),
}

pub struct Body {
    pub nodes: Vec<Node>,
}

fn is_footnote_start(s: &str) -> bool {
    let t = s.trim_start();
    t.starts_with('[')
        && t[1..]
            .chars()
            .take_while(|c| *c != ']')
            .all(|c| c.is_ascii_digit())
        && t.contains(']')
}

/// Whether a line opens with a letter. An upper-case line that opens otherwise
/// (a document number wrapped to the start of a line: "214/NQ-CP).") is no
/// heading: it continues its paragraph.
fn starts_letter(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_alphabetic)
}

/// Whether a line ends as a clause or a bracket does (".", ",", ";", ")"):
/// after a paragraph that has not ended its sentence, an upper-case line that
/// so ends is the wrapped end of that sentence ("... Cảng hàng không Long Thành
/// -" / "ACV."), not a heading (unmarked headings end in a word or ":").
fn ends_clause(t: &str) -> bool {
    t.ends_with(['.', ',', ';', ')'])
}

/// "yêu cầu các Bộ: Nông nghiệp và Môi trường; Xây dựng;" wrapped before
/// "Khoa học và Công nghệ": a semicolon inside a short colon list does not
/// end the paragraph.
fn in_colon_list(text: &str) -> bool {
    let t = text.trim_end();
    if !t.ends_with(';') {
        return false;
    }
    match t.rfind(':') {
        Some(p) => {
            let after = &t[p + 1..];
            !after.contains('.') && after.split_whitespace().take(13).count() <= 12
        }
        None => false,
    }
}

/// "1. Các sở, ban, ngành trực thuộc UBND tỉnh;" wrapped before "UBND các
/// huyện, thành phố tiếp tục ...": a paragraph that so far only names units,
/// each closed by a semicolon, is the subject of a clause that lists its
/// leads with semicolons, and a next line that opens with a unit continues
/// it rather than starting a paragraph.
fn in_unit_list(text: &str, next: &str) -> bool {
    let Some(head) = text.trim_end().strip_suffix(';') else {
        return false;
    };
    // The next line first: most lines open with no unit (a cheap rejection).
    unit_prefix(next, false).is_some()
        && head.split(';').all(|seg| {
            let seg = seg.trim();
            unit_prefix(seg, false)
                .is_some_and(|(len, end)| len == seg.len() && end == UnitEnd::End)
        })
}

/// "... có điều kiện kinh tế" / "- xã hội khó khăn ...", "... giai đoạn
/// 2021" / "- 2025 sang ...": a dash opening a line under an unfinished line
/// (one that ends in a letter or digit), when it runs on in lower case or
/// joins two numbers, is a hyphen the text was wrapped before, not a list
/// item (items open with a capital, or follow ":", ";", "." or a heading).
fn wrapped_hyphen(prev: &str, rest: &str) -> bool {
    let Some(last) = prev.trim_end().chars().next_back() else {
        return false;
    };
    if !last.is_alphanumeric() {
        return false;
    }
    let first = rest.chars().next();
    first.is_some_and(char::is_lowercase)
        || (last.is_ascii_digit() && first.is_some_and(|c| c.is_ascii_digit()))
}

/// Whether `line` ends in a capitalised head noun, a unit's name cut before its
/// complement: "2. Văn phòng Ban" / "Chỉ đạo phòng, chống thiên tai tỉnh" (whose
/// "Chỉ đạo" is a duty verb only in form).
fn ends_with_head_noun(line: &str) -> bool {
    matches!(
        line.split_whitespace().next_back(),
        Some(
            "Ban"
                | "Tổ"
                | "Hội"
                | "Sở"
                | "Phòng"
                | "Cục"
                | "Vụ"
                | "Viện"
                | "Đoàn"
                | "Ủy"
                | "Uỷ"
        )
    )
}

/// Whether list item `p`, one line so far and ended by a word ("3. Trách nhiệm của
/// các Bộ, ngành, địa phương"), is a heading whose content `next` opens with a
/// capitalised adverbial ("Căn cứ quy định tại Điều 3 ...", "Trên cơ sở ..."): in
/// running text those words are never capitalised, so `next` starts a sentence.
fn heads_content(p: &Node, next: &str) -> bool {
    p.marker.is_some()
        && p.kind != MarkerKind::Heading
        && !p
            .text
            .trim_end()
            .ends_with(|c: char| c.is_ascii_punctuation())
        && starts_upper(next)
        && opens_with_adverbial(next)
}

/// Whether paragraph `p` is a list item that so far names a unit alone ("1. Các
/// phòng, đơn vị thuộc phường", "3. Sở Nội vụ"): a capitalised line after it opens
/// the item's content, as it does after a blank line ("Căn cứ vào chức năng ...",
/// "Theo dõi, đôn đốc ..."), rather than running on from the unit's name. A name
/// cut before its end ("2. Sở Văn hóa, Thể thao và" / "Du lịch") ends in a
/// lower-case link word or a capitalised head noun ("2. Văn phòng Ban" / "Chỉ đạo
/// ..."), and one that runs on in capitals ("2. Văn phòng" / "Trung ương Đảng")
/// reads longer with `next` joined, unless `next` opens with a duty verb or an
/// adverbial: none of them is alone. After a name with its head and complement,
/// any duty verb of two words opens the content ("2. Phòng Văn hóa - Xã hội" /
/// "Tổng hợp danh sách ...", `units::duty_opens_after_name`).
fn names_unit_alone(p: &Node, next: &str) -> bool {
    if p.marker.is_none() || p.kind == MarkerKind::Heading {
        return false;
    }
    let text = p.text.trim_end();
    let Some(last) = text.split_whitespace().next_back() else {
        return false;
    };
    if ends_with_head_noun(text) {
        return false;
    }
    if last.chars().next().is_some_and(char::is_lowercase)
        && matches!(
            last,
            "và" | "của"
                | "các"
                | "thuộc"
                | "trực"
                | "về"
                | "với"
                | "cho"
                | "tại"
                | "trên"
                | "cấp"
                | "những"
                | "hoặc"
        )
    {
        return false;
    }
    // Ended by a word: "1. Sở Nội vụ;" / "Sở Tư pháp ..." lists the units of one
    // clause (`in_unit_list`).
    let alone = !text.ends_with(|c: char| c.is_ascii_punctuation())
        && unit_prefix(text, false)
            .is_some_and(|(len, end)| end == UnitEnd::End && len >= text.len());
    // Capitalised words may go on with the name; a duty verb or an adverbial
    // ("Căn cứ vào ...") after a name with its head and complement does not, though
    // read with the name they can look like it.
    alone
        && (starts_with_duty_verb(next)
            || opens_with_adverbial(next)
            || crate::units::duty_opens_after_name(text, next)
            || unit_prefix(&format!("{text} {next}"), false)
                .is_none_or(|(len, _)| len <= text.len() + 1))
}

fn marker_key(kind: MarkerKind, num_depth: usize) -> String {
    format!("{kind:?}{num_depth}")
}

fn is_closing(text: &str) -> bool {
    let l = text.trim_start();
    text.trim_end().ends_with("./.")
        || [
            "trên đây",
            "thừa lệnh",
            "trong quá trình",
            "quá trình thực hiện",
            "văn phòng chính phủ xin thông báo",
            "văn phòng chính phủ thông báo",
            "kính báo",
        ]
        .iter()
        .any(|p| crate::text::starts_ci(l, p))
}

/// Builds paragraphs and the outline over the body lines.
/// Lower-case letters after which a line's case is no longer counted.
const CASE_CAP: usize = 16;

pub fn parse_body(lines: &Lines<'_>, header: &Header, tail: &Tail) -> Body {
    let n = lines.len();
    // Skip the Nơi nhận list and the signature block, keep what follows
    // (an attached plan often carries the assignments).
    let mut skip: Vec<(usize, usize)> = Vec::new();
    if let (Some(k), Some(end)) = (tail.nn_line, tail.nn_end) {
        // Where the tail found the list to end (`parse_tail`): at a blank line, the
        // signature, or (in text extracted from a PDF, which often has no blank line)
        // after the item that closes it.
        skip.push((k, end));
    }
    if let Some((a, b)) = tail.sig_lines {
        skip.push((a, b));
    }
    let mut nodes: Vec<Node> = Vec::new();
    let mut cur: Option<Node> = None;
    let mut blank = false;
    let mut in_footnotes = false;
    // Lines in the current paragraph.
    let mut cur_lines = 0usize;
    let flush = |cur: &mut Option<Node>, nodes: &mut Vec<Node>| {
        if let Some(node) = cur.take() {
            // Normalised lines are trimmed, single-spaced and use no other
            // whitespace, and are joined with one space: nothing to squash.
            debug_assert!(crate::text::single_spaced(&node.text), "{:?}", node.text);
            nodes.push(node);
        }
    };
    let mut i = header.body_start.min(n);
    while i < n {
        if let Some(&(_, b)) = skip.iter().find(|(a, b)| i >= *a && i < *b) {
            flush(&mut cur, &mut nodes);
            i = b;
            blank = true;
            continue;
        }
        let line = lines.lines[i];
        let t = line.text.trim();
        i += 1;
        if t.is_empty() {
            blank = true;
            continue;
        }
        if t.chars().all(|c| c == '_') && t.len() >= 5 {
            // A footnote rule: what follows are footnotes.
            flush(&mut cur, &mut nodes);
            in_footnotes = true;
            continue;
        }
        if crate::text::is_rule(t) {
            flush(&mut cur, &mut nodes);
            blank = true;
            continue;
        }
        let lead_ws = line.text.len() - line.text.trim_start().len();
        let span_start = line.start + lead_ws;
        let mut mk = marker(t);
        if let (Some((MarkerKind::Dash, _, _, len)), Some(p)) = (&mk, &cur)
            && !blank
            && !p.upper
            // Items written in lower case ("- rà soát ...", "- kiểm tra ..."): the
            // next lower-case dash line is the next item.
            && !(p.kind == MarkerKind::Dash && crate::text::starts_lower(&p.text))
            && wrapped_hyphen(&p.text, t.get(*len..).unwrap_or(""))
        {
            mk = None;
        }
        let footnote = is_footnote_start(t);
        if footnote {
            in_footnotes = true;
        }
        // Only `upper_counts` reads the counts, and it is false from four
        // lower-case letters on: running text stops being scanned at
        // CASE_CAP (sums of capped counts stay at or above it).
        let t_case = crate::text::case_counts_upto(t, CASE_CAP);
        let upper = crate::text::upper_counts(t_case.0, t_case.1);
        let new_para = match &cur {
            None => true,
            Some(p) => {
                let p_empty = p.text.trim().is_empty();
                // `is_upper(&p.text)` from running letter counts, without
                // rescanning the growing paragraph for every line.
                let p_text_upper = crate::text::upper_counts(p.case.0, p.case.1);
                let p_upper = p.kind == MarkerKind::Heading || (p_text_upper && p.text.len() > 3);
                // A sentence never starts in lower case: such a line continues
                // the paragraph even after "..." or a blank line.
                if (p_empty || starts_lower(t)) && mk.is_none() && !footnote {
                    false
                } else {
                    mk.is_some()
                        || footnote
                        || (ends_sentence(&p.text)
                            && !in_colon_list(&p.text)
                            && !in_unit_list(&p.text, t))
                        || (blank && starts_upper(t))
                        || (cur_lines == 1 && starts_upper(t) && names_unit_alone(p, t))
                        || (cur_lines == 1 && heads_content(p, t))
                        || (p_upper && !upper)
                        || (upper
                            && !p_upper
                            && starts_letter(t)
                            && !ends_clause(t)
                            && t.len() > 3
                            && !p_text_upper)
                }
            }
        };
        blank = false;
        if new_para {
            cur_lines = 1;
            flush(&mut cur, &mut nodes);
            let (kind, mtext, num_depth, len) = match mk {
                Some((k, m, d, l)) => (k, Some(m), d, l),
                None if upper && !in_footnotes => (MarkerKind::Heading, None, 0, 0),
                None => (MarkerKind::Text, None, 0, 0),
            };
            // Wrapped lines are appended: room for a few up front.
            let first = t.get(len..).unwrap_or("");
            let mut text = String::with_capacity(first.len().max(256));
            text.push_str(first);
            // The counts are additive: the line's minus its marker's.
            let case = match t.get(..len) {
                // Capped: the marker's letters cannot be taken off.
                Some(_) if t_case.1 >= CASE_CAP => crate::text::case_counts_upto(first, CASE_CAP),
                Some(m) => {
                    let mc = crate::text::case_counts(m);
                    (t_case.0.saturating_sub(mc.0), t_case.1.saturating_sub(mc.1))
                }
                _ => crate::text::case_counts_upto(&text, CASE_CAP),
            };
            cur = Some(Node {
                kind,
                marker: mtext,
                num_depth,
                depth: 0,
                case,
                text,
                span: Span {
                    start: span_start,
                    end: line.start + line.text.len(),
                },
                parent: None,
                children: Vec::new(),
                footnote: in_footnotes,
                upper,
            });
        } else if let Some(p) = cur.as_mut() {
            if !p.text.is_empty() {
                // Table-like layouts put the unit and its duty on separate
                // lines ("Giao Công an Thành / phố / Chỉ đạo Công an ..."): a
                // capitalised duty verb after a short line starts the duty.
                let prev_line = lines.text(i.saturating_sub(2)).trim();
                // So does one after a numbered item's first line that names a unit
                // alone ("2. Phòng Văn hóa - Xã hội" / "Tổ chức ngày hội ..."): the
                // item is a heading, the duty its content.
                let heading = cur_lines == 1
                    && p.marker.is_some()
                    && prev_line.split_whitespace().take(13).count() <= 12
                    && !prev_line.ends_with(|c: char| c.is_ascii_punctuation());
                if starts_with_duty_verb(t)
                    && (heading || prev_line.split_whitespace().take(7).count() <= 6)
                    && !ends_with_head_noun(prev_line)
                {
                    p.text.push(':');
                }
                p.text.push(' ');
            }
            p.text.push_str(t);
            cur_lines += 1;
            p.case = (p.case.0 + t_case.0, p.case.1 + t_case.1);
            p.upper &= upper;
            p.span.end = line.start + line.text.len();
        }
    }
    flush(&mut cur, &mut nodes);

    // Outline: a marker style seen before closes back to that level; a new
    // style nests under the current item; running text hangs under it.
    let mut stack: Vec<(String, usize)> = Vec::new();
    for idx in 0..nodes.len() {
        let (kind, nd) = (nodes[idx].kind, nodes[idx].num_depth);
        let parent;
        match kind {
            MarkerKind::Heading => {
                stack.clear();
                parent = None;
            }
            MarkerKind::Text => {
                if nodes[idx].footnote || is_closing(&nodes[idx].text) {
                    stack.clear();
                    parent = None;
                } else {
                    if let Some(pos) = stack.iter().position(|(k, _)| k == "Intro") {
                        // Running text after a list that an introduction opened
                        // belongs to the introduction's level again.
                        if nodes[idx].text.trim_end().ends_with(':') {
                            stack.truncate(pos);
                        }
                    }
                    parent = stack.last().map(|s| s.1);
                    // "... các nhiệm vụ sau:" opens the list that follows.
                    if nodes[idx].text.trim_end().ends_with(':') {
                        stack.push(("Intro".to_string(), idx));
                    }
                }
            }
            _ => {
                let key = marker_key(kind, nd);
                if let Some(pos) = stack.iter().position(|(k, _)| *k == key) {
                    stack.truncate(pos);
                }
                parent = stack.last().map(|s| s.1);
                stack.push((key, idx));
            }
        }
        nodes[idx].parent = parent;
        nodes[idx].depth = parent.map(|p| nodes[p].depth + 1).unwrap_or(0);
        if let Some(p) = parent {
            nodes[p].children.push(idx);
        }
    }
    Body { nodes }
}

fn opens_with_adverbial(text: &str) -> bool {
    let l = text.trim_start();
    [
        "đối với",
        "trên cơ sở",
        "để ",
        "trong ",
        "sau khi",
        "trường hợp",
        "khi ",
        "nhằm",
        "ngoài ra",
        "căn cứ",
    ]
    .iter()
    .any(|p| crate::text::starts_ci(l, p))
}

fn is_recital(text: &str) -> bool {
    static RECITAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:ngày\s+\d|tại\s+(?:công văn|văn bản|thông báo|kết luận|quyết định|công điện)|theo\s+(?:công văn|văn bản|thông báo))")
            .expect("recital regex")
    });
    RECITAL.is_match(text.trim_start())
}

fn is_generic_duty(duty: &str) -> bool {
    let d = duty
        .trim()
        .trim_end_matches("./.")
        .trim_end_matches(['.', ';']);
    let words = d.split_whitespace().count();
    let l = crate::normalize::lower_str(d);
    // The executive article of a decision ("... chịu trách nhiệm thi hành
    // Quyết định này") names who carries it out, not a task.
    if l.ends_with(" này") && l.contains("thi hành") {
        return true;
    }
    if executes_this_document(&l) {
        return true;
    }
    // Following up the carrying out ("theo dõi, đôn đốc việc thực hiện", the Office's
    // usual part) is work of its own, however short.
    words <= 9
        && (l.contains("thực hiện") || l.contains("triển khai"))
        && !l.contains("trước")
        && !l.contains("báo cáo")
        && !l.contains("theo dõi")
        && !l.contains("đôn đốc")
        && !l.contains("kiểm tra")
}

/// Whether a duty (lower case) only asks to carry out the document itself
/// ("có trách nhiệm tổ chức triển khai thực hiện nghiêm túc Chỉ thị này"),
/// at most followed by the closing formula on reporting difficulties
/// ("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời phản
/// ánh ..."): the closing of a directive, which names who executes it, not
/// a task of its own. After the openers and the verbs only a manner
/// ("nghiêm túc, có hiệu quả") and the document ("Kế hoạch này") may
/// follow: any other word ("kiểm tra trước ngày ...", "chế độ báo cáo",
/// "bố trí kinh phí để triển khai ...", "việc tổng kết") is work of its own.
fn executes_this_document(l: &str) -> bool {
    const OPENERS: &[&str] = &[
        "có trách nhiệm ",
        "chịu trách nhiệm ",
        "khẩn trương ",
        "nghiêm túc ",
        "tổ chức ",
    ];
    const VERBS: &[&str] = &["triển khai", "thực hiện", "thi hành"];
    /// How the document is to be carried out.
    const MANNER: &[&str] = &[
        "nghiêm túc",
        "có hiệu quả",
        "hiệu quả",
        "đầy đủ",
        "kịp thời",
        "đồng bộ",
        "quyết liệt",
        "thống nhất",
        "triệt để",
        "tốt",
        "nghiêm",
    ];
    /// The kinds of document a request can name ("... Chỉ thị này").
    const KINDS: &[&str] = &[
        "kế hoạch",
        "chỉ thị",
        "công văn",
        "văn bản",
        "quyết định",
        "thông báo",
        "nghị quyết",
        "công điện",
        "chương trình",
        "kết luận",
        "đề án",
        "hướng dẫn",
        "thông tư",
        "nghị định",
    ];
    // A word of `list` at the start of `t`, followed by a word break.
    fn strip<'a>(t: &'a str, list: &[&str]) -> Option<&'a str> {
        list.iter().find_map(|w| {
            t.strip_prefix(w)
                .filter(|r| r.is_empty() || r.starts_with([' ', ',']))
        })
    }
    fn skip_joins(t: &str) -> &str {
        let t = t.trim_start_matches([',', ' ']);
        t.strip_prefix("và ").unwrap_or(t)
    }
    let mut sentences = l.split(". ");
    let first = sentences.next().unwrap_or("").trim();
    let mut t = first;
    while let Some(rest) = OPENERS.iter().find_map(|p| t.strip_prefix(p)) {
        t = rest;
    }
    let mut verbs = 0;
    while let Some(rest) = strip(t, VERBS) {
        verbs += 1;
        t = skip_joins(rest);
    }
    while let Some(rest) = strip(t, MANNER) {
        t = skip_joins(rest);
    }
    verbs > 0
        && KINDS
            .iter()
            .any(|k| t.strip_prefix(k).is_some_and(|r| r == " này"))
        && sentences.all(|s| reports_on_previous(s.trim()))
}

/// Whether byte `pos` of `text` lies inside brackets: an "(" before it is
/// still open and a ")" after it closes that bracket. An "(" never closed
/// ("Rà soát (theo danh sách kèm theo; Sở A chủ trì ...") hides nothing.
fn inside_brackets(text: &str, pos: usize) -> bool {
    let mut open = 0usize;
    for c in text[..pos].chars() {
        match c {
            '(' => open += 1,
            ')' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    if open == 0 {
        return false;
    }
    let mut depth = 0usize;
    for c in text[pos..].chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return true,
            ')' => depth -= 1,
            _ => {}
        }
    }
    false
}

/// Where a duty given inside brackets ends: "Xây dựng quy chế (Giao Công an
/// tỉnh chủ trì, phối hợp với Văn phòng; Sở Tư pháp tham mưu)." gives the
/// unit at `unit` the words up to the bracket that closes around it, not the
/// rest of the sentence. `from`..`end` is the duty as read without brackets.
fn bracket_close(text: &str, unit: usize, from: usize, end: usize) -> usize {
    let open = text[..unit].matches('(').count();
    if open <= text[..unit].matches(')').count() {
        return end;
    }
    let mut depth = 0usize;
    for (i, c) in text[from..end].char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return from + i,
            ')' => depth -= 1,
            _ => {}
        }
    }
    end
}

/// The work an assignment in brackets is given for, written before the
/// bracket ("Thành lập Đoàn kiểm tra liên ngành, hoàn thành trước ngày
/// 30/6/2026 (Giao Công an tỉnh chủ trì, ...)"): its start and text, from
/// `from` (where the previous lead's duty ended) to the "(" that opens
/// right before the unit at `unit`, after at most a trigger ("(Giao ",
/// "(giao cho "). None when no words come before the bracket, or the
/// bracket holds more than the assignment before the unit.
fn work_before_bracket(text: &str, from: usize, unit: usize) -> Option<(usize, &str)> {
    let mut opens: Vec<usize> = Vec::new();
    for (i, c) in text[..unit].char_indices() {
        match c {
            '(' => opens.push(i),
            ')' => {
                opens.pop();
            }
            _ => {}
        }
    }
    let open = *opens.last()?;
    if open < from {
        return None;
    }
    let lead_in = crate::normalize::lower_str(text[open + 1..unit].trim());
    let by_trigger = lead_in.is_empty()
        || TRIGGERS.iter().any(|t| {
            lead_in
                .strip_suffix(t.trim_end())
                .is_some_and(|r| r.trim().is_empty())
        });
    if !by_trigger {
        return None;
    }
    let raw = &text[from..open];
    let work = raw.trim_start_matches([')', ';', ',', '.', ':', ' ']);
    let start = from + (raw.len() - work.len());
    let work = work.trim_end_matches([',', ';', ':', ' ']).trim_end();
    work.chars()
        .any(char::is_alphabetic)
        .then_some((start, work))
}

/// A duty read after a unit's name that opens with a bracket describing
/// the unit ("Giao Trung tâm Y tế huyện (Cơ quan Thường trực Ban Chỉ đạo)
/// chủ trì, phối hợp ..."): the apposition belongs to the name, the duty is
/// what follows it. A numbering ("(1) Rà soát ...; (2) ..."), a one-word
/// remark, or a bracket with nothing after it stays.
fn skip_apposition(duty: &str) -> &str {
    let Some(inner) = duty.strip_prefix('(') else {
        return duty;
    };
    let mut depth = 0usize;
    let close = inner.char_indices().find_map(|(i, c)| match c {
        '(' => {
            depth += 1;
            None
        }
        ')' if depth == 0 => Some(i),
        ')' => {
            depth -= 1;
            None
        }
        _ => None,
    });
    let Some(close) = close else {
        return duty;
    };
    let words = inner[..close]
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let rest = inner[close + 1..]
        .trim_start_matches([':', ',', ' '])
        .trim();
    if words < 2 || !rest.chars().any(char::is_alphabetic) {
        return duty;
    }
    rest
}

/// Whether a paragraph under a unit's heading gives work to a unit named
/// at its start ("b) Giao Thanh tra thành phố tổ chức thanh tra ...",
/// "Trong đó giao Giám đốc Công an tỉnh chỉ đạo thực hiện:"): the duty is
/// that unit's, read as a sentence, not one of the heading unit's own.
/// Only handing work over does so ("giao", "phân công"): a request ("b)
/// Yêu cầu các bệnh viện ...", "Đề nghị ...") is the heading unit's duty.
fn gives_work_itself(text: &str, trig: &[(usize, usize, UnitEnd)]) -> bool {
    trig.iter().any(|&(s, _, _)| {
        let before = crate::normalize::lower_str(text[..s].trim_end());
        before.split_whitespace().take(4).count() <= 3
            && TRIGGERS
                .iter()
                .filter(|t| t.starts_with("giao") || t.starts_with("phân công"))
                .any(|t| {
                    before
                        .strip_suffix(t.trim_end())
                        .is_some_and(|r| r.is_empty() || r.ends_with(' '))
                })
    })
}

fn starts_with_duty_verb(t: &str) -> bool {
    const V: &[&str] = &[
        "Khẩn trương",
        "Chủ trì",
        "Phối hợp",
        "Tiếp tục",
        "Thực hiện",
        "Rà soát",
        "Triển khai",
        "Theo dõi",
        "Tham mưu",
        "Chủ động",
        "Tăng cường",
        "Đẩy mạnh",
        "Chỉ đạo",
        "Hướng dẫn",
        "Tập trung",
        "Nghiên cứu",
        "Hoàn thành",
        "Cung cấp",
        "Đôn đốc",
        "Quán triệt",
        "Phổ biến",
        "Tuyên truyền",
        // Capitalised at a line's start after a short line, a duty ("Tổ chức ngày
        // hội"), though in running text it opens nouns as often.
        "Tổ chức",
    ];
    // All start with an upper-case letter.
    if !t.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    V.iter().any(|v| {
        t.strip_prefix(v)
            .is_some_and(|r| r.starts_with(' ') || r.is_empty())
    })
}

const LEAD_LABELS: &[&str] = &[
    "đơn vị chủ trì thực hiện:",
    "đơn vị chủ trì tham mưu thực hiện:",
    "đơn vị chủ trì:",
    "cơ quan chủ trì thực hiện:",
    "cơ quan chủ trì:",
    "chủ trì thực hiện:",
    "chủ trì:",
    "đơn vị thực hiện:",
];

/// "Đơn vị chủ trì: Sở Nội vụ." → "Sở Nội vụ."
fn lead_label(text: &str) -> Option<&str> {
    // Every label starts with "đ" or "c".
    if !matches!(
        text.chars().next().map(crate::normalize::lower_char),
        Some('đ' | 'c')
    ) {
        return None;
    }
    LEAD_LABELS
        .iter()
        .find(|l| crate::text::starts_ci(text, l))
        .map(|l| text[l.len()..].trim())
        .filter(|r| !r.is_empty())
}

/// Field labels of plan tables ("Thời gian thực hiện:", "Đơn vị phối hợp:").
const FIELD_LABELS: &[&str] = &[
    "đơn vị chủ trì",
    "cơ quan chủ trì",
    "đơn vị phối hợp",
    "cơ quan phối hợp",
    "thời gian",
    "thời hạn",
    "cơ quan thực hiện",
    "đơn vị thực hiện",
    "sản phẩm",
    "kinh phí",
    "nội dung:",
];

fn is_label(text: &str) -> bool {
    let l = text.trim_start();
    // The labels' first letters.
    if !matches!(
        l.chars().next().map(crate::normalize::lower_char),
        Some('đ' | 'c' | 't' | 's' | 'k' | 'n')
    ) {
        return false;
    }
    FIELD_LABELS.iter().any(|p| crate::text::starts_ci(l, p))
        && (!matches!(
            l.chars().next().map(crate::normalize::lower_char),
            Some('đ' | 'c')
        ) || short_label(l))
}

/// A unit field's label is short: "Đơn vị chủ trì: ...", "Cơ quan phối hợp",
/// "2. Cơ quan chủ trì, thực hiện". A longer paragraph that opens with the
/// same words names a role as its subject ("Cơ quan chủ trì giải quyết thủ
/// tục đầu tư dự án", "Cơ quan phối hợp có trách nhiệm trả lời ...") and is
/// read as any other.
fn short_label(l: &str) -> bool {
    const LABEL_WORDS: usize = 6;
    let name = l.split(':').next().unwrap_or(l);
    name.split_whitespace().take(LABEL_WORDS + 1).count() <= LABEL_WORDS
}

fn is_lead_list_label(text: &str) -> bool {
    if text.len() > 80 {
        return false;
    }
    let l = text.trim().trim_end_matches([':', '.']);
    // Lower-casing keeps byte lengths: equal length and prefix is equality.
    [
        "cơ quan chủ trì",
        "đơn vị chủ trì",
        "chủ trì thực hiện",
        "đơn vị thực hiện",
        "đơn vị chủ trì thực hiện",
        "cơ quan chủ trì thực hiện",
    ]
    .iter()
    .any(|p| p.len() == l.len() && crate::text::starts_ci(l, p))
}

/// The part or section ("I. ...") a "Cơ quan chủ trì" list belongs to.
fn section_scope(body: &Body, idx: usize) -> Option<usize> {
    let mut cur = body.nodes[idx].parent;
    let mut best = None;
    while let Some(p) = cur {
        let n = &body.nodes[p];
        if !is_label(&n.text) && !crate::text::starts_ci(n.text.trim_start(), "cơ quan chủ trì")
        {
            if matches!(
                n.kind,
                MarkerKind::Roman | MarkerKind::Part | MarkerKind::Article
            ) {
                return Some(p);
            }
            best = best.or(Some(p));
        }
        cur = n.parent;
    }
    best
}

/// Lettered / numbered work items of a section, leaving out field labels
/// and the units listed under them.
fn collect_items(body: &Body, idx: usize, out: &mut Vec<String>) {
    for &c in &body.nodes[idx].children {
        let n = &body.nodes[c];
        if is_label(&n.text)
            || is_lead_list_label(&n.text)
            || crate::text::starts_ci(n.text.trim_start(), "cơ quan chủ trì")
        {
            continue;
        }
        if matches!(n.kind, MarkerKind::Letter | MarkerKind::ParenNumber) {
            out.push(n.text.clone());
        } else {
            collect_items(body, c, out);
        }
    }
}

/// The duties of a plan item: its dash items, or those of its "Nhiệm vụ:"
/// field ("a) Nhiệm vụ: - ...; - ...", or the text after the label when it has
/// no items); empty when it has neither.
fn plan_item_duties(body: &Body, item: usize) -> Vec<String> {
    let dashes = |n: usize| -> Vec<String> {
        body.nodes[n]
            .children
            .iter()
            .filter(|&&c| {
                matches!(body.nodes[c].kind, MarkerKind::Dash | MarkerKind::Plus)
                    && !is_label(&body.nodes[c].text)
            })
            .map(|&c| body.nodes[c].text.clone())
            .collect()
    };
    let own = dashes(item);
    if !own.is_empty() {
        return own;
    }
    for &c in &body.nodes[item].children {
        let t = body.nodes[c].text.trim_start();
        if crate::text::starts_ci(t, "nhiệm vụ:") {
            let under = dashes(c);
            if !under.is_empty() {
                return under;
            }
            let inline = t["nhiệm vụ:".len()..].trim();
            if !inline.is_empty() {
                return vec![inline.to_string()];
            }
        }
    }
    Vec::new()
}

/// The item a "Đơn vị chủ trì" label describes: the nearest numbered or
/// lettered ancestor that is not itself a label.
fn task_scope(body: &Body, idx: usize) -> Option<usize> {
    let mut cur = body.nodes[idx].parent;
    while let Some(p) = cur {
        let n = &body.nodes[p];
        if !is_label(&n.text)
            && matches!(
                n.kind,
                MarkerKind::Number
                    | MarkerKind::Roman
                    | MarkerKind::Letter
                    | MarkerKind::ParenNumber
                    | MarkerKind::Article
            )
        {
            return Some(p);
        }
        cur = n.parent;
    }
    None
}

/// A lead found in a paragraph.
struct Found {
    leads: Vec<String>,
    /// The paragraph the leads were found in.
    node: usize,
    span: Span,
    tasks: Vec<String>,
    /// Text the deadlines and co-operating units are read from.
    duty_text: String,
}

const TRIGGERS: &[&str] = &[
    "giao nhiệm vụ cho ",
    "giao trách nhiệm cho ",
    "giao cho ",
    "giao ",
    "đề nghị ",
    "yêu cầu ",
    "phân công ",
];

/// First bytes of the triggers' first letters: g/G, y/Y, p/P, and C4
/// (đ/Đ are C4 91 / C4 90).
static TRIGGER_FIRST: [bool; 256] = {
    let mut t = [false; 256];
    t[b'g' as usize] = true;
    t[b'G' as usize] = true;
    t[b'y' as usize] = true;
    t[b'Y' as usize] = true;
    t[b'p' as usize] = true;
    t[b'P' as usize] = true;
    t[0xC4] = true;
    t
};

/// Finds explicit assignment phrases in a paragraph: (byte offset of the
/// unit, unit length, end reason).
fn triggered_units(text: &str) -> Vec<(usize, usize, UnitEnd)> {
    debug_assert!(TRIGGERS.iter().all(|t| {
        let mut c = t.chars();
        matches!(
            (c.next(), c.next()),
            (Some('g'), Some('i'))
                | (Some('đ'), Some('ề'))
                | (Some('y'), Some('ê'))
                | (Some('p'), Some('h'))
        )
    }));
    use crate::text::starts_ci;
    // One pass over word starts instead of a search per trigger; the
    // matches are then taken in trigger order, as the overlap rule needs.
    let mut hits: Vec<(usize, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(off) = bytes
        .get(from..)
        .and_then(|r| r.iter().position(|&b| TRIGGER_FIRST[b as usize]))
    {
        let at = from + off;
        from = at + 1;
        // First bytes of g/G, y/Y, p/P and đ/Đ (C4 91 / C4 90).
        if bytes[at] == 0xC4 && !matches!(bytes.get(at + 1), Some(0x90 | 0x91)) {
            continue;
        }
        // A word start: the character before is not a letter or digit.
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(crate::text::is_alnum)
        {
            continue;
        }
        let rest = &text[at..];
        // Only the triggers that start with this letter; the "giao ..."
        // forms only when "giao " itself matches.
        let mut cs = rest.chars();
        let lead = crate::normalize::lower_char(cs.next().unwrap_or(' '));
        // Every trigger of a letter has the same second letter ("gi", "đề",
        // "yê", "ph"): most words are rejected on it.
        let second = match lead {
            'g' => 'i',
            'đ' => 'ề',
            'y' => 'ê',
            _ => 'h',
        };
        if cs.next().map(crate::normalize::lower_char) != Some(second) {
            continue;
        }
        if lead == 'g' && !starts_ci(rest, "giao ") {
            continue;
        }
        for (ti, trig) in TRIGGERS.iter().enumerate() {
            if trig.starts_with(lead) && starts_ci(rest, trig) {
                hits.push((ti, at));
            }
        }
    }
    if hits.is_empty() {
        return Vec::new();
    }
    hits.sort_unstable();
    let mut out: Vec<(usize, usize, UnitEnd)> = Vec::new();
    for (ti, at) in hits {
        let trig = TRIGGERS[ti];
        // Not a past or passive mention ("đã giao", "được giao", "theo đề
        // nghị"), nor the act named as a topic ("làm việc với Bộ về việc giao
        // UBND tỉnh là cơ quan chủ quản").
        let prev_word = text[..at].split_whitespace().next_back().unwrap_or("");
        if [
            "đã", "được", "theo", "xét", "có", "các", "tại", "nhận", "và", "như", "việc",
        ]
        .iter()
        .any(|w| prev_word.len() == w.len() && starts_ci(prev_word, w))
        {
            continue;
        }
        let first = at + trig.len();
        let mut start = first;
        // "đề nghị UBND các xã, phường; các đơn vị, cơ sở giáo dục trực
        // thuộc thực hiện ...": leads listed with semicolons share the duty
        // that follows the last, so the list is one span (split into its
        // leads later, as joint leads are).
        let mut listed: Option<(usize, UnitEnd)> = None;
        while let Some((len, why)) = text.get(start..).and_then(|r| unit_prefix(r, true)) {
            if out
                .iter()
                .any(|(s, l, _)| start < s + l && *s < start + len)
            {
                break;
            }
            listed = Some((start + len, why));
            if why != UnitEnd::Punct || !text[start + len..].starts_with("; ") {
                break;
            }
            start += len + 2;
        }
        if let Some((end, why)) = listed {
            out.push((first, end - first, why));
        }
    }
    out.sort_by_key(|x| x.0);
    out
}

fn clause_starts(text: &str) -> Vec<usize> {
    // Paragraph start and positions after "; " and ". " (new clauses).
    // One pass over the bytes, in order.
    let mut v = vec![0];
    let b = text.as_bytes();
    for i in 0..b.len().saturating_sub(1) {
        if b[i + 1] != b' ' {
            continue;
        }
        // "TP. Hồ Chí Minh", "b/c." are rare; a clause after ". " starts upper case.
        if b[i] == b';' || (b[i] == b'.' && starts_upper(&text[i + 2..])) {
            v.push(i + 2);
        }
    }
    v
}

/// `duty` split at each "; " that is not inside quotation marks or brackets:
/// a quoted name (the emulation movement “Đẩy mạnh phát triển kết cấu hạ
/// tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí”) and a
/// bracketed remark ("(trừ các trường hợp đã cấp phép; các trường hợp ...)")
/// are one piece of their clause.
fn split_outside_quotes(duty: &str) -> Vec<&str> {
    split_outside(duty, true)
        .or_else(|| split_outside(duty, false))
        .unwrap_or_else(|| duty.split("; ").collect())
}

/// [`split_outside_quotes`] with or without brackets; `None` when the
/// quotes (or the brackets) are unbalanced.
fn split_outside(duty: &str, brackets: bool) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let (mut depth, mut paren, mut straight_open, mut start) = (0usize, 0usize, false, 0);
    for (i, c) in duty.char_indices() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            '"' => straight_open = !straight_open,
            '(' if brackets => paren += 1,
            // "a) ...; b) ...": a list marker closes no bracket.
            ')' if brackets => paren = paren.saturating_sub(1),
            ';' if depth == 0 && paren == 0 && !straight_open && duty[i + 1..].starts_with(' ') => {
                out.push(&duty[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    // Unbalanced quotes: the plain split, as if there were none; unbalanced
    // brackets: the split that ignores them.
    if depth != 0 || straight_open || paren != 0 {
        return None;
    }
    out.push(&duty[start..]);
    Some(out)
}

/// A clause that only sets the time of the clause before it ("...; hoàn thành
/// trước ngày 10 tháng 12 năm 2025.") is joined to it: it is that duty's
/// deadline, not a duty of its own.
fn merge_deadline_clauses(clauses: Vec<&str>) -> Vec<String> {
    const OPENERS: &[&str] = &[
        "hoàn thành",
        "thời hạn",
        "thời gian hoàn thành",
        "thời gian thực hiện",
        "trước ngày",
        "chậm nhất",
        "xong trước",
    ];
    let mut out: Vec<String> = Vec::with_capacity(clauses.len());
    for c in clauses {
        let t = c.trim();
        let only_time = OPENERS.iter().any(|o| crate::text::starts_ci(t, o))
            && t.split_whitespace().take(13).count() <= 12
            && t.chars().any(|ch| ch.is_ascii_digit());
        match out.last_mut() {
            Some(prev) if only_time => {
                prev.push_str("; ");
                prev.push_str(c);
            }
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// Labels that open a paragraph stating only when the work is due, longest
/// first ("Thời hạn hoàn thành:" before "Thời hạn:").
const DEADLINE_LABELS: &[&str] = &[
    "thời hạn hoàn thành",
    "thời hạn thực hiện",
    "thời hạn",
    "thời gian hoàn thành",
    "thời gian thực hiện",
    "thời gian",
    "hạn hoàn thành",
    "tiến độ hoàn thành",
    "tiến độ thực hiện",
];

/// Words a deadline opens with when no colon follows the label ("Thời gian
/// hoàn thành trước ngày 31 tháng 12 năm 2025."); "Thời gian qua, ..." is
/// running text.
const DEADLINE_WORDS: &[&str] = &[
    "trước",
    "trong",
    "chậm nhất",
    "hoàn thành",
    "xong",
    "từ",
    "đến",
    "ngày",
    "tháng",
    "quý",
    "năm",
    "thường xuyên",
    "hằng",
    "hàng",
];

/// The longest a deadline after its label runs, in words ("trước ngày 30
/// tháng 12 năm 2026", "từ tháng 01/2026 đến hết tháng 6/2026").
const DEADLINE_WORDS_MAX: usize = 12;

/// A paragraph that only states when the work before it is due
/// ("Thời hạn: trước ngày 26/12/2026.", "Thời gian thực hiện: Thường
/// xuyên."): a field of the assignment around it, not a duty. A label with
/// nothing after it (a table's column head), a long text, or one that goes
/// on with a duty of its own ("...; báo cáo kết quả về ...") is not one.
fn deadline_only(text: &str) -> bool {
    use crate::text::starts_ci;
    let t = text.trim_start();
    if !matches!(
        t.chars().next().map(crate::normalize::lower_char),
        Some('t' | 'h')
    ) {
        return false;
    }
    // Lower-casing keeps byte lengths: the label's length is its length in `t`.
    let Some(rest) = DEADLINE_LABELS
        .iter()
        .find(|l| {
            starts_ci(t, l)
                && t.get(l.len()..)
                    .and_then(|r| r.chars().next())
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .and_then(|l| t.get(l.len()..))
    else {
        return false;
    };
    let rest = rest.trim_start();
    let colon = rest.starts_with(':');
    let value = rest
        .trim_start_matches(':')
        .trim()
        .trim_end_matches("./.")
        .trim_end_matches(['.', ';', ' ']);
    if value.is_empty()
        || value
            .split_whitespace()
            .take(DEADLINE_WORDS_MAX + 1)
            .count()
            > DEADLINE_WORDS_MAX
    {
        return false;
    }
    if !colon && !DEADLINE_WORDS.iter().any(|w| starts_ci(value, w)) {
        return false;
    }
    // A clause after the deadline that opens with a duty verb is a duty.
    !value
        .split("; ")
        .flat_map(|c| c.split(". "))
        .skip(1)
        .any(|c| crate::units::opens_with_duty_verb(c) || starts_with_duty_verb(c))
}

/// Whether `item` opens with the name of a legal document ("Nghị định số
/// 26/2020/NĐ-CP ...", "Luật Bảo vệ bí mật nhà nước năm 2018", "Các Quyết định
/// của Thủ tướng ..."): an item of a list of what to study or apply, however
/// long, not a duty.
fn names_a_document(item: &str) -> bool {
    const KINDS: &[&str] = &[
        "Luật ",
        "Bộ luật ",
        "Bộ Luật ",
        "Pháp lệnh ",
        "Nghị định ",
        "Nghị quyết ",
        "Quyết định ",
        "Thông tư ",
        "Chỉ thị ",
        "Quy định số ",
        "Kế hoạch số ",
        "Công văn số ",
        "Hướng dẫn số ",
        "Thông báo số ",
        "Kết luận số ",
        "Các Luật ",
        "Các Nghị định ",
        "Các Quyết định ",
        "Các Thông tư ",
    ];
    let t = item.trim_start();
    KINDS.iter().any(|k| t.starts_with(k))
}

/// Whether `clause` names only a legal document, in any case ("các Nghị
/// quyết phiên họp Chính phủ ...", "Nghị quyết số 197/2025/QH15 ..."): the
/// rest of a list of documents the clause before it cites ("triển khai thực
/// hiện Kết luận số ...; các Nghị quyết ..."), not a duty. `l`: the clause trimmed
/// and in lower case.
fn cites_a_document(l: &str) -> bool {
    const KINDS: &[&str] = &[
        "luật ",
        "bộ luật ",
        "pháp lệnh ",
        "nghị định ",
        "nghị quyết ",
        "quyết định ",
        "thông tư ",
        "chỉ thị ",
        "kết luận số ",
        "kế hoạch số ",
        "công văn số ",
        "quy định số ",
        "hướng dẫn số ",
        "thông báo số ",
    ];
    let l = l.strip_prefix("các ").unwrap_or(l);
    KINDS.iter().any(|k| l.starts_with(k))
}

/// Whether `clause` only reports on the work of the clause before it: sends
/// its results or problems up ("...; kịp thời báo cáo Thủ tướng Chính phủ",
/// "...; báo cáo kết quả trước ngày 03/12/2025", "...; gửi báo cáo về Bộ
/// Xây dựng ...", "...; tổng hợp, báo cáo ...", "...; vượt thẩm quyền báo
/// cáo ...", "...; trong quá trình thực hiện, nếu có khó khăn, vướng mắc,
/// kịp thời phản ánh ..."). `l`: the clause trimmed and in lower case.
fn reports_on_previous(l: &str) -> bool {
    const LEAD_INS: &[&str] = &[
        "kịp thời ",
        "định kỳ ",
        "đồng thời ",
        "gửi ",
        "tổng hợp, ",
        "tổng hợp ",
        // "...; thực hiện thường xuyên, báo cáo trước ngày 25 hằng tháng": when
        // and how often the work before is done and reported.
        "thực hiện thường xuyên, ",
        "thường xuyên, ",
        "thường xuyên ",
        "trường hợp vượt thẩm quyền ",
        "nội dung vượt thẩm quyền ",
        "vượt thẩm quyền ",
        "thì ",
    ];
    const VERBS: &[&str] = &["báo cáo", "phản ánh"];
    let mut t = l;
    // "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, ..." is the
    // closing formula of a letter's requests: its report is about them all.
    if t.starts_with("trong quá trình") || t.starts_with("quá trình") || t.starts_with("nếu có")
    {
        return VERBS.iter().any(|v| t.contains(v));
    }
    while let Some(rest) = LEAD_INS.iter().find_map(|p| t.strip_prefix(p)) {
        t = rest;
    }
    VERBS.iter().any(|v| {
        t.strip_prefix(v)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', ',']))
    })
}

/// Whether `clause` only says how the work of the clause before it must be
/// done: "...; bảo đảm thống nhất, đồng bộ và chính xác", "...; đảm bảo
/// việc cập nhật dữ liệu ...", "...; bảo đảm triển khai nhiệm vụ đồng bộ,
/// hiệu quả". A "bảo đảm" with an object of its own ("bảo đảm nguồn cung
/// hàng hóa thiết yếu", "bảo đảm an toàn cho người dân") is a duty. `l`: the
/// clause trimmed and in lower case.
fn qualifies_previous(l: &str) -> bool {
    // "...; thực hiện thường xuyên": how often, no work of its own.
    if matches!(
        l.trim_end_matches(['.', ';', ',', ' ']),
        "thực hiện thường xuyên" | "thường xuyên" | "thực hiện thường xuyên, liên tục"
    ) {
        return true;
    }
    const MANNER: &[&str] = &[
        "thống nhất",
        "đồng bộ",
        "chính xác",
        "hiệu quả",
        "kịp thời",
        "chặt chẽ",
        "đúng ",
        "đầy đủ",
        "chất lượng",
        "tiến độ",
        "việc ",
        "triển khai ",
        "thực hiện ",
    ];
    ["bảo đảm ", "đảm bảo "]
        .iter()
        .find_map(|b| l.strip_prefix(b))
        .is_some_and(|r| MANNER.iter().any(|m| r.starts_with(m)))
}

/// The most words before the opening quotation mark of a name that goes on
/// with a list of quoted names ("phong trào thi đua “...”").
const QUOTED_ITEM_LEAD_WORDS: usize = 4;

/// Whether `next` goes on with a list of names in quotation marks that `prev`
/// ends with after a colon ("... trong các phong trào thi đua: “Dân vận
/// khéo”; thi đua cao điểm “...” và ..."): a campaign, movement or programme
/// is named so, and the next name, a noun at most a few words before its
/// quote, belongs to the same duty. A clause that opens with a duty verb is a
/// duty of its own.
fn names_next_quoted(prev: &str, next: &str) -> bool {
    let Some(colon) = prev.rfind(':') else {
        return false;
    };
    let item = prev[colon + 1..].trim();
    if !(item.starts_with('“') && item.ends_with('”')) {
        return false;
    }
    let next = next.trim_start();
    if crate::units::opens_with_duty_verb(next) {
        return false;
    }
    next.find('“').is_some_and(|q| {
        next[..q]
            .split_whitespace()
            .take(QUOTED_ITEM_LEAD_WORDS + 1)
            .count()
            <= QUOTED_ITEM_LEAD_WORDS
    })
}

/// Joins to the clause before it every clause that is no duty of its own:
/// the rest of a list of documents ([`cites_a_document`]), a report on the
/// work before ([`reports_on_previous`]), the manner of that work
/// ([`qualifies_previous`]), the next of a list of quoted names
/// ([`names_next_quoted`]).
fn merge_dependent_clauses(clauses: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(clauses.len());
    for c in clauses {
        let dependent = {
            let l = crate::normalize::lower_str(c.trim());
            cites_a_document(&l)
                || reports_on_previous(&l)
                || qualifies_previous(&l)
                || out.last().is_some_and(|p| names_next_quoted(p, &c))
        };
        match out.last_mut() {
            Some(prev) if dependent => {
                prev.push_str("; ");
                prev.push_str(&c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The most words (syllables, as Vietnamese is written) an item of an
/// enumeration has ("các lĩnh vực: tài chính - ngân sách; tổ chức bộ máy, cán
/// bộ, chế độ chính sách; ...").
const ENUMERATION_ITEM_WORDS: usize = 10;

/// The most words the topic of a "về" that opens an enumeration has, and
/// the most any item of that enumeration has ("thực hiện các quy định về
/// xác định bí mật nhà nước; sao, chụp tài liệu mật; ...").
const TOPIC_WORDS: usize = 8;
const TOPIC_ITEM_WORDS: usize = 20;
/// The fewest items such a list of topics has: two or three short clauses
/// after "các quy định về ..." are as often duties of their own.
const TOPIC_ITEMS: usize = 4;
/// Nouns whose "về" names topics that a list may go on with ("các quy định
/// về ...", "các nội dung về ...").
const TOPIC_NOUNS: &[&str] = &["quy định", "nội dung", "lĩnh vực", "vấn đề", "chế độ"];

/// Splits a duty at "; " into its clauses, one task each. An enumeration that
/// closes the duty after a colon ("Trong đó, ưu tiên các lĩnh vực: tài chính -
/// ngân sách; đất đai và quy hoạch; cải cách hành chính và chuyển đổi số") lists
/// things within one duty: when every item is short and none opens with a duty
/// verb, the items stay with the clause that introduces them.
fn split_tasks(duty: &str) -> Vec<String> {
    let raw = merge_deadline_clauses(split_outside_quotes(duty));
    let is_item = |s: &str| {
        let words = s.split_whitespace().count();
        names_a_document(s)
            || ((1..=ENUMERATION_ITEM_WORDS).contains(&words)
                && !crate::units::opens_with_duty_verb(s))
    };
    let enumeration = raw.iter().enumerate().find_map(|(i, part)| {
        let items = &raw[i + 1..];
        if items.is_empty() {
            return None;
        }
        if let Some(colon) = part.rfind(':') {
            return (is_item(&part[colon + 1..]) && items.iter().all(|p| is_item(p))).then_some(i);
        }
        // "thực hiện tốt các quy định về xác định bí mật; sao, chụp tài
        // liệu mật; vận chuyển, giao, nhận tài liệu mật; ...": a clause that
        // ends on the topic of rules or contents ("các quy định về ...") goes
        // on with more topics, activities named by their verbs. A long list
        // of short items: none long, on average as short as an enumeration's.
        let about = part.rfind(" về ")?;
        let topic = &part[about + " về ".len()..];
        let head = crate::normalize::lower_str(&part[..about]);
        let words = |p: &str| p.split_whitespace().take(TOPIC_ITEM_WORDS + 1).count();
        let total: usize = items.iter().map(|p| words(p)).sum();
        (TOPIC_NOUNS.iter().any(|n| head.ends_with(n))
            && (1..=TOPIC_WORDS).contains(&topic.split_whitespace().count())
            && items.len() >= TOPIC_ITEMS
            && items.iter().all(|p| words(p) <= TOPIC_ITEM_WORDS)
            && total <= items.len() * ENUMERATION_ITEM_WORDS)
            .then_some(i)
    });
    let clauses: Vec<String> = match enumeration {
        Some(i) => {
            let mut c = raw[..i].to_vec();
            c.push(raw[i..].join("; "));
            c
        }
        None => raw,
    };
    let clauses: Vec<String> = merge_dependent_clauses(clauses)
        .iter()
        .flat_map(|c| split_at_urgent_duty(c))
        .collect();
    let parts: Vec<String> = clauses
        .iter()
        .map(|p| {
            p.trim()
                .trim_end_matches(['.', ';', ',', '/'])
                .trim()
                .to_string()
        })
        .filter(|p| p.split_whitespace().take(3).count() >= 3)
        .collect();
    if parts.is_empty() && !duty.trim().is_empty() {
        vec![duty.trim().to_string()]
    } else {
        parts
    }
}

/// The fewest words a duty before ", khẩn trương ..." needs to be a duty of
/// its own ([`split_at_urgent_duty`]): a verb and its object.
const URGENT_SPLIT_WORDS: usize = 6;

/// Whether `clause` opens with a verb that gives a duty of its own: a duty
/// verb, not a condition, modal or manner word ([`NOT_DUTY_OPENERS`]), nor the
/// role a lead plays with its partners ("chủ trì, phối hợp với Sở A").
fn opens_own_duty(clause: &str) -> bool {
    let c = clause.trim_start();
    let word_at = |v: &str| {
        crate::text::starts_ci(c, v)
            && c.chars()
                .nth(v.chars().count())
                .is_none_or(|n| !n.is_alphanumeric())
    };
    crate::units::opens_with_duty_verb(c)
        && !NOT_DUTY_OPENERS.iter().any(|v| word_at(v))
        // Nor a verb whose object is others' work ("Đôn đốc các xã, phường, khẩn
        // trương hoàn thành ..."): the urgent verb is what they are to do.
        && ![
            "chủ trì",
            "phối hợp",
            "khẩn trương",
            "đôn đốc",
            "chỉ đạo",
            "yêu cầu",
            "đề nghị",
            "hướng dẫn",
            "tiếp tục",
            "chủ động",
        ]
        .iter()
        .any(|v| word_at(v))
}

/// `clause` split before each ", khẩn trương <duty verb>" that follows a duty
/// of its own: "đẩy mạnh việc rà soát, sắp xếp tổ chức bộ máy bên trong,
/// khẩn trương hoàn thành việc sắp xếp các đơn vị sự nghiệp" asks for two
/// things, the second marked urgent. What stands before must open with a duty
/// verb and run to a verb and its object ([`URGENT_SPLIT_WORDS`]): after a topic
/// ("Đối với các chợ tạm, khẩn trương ...") or a role ("chủ trì, phối hợp
/// với Sở A, khẩn trương ...") the urgent verb is the only duty. Commas inside
/// brackets or quotation marks are left alone.
fn split_at_urgent_duty(clause: &str) -> Vec<String> {
    const MARK: &str = ", khẩn trương ";
    if !clause.contains(MARK) {
        return vec![clause.to_string()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in clause.match_indices(MARK) {
        let before = &clause[start..i];
        let after = &clause[i + MARK.len()..];
        let enclosed = before.matches('(').count() != before.matches(')').count()
            || before.matches('“').count() != before.matches('”').count()
            || before.matches('"').count() % 2 == 1;
        if !enclosed
            && opens_own_duty(before)
            && before.split_whitespace().take(URGENT_SPLIT_WORDS).count() >= URGENT_SPLIT_WORDS
            && crate::units::opens_with_duty_verb(after)
            && !NOT_DUTY_OPENERS
                .iter()
                .any(|v| crate::text::starts_ci(after, v))
        {
            out.push(before.trim().to_string());
            start = i + 2;
        }
    }
    out.push(clause[start..].trim().to_string());
    out
}

/// A unit's section written as one paragraph of sentences ("4. Sở Tư pháp:
/// Phối hợp với Công an tỉnh kiểm tra ... . Hướng dẫn các cơ quan ..."): a
/// sentence that opens with a capitalised duty verb is a duty of its own.
/// A sentence that opens otherwise ("... . Trong quá trình thực hiện, nếu có
/// vướng mắc ...", "... . Đối với ...") goes on with the duty before it.
fn split_at_duty_sentences(clause: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in clause.match_indices(". ") {
        let next = &clause[i + 2..];
        if i > start && starts_with_duty_verb(next) {
            out.push(clause[start..i].trim().to_string());
            start = i + 2;
        }
    }
    out.push(clause[start..].trim().to_string());
    out
}

/// Duty verbs of the unit reader (`units::VERBS`) that open a sentence without giving a duty
/// of its own: conditions and circumstances ("Trong quá trình ...", "Khi ...",
/// "Nếu ..."), auxiliaries and modals ("Đã ...", "Cần ...", "Phải ..."), the
/// speaker's own acts ("Đề nghị ...", "Giao ...", "Ghi nhận ..."), manner
/// adverbs ("Kịp thời ...", "Thường xuyên ..."), and verbs that as often open
/// a noun phrase or a statement ("Chi ...", "Cấp ...", "Tăng ...").
const NOT_DUTY_OPENERS: &[&str] = &[
    "trong",
    "khi",
    "nếu",
    "với",
    "tại",
    "đặc biệt",
    "nhất là",
    "không",
    "chưa",
    "cùng",
    "đã",
    "đang",
    "sẽ",
    "là",
    "được",
    "có",
    "để",
    "nhằm",
    "cần",
    "phải",
    "yêu cầu",
    "đề nghị",
    "giao",
    "xin",
    "thông báo",
    "kính báo",
    "ghi nhận",
    "biểu dương",
    "hoan nghênh",
    "khen ngợi",
    "cảm ơn",
    "sớm",
    "kịp thời",
    "nghiêm túc",
    "thường xuyên",
    "nghiêm",
    "nghiêm cấm",
    "chịu",
    "kịp",
    "chỉ",
    "hướng",
    "in",
    "thu",
    "chi",
    "mở",
    "tăng",
    "giảm",
    "cấp",
    "lấy",
    "đưa",
    "ký",
    "làm",
    "nâng",
    "xét",
    "quyết định",
    "nhận được",
    "ủy quyền",
    "uỷ quyền",
    "có ý kiến",
    "có trách nhiệm",
    "theo chức năng",
    "theo thẩm quyền",
    "theo phạm vi",
    "theo lĩnh vực",
    "theo nhiệm vụ",
    "theo địa bàn",
    "căn cứ",
    "đồng thời",
];

/// "Có" followed by what to have ready: "Có phương án hỗ trợ ...", "Có kế
/// hoạch ..." ask for a plan or measure, a duty; "Có" alone opens statements
/// as often ("Có 12 đơn vị chưa báo cáo").
const HAVE_DUTIES: &[&str] = &[
    "Có phương án ",
    "Có kế hoạch ",
    "Có biện pháp ",
    "Có giải pháp ",
];

/// Periodic openers: "Hằng năm báo cáo kết quả ...", "Định kỳ hằng quý, tổng
/// hợp ..." set a recurring duty apart from the one before.
const PERIODIC_OPENERS: &[&str] = &[
    "Hằng năm",
    "Hàng năm",
    "Hằng quý",
    "Hàng quý",
    "Hằng tháng",
    "Hàng tháng",
    "Định kỳ",
];

/// Whether a sentence (after ". ") inside a duty given by a sentence opens a
/// duty of its own: it starts with a capitalised duty verb ("... . Bố trí máy
/// bay trực thăng ...", "... . Tổ chức tập huấn ..."), a "Có" of a plan or
/// measure ([`HAVE_DUTIES`]), or a periodic opener before a duty verb
/// ([`PERIODIC_OPENERS`]). Wider than [`starts_with_duty_verb`], which also
/// decides where lines join: a sentence start is never inside a name.
fn opens_duty_sentence(next: &str) -> bool {
    if starts_with_duty_verb(next) || HAVE_DUTIES.iter().any(|p| next.starts_with(p)) {
        return true;
    }
    if !next.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    if let Some(rest) = PERIODIC_OPENERS.iter().find_map(|p| {
        next.strip_prefix(p)
            .filter(|r| r.starts_with([' ', ',']))
            .map(|r| r.trim_start_matches([',', ' ']))
    }) {
        // "Định kỳ hằng quý báo cáo ...": the period may be said twice.
        let rest = ["hằng ", "hàng "]
            .iter()
            .find_map(|h| rest.strip_prefix(h))
            .and_then(|r| r.split_once(' '))
            .map_or(rest, |(_, r)| r.trim_start_matches([',', ' ']));
        return crate::units::opens_with_duty_verb(rest);
    }
    crate::units::opens_with_duty_verb(next)
        && !NOT_DUTY_OPENERS.iter().any(|v| {
            crate::text::starts_ci(next, v)
                && next
                    .chars()
                    .nth(v.chars().count())
                    .is_none_or(|n| !n.is_alphanumeric())
        })
}

/// `duty` split before each sentence that opens a duty of its own
/// ([`opens_duty_sentence`]): "Bộ A chỉ đạo ... ; đồng thời hỗ trợ ... . Bố trí
/// máy bay ..." gives two duties in its first sentence and one in its second.
/// A sentence that opens otherwise ("... . Trong quá trình thực hiện, nếu có
/// vướng mắc ...", "... . Đối với ...") goes on with the duty before it.
fn split_at_duty_sentences_wide(duty: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in duty.match_indices(". ") {
        let next = &duty[i + 2..];
        if i > start && opens_duty_sentence(next) {
            out.push(duty[start..i].trim().to_string());
            start = i + 2;
        }
    }
    out.push(duty[start..].trim().to_string());
    out
}

/// The fewest words the duty an introduction states before its "trong đó"
/// needs to count as work of its own ([`intro_own_duty`]).
const INTRO_DUTY_WORDS: usize = 8;

/// The duty an introduction gives before it narrows down to its items with
/// "trong đó" ("among which"): "X tiếp tục phân công lãnh đạo xuống tận cơ
/// sở để nắm tình hình, chỉ đạo khắc phục hậu quả, trong đó tập trung một số
/// nhiệm vụ sau:" asks for that work as a whole, and the items are singled
/// out of it: the introduction's own clause is one more duty. An
/// introduction that only asks to carry out the items ("thực hiện các nhiệm
/// vụ sau:") has no "trong đó" clause, or a generic one, and gives none.
fn intro_own_duty(duty: &str) -> Option<String> {
    let l = crate::normalize::lower_str(duty);
    // Lower-casing keeps byte lengths: offsets in `l` are offsets in `duty`.
    let at = l.find(", trong đó")?;
    let own = duty[..at].trim();
    (own.split_whitespace().take(INTRO_DUTY_WORDS).count() >= INTRO_DUTY_WORDS
        && !is_generic_duty(own)
        && !own.ends_with(':'))
    .then(|| own.to_string())
}

/// Whether node `a` is above node `idx` in the outline.
fn is_ancestor(body: &Body, a: usize, idx: usize) -> bool {
    let mut cur = body.nodes.get(idx).and_then(|n| n.parent);
    while let Some(p) = cur {
        if p == a {
            return true;
        }
        cur = body.nodes[p].parent;
    }
    false
}

/// The paragraph at the same level just before `idx`, if any.
fn previous_sibling(body: &Body, idx: usize) -> Option<usize> {
    let parent = body.nodes.get(idx)?.parent;
    (0..idx).rev().find(|&j| body.nodes[j].parent == parent)
}

fn node_subtree_text(body: &Body, idx: usize, out: &mut String) {
    out.push_str(&body.nodes[idx].text);
    out.push(' ');
    for &c in &body.nodes[idx].children {
        node_subtree_text(body, c, out);
    }
}

/// A section heading that names its leads by class, with a relative clause
/// ("11. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm",
/// "1. Thủ trưởng các cơ quan, đơn vị được giao nhiệm vụ", "9.2. Đối với
/// các đơn vị thực hiện dịch vụ thu gom ... (theo danh sách ...):"): the
/// whole noun phrase is the lead. Only for class nouns ("các đơn vị", "cơ
/// quan"): a named unit's heading with a verb is a sentence ("1. Sở Tài
/// chính chủ trì ...").
fn class_heading(text: &str) -> Option<String> {
    let mut t = text.trim();
    let mut lower_ok = false;
    if crate::text::starts_ci(t, "đối với ") {
        t = t["đối với ".len()..].trim_start();
        lower_ok = true;
    }
    // Up to the colon that opens the items; nothing may follow it.
    let t = match t.find(':') {
        Some(p) if t[p + 1..].trim().is_empty() => &t[..p],
        Some(_) => return None,
        None => t,
    };
    let mut t = t.trim().trim_end_matches('.').trim_end();
    for tail in [" có trách nhiệm", " chịu trách nhiệm"] {
        let cut = t.len().saturating_sub(tail.len());
        if cut > 0
            && let (Some(head), Some(end)) = (t.get(..cut), t.get(cut..))
            && crate::text::starts_ci(end, tail)
        {
            t = head.trim_end();
        }
    }
    // A remark in brackets is dropped; a bracketed member list is kept.
    if t.ends_with(')')
        && let Some(p) = t.rfind('(')
        && !crate::units::starts_org(&t[p + 1..])
    {
        t = t[..p].trim_end();
    }
    if t.contains(['.', ';', ':']) || t.split_whitespace().take(41).count() > 40 {
        return None;
    }
    let (len, why) = unit_prefix(t, lower_ok)?;
    if !matches!(why, UnitEnd::Verb | UnitEnd::SpeakerVerb | UnitEnd::Bracket) {
        return None;
    }
    let unit = &t[..len];
    let rest = crate::normalize::lower_str(t[len..].trim());
    // "Các sở, ban, ngành theo chức năng, nhiệm vụ:" qualifies how, and
    // "... thực hiện các nội dung sau" introduces: both are sentences.
    if rest.is_empty()
        || rest.starts_with("theo ")
        || rest.starts_with("căn cứ")
        || rest.contains("phối hợp")
        || rest.ends_with(" sau")
        || rest.contains(" có trách nhiệm")
        || rest.contains(" chịu trách nhiệm")
    {
        return None;
    }
    // A class, not a name: no capitalised word but class nouns ("Sở", "Bộ").
    let generic = unit.split_whitespace().skip(1).all(|w| {
        let w = w.trim_matches([',', ';']);
        !w.starts_with(char::is_uppercase)
            || crate::units::is_class_noun(&crate::normalize::lower_str(w))
    });
    if !generic {
        return None;
    }
    let mut out = t.to_string();
    if lower_ok && let Some(c) = out.chars().next() {
        out = c.to_uppercase().chain(out.chars().skip(1)).collect();
    }
    Some(out)
}

/// Whole paragraph is a unit name (optionally followed by ": duty").
/// `up0` is `unit_prefix(text, false)`, computed once per paragraph.
fn heading_unit(text: &str, up0: Option<(usize, UnitEnd)>) -> Option<(String, Option<String>)> {
    let mut t = text.trim();
    let untouched = t.len() == text.len();
    let mut lower_ok = false;
    // "1.3. Giao Ủy ban nhân dân các phường" heads its items like a bare unit.
    for trig in ["Giao cho ", "Giao ", "Đề nghị ", "Yêu cầu "] {
        if let Some(r) = t.strip_prefix(trig) {
            t = r;
            lower_ok = true;
            break;
        }
    }
    // Joint headings: "Người đứng đầu các cơ quan ...; Chủ tịch UBND các xã".
    if t.contains("; ") && !t.trim_end().ends_with(':') {
        // Parts are tested as they are split: the first that is not a
        // unit ends the test without splitting the rest.
        let body = t.trim_end_matches(['.', ';']);
        let all_units = body.split("; ").all(|p| {
            unit_prefix(p, lower_ok).is_some_and(|(l, w)| {
                matches!(w, UnitEnd::End | UnitEnd::Punct) && l + 1 >= p.trim_end().len()
            })
        });
        if all_units {
            let parts: Vec<&str> = body.split("; ").collect();
            if parts.len() > 1 {
                return Some((parts.join("; "), None));
            }
        }
    }
    let (len, why) = if untouched && !lower_ok {
        up0?
    } else {
        unit_prefix(t, lower_ok)?
    };
    let unit = &t[..len];
    let rest = t[len..].trim_start_matches([':', ' ', ',']).trim();
    match why {
        UnitEnd::End | UnitEnd::Punct if rest.is_empty() || rest == "." => {
            Some((unit.to_string(), None))
        }
        UnitEnd::Colon => {
            let rest = rest.trim_end_matches('.');
            Some((
                unit.to_string(),
                (!rest.is_empty()).then(|| rest.to_string()),
            ))
        }
        _ => None,
    }
}

/// For every node: does any descendant name a lead? Computed once, bottom
/// up (children come after their parent in document order).
type Heading = Option<(String, Option<String>)>;
type Triggered = Vec<(usize, usize, UnitEnd)>;

fn leads_below(
    body: &Body,
    heads: &[Heading],
    trig: &[Triggered],
    up0: &[Option<(usize, UnitEnd)>],
) -> Vec<bool> {
    let n = body.nodes.len();
    let mut below = vec![false; n];
    for idx in (0..n).rev() {
        below[idx] = body.nodes[idx].children.iter().any(|&c| {
            let t = &body.nodes[c].text;
            below[c]
                || heads[c].is_some()
                || !trig[c].is_empty()
                || up0[c].is_some_and(|(_, w)| matches!(w, UnitEnd::Verb | UnitEnd::Colon))
                || lead_label(t).is_some()
        });
    }
    below
}

/// Words a sub-heading that only names the kind of a unit's duties opens
/// with ("Nhiệm vụ chung", "Trách nhiệm cụ thể", "Các giải pháp chủ yếu").
const DUTY_KINDS: &[&str] = &["nhiệm vụ", "trách nhiệm", "giải pháp", "công việc"];

/// The most words such a sub-heading has ("Nhiệm vụ trọng tâm năm 2026").
const DUTY_KIND_WORDS: usize = 6;

/// Whether `text` only names the kind of the duties below it ("2.1. Nhiệm
/// vụ chung", "b) Trách nhiệm cụ thể:"): a short noun phrase, no sentence,
/// nothing after a colon. A unit's section often groups its duties so; the
/// group's title is none of them.
fn names_duty_kind(text: &str) -> bool {
    let t = text.trim().trim_end_matches([':', '.']).trim_end();
    let l = crate::normalize::lower_str(t);
    let l = l.strip_prefix("các ").unwrap_or(&l);
    !t.is_empty()
        && !t.contains([':', ';', ','])
        && t.split_whitespace().take(DUTY_KIND_WORDS + 1).count() <= DUTY_KIND_WORDS
        && DUTY_KINDS.iter().any(|k| {
            l.strip_prefix(k)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        })
}

/// `children` of a unit's heading with each marked sub-heading that only
/// names the kind of duties ([`names_duty_kind`]) replaced by its own items,
/// at any depth; such a sub-heading without items is left out.
fn under_duty_kinds(body: &Body, children: &[usize], out: &mut Vec<usize>) {
    for &c in children {
        let n = &body.nodes[c];
        if n.kind != MarkerKind::Text && names_duty_kind(&n.text) {
            under_duty_kinds(body, &n.children, out);
        } else {
            out.push(c);
        }
    }
}

/// The dash items a plan's "Đơn vị chủ trì: ..." fields under dash item `d`
/// describe: `d` and the dash items just before it that carry no such
/// fields of their own. A plan table flattened to text lists a group of
/// duties and then one set of fields for them all ("- Tăng cường ...", "-
/// Nâng cao ...", "Đơn vị thực hiện: ...", "Thời gian thực hiện: ..."); the
/// fields end the group, and the next duty starts a new one.
fn dash_group(body: &Body, d: usize) -> Vec<usize> {
    let node = &body.nodes[d];
    let siblings: &[usize] = match node.parent {
        Some(p) => &body.nodes[p].children,
        None => &[],
    };
    let Some(pos) = siblings.iter().position(|&c| c == d) else {
        return vec![d];
    };
    let mut start = pos;
    while start > 0 {
        let c = siblings[start - 1];
        let n = &body.nodes[c];
        if n.kind != node.kind || is_label(&n.text) || lead_labels_under(body, c) > 0 {
            break;
        }
        start -= 1;
    }
    siblings[start..=pos].to_vec()
}

/// How many "Đơn vị chủ trì: ..." labels the subtree of `idx` holds.
fn lead_labels_under(body: &Body, idx: usize) -> usize {
    body.nodes[idx]
        .children
        .iter()
        .map(|&c| {
            usize::from(lead_label(&body.nodes[c].text).is_some()) + lead_labels_under(body, c)
        })
        .sum()
}

/// Under a part or section titled "Mục đích, yêu cầu".
fn in_aims_section(body: &Body, idx: usize) -> bool {
    let mut p = body.nodes[idx].parent;
    while let Some(pi) = p {
        let n = &body.nodes[pi];
        if matches!(n.kind, MarkerKind::Roman | MarkerKind::Part)
            && crate::text::starts_ci(n.text.trim_start(), "mục đích")
        {
            return true;
        }
        p = n.parent;
    }
    false
}

/// Items of a list of names (an appendix "Danh sách các đơn vị": "1. Công
/// ty ...", "2. Công ty ..."): when most items of a list are bare unit
/// names, the others are names too, however their words read ("Công ty
/// Cổ phần Đầu tư phát triển ...").
fn name_lists(body: &Body, heads: &[Heading]) -> Vec<bool> {
    let n = body.nodes.len();
    let mut out = vec![false; n];
    // A list: items of one marker kind under one parent (top-level lists
    // are separated by headings).
    let mut groups: std::collections::HashMap<(usize, u8), Vec<usize>> =
        std::collections::HashMap::new();
    let mut last_heading = usize::MAX;
    for (i, node) in body.nodes.iter().enumerate() {
        if node.kind == MarkerKind::Heading {
            last_heading = i;
            continue;
        }
        if matches!(node.kind, MarkerKind::Text) || node.footnote {
            continue;
        }
        let owner = node.parent.unwrap_or(last_heading);
        groups.entry((owner, node.kind as u8)).or_default().push(i);
    }
    for items in groups.values() {
        if items.len() < 4 {
            continue;
        }
        let bare = items
            .iter()
            .filter(|&&i| body.nodes[i].children.is_empty() && matches!(&heads[i], Some((_, None))))
            .count();
        if bare * 3 >= items.len() * 2 {
            for &i in items {
                out[i] = true;
            }
        }
    }
    out
}

/// What a duty text says about deadlines, co-operation and recurrence.
struct DutyFacts {
    deadlines: Vec<Deadline>,
    coop: Vec<String>,
    recurring: Option<String>,
    ongoing: bool,
}

fn duty_facts(text: &str, header: &Header) -> DutyFacts {
    let lower = crate::date::lower_same_len(text);
    let mut deadlines = find_deadlines_lower(text, &lower, header.date, header.year_hint);
    for d in label_deadlines_lower(text, &lower) {
        if !deadlines.iter().any(|x| x.date == d.date) {
            deadlines.push(d);
        }
    }
    DutyFacts {
        deadlines,
        coop: cooperating(text),
        recurring: find_recurring_lower(text, &lower),
        ongoing: is_ongoing_lower(&lower),
    }
}

pub fn assignments(
    body: &Body,
    header: &Header,
    tables: &[(usize, usize)],
    _diags: &mut [Diagnostic],
) -> Vec<Assignment> {
    let keys = KeyCache::default();
    let issuers = Issuers::new(header);
    let mut found: Vec<Found> = Vec::new();
    // Each paragraph's heading unit and triggered units, computed once.
    // Headings that name a class of units ("Các đơn vị cấp nước ..."); they
    // lead only when their items do not name leads of their own.
    let mut class_head = vec![false; body.nodes.len()];
    // The unit phrase opening each paragraph, if any (shared by the
    // heading, sentence and "leads below" tests).
    let up0: Vec<Option<(usize, UnitEnd)>> = body
        .nodes
        .iter()
        .map(|n| unit_prefix(&n.text, false))
        .collect();
    let heads: Vec<Heading> = body
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            heading_unit(&n.text, up0[i]).or_else(|| {
                let marked = matches!(
                    n.kind,
                    MarkerKind::Number
                        | MarkerKind::Roman
                        | MarkerKind::Letter
                        | MarkerKind::ParenNumber
                        | MarkerKind::Part
                );
                // Its duties are list items, not running text hung under it.
                let items = n
                    .children
                    .iter()
                    .any(|&c| body.nodes[c].kind != MarkerKind::Text);
                if marked && items {
                    let h = class_heading(&n.text)
                        .filter(|u| !is_issuer(u, &issuers))
                        .map(|u| (u, None));
                    class_head[i] = h.is_some();
                    h
                } else {
                    None
                }
            })
        })
        .collect();
    let trig: Vec<Triggered> = body
        .nodes
        .iter()
        .map(|n| triggered_units(&n.text))
        .collect();
    let below = leads_below(body, &heads, &trig, &up0);
    let listed = name_lists(body, &heads);
    // Per list (parent, marker kind, depth): the leads its last item named
    // as subject.
    let mut item_subject: std::collections::HashMap<(usize, u8, usize), Vec<String>> =
        std::collections::HashMap::new();
    for (idx, node) in body.nodes.iter().enumerate() {
        let in_table = tables
            .iter()
            .any(|&(a, b)| node.span.start >= a && node.span.start < b);
        if node.footnote || node.kind == MarkerKind::Heading || listed[idx] || in_table {
            continue;
        }
        let text = node.text.as_str();
        // "Thời hạn: trước ngày ..." after the paragraph that gave the work
        // ("Giao Phòng A chủ trì ... ." / "Thời hạn: ..."), or under it: the
        // deadline of that assignment, no duty and no lead of its own.
        if node.children.is_empty() && deadline_only(text) {
            if let Some(last) = found.last().map(|f| f.node)
                && (is_ancestor(body, last, idx) || previous_sibling(body, idx) == Some(last))
            {
                for f in found.iter_mut().rev().take_while(|f| f.node == last) {
                    if !f.duty_text.contains(text) {
                        f.duty_text.push(' ');
                        f.duty_text.push_str(text);
                    }
                }
            }
            continue;
        }
        // 0. Plan tables: "Đơn vị chủ trì: X" under the item it describes.
        if let Some(rest) = lead_label(text) {
            let leads: Vec<String> = split_coleads(rest.trim_end_matches(['.', ';']))
                .iter()
                .flat_map(|u| crate::units::split_before_cac(u))
                .filter(|u| u.split_whitespace().take(2).count() >= 2)
                .collect();
            let scope = task_scope(body, idx);
            // An item with several "Đơn vị chủ trì" groups ("- task,
            // Đơn vị chủ trì, Thời gian; - task, Đơn vị chủ trì, Thời
            // gian"): each label belongs to the dash item it hangs under.
            let dash = node.parent.filter(|&p| {
                matches!(body.nodes[p].kind, MarkerKind::Dash | MarkerKind::Plus)
                    && !is_label(&body.nodes[p].text)
                    && scope.is_some_and(|s| lead_labels_under(body, s) > 1)
            });
            let (tasks, duty_text) = match (dash, scope) {
                (Some(d), _) => {
                    let mut duty = String::new();
                    let mut tasks = Vec::new();
                    for g in dash_group(body, d) {
                        node_subtree_text(body, g, &mut duty);
                        tasks.push(body.nodes[g].text.clone());
                    }
                    (tasks, duty)
                }
                (None, Some(s)) => {
                    let items = plan_item_duties(body, s);
                    let mut duty = String::new();
                    node_subtree_text(body, s, &mut duty);
                    if items.is_empty() {
                        (vec![body.nodes[s].text.clone()], duty)
                    } else {
                        (items, duty)
                    }
                }
                (None, None) => (vec![text.to_string()], text.to_string()),
            };
            if !leads.is_empty() {
                found.push(Found {
                    node: idx,
                    leads,
                    span: node.span,
                    tasks,
                    duty_text,
                });
            }
            continue;
        }
        // "2. Cơ quan chủ trì" heading a list of units: each co-leads every
        // lettered item of the section.
        if is_lead_list_label(text)
            && !node.children.is_empty()
            && !node.children.iter().any(|&c| is_label(&body.nodes[c].text))
        {
            let leads: Vec<String> = node
                .children
                .iter()
                .flat_map(|&c| {
                    body.nodes[c]
                        .text
                        .trim_end_matches(['.', ';'])
                        .split("; ")
                        .flat_map(split_coleads)
                        .collect::<Vec<_>>()
                })
                .filter(|u| unit_prefix(u, true).is_some())
                .collect();
            if let Some(s) = section_scope(body, idx) {
                let mut tasks = Vec::new();
                collect_items(body, s, &mut tasks);
                let mut duty = String::new();
                node_subtree_text(body, s, &mut duty);
                if !leads.is_empty() && !tasks.is_empty() {
                    found.push(Found {
                        node: idx,
                        leads,
                        span: node.span,
                        tasks,
                        duty_text: duty,
                    });
                }
            }
            continue;
        }
        if is_label(text) {
            continue;
        }
        // 1. A heading naming a unit; its items are the duties.
        if (node.kind != MarkerKind::Text
            && node.kind != MarkerKind::Dash
            && node.kind != MarkerKind::Plus
            || (matches!(node.kind, MarkerKind::Dash | MarkerKind::Plus)
                && !node.children.is_empty()))
            && let Some((unit, inline)) = heads[idx].clone()
            && !(class_head[idx] && below[idx])
        {
            let mut tasks = Vec::new();
            let mut duty = String::new();
            // "2. Các sở, ngành: là cơ quan ..., chịu trách nhiệm các nội
            // dung sau:" announces the items below, as an introduction in a
            // sentence does: with items under it, only a duty it states
            // before "trong đó" ([`intro_own_duty`]) is one of its own.
            let intro = inline
                .as_deref()
                .is_some_and(|d| d.trim_end().ends_with(':'));
            if let Some(d) = inline {
                duty.push_str(&d);
                duty.push(' ');
                tasks.push(d);
            }
            // Whether the duties are unmarked paragraphs (one, or several
            // where a wrap ended a sentence at a line's end): their clauses
            // and their sentences that open with a duty verb ("Phối hợp ... .
            // Hướng dẫn ...") are then the tasks, as in a sentence ("Triển
            // khai kế hoạch trên địa bàn; huy động lực lượng ...; tổ chức tổng
            // vệ sinh ..."), except
            // that a second and last clause that reports on the first
            // ("Theo dõi, đôn đốc ...; tổng hợp tiến độ ... để kịp thời báo
            // cáo") is part of that duty.
            let mut plain = true;
            let mut kids = Vec::new();
            under_duty_kinds(body, &node.children, &mut kids);
            for &c in &kids {
                let ct = body.nodes[c].text.trim();
                if ct.is_empty()
                    || heads[c].is_some()
                    || gives_work_itself(&body.nodes[c].text, &trig[c])
                {
                    continue;
                }
                // "Thời hạn: trước ngày ..." under the duties: their
                // deadline, read from the section's text, not a duty.
                if deadline_only(ct) && body.nodes[c].children.is_empty() {
                    node_subtree_text(body, c, &mut duty);
                    continue;
                }
                plain &=
                    body.nodes[c].kind == MarkerKind::Text && body.nodes[c].children.is_empty();
                tasks.push(ct.to_string());
                node_subtree_text(body, c, &mut duty);
            }
            if intro && tasks.len() > 1 {
                let own = intro_own_duty(&tasks.remove(0));
                tasks.splice(0..0, own);
            }
            if plain && !tasks.is_empty() {
                let clauses: Vec<String> = tasks
                    .iter()
                    .flat_map(|t| split_tasks(t))
                    .flat_map(|c| split_at_duty_sentences(&c))
                    .collect();
                let follow_up = clauses.len() == 2
                    && ["tổng hợp", "báo cáo"]
                        .iter()
                        .any(|v| crate::text::starts_ci(&clauses[1], v));
                if !follow_up {
                    tasks = clauses;
                }
            }
            if !tasks.is_empty() {
                found.push(Found {
                    node: idx,
                    leads: split_coleads(&unit),
                    span: node.span,
                    tasks,
                    duty_text: duty,
                });
            }
            continue;
        }
        // A recital of an earlier instruction ("Ngày 19/9/2013, Văn phòng
        // Chính phủ có văn bản số ... yêu cầu quý Bộ ...") assigns nothing now.
        if is_recital(text) {
            continue;
        }
        // A plan's "I. MỤC ĐÍCH, YÊU CẦU" states aims and principles
        // ("Người đứng đầu cơ quan ... phải tích cực, chủ động"); the work
        // is given in the sections after it.
        if in_aims_section(body, idx) {
            continue;
        }
        // 2. Sentences that give a unit work.
        // An item of a unit's section that asks others for something ("...,
        // yêu cầu các cơ sở y tế ...") is that unit's duty, not a new lead.
        let under_unit = {
            let mut p = node.parent;
            let mut found_head = false;
            while let Some(pi) = p {
                if heads[pi].is_some() && body.nodes[pi].kind != MarkerKind::Text {
                    found_head = true;
                    break;
                }
                // An introduction that gives its leads the items below
                // ("... đề nghị UBND các xã, phường; các đơn vị ... thực
                // hiện. Cụ thể:"): the items are their duties.
                let intro = &body.nodes[pi].text;
                if !trig[pi].is_empty() && intro.trim_end().ends_with(':') && !below[pi] {
                    found_head = true;
                    break;
                }
                p = body.nodes[pi].parent;
            }
            found_head
        };
        let mut leads: Vec<(usize, usize, UnitEnd)> = trig[idx]
            .iter()
            .filter(|(s, _, _)| !(under_unit && text[..*s].split_whitespace().take(4).count() > 3))
            .copied()
            .collect();
        // "Các sở, ban, ngành trực thuộc UBND tỉnh; UBND các huyện, thành phố
        // tiếp tục ...": units listed with semicolons before the verb share it.
        // The start and end of such a list so far.
        let mut listed: Option<(usize, usize)> = None;
        for cs in clause_starts(text) {
            if under_unit {
                break;
            }
            // A clause inside brackets ("(Giao Công an tỉnh chủ trì, phối
            // hợp với Văn phòng; Sở Tư pháp tham mưu)") goes on with the
            // bracket's sentence; it opens no subject of its own. An "("
            // never closed encloses nothing.
            if inside_brackets(text, cs) {
                continue;
            }
            let rest = &text[cs..];
            let up = if cs == 0 {
                up0[idx]
            } else {
                unit_prefix(rest, false)
            };
            let list_start = listed.take().filter(|&(_, end)| end + 2 == cs).map(|x| x.0);
            if let Some((len, UnitEnd::Punct)) = up
                && rest[len..].starts_with("; ")
                && !is_issuer(&rest[..len], &issuers)
            {
                listed = Some((list_start.unwrap_or(cs), cs + len));
                continue;
            }
            if let Some((len, why)) = up
                && (why == UnitEnd::Verb || (why == UnitEnd::Colon && cs == 0))
                && !is_issuer(&rest[..len], &issuers)
            {
                let start = list_start.filter(|_| why == UnitEnd::Verb).unwrap_or(cs);
                let len = cs + len - start;
                if !leads
                    .iter()
                    .any(|(s, l, _)| start < s + l && *s < start + len)
                {
                    leads.push((start, len, why));
                }
            }
        }
        // "Đối với ..., các Bộ, cơ quan ngang Bộ khẩn trương rà soát": after an
        // adverbial opening the subject follows the first fitting comma.
        if leads.is_empty() && !under_unit && opens_with_adverbial(text) {
            for (p, _) in text.match_indices(", ") {
                let cs = p + 2;
                let rest = &text[cs..];
                if let Some((len, UnitEnd::Verb)) = unit_prefix(rest, true)
                    && !is_issuer(&rest[..len], &issuers)
                {
                    leads.push((cs, len, UnitEnd::Verb));
                    break;
                }
            }
        }
        leads.sort_by_key(|x| x.0);
        let item = matches!(
            node.kind,
            MarkerKind::Number | MarkerKind::Letter | MarkerKind::ParenNumber
        );
        let list_key = (
            node.parent.unwrap_or(usize::MAX),
            node.kind as u8,
            node.num_depth,
        );
        // "2.1. Các Bộ, cơ quan ngang Bộ tiếp tục ... 2.2. Khẩn trương nghiên
        // cứu ...": an item that opens with a duty verb continues the
        // subject of the item before it.
        if leads.is_empty() && item && !under_unit && starts_with_duty_verb(text) {
            if let Some(prev) = item_subject.get(&list_key).cloned() {
                found.push(Found {
                    node: idx,
                    leads: prev,
                    span: node.span,
                    tasks: split_tasks(text),
                    duty_text: text.to_string(),
                });
            }
            continue;
        }
        if item {
            // The subject this item names at its start, for the next one.
            let subject = leads
                .first()
                .filter(|(s, _, why)| *s == 0 && *why == UnitEnd::Verb)
                .map(|&(s, len, _)| split_coleads(&text[s..s + len]));
            match subject {
                Some(l) => {
                    item_subject.insert(list_key, l);
                }
                None => {
                    item_subject.remove(&list_key);
                }
            }
        }
        // Unnumbered: a numbered last item is a duty like the others.
        let closing_para = node.kind == MarkerKind::Text && text.trim_end().ends_with("./.");
        // Where the previous lead's duty ended: work given in brackets
        // ("Thành lập Đoàn kiểm tra ... (Giao Công an tỉnh chủ trì ...)")
        // starts after it.
        let mut prev_end = 0;
        for (li, &(s, len, _why)) in leads.iter().enumerate() {
            let unit = &text[s..s + len];
            let next = leads.get(li + 1).map(|x| x.0).unwrap_or(text.len());
            let in_brackets = bracket_close(text, s, s + len, next);
            let bracketed = in_brackets != next;
            let duty_end = in_brackets;
            // The work the bracket gives, written before it: the task, and
            // with the bracket (and what follows it in the item) the text
            // its deadlines and partners are read from.
            let work = if bracketed {
                work_before_bracket(text, prev_end, s)
            } else {
                None
            };
            let work_text = work.map(|(w, _)| {
                let end = if li + 1 == leads.len() {
                    text.len()
                } else {
                    (duty_end + 1).min(next)
                };
                text[w..end].to_string()
            });
            prev_end = duty_end;
            let duty = match work {
                Some((_, w)) => w,
                None => skip_apposition(
                    text[s + len..duty_end]
                        .trim_start_matches([':', ',', ' '])
                        .trim(),
                ),
            };
            // An introduction ("... yêu cầu các phòng thực hiện các nhiệm vụ sau:")
            // whose items name their own units is not itself an assignment.
            let intro = duty.trim_end().ends_with(':');
            // An introduction without items, or whose items name their own
            // units, is not itself an assignment. When the list opens with
            // items that name no unit and only the later ones do ("yêu cầu
            // cấp ủy, chính quyền các cấp thực hiện: 1. ... 2. ... 3. Về phân
            // công: 3.1. Giao Sở A ..."), those first items are the
            // introduced leads' duties.
            // Both kinds of item must be items of one list (same marker,
            // not running text): a paragraph between a heading and its
            // items says nothing of whose they are.
            let own_items: &[usize] = if intro && below[idx] {
                let names_lead = |c: usize| {
                    below[c]
                        || heads[c].is_some()
                        || !trig[c].is_empty()
                        || up0[c].is_some_and(|(_, w)| matches!(w, UnitEnd::Verb | UnitEnd::Colon))
                        || lead_label(&body.nodes[c].text).is_some()
                };
                let first = node.children.iter().position(|&c| names_lead(c));
                let kind = first.map(|f| body.nodes[node.children[f]].kind);
                let lead_less = &node.children[..first.unwrap_or(0)];
                if kind.is_some_and(|k| {
                    k != MarkerKind::Text && lead_less.iter().all(|&c| body.nodes[c].kind == k)
                }) {
                    lead_less
                } else {
                    &[]
                }
            } else {
                &node.children
            };
            if intro && own_items.is_empty() {
                continue;
            }
            // "Đề nghị các cơ quan, đơn vị khẩn trương triển khai, thực hiện./."
            // closes the letter; it adds no duty. An introduction of items
            // inside a unit's section ("1. Công an tỉnh" / "Trong đó giao
            // Giám đốc Công an tỉnh chỉ đạo thực hiện:") is no such closing:
            // its items are the duties.
            if !(intro && under_unit) && is_generic_duty(duty) {
                continue;
            }
            // A plan item that names its lead in a "Đơn vị chủ trì: ..." field
            // below it.
            let plan_item = node
                .children
                .iter()
                .any(|&c| lead_label(&body.nodes[c].text).is_some());
            // A bracket's content is one remark, not split at its "; ";
            // the work a bracket gives is one item too ("... tại các sở,
            // ban, ngành; UBND các huyện (Giao Công an tỉnh tham mưu)").
            // A sentence that opens with a duty verb is a duty of its own
            // ([`split_at_duty_sentences_wide`]), except in a plan item: a
            // plan lists one task per item, however many sentences it runs to.
            let mut tasks = if bracketed {
                vec![duty.trim_end_matches(['.', ';', ':']).to_string()]
            } else if plan_item {
                split_tasks(duty.trim_end_matches(':'))
            } else {
                split_at_duty_sentences_wide(duty.trim_end_matches(':'))
                    .iter()
                    .flat_map(|s| split_tasks(s))
                    .collect()
            };
            let mut duty_text = work_text.unwrap_or_else(|| duty.to_string());
            if intro {
                tasks = intro_own_duty(duty).into_iter().collect();
                tasks.extend(
                    own_items
                        .iter()
                        .map(|&c| body.nodes[c].text.clone())
                        .filter(|t| !t.trim().is_empty() && !deadline_only(t)),
                );
                for &c in own_items {
                    node_subtree_text(body, c, &mut duty_text);
                }
            }
            if tasks.is_empty() {
                continue;
            }
            let mut unit_leads = split_coleads(unit);
            // The closing paragraph ("Đề nghị các cơ quan, đơn vị ... thực
            // hiện./.") speaks to those the body already gave work: it names
            // no new collective ("các ...") lead unless it is the only
            // request in the letter. A named unit ("Giao Văn phòng UBND
            // tỉnh theo dõi, đôn đốc ..../.") is a lead as anywhere else.
            //
            // To a collective the body already gave work, the closing
            // request ("Bộ ... đề nghị UBND các tỉnh triển khai thực hiện theo
            // đúng quy định, bảo đảm tiến độ ..../.") urges on that work: its
            // deadline and partners are that lead's, but it is no new duty.
            // Asking it to report its difficulties ("... nếu có vướng mắc, đề
            // nghị các cơ quan kịp thời phản ánh về Sở A ..../.") is a duty of
            // its own, as in the body ([`reports_on_previous`]).
            let mut urged: Vec<String> = Vec::new();
            let urges = !reports_on_previous(&crate::normalize::lower_str(duty.trim()));
            if closing_para && !found.is_empty() {
                let known: Vec<String> = found
                    .iter()
                    .flat_map(|f| f.leads.iter())
                    .map(|l| keys.get(l))
                    .collect();
                unit_leads.retain(|u| {
                    let k = keys.get(u);
                    let is_known = known.iter().any(|x| same_lead_key(x, &k));
                    // "UBND các tỉnh, thành phố" is keyed by its level ("ủy ban
                    // nhân dân cấp tỉnh"): the words as written tell a collective.
                    let written = crate::normalize::compare_key(u);
                    if is_known
                        && urges
                        && (written.starts_with("các ") || written.contains(" các "))
                    {
                        urged.push(u.clone());
                        return false;
                    }
                    let collective = k.starts_with("các ") || k.contains(" các ");
                    !collective || is_known
                });
                if !urged.is_empty() {
                    found.push(Found {
                        node: idx,
                        leads: urged,
                        span: node.span,
                        tasks: Vec::new(),
                        duty_text: duty_text.clone(),
                    });
                }
                if unit_leads.is_empty() {
                    continue;
                }
            }
            let start = node.span.start;
            found.push(Found {
                node: idx,
                leads: unit_leads,
                span: Span {
                    start,
                    end: node.span.end,
                },
                tasks,
                duty_text,
            });
        }
    }

    // Merge by lead and section, in order of first mention. A lead named in
    // two sections of the text ("1.4. Giao Sở A ..." / "2. ... - Giao Sở A chủ
    // trì, phối hợp với Sở B ... trong tháng 12") gets one assignment per
    // section: the co-operating units, deadline and source read in one section
    // are not the other's. Within a section its duties are one assignment.
    let mut out: Vec<Assignment> = Vec::new();
    // In step with `out`: the lead group (one per lead, merged by
    // [`same_lead_key`]) and the section each entry was read in.
    let mut out_group: Vec<usize> = Vec::new();
    let mut out_section: Vec<Option<usize>> = Vec::new();
    // Per lead group: its merge_key and the name all its entries carry.
    let mut group_keys: Vec<String> = Vec::new();
    let mut group_names: Vec<String> = Vec::new();
    let mut memo: Vec<(String, DutyFacts)> = Vec::new();
    for f in found {
        // Several labels of one plan section share the section's text.
        let facts = match memo.iter().find(|(t, _)| *t == f.duty_text) {
            Some((_, facts)) => facts,
            None => {
                memo.push((f.duty_text.clone(), duty_facts(&f.duty_text, header)));
                &memo[memo.len() - 1].1
            }
        };
        let (deadlines, coop, recurring, ongoing) = (
            &facts.deadlines,
            &facts.coop,
            &facts.recurring,
            facts.ongoing,
        );
        let section = enclosing_section(body, f.node);
        for lead in f.leads {
            let lead = resolve_pronoun(&lead, header);
            // A split left a bare head ("Ban", "Cơ quan"), or a clause inside
            // brackets was cut: it names no one.
            if (lead.split_whitespace().take(2).count() < 2 && lead != "Tỉnh")
                || (lead.contains(')') && !lead.contains('('))
            {
                continue;
            }
            let key = keys.get(&lead);
            if key.is_empty() {
                continue;
            }
            let coop_here: Vec<String> = coop
                .iter()
                .filter(|c| keys.get(c) != key)
                .cloned()
                .collect();
            // "UBND các tỉnh, thành phố" later in the text is the same lead as
            // "UBND các tỉnh, thành phố trực thuộc Trung ương" named before.
            let Some(g) = group_keys.iter().position(|k2| same_lead_key(k2, &key)) else {
                // Urging a lead on (a closing request) gives it no entry of its own.
                if f.tasks.is_empty() {
                    continue;
                }
                group_keys.push(key);
                group_names.push(lead.clone());
                out_group.push(group_names.len() - 1);
                out_section.push(section);
                out.push(Assignment {
                    lead,
                    cooperating: coop_here,
                    tasks: f.tasks.clone(),
                    deadlines: deadlines.clone(),
                    recurring: recurring.clone(),
                    ongoing,
                    span: f.span,
                });
                continue;
            };
            // The unit's own name wins over its head's ("Các tỉnh ủy"
            // over "các đồng chí Bí thư tỉnh ủy").
            if crate::units::names_person(&group_names[g]) && !crate::units::names_person(&lead) {
                group_names[g] = lead.clone();
            }
            // A duty read twice (in any section) is one duty.
            let new_tasks: Vec<&String> = f
                .tasks
                .iter()
                .filter(|t| {
                    !(0..out.len())
                        .filter(|&i| out_group[i] == g)
                        .any(|i| out[i].tasks.iter().any(|x| same_duty(x, t)))
                })
                .collect();
            let here = (0..out.len()).find(|&i| out_group[i] == g && out_section[i] == section);
            // Nothing new read in another section: what it says belongs to
            // the lead's first entry, as the duty it repeats does.
            let target = here.or_else(|| {
                new_tasks
                    .is_empty()
                    .then(|| out_group.iter().position(|&x| x == g))
                    .flatten()
            });
            let Some(i) = target else {
                out_group.push(g);
                out_section.push(section);
                out.push(Assignment {
                    lead,
                    cooperating: coop_here,
                    tasks: new_tasks.into_iter().cloned().collect(),
                    deadlines: deadlines.clone(),
                    recurring: recurring.clone(),
                    ongoing,
                    span: f.span,
                });
                continue;
            };
            let a = &mut out[i];
            for t in new_tasks {
                if !a.tasks.iter().any(|x| same_duty(x, t)) {
                    a.tasks.push(t.clone());
                }
            }
            for c in &coop_here {
                if !a.cooperating.contains(c) {
                    a.cooperating.push(c.clone());
                }
            }
            for d in deadlines {
                if !a
                    .deadlines
                    .iter()
                    .any(|x: &Deadline| x.date == d.date && x.text == d.text)
                {
                    a.deadlines.push(d.clone());
                }
            }
            if a.recurring.is_none() {
                a.recurring = recurring.clone();
            }
            a.ongoing |= ongoing;
        }
    }
    // Every entry of one lead carries the same name.
    for (a, &g) in out.iter_mut().zip(&out_group) {
        a.lead.clone_from(&group_names[g]);
    }
    out
}

/// The innermost numbered or lettered item ("1.4.", "II.", "b)", "(2)",
/// "Điều 3.") that holds paragraph `idx`, itself included: the section a
/// duty is read in. Dash and plus items and running text are parts of
/// their section, not sections.
fn enclosing_section(body: &Body, idx: usize) -> Option<usize> {
    let mut cur = Some(idx);
    while let Some(i) = cur {
        let n = body.nodes.get(i)?;
        if !matches!(
            n.kind,
            MarkerKind::Dash | MarkerKind::Plus | MarkerKind::Text | MarkerKind::Heading
        ) {
            return Some(i);
        }
        cur = n.parent;
    }
    None
}

/// Two task texts of one lead are the same duty: the same words, or one is
/// the other's end. A plan item read twice, once as a sentence ("Các cơ
/// quan, đơn vị ưu tiên bố trí ...") and once under its "Đơn vị chủ trì:"
/// label, and a duty repeated word for word in two sections, are one duty.
fn same_duty(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> &str {
        s.trim()
            .trim_end_matches(['.', ';', ',', ':', '/'])
            .trim_end()
    }
    let (a, b) = (norm(a), norm(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.split_whitespace().take(MIN_REPEATED_WORDS).count() >= MIN_REPEATED_WORDS
        && long.ends_with(short)
}

/// The fewest words a duty needs to be recognised as repeated
/// ([`same_duty`]): short generic tasks ("báo cáo kết quả") recur as
/// different duties.
const MIN_REPEATED_WORDS: usize = 8;

/// Two lead keys ([`compare_key`]) name the same lead: equal, or one is the
/// other cut at a word boundary ("UBND các tỉnh, thành phố" and "UBND các
/// tỉnh, thành phố trực thuộc Trung ương").
fn same_lead_key(a: &str, b: &str) -> bool {
    let prefix = |long: &str, short: &str| {
        long.len() > short.len() && long.starts_with(short) && long.as_bytes()[short.len()] == b' '
    };
    a == b || prefix(a, b) || prefix(b, a) || shorter_class(a, b)
}

/// A class of units named after `named` and listing only kinds `named` lists too
/// ("các sở, ban, ngành" then "các sở, ngành"; "các cơ quan, đơn vị" then "các
/// đơn vị"): the same addressees named shorter, as a text does after naming them
/// once in full. Both must list bare kinds ("các cơ quan báo chí trung ương, địa
/// phương" qualifies one kind) of the same tiers: localities ("địa phương", "xã",
/// "tỉnh" ...) and agencies are addressed apart ("các sở, ban, ngành, địa phương" is
/// not "các sở, ban, ngành", nor "các địa phương").
fn shorter_class(named: &str, later: &str) -> bool {
    let kinds = |k: &str| -> Option<Vec<String>> {
        let rest = k.strip_prefix("các ")?;
        Some(
            rest.split(", ")
                .flat_map(|p| p.split(" và "))
                .map(|p| p.trim().trim_start_matches("các ").to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        )
    };
    let (Some(full), Some(short)) = (kinds(named), kinds(later)) else {
        return false;
    };
    const LOCALITIES: &[&str] = &[
        "địa phương",
        "tỉnh",
        "thành phố",
        "huyện",
        "quận",
        "xã",
        "phường",
        "thôn",
        "tổ dân phố",
    ];
    let tiers = |ks: &[String]| {
        let local = ks
            .iter()
            .filter(|k| LOCALITIES.contains(&k.as_str()))
            .count();
        (local > 0, local < ks.len())
    };
    full.iter()
        .chain(&short)
        .all(|k| crate::units::is_kind_noun(k))
        && short.iter().all(|x| full.contains(x))
        && tiers(&full) == tiers(&short)
}

/// The issuing body speaking about itself ("Bộ Tài chính gửi kèm ...").
fn is_issuer(unit: &str, issuers: &Issuers) -> bool {
    // Cheap test first: the keys start with the same base letter.
    let first = |s: &str| {
        use unicode_normalization::UnicodeNormalization;
        s.trim_start()
            .chars()
            .next()
            .and_then(|c| std::iter::once(c).nfd().next())
            .map(|c| match crate::normalize::lower_char(c) {
                'đ' => 'd',
                c => c,
            })
    };
    let f = first(unit);
    if !issuers.0.iter().any(|i| i.chars().next() == f) {
        return false;
    }
    let k = issuer_key(unit);
    issuers.0.iter().any(|i| {
        // "Ủy ban nhân dân tỉnh" speaking for "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN".
        *i == k || (i.starts_with(&k) && k.split(' ').count() >= 3)
    })
}

fn issuer_key(s: &str) -> String {
    fold_key(s).replace("ubnd", "uy ban nhan dan")
}

/// The issuer and its parent as [`issuer_key`]s, made once per document.
struct Issuers(Vec<String>);

impl Issuers {
    fn new(header: &Header) -> Self {
        Issuers(
            [header.issuer.as_deref(), header.issuer_parent.as_deref()]
                .into_iter()
                .flatten()
                .map(issuer_key)
                .collect(),
        )
    }
}

/// "quý Bộ" / "Quý cơ quan" stands for the single addressee.
fn resolve_pronoun(lead: &str, header: &Header) -> String {
    let l = lead.to_lowercase();
    if l.starts_with("quý ") && header.addressees.len() == 1 {
        return header.addressees[0].clone();
    }
    lead.to_string()
}

#[cfg(test)]
mod tests {
    /// Each lead with its number of duties over all its sections, in order
    /// of first mention (the gold's view of a document).
    fn leads(t: &str) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for a in crate::parse(t).document.assignments {
            match out.iter_mut().find(|(l, _)| *l == a.lead) {
                Some((_, n)) => *n += a.tasks.len(),
                None => out.push((a.lead, a.tasks.len())),
            }
        }
        out
    }

    #[test]
    fn an_introduction_keeps_the_items_before_those_that_name_units() {
        // The first items name no unit: they are the introduced leads'
        // duties; the later item gives work to units of its own.
        let t = "Kính gửi: Các sở.\n\nĐể thực hiện tốt việc này, yêu cầu cấp ủy, chính quyền các cấp tập trung rà soát, xử lý các nội dung sau:\n1. Tăng cường kiểm tra việc cấp phép xây dựng nhà ở trên địa bàn.\n2. Xử lý dứt điểm các công trình vi phạm trật tự xây dựng.\n3. Về phân công nhiệm vụ:\n3.1. Giao Sở Xây dựng hướng dẫn thủ tục cấp phép.\n3.2. Giao Sở Tài chính bố trí kinh phí kiểm tra.\n";
        assert_eq!(
            leads(t),
            vec![
                ("cấp ủy, chính quyền các cấp".to_string(), 2),
                ("Sở Xây dựng".to_string(), 1),
                ("Sở Tài chính".to_string(), 1),
            ]
        );
        // When the first item already names a unit the introduction
        // gives no work of its own, whatever items follow.
        let t = "Kính gửi: Các sở.\n\nĐể thực hiện tốt việc này, yêu cầu các sở, ngành tập trung rà soát, xử lý các nội dung sau:\n1. Sở Xây dựng hướng dẫn thủ tục cấp phép.\n2. Xử lý dứt điểm các công trình vi phạm trật tự xây dựng.\n";
        let l: Vec<String> = leads(t).into_iter().map(|x| x.0).collect();
        assert_eq!(l, vec!["Sở Xây dựng"]);
    }

    #[test]
    fn a_paragraph_that_opens_with_a_role_is_no_field_label() {
        use super::is_label;
        assert!(is_label("Cơ quan chủ trì: Sở Tài chính."));
        assert!(is_label("Đơn vị phối hợp: Các sở, ngành."));
        assert!(is_label("Cơ quan chủ trì, thực hiện"));
        assert!(!is_label(
            "Cơ quan phối hợp có trách nhiệm trả lời bằng văn bản khi được lấy ý kiến."
        ));
        // Other labels as before, however long.
        assert!(is_label(
            "Thời gian thực hiện trong năm 2026 và các năm tiếp theo"
        ));
        let t = "Kính gửi: Các sở.\n\n1. Cơ quan chủ trì xử lý hồ sơ cấp phép khai thác khoáng sản\na) Tiếp nhận và kiểm tra hồ sơ.\nb) Lấy ý kiến các cơ quan liên quan.\n2. Cơ quan phối hợp có trách nhiệm trả lời bằng văn bản trong thời hạn quy định.\n";
        assert_eq!(
            leads(t),
            vec![
                (
                    "Cơ quan chủ trì xử lý hồ sơ cấp phép khai thác khoáng sản".to_string(),
                    2
                ),
                ("Cơ quan phối hợp".to_string(), 1),
            ]
        );
    }

    #[test]
    fn label_first_letters_cover_the_labels() {
        for l in super::LEAD_LABELS {
            assert!(matches!(l.chars().next(), Some('đ' | 'c')), "{l}");
        }
        for l in super::FIELD_LABELS {
            assert!(
                matches!(l.chars().next(), Some('đ' | 'c' | 't' | 's' | 'k' | 'n')),
                "{l}"
            );
        }
    }

    #[test]
    fn an_enumeration_after_a_colon_is_one_duty() {
        use super::split_tasks;
        let d = "rà soát toàn bộ văn bản. Trong đó, ưu tiên các lĩnh vực: tài chính - ngân sách; đất đai và quy hoạch; cải cách hành chính và chuyển đổi số; giáo dục, đào tạo.";
        assert_eq!(split_tasks(d).len(), 1);
        // Legal documents to study are items, however long.
        let d = "tổ chức tuyên truyền pháp luật về bảo vệ bí mật nhà nước, trọng tâm là: Luật Bảo vệ bí mật nhà nước năm 2018; Nghị định số 26/2020/NĐ-CP ngày 28/02/2020 của Chính phủ quy định chi tiết một số điều của Luật Bảo vệ bí mật nhà nước; phòng cháy chữa cháy.";
        assert_eq!(split_tasks(d).len(), 1);
        // Clauses that open with a duty verb stay apart, after a colon too.
        let d = "Sở Y tế thực hiện các việc sau: kiểm tra các cơ sở y tế; xử lý các vi phạm về giá thuốc.";
        assert_eq!(split_tasks(d).len(), 2);
        // So do long clauses, and clauses before the colon's.
        let d = "rà soát các thủ tục hành chính của ngành; ưu tiên các lĩnh vực: đất đai; giáo dục và đào tạo.";
        assert_eq!(
            split_tasks(d),
            vec![
                "rà soát các thủ tục hành chính của ngành",
                "ưu tiên các lĩnh vực: đất đai; giáo dục và đào tạo"
            ]
        );
    }

    #[test]
    fn quoted_semicolons_and_a_closing_deadline_do_not_split_a_duty() {
        use super::split_tasks;
        let d = "khen thưởng các cá nhân có thành tích trong phong trào thi đua: “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí”; hoàn thành trước ngày 10 tháng 12 năm 2025.";
        assert_eq!(split_tasks(d).len(), 1);
        // A deadline clause that carries a duty of its own is a clause.
        let d = "rà soát các dự án đầu tư công trên địa bàn; hoàn thành việc giải ngân vốn đầu tư công của các dự án chuyển tiếp trước ngày 31/12/2025.";
        assert_eq!(split_tasks(d).len(), 2);
        // Unbalanced quotes split as if there were none.
        let d = "rà soát văn bản “về đất đai; kiểm tra các dự án trên địa bàn phường";
        assert_eq!(split_tasks(d).len(), 2);
    }

    #[test]
    fn a_semicolon_inside_brackets_does_not_split_a_duty() {
        use super::split_tasks;
        let d = "kiểm tra các giếng khoan trên địa bàn (trừ giếng của hộ gia đình; giếng đã được cấp phép) theo kế hoạch năm.";
        assert_eq!(split_tasks(d).len(), 1);
        // A list marker's bracket closes nothing; the clauses still split.
        let d = "rà soát các hồ chứa a) loại lớn; kiểm tra các đê bao trên địa bàn phường";
        assert_eq!(split_tasks(d).len(), 2);
        // An unclosed bracket is ignored.
        let d = "rà soát các hồ chứa (loại lớn; kiểm tra các đê bao trên địa bàn phường";
        assert_eq!(split_tasks(d).len(), 2);
    }

    #[test]
    fn clauses_that_cite_report_or_qualify_join_the_duty_before() {
        use super::split_tasks;
        // The rest of a list of documents.
        let d = "quán triệt Chỉ thị số 05/CT-UBND về phòng chống thiên tai; các Nghị quyết của Hội đồng nhân dân tỉnh về ngân sách năm 2026.";
        assert_eq!(split_tasks(d).len(), 1);
        // A report on the work before, however worded.
        for r in [
            "kịp thời báo cáo Ủy ban nhân dân tỉnh những vấn đề phát sinh",
            "báo cáo kết quả về Sở Tài chính trước ngày 15/3/2026",
            "gửi báo cáo về Sở Nội vụ để tổng hợp",
            "vượt thẩm quyền báo cáo Chủ tịch Ủy ban nhân dân tỉnh",
            "trong quá trình thực hiện, nếu có vướng mắc, phản ánh về Sở Xây dựng",
        ] {
            let d = format!("kiểm tra việc cấp phép xây dựng trên địa bàn các phường; {r}.");
            assert_eq!(split_tasks(&d).len(), 1, "{r}");
        }
        // How the work must be done.
        let d = "cập nhật số liệu đất đai vào hệ thống dùng chung; bảo đảm thống nhất, chính xác.";
        assert_eq!(split_tasks(d).len(), 1);
        // A "bảo đảm" with an object of its own, or a report built as a
        // product ("xây dựng báo cáo"), is a duty.
        let d = "khôi phục sản xuất tại các vùng bị lũ; bảo đảm nguồn cung xăng dầu cho người dân.";
        assert_eq!(split_tasks(d).len(), 2);
        let d = "kiểm tra các công trình thủy lợi; xây dựng báo cáo chuyên đề về an toàn hồ đập.";
        assert_eq!(split_tasks(d).len(), 2);
    }

    #[test]
    fn a_list_of_topics_after_rules_about_is_one_duty() {
        use super::split_tasks;
        let d = "chấp hành các quy định về lưu trữ hồ sơ; sao chép hồ sơ; mượn, trả hồ sơ tại kho; tiêu hủy hồ sơ hết giá trị; số hóa hồ sơ theo đúng hướng dẫn.";
        assert_eq!(split_tasks(d).len(), 1);
        // Few items are duties of their own, as is a list that does not
        // follow the topic of rules.
        let d = "chấp hành các quy định về lưu trữ hồ sơ; kiểm tra kho lưu trữ của các phòng; số hóa hồ sơ.";
        assert_eq!(split_tasks(d).len(), 3);
        let d = "tổ chức tập huấn cho cán bộ về lưu trữ hồ sơ; sao chép hồ sơ; mượn, trả hồ sơ tại kho; tiêu hủy hồ sơ hết giá trị.";
        assert_eq!(split_tasks(d).len(), 4);
    }

    #[test]
    fn a_paragraph_that_only_states_a_deadline_is_no_duty() {
        use super::deadline_only;
        for t in [
            "Thời hạn: trước ngày 26/12/2026.",
            "THỜI HẠN: trước ngày 26/12/2026.",
            "Thời hạn hoàn thành: trước ngày 30 tháng 12 năm 2026.",
            "Thời gian hoàn thành: Quý II/2026.",
            "Thời gian thực hiện: Thường xuyên.",
            "Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025.",
            "Thời hạn : trong tháng 12/2026./.",
            "Hạn hoàn thành: 15/01/2027",
        ] {
            assert!(deadline_only(t), "{t}");
        }
        for t in [
            // A table's column head, running text, and a deadline that goes
            // on with a duty.
            "Thời hạn hoàn thành",
            "Thời gian qua, các phòng đã triển khai nhiều giải pháp phòng cháy.",
            "Thời hạn: trước ngày 20/12/2026; báo cáo kết quả về Ủy ban nhân dân phường.",
            "Thời hạn: trước ngày 20/12/2026, nếu quá thời hạn trên mà chưa hoàn thành thì phải giải trình bằng văn bản gửi Ủy ban nhân dân phường.",
            "Thời hạnh phúc",
            "Chủ trì kiểm tra, hoàn thành trước ngày 18/12/2026.",
        ] {
            assert!(!deadline_only(t), "{t}");
        }
        let dl = |a: &crate::Assignment| -> Vec<String> {
            a.deadlines.iter().filter_map(|d| d.date.clone()).collect()
        };
        // Under a unit's heading: the duty's deadline, not a second duty.
        let t = "Kính gửi: Các phòng, đơn vị thuộc UBND phường.\nỦy ban nhân dân phường yêu cầu các cơ quan, đơn vị triển khai thực hiện các nhiệm vụ sau:\n1. Phòng Kinh tế - Hạ tầng và Đô thị\nChủ trì kiểm tra an toàn phòng cháy, chữa cháy tại các chợ, hoàn thành trước ngày 18/12/2026.\nThời hạn: trước ngày 26/12/2026.\n2. Phòng Văn hóa - Xã hội\n- Phối hợp tuyên truyền kiến thức phòng cháy, chữa cháy đến các hộ gia đình.\n- Thời hạn hoàn thành: trước ngày 25/12/2026.\n";
        let doc = crate::parse(t).document;
        let a = &doc.assignments;
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].lead, "Phòng Kinh tế - Hạ tầng và Đô thị");
        assert_eq!(a[0].tasks.len(), 1, "{:?}", a[0].tasks);
        assert_eq!(dl(&a[0]), vec!["2026-12-18", "2026-12-26"]);
        assert_eq!(a[1].lead, "Phòng Văn hóa - Xã hội");
        assert_eq!(a[1].tasks.len(), 1, "{:?}", a[1].tasks);
        assert_eq!(dl(&a[1]), vec!["2026-12-25"]);
        // After the sentence that gives the work: its deadline.
        let t = "Kính gửi: Các phòng.\n\nGiao Phòng Kinh tế - Hạ tầng và Đô thị chủ trì kiểm tra an toàn phòng cháy, chữa cháy tại các chợ.\n\nThời hạn: trước ngày 26/12/2026.\n";
        let doc = crate::parse(t).document;
        let a = &doc.assignments;
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].tasks.len(), 1, "{:?}", a[0].tasks);
        assert_eq!(dl(&a[0]), vec!["2026-12-26"]);
    }

    #[test]
    fn a_duty_read_twice_for_one_lead_counts_once() {
        let t = "Kính gửi: Các sở.\n\n1. Nâng cao năng lực cán bộ\n\n- Các cơ quan, đơn vị, địa phương ưu tiên bố trí cán bộ có kinh nghiệm tham gia soạn thảo văn bản quy phạm pháp luật.\n\nĐơn vị chủ trì thực hiện: Các cơ quan, đơn vị, địa phương.\n\nThời gian thực hiện: Thường xuyên.\n";
        let doc = crate::parse(t).document;
        let a = doc
            .assignments
            .iter()
            .find(|a| a.lead == "Các cơ quan, đơn vị, địa phương")
            .expect("lead");
        assert_eq!(a.tasks.len(), 1, "{:?}", a.tasks);
        assert!(super::same_duty(
            "ưu tiên bố trí cán bộ có kinh nghiệm tham gia soạn thảo văn bản.",
            "- Các cơ quan ưu tiên bố trí cán bộ có kinh nghiệm tham gia soạn thảo văn bản"
        ));
        assert!(!super::same_duty(
            "báo cáo kết quả",
            "tổng hợp, báo cáo kết quả"
        ));
    }

    #[test]
    fn a_unit_section_paragraph_splits_at_sentences_that_open_with_a_duty() {
        let lead_tasks = |t: &str| {
            crate::parse(t)
                .document
                .assignments
                .iter()
                .find(|a| a.lead == "Sở Tư pháp")
                .map(|a| a.tasks.len())
        };
        let t = "Kính gửi: Các sở.\n\n1. Sở Tư pháp: Phối hợp với Công an tỉnh kiểm tra việc thi hành pháp luật trên địa bàn. Hướng dẫn các phòng, ban lập hồ sơ theo quy định. Trong quá trình thực hiện, nếu có vướng mắc thì xin ý kiến Ủy ban nhân dân tỉnh.\n\n2. Sở Tài chính: bố trí kinh phí.\n";
        assert_eq!(lead_tasks(t), Some(2));
        // Wrapped so that a sentence ends a line: the same duties.
        let t = "Kính gửi: Các sở.\n\n1. Sở Tư pháp\n\nPhối hợp với Công an tỉnh kiểm tra việc thi hành pháp luật trên địa bàn; cập nhật\ncơ sở dữ liệu.\nHướng dẫn các phòng, ban lập hồ sơ theo quy định.\n\n2. Sở Tài chính: bố trí kinh phí.\n";
        assert_eq!(lead_tasks(t), Some(3));
    }

    #[test]
    fn units_listed_with_semicolons_share_the_verb() {
        let t = "Kính gửi: Các sở.\n\n1. Các sở, ban, ngành trực thuộc UBND tỉnh; UBND các huyện, thành phố tiếp tục tổ chức tuyên truyền pháp luật về bảo vệ bí mật nhà nước.\n";
        let l: Vec<String> = leads(t).into_iter().map(|x| x.0).collect();
        assert_eq!(
            l,
            vec![
                "Các sở, ban, ngành trực thuộc UBND tỉnh",
                "UBND các huyện, thành phố"
            ]
        );
    }

    /// The leads and their tasks `t` reads as.
    fn leads_and_tasks(t: &str) -> Vec<(String, Vec<String>)> {
        crate::parse(t)
            .document
            .assignments
            .into_iter()
            .map(|a| (a.lead, a.tasks))
            .collect()
    }

    #[test]
    fn an_item_naming_a_unit_heads_its_duties_without_a_blank_line() {
        let got = leads_and_tasks(
            "Kính gửi: Các phòng.\n1. Các phòng, đơn vị thuộc phường\nCăn cứ vào chức năng, nhiệm vụ được giao, chủ động rà soát, tham mưu cho UBND phường.\n2. Phòng Văn hóa - Xã hội phường\nTổ chức tuyên truyền Nghị quyết.\n",
        );
        assert_eq!(
            got,
            vec![
                (
                    "Các phòng, đơn vị thuộc phường".to_string(),
                    vec!["Căn cứ vào chức năng, nhiệm vụ được giao, chủ động rà soát, tham mưu cho UBND phường".to_string()]
                ),
                (
                    "Phòng Văn hóa - Xã hội phường".to_string(),
                    vec!["Tổ chức tuyên truyền Nghị quyết".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn a_unit_name_wrapped_over_two_lines_stays_one_name() {
        // Cut at a link word, before a capitalised complement, or after a head noun
        // whose complement looks like a duty verb: one name, not a name and a duty.
        for (src, lead) in [
            (
                "Kính gửi: Các cơ quan.\n1. Sở Văn hóa, Thể thao và\nDu lịch chủ trì tổ chức các hoạt động.\n",
                "Sở Văn hóa, Thể thao và Du lịch",
            ),
            (
                "Kính gửi: Các cơ quan.\n1. Văn phòng\nTrung ương Đảng chủ trì, tổng hợp kết quả.\n",
                "Văn phòng Trung ương Đảng",
            ),
            (
                "Kính gửi: Các cơ quan.\n1. Văn phòng Ban\nChỉ đạo phòng, chống thiên tai tỉnh chủ trì, tổng hợp kết quả.\n",
                "Văn phòng Ban Chỉ đạo phòng, chống thiên tai tỉnh",
            ),
        ] {
            let got = leads_and_tasks(src);
            assert_eq!(got.len(), 1, "{src}: {got:?}");
            assert_eq!(got[0].0, lead, "{src}");
        }
    }

    #[test]
    fn a_heading_item_ends_before_a_capitalised_adverbial() {
        // "3. Trách nhiệm của ..." / "Căn cứ ...": without the break the heading's
        // units and the duty's sentence read as one clause.
        let src = "Kính gửi: Các cơ quan.\nIII. TỔ CHỨC THỰC HIỆN\n1. Trách nhiệm của Sở Tài chính\nCăn cứ nội dung Kế hoạch, Sở Tài chính chủ trì tham mưu bố trí kinh phí trước ngày 30/6/2026.\n";
        let p = crate::parse(src);
        let body = p.text.lines().collect::<Vec<_>>();
        assert!(body.iter().any(|l| l.starts_with("Căn cứ")), "{body:?}");
        let got = leads_and_tasks(src);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Sở Tài chính");
    }

    #[test]
    fn units_listed_with_semicolons_wrapped_after_one() {
        // The same clause wrapped right after a semicolon: the line that
        // opens with the next unit continues the subject.
        let t = "Kính gửi: Các sở.\n\n1. Thủ trưởng các sở, ban, ngành thuộc UBND tỉnh;\nChủ tịch UBND các xã, phường\ntiếp tục tổ chức tuyên truyền pháp luật trước ngày 30/6/2026.\n2. Sở Tư pháp;\nCông an tỉnh phối hợp kiểm tra.\n";
        let d = crate::parse(t).document;
        let l: Vec<(&str, Vec<Option<String>>)> = d
            .assignments
            .iter()
            .map(|a| {
                (
                    a.lead.as_str(),
                    a.deadlines.iter().map(|x| x.date.clone()).collect(),
                )
            })
            .collect();
        let june = vec![Some("2026-06-30".to_string())];
        assert_eq!(
            l,
            vec![
                (
                    "Thủ trưởng các sở, ban, ngành thuộc UBND tỉnh",
                    june.clone()
                ),
                ("Chủ tịch UBND các xã, phường", june),
                ("Sở Tư pháp", vec![]),
                ("Công an tỉnh", vec![]),
            ]
        );
    }

    #[test]
    fn dash_items_in_lower_case_stay_items() {
        // A list whose items open in lower case and end without punctuation: each
        // dash line is an item, not a wrapped hyphen.
        let t = "Kính gửi: Các sở.\n\n1. Sở Xây dựng có trách nhiệm:\n- rà soát hồ sơ cấp phép\n- kiểm tra công trình đang thi công\n- báo cáo kết quả trước ngày 30/6/2026.\n";
        let d = crate::parse(t).document;
        let items: Vec<&str> = d
            .sections
            .iter()
            .filter(|s| s.marker_kind == crate::MarkerKind::Dash)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            items,
            vec![
                "rà soát hồ sơ cấp phép",
                "kiểm tra công trình đang thi công",
                "báo cáo kết quả trước ngày 30/6/2026."
            ],
            "{:?}",
            d.sections
        );
    }

    #[test]
    fn a_hyphen_wrapped_to_the_start_of_a_line_is_no_dash_item() {
        // "kinh tế - xã hội", "2026 - 2030" wrapped before the hyphen; real
        // dash items (capitalised, or after a colon) stay items.
        let t = "Kính gửi: Các sở.\n\n1. Sở Tài chính bố trí kinh phí cho các xã có điều kiện kinh tế\n- xã hội khó khăn trong giai đoạn 2026\n- 2030, hoàn thành trước ngày 30/6/2026.\n2. Sở Xây dựng\n- Kiểm tra công trình;\n- Báo cáo kết quả.\n";
        let d = crate::parse(t).document;
        assert!(
            d.sections.iter().any(|s| s.text
                == "Sở Tài chính bố trí kinh phí cho các xã có điều kiện kinh tế - xã hội khó khăn trong giai đoạn 2026 - 2030, hoàn thành trước ngày 30/6/2026."),
            "{:?}",
            d.sections
        );
        let l: Vec<(&str, usize, usize)> = d
            .assignments
            .iter()
            .map(|a| (a.lead.as_str(), a.tasks.len(), a.deadlines.len()))
            .collect();
        assert_eq!(l, vec![("Sở Tài chính", 1, 1), ("Sở Xây dựng", 2, 0)]);
    }

    #[test]
    fn a_wrapped_document_number_is_no_heading() {
        // Nor is an upper-case word that ends the sentence wrapped before it.
        let t = "Kính gửi: Các sở.\n\n1. Sở Xây dựng chủ trì, phối hợp với Tổng công ty Cảng hàng không Việt Nam -\nACV.\n2. Sở Tài chính bố trí kinh phí.\n";
        let d = crate::parse(t).document;
        assert_eq!(d.assignments.len(), 2, "{:?}", d.assignments);
        assert_eq!(
            d.assignments[0].tasks,
            vec!["chủ trì, phối hợp với Tổng công ty Cảng hàng không Việt Nam - ACV"]
        );
        let t = "Kính gửi: Các sở.\n\n1. Về dữ liệu\n1.1. Triển khai dữ liệu:\na) Nhiệm vụ:\n- Phối hợp số hóa theo hướng dẫn (danh mục chi tiết tại Phụ lục II Nghị quyết\n214/NQ-CP).\n- Rà soát danh mục dữ liệu.\nb) Cơ quan thực hiện:\n- Đơn vị chủ trì: Sở Tài chính.\nc) Thời gian thực hiện: Hoàn thành trong năm 2025.\n";
        let d = crate::parse(t).document;
        assert_eq!(d.assignments.len(), 1, "{:?}", d.assignments);
        let a = &d.assignments[0];
        assert_eq!(a.lead, "Sở Tài chính");
        assert_eq!(a.tasks.len(), 2, "{:?}", a.tasks);
        assert_eq!(
            a.deadlines
                .iter()
                .map(|x| x.date.as_deref())
                .collect::<Vec<_>>(),
            vec![Some("2025-12-31")]
        );
    }

    #[test]
    fn compound_nouns_are_not_duty_verbs_and_a_topic_is_no_assignment() {
        let names = |t: &str| -> Vec<String> { leads(t).into_iter().map(|x| x.0).collect() };
        let t = "Kính gửi: Các sở.\n\n1. Cơ quan chủ quản Chương\ntrình chủ trì tổ chức giám sát, đánh giá.\n2. Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên phối hợp tổ chức lớp học.\n";
        assert_eq!(
            names(t),
            vec![
                "Cơ quan chủ quản Chương trình",
                "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên"
            ]
        );
        let t = "Kính gửi: Các sở.\n\n1. Sở Xây dựng chủ động làm việc với Bộ Xây dựng về việc giao Ủy ban nhân dân tỉnh Điện Biên là cơ quan chủ quản dự án.\n";
        assert_eq!(names(t), vec!["Sở Xây dựng"]);
    }

    #[test]
    fn a_duty_on_the_line_after_a_unit_heading_is_not_part_of_the_name() {
        let t = "Kính gửi: Các phòng.\n\n1. Phòng Văn hóa - Xã hội\nTổ chức ngày hội văn hóa.\n2. Trung tâm Phục vụ hành chính công\nTổ chức tiếp nhận hồ sơ trực tuyến.\n3. Phòng Tổ chức - Nội vụ\nRà soát biên chế.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Phòng Văn hóa - Xã hội".to_string(), 1),
                ("Trung tâm Phục vụ hành chính công".to_string(), 1),
                ("Phòng Tổ chức - Nội vụ".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_duty_verb_under_a_whole_unit_name_opens_the_items_content() {
        // A name with its head and complement ("Phòng Văn hóa - Xã hội") does not
        // run on in a verb of two words, whichever: the line is the duty.
        let t = "Kính gửi: Các phòng.\n\n1. Phòng Văn hóa - Xã hội\nTổng hợp danh sách các gia đình chính sách được tặng quà.\n\n2. Trung tâm Phục vụ hành chính công\nXây dựng kế hoạch trực giải quyết thủ tục hành chính.\n3. Phòng Kinh tế\nKhảo sát, đánh giá hiện trạng các chợ.\n";
        assert_eq!(
            leads_and_tasks(t),
            vec![
                (
                    "Phòng Văn hóa - Xã hội".to_string(),
                    vec!["Tổng hợp danh sách các gia đình chính sách được tặng quà".to_string()]
                ),
                (
                    "Trung tâm Phục vụ hành chính công".to_string(),
                    vec!["Xây dựng kế hoạch trực giải quyết thủ tục hành chính".to_string()]
                ),
                (
                    "Phòng Kinh tế".to_string(),
                    vec!["Khảo sát, đánh giá hiện trạng các chợ".to_string()]
                ),
            ]
        );
        // A bare head, a one-word verb that opens a name's word ("Cấp nước") and a
        // verb after a name ending in a verb-noun ("... đầu tư" / "Xây dựng") still
        // read as one name wrapped.
        for (src, lead) in [
            (
                "Kính gửi: Các cơ quan.\n1. Trung tâm\nPhát triển quỹ đất tỉnh chủ trì, rà soát quỹ đất.\n",
                "Trung tâm Phát triển quỹ đất tỉnh",
            ),
            (
                "Kính gửi: Các cơ quan.\n1. Công ty Cổ phần\nCấp nước Kiến An chủ trì, bảo đảm nguồn nước.\n",
                "Công ty Cổ phần Cấp nước Kiến An",
            ),
            (
                "Kính gửi: Các cơ quan.\n1. Ban Quản lý dự án đầu tư\nXây dựng công trình dân dụng tỉnh chủ trì, rà soát hồ sơ.\n",
                "Ban Quản lý dự án đầu tư Xây dựng công trình dân dụng tỉnh",
            ),
        ] {
            let got = leads_and_tasks(src);
            assert_eq!(got.len(), 1, "{src}: {got:?}");
            assert_eq!(got[0].0, lead, "{src}");
        }
    }

    #[test]
    fn a_unit_sections_paragraph_is_split_into_its_clauses() {
        let t = "Kính gửi: Các sở.\n\nV. TỔ CHỨC THỰC HIỆN\n1. UBND các xã, phường:\nTriển khai kế hoạch trên địa bàn; huy động lực lượng hỗ trợ người dân; tổ chức tổng vệ sinh môi trường.\n2. Văn phòng UBND tỉnh:\nTheo dõi, đôn đốc các đơn vị thực hiện; tổng hợp tiến độ để kịp thời báo cáo UBND tỉnh.\n";
        assert_eq!(
            leads(t),
            vec![
                ("UBND các xã, phường".to_string(), 3),
                ("Văn phòng UBND tỉnh".to_string(), 1)
            ]
        );
    }

    #[test]
    fn leads_listed_after_a_trigger_share_the_items() {
        let t = "Kính gửi: Các đơn vị.\n\nSở Giáo dục và Đào tạo đề nghị UBND các xã, phường; các đơn vị, cơ sở giáo dục trực thuộc thực hiện nghiêm túc văn bản chỉ đạo. Cụ thể:\n- Thường xuyên cập nhật thông tin về chất lượng không khí.\n- Hạn chế các hoạt động ngoài trời cho học sinh.\n";
        let l = leads(t);
        assert_eq!(
            l,
            vec![
                ("UBND các xã, phường".to_string(), 2),
                ("các đơn vị, cơ sở giáo dục trực thuộc".to_string(), 2)
            ]
        );
    }

    #[test]
    fn a_class_named_shorter_later_is_the_same_lead() {
        use super::shorter_class;
        assert!(shorter_class("các sở, ban, ngành", "các sở, ngành"));
        assert!(shorter_class("các cơ quan, đơn vị", "các đơn vị"));
        assert!(
            !shorter_class("các sở, ngành", "các sở, ban, ngành"),
            "named first in short"
        );
        assert!(!shorter_class(
            "các sở, ban, ngành, địa phương",
            "các sở, ban, ngành"
        ));
        assert!(!shorter_class(
            "các bộ, ngành, địa phương",
            "các địa phương"
        ));
        assert!(!shorter_class(
            "các cơ quan báo chí trung ương, địa phương, quân đội",
            "các địa phương"
        ));
        assert!(!shorter_class("sở tài chính", "các sở"));
        let t = "Kính gửi: Các cơ quan.\n\n1. Các cơ quan, đơn vị tổ chức trực ban.\n2. Các đơn vị thực hiện nghiêm chế độ báo cáo.\n";
        assert_eq!(leads(t), vec![("Các cơ quan, đơn vị".to_string(), 2)]);
    }

    #[test]
    fn a_verb_overlapping_another_leaves_its_first_word_to_the_name() {
        let t = "Kính gửi: Các đơn vị.\n\n1. Trung tâm Phục vụ hành chính công bố trí cán bộ tiếp nhận hồ sơ.\n2. Sở Tư pháp công bố thủ tục hành chính.\n";
        let l: Vec<String> = leads(t).into_iter().map(|x| x.0).collect();
        assert_eq!(l, vec!["Trung tâm Phục vụ hành chính công", "Sở Tư pháp"]);
    }

    #[test]
    fn closing_paragraph_names_no_new_lead() {
        let t = "Kính gửi: Các sở.\n\n1. Sở Y tế kiểm tra các cơ sở y tế trước ngày 30/6/2026.\n\nĐề nghị các cơ quan, đơn vị khẩn trương, nghiêm túc triển khai thực hiện đầy đủ các nội dung chỉ đạo nêu trên theo thẩm quyền./.\n";
        assert_eq!(leads(t), vec![("Sở Y tế".to_string(), 1)]);
        // The only request of a short notice still counts.
        let t = "Kính gửi: Các thôn.\n\nỦy ban nhân dân xã thông báo tạm dừng tiếp công dân.\n\nĐề nghị Đài truyền thanh xã, các đồng chí Trưởng thôn thông báo liên tục trên hệ thống truyền thanh để nhân dân biết thực hiện./.\n";
        let l: Vec<String> = leads(t).into_iter().map(|x| x.0).collect();
        assert_eq!(l, vec!["Đài truyền thanh xã", "các đồng chí Trưởng thôn"]);
    }

    #[test]
    fn a_duty_sentence_in_a_request_is_a_duty_of_its_own() {
        let t = "1. Bộ trưởng Bộ Giao thông chỉ đạo các đơn vị sửa chữa cầu hư hỏng; đồng thời hỗ trợ vận chuyển hàng cứu trợ. Bố trí phương tiện dự phòng tại các bến phà. Trong quá trình thực hiện, nếu có vướng mắc thì báo cáo ngay.\n2. Sở Xây dựng rà soát các công trình, báo cáo trước ngày 30/6/2026. Có phương án hỗ trợ người dân sửa nhà.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Bộ trưởng Bộ Giao thông".to_string(), 3),
                ("Sở Xây dựng".to_string(), 2)
            ]
        );
        // A sentence that opens with a condition, an auxiliary or the
        // speaker's request goes on with the duty before it.
        let t = "1. Sở Tài chính cân đối nguồn vốn cho dự án. Cần ưu tiên các công trình cấp bách. Trong trường hợp thiếu vốn, báo cáo Ủy ban nhân dân tỉnh.\n";
        assert_eq!(leads(t), vec![("Sở Tài chính".to_string(), 1)]);
    }

    #[test]
    fn a_periodic_sentence_is_a_duty_of_its_own() {
        let t = "3. Các phòng, ban thuộc huyện xây dựng kế hoạch tuyên truyền trong phạm vi quản lý. Hằng năm báo cáo kết quả về Phòng Tư pháp để tổng hợp.\n";
        assert_eq!(
            leads(t),
            vec![("Các phòng, ban thuộc huyện".to_string(), 2)]
        );
        assert!(super::opens_duty_sentence(
            "Định kỳ hằng quý, tổng hợp số liệu gửi Sở Nội vụ."
        ));
        assert!(!super::opens_duty_sentence(
            "Hằng năm, tỉnh đón nhiều du khách."
        ));
    }

    #[test]
    fn a_plan_item_with_its_lead_label_stays_one_duty() {
        let t = "5. Nâng cao chất lượng đội ngũ pháp chế\n\n- Các cơ quan, đơn vị, địa phương ưu tiên chọn cán bộ có kinh nghiệm làm công tác pháp chế. Bố trí cán bộ đã được bồi dưỡng tham gia tổ soạn thảo văn bản.\n\nĐơn vị chủ trì thực hiện: Các cơ quan, đơn vị, địa phương.\n\nThời gian thực hiện: Thường xuyên.\n";
        assert_eq!(
            leads(t),
            vec![("Các cơ quan, đơn vị, địa phương".to_string(), 1)]
        );
    }

    #[test]
    fn a_plan_label_takes_every_dash_item_since_the_previous_group() {
        // Two duties listed, then one set of fields for both; then a third
        // duty with fields of its own.
        let t = "3. Nâng cao chất lượng công tác văn thư, lưu trữ\n\n- Tăng cường bồi dưỡng nghiệp vụ văn thư cho công chức cấp xã.\n\n- Rà soát, chỉnh lý hồ sơ tồn đọng tại kho lưu trữ cơ quan.\n\nĐơn vị chủ trì: Các phòng chuyên môn, UBND các xã.\n\nThời gian thực hiện: Thường xuyên.\n\n- Số hóa tài liệu lưu trữ có giá trị bảo quản vĩnh viễn.\n\nĐơn vị chủ trì: Phòng Nội vụ.\n\nThời gian thực hiện: Năm 2027.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Các phòng chuyên môn".to_string(), 2),
                ("UBND các xã".to_string(), 2),
                ("Phòng Nội vụ".to_string(), 1),
            ]
        );
    }

    #[test]
    fn a_sub_heading_naming_the_kind_of_duties_is_no_duty() {
        // "Nhiệm vụ chung" / "Nhiệm vụ cụ thể" group a unit's duties: the
        // items under them are the duties, the sub-headings are not.
        let t = "2. Phòng Kinh tế\n2.1. Nhiệm vụ chung\na) Theo dõi tình hình sản xuất nông nghiệp trên địa bàn.\nb) Hướng dẫn các hợp tác xã chuyển đổi cơ cấu cây trồng.\n2.2. Nhiệm vụ cụ thể\na) Lập danh sách hộ chăn nuôi cần hỗ trợ con giống.\n3. Phòng Văn hóa - Xã hội\na) Tổ chức giải bóng đá thiếu niên mùa hè.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Phòng Kinh tế".to_string(), 3),
                ("Phòng Văn hóa - Xã hội".to_string(), 1),
            ]
        );
    }

    #[test]
    fn a_units_heading_that_introduces_its_items_is_no_duty_of_its_own() {
        // The text after the unit's name only announces the items below.
        let t = "1. Phòng Tài chính - Kế hoạch: là cơ quan thường trực, chịu trách nhiệm trước UBND phường các nội dung sau:\na) Thẩm định dự toán kinh phí của các đơn vị.\nb) Theo dõi tiến độ giải ngân vốn đầu tư công.\n2. Phòng Nội vụ: tham mưu sắp xếp biên chế năm 2027.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Phòng Tài chính - Kế hoạch".to_string(), 2),
                ("Phòng Nội vụ".to_string(), 1),
            ]
        );
    }

    #[test]
    fn the_central_body_of_a_mass_organisation_is_a_unit() {
        // "Trung ương Hội ..." / "Trung ương Đoàn ..." name a unit, in a
        // list of leads as in a sentence; "Trung ương Đảng" alone does not.
        let t = "I. PHÁT TRIỂN PHONG TRÀO THANH NIÊN TÌNH NGUYỆN\n1. Nội dung\na) Tổ chức chiến dịch mùa hè xanh tại các xã vùng cao.\nb) Vận động đoàn viên hiến máu tình nguyện.\n2. Cơ quan chủ trì\n- Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh.\n- Bộ Y tế.\n\nII. HỖ TRỢ NÔNG DÂN\nTrung ương Hội Nông dân Việt Nam chủ trì hướng dẫn nông dân liên kết sản xuất.\n";
        assert_eq!(
            leads(t),
            vec![
                (
                    "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh".to_string(),
                    2
                ),
                ("Bộ Y tế".to_string(), 2),
                ("Trung ương Hội Nông dân Việt Nam".to_string(), 1),
            ]
        );
    }

    #[test]
    fn an_urgent_duty_after_a_comma_is_a_duty_of_its_own() {
        // "..., khẩn trương <verb> ..." after a duty with its own object
        // starts the next duty.
        let t = "1. Giao Phòng Kinh tế đẩy mạnh việc kiểm tra an toàn thực phẩm tại các chợ, khẩn trương hoàn thành việc cấp giấy chứng nhận cho các cơ sở kinh doanh.\n";
        assert_eq!(leads(t), vec![("Phòng Kinh tế".to_string(), 2)]);
        // The role and its partners ("chủ trì, phối hợp với ...") are no
        // duty of their own; nor is a topic before the comma.
        let t = "1. Giao Phòng Kinh tế chủ trì, phối hợp với Phòng Văn hóa - Xã hội, khẩn trương rà soát các cơ sở kinh doanh thực phẩm.\n2. Đối với các chợ tạm trên địa bàn phường, Phòng Quản lý đô thị khẩn trương lập phương án di dời.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Phòng Kinh tế".to_string(), 1),
                ("Phòng Quản lý đô thị".to_string(), 1),
            ]
        );
    }

    #[test]
    fn how_often_the_work_is_done_is_no_duty_of_its_own() {
        // "thực hiện thường xuyên, báo cáo ... hằng tháng" after a duty says when
        // that duty is done and reported.
        let t = "2. Giao Ủy ban nhân dân phường Hòa Bình tuyên truyền Luật Trật tự, an toàn giao thông đường bộ; thực hiện thường xuyên, báo cáo trước ngày 25 hằng tháng.\n3. Giao Phòng Kinh tế kiểm tra các bến bãi; thực hiện thường xuyên.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Ủy ban nhân dân phường Hòa Bình".to_string(), 1),
                ("Phòng Kinh tế".to_string(), 1),
            ]
        );
    }

    #[test]
    fn an_urgent_verb_after_a_verb_of_others_work_is_their_duty() {
        // "Đôn đốc X, khẩn trương ..." asks X to hurry: one duty of the lead.
        let t = "1. Giao Phòng Kinh tế đôn đốc các tổ dân phố trên địa bàn phường, khẩn trương hoàn thành việc thu gom rác thải.\n";
        assert_eq!(leads(t), vec![("Phòng Kinh tế".to_string(), 1)]);
    }

    #[test]
    fn a_list_of_quoted_names_after_a_colon_is_one_duty() {
        // The campaigns are named in quotation marks after a colon; the
        // next name, after ";", goes on with the list.
        let t = "1. Giao Phòng Nội vụ tổng hợp, đề nghị khen thưởng các tập thể có thành tích trong các phong trào: “Dân vận khéo”; phong trào thi đua “Cả nước chung tay vì người nghèo” và các cá nhân tiêu biểu của phường, hoàn thành trước ngày 15/12/2026.\n";
        assert_eq!(leads(t), vec![("Phòng Nội vụ".to_string(), 1)]);
    }

    #[test]
    fn an_introductions_own_duty_before_trong_do_counts() {
        let t = "1. Chủ tịch Ủy ban nhân dân các xã tiếp tục phân công lãnh đạo xuống tận thôn, bản để nắm tình hình và chỉ đạo khắc phục hậu quả mưa lũ, trong đó tập trung một số nhiệm vụ sau:\n(1) Sửa chữa nhà cửa cho các hộ bị thiệt hại.\n(2) Khôi phục sản xuất nông nghiệp.\n";
        assert_eq!(
            leads(t),
            vec![("Chủ tịch Ủy ban nhân dân các xã".to_string(), 3)]
        );
        // Without "trong đó" the introduction only asks for its items.
        let t = "1. Chủ tịch Ủy ban nhân dân các xã tập trung khắc phục hậu quả mưa lũ với các nhiệm vụ sau:\n(1) Sửa chữa nhà cửa cho các hộ bị thiệt hại.\n(2) Khôi phục sản xuất nông nghiệp.\n";
        assert_eq!(
            leads(t),
            vec![("Chủ tịch Ủy ban nhân dân các xã".to_string(), 2)]
        );
    }

    #[test]
    fn a_closing_request_urges_on_known_work_without_a_new_duty() {
        let t = "1. Đề nghị Ủy ban nhân dân các huyện, thị xã rà soát danh sách hộ nghèo trên địa bàn.\n\nSở Lao động đề nghị Ủy ban nhân dân các huyện, thị xã triển khai thực hiện theo đúng quy định, bảo đảm tiến độ, báo cáo trước ngày 15/7/2026./.\n";
        let d = crate::parse(t).document;
        let total: usize = d.assignments.iter().map(|a| a.tasks.len()).sum();
        assert_eq!(total, 1, "{:?}", d.assignments);
        // Its deadline still belongs to the lead.
        assert!(
            d.assignments
                .iter()
                .flat_map(|a| &a.deadlines)
                .any(|x| x.date.as_deref() == Some("2026-07-15"))
        );
        // Asking it to report its difficulties is a duty of its own.
        let t = "1. Đề nghị các cơ quan, đơn vị rà soát danh sách hộ nghèo.\n\nTrong quá trình thực hiện, nếu có vướng mắc, đề nghị các cơ quan, đơn vị kịp thời phản ánh về Sở Lao động để tổng hợp./.\n";
        assert_eq!(leads(t), vec![("các cơ quan, đơn vị".to_string(), 2)]);
    }

    #[test]
    fn an_item_without_subject_continues_the_one_before() {
        let t = "2.1. Các Bộ, cơ quan ngang Bộ tiếp tục rà soát hệ thống văn bản.\n2.2. Khẩn trương xử lý các kiến nghị, hoàn thành trước ngày 15/12/2025.\n";
        let d = crate::parse(t).document;
        // One lead, one entry per item: the deadline is the second item's.
        assert_eq!(d.assignments.len(), 2);
        assert!(
            d.assignments
                .iter()
                .all(|a| a.lead == "Các Bộ, cơ quan ngang Bộ" && a.tasks.len() == 1)
        );
        assert!(d.assignments[0].deadlines.is_empty());
        assert_eq!(
            d.assignments[1].deadlines[0].date.as_deref(),
            Some("2025-12-15")
        );
    }

    #[test]
    fn table_cells_are_the_table_readers() {
        let t = "PHỤ LỤC\n\nTT\n\nTỉnh kiến nghị\n\nThông tin đề xuất\n\nBộ phụ trách tiếp nhận, xử lý\n\n1\n\nLào Cai\n\nĐề nghị các Bộ, ngành Trung ương xem xét, hỗ trợ nguồn kinh phí cải tạo trụ sở cấp xã.\n\nBộ Tài chính\n";
        assert_eq!(leads(t), vec![("Bộ Tài chính".to_string(), 1)]);
    }

    #[test]
    fn each_lead_label_belongs_to_its_dash_item() {
        let t = "7. Đẩy mạnh chuyển đổi số\n\n- Tăng cường ứng dụng công nghệ số trong xây dựng pháp luật.\n\nĐơn vị chủ trì thực hiện: Sở Tư pháp.\n\nThời gian thực hiện: Thường xuyên.\n\n- Ra mắt trợ lý pháp luật cho cán bộ, công chức.\n\nĐơn vị chủ trì thực hiện: Sở Khoa học và Công nghệ.\n\nThời gian thực hiện: Tháng 12/2025.\n";
        let d = crate::parse(t).document;
        let got: Vec<(String, usize, Vec<Option<String>>)> = d
            .assignments
            .iter()
            .map(|a| {
                (
                    a.lead.clone(),
                    a.tasks.len(),
                    a.deadlines.iter().map(|x| x.date.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Sở Tư pháp".to_string(), 1, vec![]),
                (
                    "Sở Khoa học và Công nghệ".to_string(),
                    1,
                    vec![Some("2025-12-31".to_string())]
                )
            ]
        );
    }

    #[test]
    fn aims_of_a_plan_assign_nothing() {
        let t = "I. MỤC ĐÍCH, YÊU CẦU\n\n- Người đứng đầu cơ quan, tổ chức được giao nhiệm vụ phải tích cực, chủ động triển khai.\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế chủ trì kiểm tra các cơ sở y tế trên địa bàn, báo cáo trước ngày 30/6/2026.\n";
        assert_eq!(leads(t), vec![("Sở Y tế".to_string(), 1)]);
    }

    #[test]
    fn following_up_the_carrying_out_is_a_duty() {
        let t = "1. Sở Y tế kiểm tra các cơ sở y tế trước ngày 30/6/2026.\n\n2. Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện.\n";
        let l: Vec<String> = leads(t).into_iter().map(|x| x.0).collect();
        assert_eq!(l, vec!["Sở Y tế", "Văn phòng Ủy ban nhân dân tỉnh"]);
    }

    #[test]
    fn a_named_unit_in_the_closing_paragraph_is_a_lead() {
        let t = "1. Sở Y tế kiểm tra các cơ sở y tế trước ngày 30/6/2026.\n\nGiao Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện, báo cáo Chủ tịch Ủy ban nhân dân tỉnh./.\n";
        let l: Vec<String> = leads(t).into_iter().map(|x| x.0).collect();
        assert_eq!(l, vec!["Sở Y tế", "Văn phòng Ủy ban nhân dân tỉnh"]);
    }

    #[test]
    fn executive_article_is_not_a_task() {
        let t = "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\nĐiều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Công an tỉnh; Chủ tịch Ủy ban nhân dân huyện và các cơ quan, tổ chức liên quan chịu trách nhiệm thi hành Quyết định này./.\n";
        assert!(leads(t).is_empty(), "{:?}", leads(t));
    }

    #[test]
    fn class_heading_with_a_relative_clause() {
        let t = "11. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm\n\na) Tiếp tục đầu tư mở rộng mạng lưới cấp nước.\n\nb) Kiểm tra chất lượng nước.\n\n12. Sở Y tế\n\n- Giám sát chất lượng nước.\n";
        assert_eq!(
            leads(t),
            vec![
                (
                    "Các đơn vị cấp nước sạch trên địa bàn thành phố".to_string(),
                    2
                ),
                ("Sở Y tế".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_list_of_names_gives_no_work() {
        let t = "PHỤ LỤC\n\nDANH SÁCH CÁC ĐƠN VỊ\n\n1. Công ty TNHH MTV Môi trường Đô thị\n\n2. Công ty Cổ phần Môi trường Đô thị Gia Lâm\n\n3. Công ty Cổ phần Đầu tư phát triển rau sạch Sông Hồng\n\n4. Công ty Cổ phần Môi trường Đô thị Sóc Sơn\n\n5. Công ty Cổ phần Môi trường Đô thị Đông Anh\n\n6. Công ty TNHH Tập đoàn xây dựng Thanh Bình\n";
        assert!(leads(t).is_empty(), "{:?}", leads(t));
    }

    #[test]
    fn capitalised_duty_verb_ends_the_unit() {
        let t = "1.4. Giao Sở Xây dựng Theo dõi, đôn đốc Ủy ban nhân dân các phường thực hiện cập nhật số nhà.\n";
        assert_eq!(leads(t), vec![("Sở Xây dựng".to_string(), 1)]);
    }

    #[test]
    fn member_list_after_a_two_word_class() {
        let t = "8. Các Bộ, cơ quan: Tài chính, Xây dựng, Ngoại giao, Tập đoàn Điện lực Việt Nam theo chức năng, nhiệm vụ được giao khẩn trương rà soát lại việc thực hiện.\n";
        assert_eq!(
            leads(t),
            vec![(
                "Các Bộ, cơ quan: Tài chính, Xây dựng, Ngoại giao, Tập đoàn Điện lực Việt Nam"
                    .to_string(),
                1
            )]
        );
    }

    #[test]
    fn a_head_merges_into_its_unit() {
        let t = "1. Yêu cầu các đồng chí bí thư tỉnh uỷ, thành uỷ, các đồng chí bộ trưởng, thủ trưởng cơ quan ngang bộ phải trực tiếp chỉ đạo các nhiệm vụ được phân công.\n\n2. Các tỉnh uỷ, thành uỷ phối hợp Bộ Y tế sắp xếp các trạm y tế cấp xã, hoàn thành trước ngày 31/12/2025.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Các tỉnh uỷ, thành uỷ".to_string(), 2),
                (
                    "các đồng chí bộ trưởng, thủ trưởng cơ quan ngang bộ".to_string(),
                    1
                )
            ]
        );
    }
    #[test]
    fn requests_inside_a_units_section_stay_its_duties() {
        let t = "Kính gửi: Các sở.\n\n1. Sở Y tế:\n\n- Chủ động ứng phó, yêu cầu các cơ sở y tế trong nội thành có phương án dự phòng.\n\n- Chủ tịch UBND các phường chịu trách nhiệm phối hợp kiểm tra trước ngày 30/6/2026.\n\n2. Giao Sở Xây dựng kiểm tra công trường.\n";
        let d = crate::parse(t).document;
        let leads: Vec<&str> = d.assignments.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, vec!["Sở Y tế", "Sở Xây dựng"]);
        assert_eq!(d.assignments[0].tasks.len(), 2);
    }

    #[test]
    fn an_item_that_gives_another_unit_work_is_not_the_sections() {
        // "b) Giao Thanh tra tỉnh ..." under "1. Sở Y tế": the inspectorate's
        // duty, not one of the health department's.
        let t = "Kính gửi: Các sở.\n\n1. Sở Y tế\n\na) Tăng cường kiểm tra chất lượng nước sinh hoạt tại các cơ sở cấp nước.\n\nb) Giao Thanh tra tỉnh tổ chức thanh tra việc chấp hành các quy định về tài nguyên nước.\n\n2. Sở Xây dựng\n\na) Chủ trì rà soát mạng lưới cấp nước sạch trên địa bàn tỉnh.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Sở Y tế".to_string(), 1),
                ("Thanh tra tỉnh".to_string(), 1),
                ("Sở Xây dựng".to_string(), 1),
            ]
        );
    }

    #[test]
    fn an_introduction_inside_a_units_section_gives_its_items() {
        // "chỉ đạo thực hiện:" would be a generic closing on its own; here
        // it introduces the dashes, which are the unit's duties.
        let t = "Kính gửi: Các sở.\n\nII. PHÂN CÔNG NHIỆM VỤ\n\n1. Công an tỉnh\n\nTham mưu giúp UBND tỉnh chỉ đạo công tác bảo vệ bí mật nhà nước trên địa bàn tỉnh.\n\nTrong đó giao Giám đốc Công an tỉnh chỉ đạo thực hiện:\n\n- Đôn đốc, hướng dẫn các cơ quan thực hiện nghiêm túc Luật Bảo vệ bí mật nhà nước.\n\n- Thành lập Đoàn kiểm tra công tác bảo vệ bí mật nhà nước.\n\n2. Sở Nội vụ\n\n- Hướng dẫn các cơ quan phân công người làm công tác bảo vệ bí mật nhà nước.\n";
        assert_eq!(
            leads(t),
            vec![
                ("Công an tỉnh".to_string(), 3),
                ("Sở Nội vụ".to_string(), 1),
            ]
        );
    }

    #[test]
    fn an_assignment_in_brackets_after_the_work_takes_the_work() {
        // The work is the item's text before the bracket that gives it; the
        // bracket's "; " splits nothing, the unit after it is no lead of
        // its own, and a verb right before ")" is still a verb.
        let t = "Kính gửi: Các sở.\n\n1. Xây dựng và tham mưu với UBND tỉnh ban hành Quy chế bảo vệ bí mật nhà nước (Giao Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh; Sở Tư pháp và các cơ quan có liên quan tham mưu).\n\n2. Thành lập Đoàn kiểm tra việc chấp hành các quy định về bảo vệ bí mật nhà nước năm 2023 (Giao Công an tỉnh tham mưu).\n";
        let p = crate::parse(t);
        let a = &p.document.assignments;
        // One entry per item it is named in.
        assert_eq!(a.len(), 2, "{a:?}");
        assert!(a.iter().all(|x| x.lead == "Công an tỉnh"));
        let tasks: Vec<&str> = a
            .iter()
            .flat_map(|x| &x.tasks)
            .map(String::as_str)
            .collect();
        assert_eq!(
            tasks,
            vec![
                "Xây dựng và tham mưu với UBND tỉnh ban hành Quy chế bảo vệ bí mật nhà nước",
                "Thành lập Đoàn kiểm tra việc chấp hành các quy định về bảo vệ bí mật nhà nước năm 2023"
            ]
        );
        // The partners are still read from the bracket.
        assert!(
            a[0].cooperating.iter().any(|c| c == "Văn phòng UBND tỉnh"),
            "{:?}",
            a[0].cooperating
        );
        // The work before the bracket keeps its deadline.
        let t = "Kính gửi: Các sở.\n\n1. Thành lập Đoàn kiểm tra liên ngành, hoàn thành trước ngày 30/6/2026 (Giao Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh; Sở Tư pháp và các cơ quan có liên quan tham mưu).\n";
        let d = crate::parse(t).document;
        assert_eq!(d.assignments.len(), 1, "{:?}", d.assignments);
        let a = &d.assignments[0];
        assert_eq!(a.lead, "Công an tỉnh");
        assert_eq!(
            a.tasks,
            vec!["Thành lập Đoàn kiểm tra liên ngành, hoàn thành trước ngày 30/6/2026"]
        );
        let dates: Vec<_> = a.deadlines.iter().map(|x| x.date.as_deref()).collect();
        assert_eq!(dates, vec![Some("2026-06-30")]);
    }

    #[test]
    fn a_request_to_carry_out_the_document_itself_is_no_task() {
        let t = "Kính gửi: Các sở.\n\n1. Sở Y tế\n\na) Tăng cường kiểm tra chất lượng nước sinh hoạt tại các cơ sở cấp nước.\n\nb) Hướng dẫn các cơ sở y tế xử lý nước sạch trong mùa lũ.\n\nTrên đây là Chỉ thị về quản lý tài nguyên nước, yêu cầu Giám đốc Sở Y tế có trách nhiệm tổ chức triển khai thực hiện nghiêm túc Chỉ thị này. Trong quá trình thực hiện có phát sinh khó khăn, vướng mắc thì kịp thời phản ánh về Sở Nội vụ để tổng hợp, báo cáo./.\n";
        assert_eq!(leads(t), vec![("Sở Y tế".to_string(), 2)]);
        use super::executes_this_document as ex;
        assert!(ex(
            "có trách nhiệm tổ chức triển khai thực hiện nghiêm túc chỉ thị này"
        ));
        // Monitoring others' execution is a duty of its own.
        assert!(!ex(
            "theo dõi, đôn đốc các cơ quan, đơn vị triển khai thực hiện kế hoạch này"
        ));
        // So is one that goes on with work of its own.
        assert!(!ex(
            "triển khai thực hiện kế hoạch này. Tổ chức kiểm tra việc thực hiện tại các xã"
        ));
    }

    #[test]
    fn a_lead_named_in_two_sections_keeps_each_sections_facts() {
        // "1.2. Giao Sở A" has no deadline and no partner; section 2 gives the
        // same unit other work with a partner and a month: they stay apart.
        let t = "Kính gửi: Các sở.\n\n1. Về dữ liệu\n1.1. Giao Sở Tư pháp\nRà soát hồ sơ, hoàn thành trước ngày 05 tháng 12 năm 2025.\n1.2. Giao Sở Xây dựng\nTheo dõi, đôn đốc các xã cập nhật dữ liệu.\n2. Về phần mềm\n- Giao Sở Xây dựng chủ trì, phối hợp với Công an tỉnh tổ chức khảo sát hiện trạng phần mềm.\n- Sở Xây dựng chủ trì, phối hợp Công an tỉnh đề xuất phương án. Thời gian hoàn thành trong tháng 12 năm 2025.\n";
        let d = crate::parse(t).document;
        let ours: Vec<&crate::Assignment> = d
            .assignments
            .iter()
            .filter(|a| a.lead == "Sở Xây dựng")
            .collect();
        assert_eq!(ours.len(), 2, "{:?}", d.assignments);
        assert_eq!(ours[0].tasks.len(), 1);
        assert!(ours[0].cooperating.is_empty(), "{:?}", ours[0].cooperating);
        assert!(ours[0].deadlines.is_empty(), "{:?}", ours[0].deadlines);
        assert_eq!(ours[1].tasks.len(), 2);
        assert_eq!(ours[1].cooperating, vec!["Công an tỉnh"]);
        let dates: Vec<_> = ours[1].deadlines.iter().map(|x| x.date.clone()).collect();
        assert_eq!(dates, vec![Some("2025-12-31".to_string())]);
        // Each entry is where its section names the lead.
        assert!(ours[0].span.start < t.find("2. Về").unwrap());
        assert!(ours[1].span.start > t.find("2. Về").unwrap());
        // A duty repeated word for word in another section is still one.
        let t = "Kính gửi: Các sở.\n\n1. Sở Tư pháp rà soát toàn bộ hồ sơ đăng ký hộ tịch trên địa bàn tỉnh trong năm.\n2. Sở Tư pháp rà soát toàn bộ hồ sơ đăng ký hộ tịch trên địa bàn tỉnh trong năm.\n";
        assert_eq!(leads(t), vec![("Sở Tư pháp".to_string(), 1)]);
    }

    #[test]
    fn a_bracket_describing_the_lead_is_not_its_duty() {
        let t = "Kính gửi: Các đơn vị.\n\n1. Giao Trung tâm Y tế huyện (Cơ quan Thường trực Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện) chủ trì, phối hợp các đơn vị liên quan triển khai thực hiện Kế hoạch.\n";
        let got = leads_and_tasks(t);
        assert_eq!(
            got,
            vec![(
                "Trung tâm Y tế huyện".to_string(),
                vec![
                    "chủ trì, phối hợp các đơn vị liên quan triển khai thực hiện Kế hoạch"
                        .to_string()
                ]
            )]
        );
        assert_eq!(
            super::skip_apposition("(1) Rà soát hồ sơ"),
            "(1) Rà soát hồ sơ"
        );
        assert_eq!(super::skip_apposition("(nếu có) thực hiện"), "thực hiện");
        assert_eq!(super::skip_apposition("(đầu mối)"), "(đầu mối)");
    }

    #[test]
    fn work_that_mentions_the_document_is_still_a_duty() {
        // Each names work of its own before "... này": a date, a report,
        // funds, another verb. Not the closing request to carry it out.
        let t = "Kính gửi: Các sở.\n\n1. Sở Y tế thực hiện kiểm tra trước ngày 30/6/2026 theo Kế hoạch này.\n\n2. Sở Nội vụ tổ chức thực hiện việc tổng kết, báo cáo kết quả Kế hoạch này.\n\n3. Sở Xây dựng thực hiện chế độ báo cáo hằng tháng theo Kế hoạch này.\n\n4. Sở Tài chính thực hiện bố trí kinh phí để triển khai Kế hoạch này.\n";
        let d = crate::parse(t).document;
        let got: Vec<(&str, usize)> = d
            .assignments
            .iter()
            .map(|a| (a.lead.as_str(), a.tasks.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Sở Y tế", 1),
                ("Sở Nội vụ", 1),
                ("Sở Xây dựng", 1),
                ("Sở Tài chính", 1)
            ]
        );
        let dates: Vec<_> = d.assignments[0]
            .deadlines
            .iter()
            .map(|x| x.date.as_deref())
            .collect();
        assert_eq!(dates, vec![Some("2026-06-30")]);
        use super::executes_this_document as ex;
        for duty in [
            "thực hiện kiểm tra trước ngày 30/6/2026 theo kế hoạch này",
            "tổ chức thực hiện việc tổng kết, báo cáo kết quả kế hoạch này",
            "thực hiện chế độ báo cáo hằng tháng theo kế hoạch này",
            "thực hiện bố trí kinh phí để triển khai kế hoạch này",
        ] {
            assert!(!ex(duty), "{duty}");
        }
        // The closing request, with its adverbs, is no duty.
        for duty in [
            "triển khai, thực hiện nghiêm túc, có hiệu quả kế hoạch này",
            "chịu trách nhiệm tổ chức thực hiện đầy đủ, kịp thời quyết định này",
            "thi hành thông báo này",
        ] {
            assert!(ex(duty), "{duty}");
        }
    }

    #[test]
    fn a_request_to_others_inside_a_units_section_stays_its_duty() {
        // "b) Yêu cầu ..." under "1. Sở Y tế" is the department's own work
        // (it asks the hospitals); only "Giao" / "Phân công" hand it over.
        let t = "Kính gửi: Các sở.\n\n1. Sở Y tế\n\na) Tăng cường kiểm tra chất lượng nước sinh hoạt tại các cơ sở cấp nước.\n\nb) Yêu cầu các bệnh viện tuyến tỉnh bố trí đủ thuốc, vật tư y tế phục vụ mùa lũ.\n\nc) Phân công Trung tâm Kiểm soát bệnh tật tỉnh giám sát dịch bệnh sau lũ.\n\n2. Sở Xây dựng\n\na) Chủ trì rà soát mạng lưới cấp nước sạch trên địa bàn tỉnh.\n";
        let got = leads(t);
        assert_eq!(got[0], ("Sở Y tế".to_string(), 2), "{got:?}");
        assert!(
            got.contains(&("Trung tâm Kiểm soát bệnh tật tỉnh".to_string(), 1)),
            "{got:?}"
        );
        assert!(got.contains(&("Sở Xây dựng".to_string(), 1)), "{got:?}");
    }

    #[test]
    fn an_unclosed_bracket_hides_no_subject() {
        let t = "Kính gửi: Các sở.\n\n1. Rà soát các hộ nghèo (theo danh sách kèm theo; Sở Lao động - Thương binh và Xã hội chủ trì thực hiện trước ngày 30/6/2026.\n";
        let d = crate::parse(t).document;
        assert_eq!(d.assignments.len(), 1, "{:?}", d.assignments);
        let a = &d.assignments[0];
        assert_eq!(a.lead, "Sở Lao động - Thương binh và Xã hội");
        let dates: Vec<_> = a.deadlines.iter().map(|x| x.date.as_deref()).collect();
        assert_eq!(dates, vec![Some("2026-06-30")]);
        assert!(!super::inside_brackets(
            "Rà soát (theo danh sách; Sở A chủ trì.",
            "Rà soát (theo danh sách; ".len()
        ));
        assert!(super::inside_brackets(
            "Rà soát (theo danh sách; Sở A chủ trì).",
            "Rà soát (theo danh sách; ".len()
        ));
    }
}
