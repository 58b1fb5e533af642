//! Line access over the normalised text, and small text predicates shared by
//! the stages (upper-case test, list markers, sentence ends).

use regex::Regex;
use std::sync::LazyLock;

use crate::{MarkerKind, Span};

/// One physical line of the normalised text.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub text: &'a str,
    pub start: usize,
}

impl Line<'_> {
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.start + self.text.len(),
        }
    }
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

pub struct Lines<'a> {
    pub src: &'a str,
    pub lines: Vec<Line<'a>>,
}

impl<'a> Lines<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for l in src.split('\n') {
            lines.push(Line { text: l, start });
            start += l.len() + 1;
        }
        Lines { src, lines }
    }
    pub fn len(&self) -> usize {
        self.lines.len()
    }
    pub fn get(&self, i: usize) -> Option<&Line<'a>> {
        self.lines.get(i)
    }
    pub fn text(&self, i: usize) -> &'a str {
        self.lines.get(i).map(|l| l.text).unwrap_or("")
    }
    /// Index of the next non-blank line at or after `i`.
    pub fn next_nonblank(&self, i: usize) -> Option<usize> {
        (i..self.len()).find(|&j| !self.lines[j].is_blank())
    }
    /// Index of the previous non-blank line before `i`.
    pub fn prev_nonblank(&self, i: usize) -> Option<usize> {
        (0..i.min(self.len()))
            .rev()
            .find(|&j| !self.lines[j].is_blank())
    }
}

/// `\w` as the regex crate reads it (Unicode: letters, marks, digits,
/// connector punctuation), for the rare checks of one character.
pub fn is_word_char(c: char) -> bool {
    static WORD_CHAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w").expect("word regex"));
    let mut b = [0u8; 4];
    WORD_CHAR.is_match(c.encode_utf8(&mut b))
}

/// (cased letters, lower-case letters) in `s`.
pub fn case_counts(s: &str) -> (usize, usize) {
    case_counts_upto(s, usize::MAX)
}

/// [`case_counts`], but the scan stops once `max_lower` lower-case letters
/// are seen: both counts are then those of the prefix read. Enough to decide
/// [`upper_counts`] (false from four lower-case letters on) without reading
/// a whole line of running text.
pub fn case_counts_upto(s: &str, max_lower: usize) -> (usize, usize) {
    // On the UTF-8 bytes: ASCII, Latin-1 (C3 xx) and U+1EA0–U+1EF9
    // (E1 BA/BB xx) without decoding; any other character is decoded.
    let b = s.as_bytes();
    let mut letters = 0usize;
    let mut lower = 0usize;
    let mut i = 0;
    while i < b.len() && lower < max_lower {
        let x = b[i];
        if x < 0x80 {
            if x.is_ascii_lowercase() {
                letters += 1;
                lower += 1;
            } else if x.is_ascii_uppercase() {
                letters += 1;
            }
            i += 1;
            continue;
        }
        if x == 0xC3 {
            // U+00C0–U+00FF: upper C0–DE but D7, lower DF–FF but F7.
            if let Some(&y) = b.get(i + 1) {
                match y {
                    0x97 | 0xB7 => {}
                    0x80..=0x9E => letters += 1,
                    _ => {
                        letters += 1;
                        lower += 1;
                    }
                }
                i += 2;
                continue;
            }
        }
        if x == 0xE1
            && let (Some(&y), Some(&z)) = (b.get(i + 1), b.get(i + 2))
            && ((y == 0xBA && z >= 0xA0) || (y == 0xBB && z <= 0xB9))
        {
            // U+1EA0–U+1EF9: even upper, odd lower.
            letters += 1;
            if z & 1 == 1 {
                lower += 1;
            }
            i += 3;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            i += 1;
            continue;
        };
        match fast_case(c) {
            Some(true) => letters += 1,
            Some(false) => {
                letters += 1;
                lower += 1;
            }
            None if c.is_lowercase() => {
                letters += 1;
                lower += 1;
            }
            None if c.is_uppercase() => letters += 1,
            None => {}
        }
        i += c.len_utf8();
    }
    (letters, lower)
}

/// [`case_counts`] one decoded character at a time (the reference version).
#[cfg(test)]
fn case_counts_chars(s: &str) -> (usize, usize) {
    let mut letters = 0usize;
    let mut lower = 0usize;
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_lowercase() {
                letters += 1;
                lower += 1;
            } else if c.is_ascii_uppercase() {
                letters += 1;
            }
        } else {
            match fast_case(c) {
                Some(true) => letters += 1,
                Some(false) => {
                    letters += 1;
                    lower += 1;
                }
                None if c.is_lowercase() => {
                    letters += 1;
                    lower += 1;
                }
                None if c.is_uppercase() => letters += 1,
                None => {}
            }
        }
    }
    (letters, lower)
}

/// Case of the letters Vietnamese is written with, without the Unicode
/// tables: `Some(true)` upper, `Some(false)` lower, `None` to look up.
fn fast_case(c: char) -> Option<bool> {
    let u = c as u32;
    match u {
        0xC0..=0xDE if u != 0xD7 => Some(true),
        0xDF..=0xFF if u != 0xF7 => Some(false),
        0x1EA0..=0x1EF9 => Some(u & 1 == 0),
        0x0102 | 0x0110 | 0x0128 | 0x0168 | 0x01A0 | 0x01AF => Some(true),
        0x0103 | 0x0111 | 0x0129 | 0x0169 | 0x01A1 | 0x01B0 => Some(false),
        _ => None,
    }
}

/// `c.is_alphanumeric()`, fast for ASCII and Vietnamese letters.
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        fast_case(c).is_some() || c.is_alphanumeric()
    }
}

/// [`is_upper`] from the counts of [`case_counts`].
pub fn upper_counts(letters: usize, lower: usize) -> bool {
    // "điện:", "1899/QĐ-TTg" and similar leave a few lower-case letters.
    letters >= 2 && lower * 12 <= letters && lower <= 3
}

/// True if the text has letters and (nearly) all of them are upper case.
pub fn is_upper(s: &str) -> bool {
    let (letters, lower) = case_counts_upto(s, 4);
    upper_counts(letters, lower)
}

/// Strictly upper case (no lower-case letter at all).
pub fn is_all_upper(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

pub fn starts_upper(s: &str) -> bool {
    s.trim_start()
        .chars()
        .find(|c| is_alnum(*c))
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

pub fn starts_lower(s: &str) -> bool {
    s.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// A line of dashes / underscores / stars used as a rule under a header.
pub fn is_rule(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '–' | '—' | '_' | '*' | '=' | ' ' | '~' | '.'))
        && t.chars().filter(|c| *c != ' ').count() >= 2
}

pub fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with('.')
        || t.ends_with(':')
        || t.ends_with(';')
        || t.ends_with('!')
        || t.ends_with('?')
        || t.ends_with("./.")
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<art>Điều\s+\d{1,3})[.:]?(?:\s+|$)|(?P<roman>[IVXL]{1,6})[.)]\s*|(?P<part>[A-HĐ])\.\s+|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?:[.)](?:\s+|$)|\s+)|(?P<pnum>\(\d{1,2}\))\s*|(?P<letter>[a-zđ])[).]\s+|(?P<dash>[-–—•·∙▪●◦])\s*|(?P<plus>\+)\s*)",
    )
    .expect("marker regex")
});

/// A list marker at the start of a line: its kind, the marker text, its
/// nesting depth for numbers (1 for "1.", 2 for "1.1."), and the byte length
/// of marker plus following spaces.
pub fn marker(s: &str) -> Option<(MarkerKind, String, usize, usize)> {
    // Most lines start with an ordinary word: reject them without the regex.
    let mut cs = s.chars();
    let first = cs.next()?;
    let second = cs.next();
    let plausible = first.is_ascii_digit()
        || matches!(
            first,
            '(' | '-' | '–' | '—' | '•' | '·' | '∙' | '▪' | '●' | '◦' | '+'
        )
        || matches!(first, 'I' | 'V' | 'X' | 'L' | 'A'..='H' | 'Đ')
        || (first.is_lowercase() && matches!(second, Some(')' | '.')));
    if !plausible {
        return None;
    }
    // The lazy DFA finds the match; which branch matched follows from its
    // first character (the branches start with distinct characters), and
    // the group is the match without its trailing spaces and closing "."
    // or ")": no capture search (and its backtracker) is needed.
    let whole = MARKER.find(s)?;
    let w = whole.as_str();
    let first_end = first.len_utf8();
    let trimmed = w.trim_end();
    let closed = trimmed
        .strip_suffix(['.', ')', ':'])
        .unwrap_or(trimmed)
        .trim_end();
    let (kind, text, depth) = if w.starts_with("Điều") {
        (MarkerKind::Article, closed.to_string(), 1)
    } else if matches!(first, 'I' | 'V' | 'X' | 'L') {
        (MarkerKind::Roman, closed.to_string(), 1)
    } else if matches!(first, 'A'..='H' | 'Đ') {
        (MarkerKind::Part, closed.to_string(), 1)
    } else if first.is_ascii_digit() {
        let t = closed;
        // "2025 trong đó" is a wrapped year, not an item: plain numbers need a dot,
        // and a bare "1 " needs a dotted form ("1.1 ").
        let dotted = t.contains('.');
        let rest = s.get(t.len()..).unwrap_or("");
        if !(dotted || rest.starts_with('.') || rest.starts_with(')')) {
            return None;
        }
        (
            MarkerKind::Number,
            t.to_string(),
            t.matches('.').count() + 1,
        )
    } else if first == '(' {
        (MarkerKind::ParenNumber, trimmed.to_string(), 1)
    } else if first == '+' {
        (MarkerKind::Plus, "+".to_string(), 1)
    } else if first.is_lowercase() {
        (MarkerKind::Letter, closed.to_string(), 1)
    } else {
        // "-19" or "--" are not bullets.
        let rest = s.get(first_end..).unwrap_or("");
        if rest.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            return None;
        }
        (MarkerKind::Dash, "-".to_string(), 1)
    };
    // Roman "I." etc must be followed by text that starts upper case (avoid "V/v").
    if kind == MarkerKind::Roman {
        let rest = s.get(whole.end()..).unwrap_or("");
        if !starts_upper(rest) || rest.is_empty() {
            return None;
        }
    }
    if kind == MarkerKind::Part {
        let rest = s.get(whole.end()..).unwrap_or("");
        // "D.V. Tịnh", initials: a part heading is upper case.
        if !is_upper(rest) {
            return None;
        }
    }
    Some((kind, text, depth, whole.end()))
}

/// `s` starts with `lower_prefix` (given in lower case) when lower-cased
/// with [`crate::normalize::lower_char`]; no allocation.
pub fn starts_ci(s: &str, lower_prefix: &str) -> bool {
    let mut cs = s.chars();
    for p in lower_prefix.chars() {
        match cs.next() {
            Some(c) if crate::normalize::lower_char(c) == p => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
fn marker_by_captures(s: &str) -> Option<(MarkerKind, String, usize, usize)> {
    // Most lines start with an ordinary word: reject them without the regex.
    let mut cs = s.chars();
    let first = cs.next()?;
    let second = cs.next();
    let plausible = first.is_ascii_digit()
        || matches!(
            first,
            '(' | '-' | '–' | '—' | '•' | '·' | '∙' | '▪' | '●' | '◦' | '+'
        )
        || matches!(first, 'I' | 'V' | 'X' | 'L' | 'A'..='H' | 'Đ')
        || (first.is_lowercase() && matches!(second, Some(')' | '.')));
    if !plausible {
        return None;
    }
    let c = MARKER.captures(s)?;
    let whole = c.get(0)?;
    let (kind, text, depth) = if let Some(m) = c.name("art") {
        (MarkerKind::Article, m.as_str().to_string(), 1)
    } else if let Some(m) = c.name("roman") {
        (MarkerKind::Roman, m.as_str().to_string(), 1)
    } else if let Some(m) = c.name("part") {
        (MarkerKind::Part, m.as_str().to_string(), 1)
    } else if let Some(m) = c.name("num") {
        let t = m.as_str();
        // "2025 trong đó" is a wrapped year, not an item: plain numbers need a dot,
        // and a bare "1 " needs a dotted form ("1.1 ").
        let dotted = t.contains('.');
        let rest = s.get(m.end()..).unwrap_or("");
        if !(dotted || rest.starts_with('.') || rest.starts_with(')')) {
            return None;
        }
        (
            MarkerKind::Number,
            t.to_string(),
            t.matches('.').count() + 1,
        )
    } else if let Some(m) = c.name("pnum") {
        (MarkerKind::ParenNumber, m.as_str().to_string(), 1)
    } else if let Some(m) = c.name("letter") {
        (MarkerKind::Letter, m.as_str().to_string(), 1)
    } else if let Some(m) = c.name("dash") {
        // "-19" or "--" are not bullets.
        let rest = s.get(m.end()..).unwrap_or("");
        if rest.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            return None;
        }
        (MarkerKind::Dash, "-".to_string(), 1)
    } else if let Some(m) = c.name("plus") {
        (MarkerKind::Plus, m.as_str().to_string(), 1)
    } else {
        return None;
    };
    // Roman "I." etc must be followed by text that starts upper case (avoid "V/v").
    if kind == MarkerKind::Roman {
        let rest = s.get(whole.end()..).unwrap_or("");
        if !starts_upper(rest) || rest.is_empty() {
            return None;
        }
    }
    if kind == MarkerKind::Part {
        let rest = s.get(whole.end()..).unwrap_or("");
        // "D.V. Tịnh", initials: a part heading is upper case.
        if !is_upper(rest) {
            return None;
        }
    }
    Some((kind, text, depth, whole.end()))
}

/// Bytes that are, or may start, a whitespace character.
static SPACE_ATTENTION: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    let mut i = 0x09;
    while i <= 0x0D {
        t[i] = true;
        i += 1;
    }
    let mut i = 0x1C;
    while i <= 0x1F {
        t[i] = true;
        i += 1;
    }
    t[0xC2] = true;
    t[0xE1] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t
};

/// No leading, trailing or repeated space and no other whitespace
/// character: [`squash`] would return the text unchanged.
pub fn single_spaced(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for (i, &c) in b.iter().enumerate() {
        if !SPACE_ATTENTION[c as usize] {
            prev_space = false;
            continue;
        }
        let bad = match c {
            b' ' => prev_space,
            0x09..=0x0D | 0x1C..=0x1F => true,
            // U+0085, U+00A0.
            0xC2 => matches!(b.get(i + 1), Some(0x85 | 0xA0)),
            // U+1680.
            0xE1 => b.get(i + 1) == Some(&0x9A) && b.get(i + 2) == Some(&0x80),
            // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F.
            0xE2 => match b.get(i + 1) {
                Some(0x80) => matches!(b.get(i + 2), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)),
                Some(0x81) => b.get(i + 2) == Some(&0x9F),
                _ => false,
            },
            // U+3000.
            0xE3 => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80),
            _ => false,
        };
        if bad {
            return false;
        }
        prev_space = c == b' ';
    }
    true
}

/// Collapses whitespace runs to single spaces.
pub fn squash(s: &str) -> String {
    // Normalised lines are trimmed and single-spaced: joined with one space
    // they usually need nothing.
    if single_spaced(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Cuts trailing list punctuation: ";", ",", ".", "./.".
pub fn trim_item(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let before = t.len();
        t = t.trim_end_matches("./.").trim_end();
        t = t.trim_end_matches([';', ',', '.', ':']).trim_end();
        if t.len() == before {
            break;
        }
    }
    t.trim_start_matches(['-', '–', '•', '+', ' '])
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_without_captures_agrees() {
        let mut lines: Vec<String> = [
            "1. Sở",
            "1.1. Đối",
            "1.2 Đối",
            "12) x",
            "1.10.2025 là",
            "2025, trong",
            "3 thuộc",
            "a) Tiếp",
            "đ) Xét",
            "b. Xét",
            "- Bám",
            "-19",
            "– x",
            "• x",
            "+ Rà",
            "+x",
            "II. NỘI",
            "IV) A",
            "V/v",
            "VI.",
            "Điều 1. Ban",
            "Điều 12: Ban",
            "Điều 3 Ban",
            "Điều 4.",
            "(2) Tổ",
            "(12)x",
            "A. MỤC",
            "Đ. ABC",
            "D.V. Tịnh",
            "C. ",
            "1.",
            "1",
            "10. ",
            "1.1.1.1. x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/docs");
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    let n = crate::normalize::normalize(&t);
                    lines.extend(n.lines().map(|l| l.trim().to_string()));
                }
            }
        }
        for l in &lines {
            assert_eq!(marker(l), marker_by_captures(l), "{l:?}");
        }
    }

    #[test]
    fn markers() {
        let cases: &[(&str, Option<MarkerKind>)] = &[
            ("1. Sở Tài chính", Some(MarkerKind::Number)),
            ("1.1. Đối với", Some(MarkerKind::Number)),
            ("1.2 Đối với", Some(MarkerKind::Number)),
            ("a) Tiếp tục", Some(MarkerKind::Letter)),
            ("- Bám sát", Some(MarkerKind::Dash)),
            ("+ Rà soát", Some(MarkerKind::Plus)),
            ("II. NỘI DUNG", Some(MarkerKind::Roman)),
            ("Điều 1. Ban hành", Some(MarkerKind::Article)),
            ("(2) Tổ chức", Some(MarkerKind::ParenNumber)),
            ("A. MỤC ĐÍCH", Some(MarkerKind::Part)),
            ("2025, trong đó", None),
            ("3 thuộc Dự án", None),
            ("V/v triển khai", None),
            ("D.V. Tịnh", None),
        ];
        for (s, want) in cases {
            assert_eq!(marker(s).map(|m| m.0), *want, "{s}");
        }
    }

    #[test]
    fn fast_case_agrees_with_unicode() {
        for u in (0x80u32..0x250).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(u) else { continue };
            match fast_case(c) {
                Some(true) => assert!(c.is_uppercase(), "{c}"),
                Some(false) => assert!(c.is_lowercase(), "{c}"),
                None => {}
            }
        }
    }

    #[test]
    fn squash_fast_path_agrees() {
        for s in [
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "a\u{2003}b",
            "a\u{3000}b",
            "a\u{1680}b",
            "a\u{205f}b",
            "a\u{2028}b",
            "a\u{85}b",
            "Ủy ban – “x”",
            "",
        ] {
            let slow = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash(s), slow, "{s:?}");
        }
    }

    #[test]
    fn byte_case_counts_match_chars() {
        let mut all = String::new();
        for u in (0u32..0x3000).chain(0x1E00..0x1F00) {
            if let Some(c) = char::from_u32(u) {
                all.push(c);
                let one = c.to_string();
                assert_eq!(case_counts(&one), case_counts_chars(&one), "U+{u:04X}");
            }
        }
        all.push_str("ỦY BAN NHÂN DÂN Đ Ă Ơ Ư Ĩ Ũ 𝔸 ǅ İ K ×÷");
        assert_eq!(case_counts(&all), case_counts_chars(&all));
    }

    #[test]
    fn upper() {
        assert!(is_upper("THỦ TƯỚNG CHÍNH PHỦ"));
        assert!(!is_upper("Thủ tướng"));
        assert!(is_rule("-------"));
        assert!(is_rule("* *"));
        assert_eq!(trim_item("- Như trên;"), "Như trên");
        assert_eq!(trim_item("- Lưu: VT, NC."), "Lưu: VT, NC");
    }
}
