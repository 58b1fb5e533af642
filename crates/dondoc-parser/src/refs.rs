//! References to other documents: numbers and notations cited in the text
//! ("Nghị quyết số 148/NQ-CP ngày 22/5/2026 của Chính phủ").

use regex::Regex;
use std::sync::LazyLock;

use crate::date::Date;
use crate::{DocumentKind, Reference, Span};

// Two notation shapes: "148/NQ-CP", "105/2020/NĐ-CP", "476/UBND" and the
// Party's "221-KL/TW". The symbol must start with an upper-case letter, which
// keeps dates ("16/6/2026") and ranges ("2021-2025") out. An "&" inside the
// symbol may be followed by a space where the text wrapped or was typed so
// ("15972/SXD-QLN& TTBĐS"): the space is dropped from the number.
static REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<num>\d{1,6}(?:/\d{4})?)(?:/(?P<a>\p{Lu}(?:&\s?\p{Lu}|[\p{L}\p{N}&])*(?:-\s?(?:&\s?\p{Lu}|[\p{L}\p{N}&])+)*(?:/[\p{Lu}](?:&\s?\p{Lu}|[\p{L}\p{N}&])*)?)|-(?P<b>\p{Lu}[\p{L}\p{N}&]*/[\p{Lu}][\p{L}\p{N}&]*))")
        .expect("reference regex")
});

/// [`REF`] anchored at the start of the haystack: tried only where a number
/// can start.
static REF_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?:{})", REF.as_str())).expect("anchored reference regex")
});

/// The first byte at or after `from` that is '/' or '-' (the bytes whose
/// value with bit 1 set is 0x2F), eight bytes at a time.
fn next_sep(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let x = (u64::from_le_bytes(w) | 0x0202_0202_0202_0202) ^ 0x2F2F_2F2F_2F2F_2F2F;
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            break;
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&c| c | 0x02 == 0x2F)
        .map(|k| i + k)
}

/// May the character `c` be one of [`REF`]'s leading digits (`\d` is
/// Unicode: any non-ASCII character is kept as possible)?
fn maybe_digit(c: char) -> bool {
    c.is_ascii_digit() || !c.is_ascii()
}

/// The matches of `REF.find_iter(text)`, without running the DFA over the
/// whole text: a match is 1–6 digits, then '/' or '-', so it starts at most
/// six characters before such a separator; only those starts are tried.
fn ref_matches(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    let mut from = 0;
    while let Some(p) = next_sep(b, from) {
        from = p + 1;
        if p <= at {
            continue;
        }
        // The leading digits, at most six characters, back from `p`.
        let Some(head) = text.get(at..p) else {
            continue;
        };
        let mut starts: Vec<usize> = Vec::with_capacity(6);
        for (i, c) in head.char_indices().rev() {
            if starts.len() == 6 || !maybe_digit(c) {
                break;
            }
            starts.push(at + i);
        }
        // Leftmost first.
        let found = starts.iter().rev().find_map(|&s| {
            let m = REF_AT.find(text.get(s..)?)?;
            Some((s, s + m.end()))
        });
        if let Some((s, e)) = found {
            out.push((s, e));
            at = e;
            from = from.max(e);
        } else {
            at = p;
        }
    }
    out
}

/// One match of [`ref_matches`].
struct RefMatch<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> RefMatch<'t> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'t str {
        self.text.get(self.start..self.end).unwrap_or("")
    }
}

// The date after a number: "ngày 16/6/2026" or "ngày 16 tháng 6 năm 2026".
// The issuer that may follow is read by [`issuer_after`]: as a regex its
// 80-character lazy repetition made a large NFA, and the capture engine
// cleared a visited set of (span × states) bits on every reference.
static AFTER_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[,\s]*ngày\s+(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))")
        .expect("reference date regex")
});

/// Words that close an issuer ("của Bộ Tài chính về ...").
const ISSUER_CLOSERS: &[&str] = &[
    "về",
    "V/v",
    "ban hành",
    "quy định",
    "hướng dẫn",
    "triển khai",
    "phê duyệt",
    "thông báo",
    "để",
    "nhằm",
];

/// The issuer at the start of `s`, as the regex
/// `^[,\s]*của\s+(?P<iss>[^,;()]{2,80}?)(?:\s+(?:CLOSERS)(?:\W|$)|[,;().]|$)`
/// captures it (leftmost-first: the longest `\s+`, then the shortest issuer).
fn issuer_after(s: &str) -> Option<&str> {
    let t = s
        .trim_start_matches(|c: char| c == ',' || c.is_whitespace())
        .strip_prefix("của")?;
    let rest = t.trim_start_matches(char::is_whitespace);
    let ws_end = t.len() - rest.len();
    if ws_end == 0 {
        return None;
    }
    // `\s+` gives back whitespace one character at a time when no issuer
    // fits after the longest run.
    let mut start = ws_end;
    loop {
        if let Some(iss) = t.get(start..).and_then(shortest_issuer) {
            return Some(iss);
        }
        let prev = t.get(..start)?.char_indices().next_back()?.0;
        if prev == 0 {
            return None;
        }
        start = prev;
    }
}

/// `(?P<iss>[^,;()]{2,80}?)` followed by its terminator, anchored at the
/// start of `u`.
fn shortest_issuer(u: &str) -> Option<&str> {
    let mut n = 0;
    for (i, c) in u.char_indices() {
        if matches!(c, ',' | ';' | '(' | ')') {
            return None;
        }
        n += 1;
        let p = i + c.len_utf8();
        if n >= 2 && issuer_ends(u.get(p..).unwrap_or("")) {
            return u.get(..p);
        }
        if n == 80 {
            return None;
        }
    }
    None
}

/// `(?:\s+(?:CLOSERS)(?:\W|$)|[,;().]|$)` at the start of `v`.
fn issuer_ends(v: &str) -> bool {
    let Some(c) = v.chars().next() else {
        return true;
    };
    if matches!(c, ',' | ';' | '(' | ')' | '.') {
        return true;
    }
    let w = v.trim_start_matches(char::is_whitespace);
    if w.len() == v.len() {
        return false;
    }
    ISSUER_CLOSERS.iter().any(|k| {
        w.strip_prefix(k)
            .is_some_and(|after| match after.chars().next() {
                None => true,
                Some(c) => !crate::text::is_word_char(c),
            })
    })
}

const KIND_WORDS: &[(&str, DocumentKind)] = &[
    ("nghị quyết", DocumentKind::NghiQuyet),
    ("quyết định", DocumentKind::QuyetDinh),
    ("chỉ thị", DocumentKind::ChiThi),
    ("kế hoạch", DocumentKind::KeHoach),
    ("thông báo", DocumentKind::ThongBao),
    ("kết luận", DocumentKind::KetLuan),
    ("công điện", DocumentKind::CongDien),
    ("báo cáo", DocumentKind::BaoCao),
    ("hướng dẫn", DocumentKind::HuongDan),
    ("tờ trình", DocumentKind::ToTrinh),
    ("giấy mời", DocumentKind::GiayMoi),
    ("công văn", DocumentKind::CongVan),
    ("văn bản", DocumentKind::CongVan),
    ("nghị định", DocumentKind::Other),
    ("thông tư", DocumentKind::Other),
    ("luật", DocumentKind::Other),
];

/// The kind named by the [`KIND_WORDS`] entry that starts last in `tail`
/// (no two entries can start at the same byte). One backward walk over
/// the character starts instead of a search per word.
fn last_kind_word(tail: &str) -> Option<DocumentKind> {
    let b = tail.as_bytes();
    (0..b.len())
        .rev()
        .filter(|&i| tail.is_char_boundary(i))
        .find_map(|i| {
            let rest = &b[i..];
            KIND_WORDS
                .iter()
                .find(|(w, _)| rest.starts_with(w.as_bytes()))
                .map(|(_, k)| *k)
        })
}

fn key(s: &str) -> String {
    s.to_lowercase()
}

/// Every other document the text cites, once each, in order of first
/// appearance; `own` (the document's own number) is left out.
pub fn find_references(text: &str, own: Option<&str>) -> Vec<Reference> {
    let own_key = own.map(key);
    let mut out: Vec<Reference> = Vec::new();
    // key() of each `out` number, in step with `out`.
    let mut keys: Vec<String> = Vec::new();
    for (start, end) in ref_matches(text) {
        let m = RefMatch { start, end, text };
        // Reject matches glued to a preceding word or number ("CT.08", "2020/NĐ-CP").
        if let Some(prev) = text[..m.start()].chars().next_back()
            && (prev.is_alphanumeric() || prev == '/' || prev == '-' || prev == '.')
        {
            continue;
        }
        let number: String = m
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .trim_end_matches(['-', '/', '.'])
            .to_string();
        // The symbol needs two letters; the number before it has none, so
        // the whole match is counted (no capture search).
        if m.as_str()
            .chars()
            .filter(|c| c.is_alphabetic())
            .take(2)
            .count()
            < 2
        {
            continue;
        }
        let k = key(&number);
        if own_key.as_deref() == Some(k.as_str()) {
            continue;
        }
        if let Some(existing) = keys
            .iter()
            .position(|x| *x == k)
            .and_then(|i| out.get_mut(i))
        {
            // Prefer the mixed-case spelling over an upper-cased title echo.
            if existing.number.chars().all(|c| !c.is_lowercase())
                && number.chars().any(char::is_lowercase)
            {
                existing.number = number;
            }
            continue;
        }
        // Only the words just before the number name its kind.
        let mut from = m.start().saturating_sub(120);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        // The last 40 characters of those 120 bytes, lower-cased (the same
        // characters, since lower-casing keeps byte lengths).
        let window = &text[from..m.start()];
        let tail_from = window.char_indices().rev().nth(39).map_or(0, |(i, _)| i);
        let tail = crate::normalize::lower_str(&window[tail_from..]);
        let kind = last_kind_word(&tail).or_else(|| crate::header::kind_from_notation(&number));
        let after = text.get(m.end()..).unwrap_or("");
        let after = match after.char_indices().nth(120) {
            Some((i, _)) => &after[..i],
            None => after,
        };
        let (mut date, mut issuer) = (None, None);
        // The date starts with "ngày", the issuer with "của": skip both
        // when neither follows.
        let lead_in = after.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        if lead_in.starts_with("ngày") || lead_in.starts_with("của") {
            let mut iss_from = 0;
            if lead_in.starts_with("ngày")
                && let Some(a) = AFTER_DATE.captures(after)
            {
                let d = match (
                    a.name("d").or(a.name("d2")),
                    a.name("m").or(a.name("m2")),
                    a.name("y").or(a.name("y2")),
                ) {
                    (Some(d), Some(m), Some(y)) => Date::new(
                        y.as_str().parse().unwrap_or(0),
                        m.as_str().parse().unwrap_or(0),
                        d.as_str().parse().unwrap_or(0),
                    ),
                    _ => None,
                };
                date = d.map(|d| d.iso());
                iss_from = a.get(0).map_or(0, |m| m.end());
            }
            issuer = after
                .get(iss_from..)
                .and_then(issuer_after)
                .map(|s| s.trim().to_string());
        }
        keys.push(k);
        out.push(Reference {
            number,
            kind,
            date,
            issuer,
            span: Span {
                start: m.start(),
                end: m.end(),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references() {
        let t = "Thực hiện Công văn số 7168/VP-TH ngày 16/6/2026 của Văn phòng UBND thành phố về việc A; Nghị quyết số 148/NQ-CP, Nghị định 105/2020/NĐ-CP, Kết luận số 221-KL/TW; ngày 19/12/1946-19/12/2025; giai đoạn 2021-2025; CT.08; số 12/UBND-VP.";
        let r = find_references(t, Some("12/UBND-VP"));
        let nums: Vec<&str> = r.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(
            nums,
            vec!["7168/VP-TH", "148/NQ-CP", "105/2020/NĐ-CP", "221-KL/TW"]
        );
        assert_eq!(r[0].date.as_deref(), Some("2026-06-16"));
        assert_eq!(r[0].issuer.as_deref(), Some("Văn phòng UBND thành phố"));
        assert_eq!(r[0].kind, Some(DocumentKind::CongVan));
        assert_eq!(r[1].kind, Some(DocumentKind::NghiQuyet));
    }

    #[test]
    fn a_cited_issuer_ends_before_a_purpose_clause() {
        let t = "theo Công văn số 1234/VPCP-KGVX ngày 02/12/2025 của Văn phòng Chính phủ\nđể đảm bảo tiến độ.";
        let r = find_references(&crate::normalize::normalize(t), None);
        assert_eq!(r[0].issuer.as_deref(), Some("Văn phòng Chính phủ"));
    }

    #[test]
    fn an_ampersand_in_a_notation_keeps_what_follows_it() {
        let t = "tại Công văn số 15972/SXD-QLN& TTBĐS ngày 14 tháng 11 năm 2025 và số 88/QLĐ&GT; số 9/TC-KH & ĐT của Sở.";
        let r = find_references(t, None);
        let nums: Vec<&str> = r.iter().map(|r| r.number.as_str()).collect();
        // The last: "&" after a space is not glued to the notation.
        assert_eq!(nums, vec!["15972/SXD-QLN&TTBĐS", "88/QLĐ&GT", "9/TC-KH"]);
        assert_eq!(r[0].date.as_deref(), Some("2025-11-14"));
    }

    /// The regex [`issuer_after`] and [`AFTER_DATE`] replaced, as reference.
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[,\s]*(?:ngày\s+(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})))?(?:[,\s]*của\s+(?P<iss>[^,;()]{2,80}?)(?:\s+(?:về|V/v|ban hành|quy định|hướng dẫn|triển khai|phê duyệt|thông báo|để|nhằm)(?:\W|$)|[,;().]|$))?")
            .expect("reference context regex")
    });

    #[test]
    fn issuer_matches_the_regex() {
        const PIECES: &[&str] = &[
            " ",
            "  ",
            "\u{a0}",
            ",",
            ", ",
            ";",
            ".",
            "(",
            ")",
            "của",
            "của ",
            "ngày 16/6/2026",
            "ngày 3 tháng 4 năm 2021",
            "ngày 1 / 2/ 2020",
            "ngày x",
            "Bộ",
            "Tài chính",
            "X",
            "về",
            "vềx",
            "về_",
            "về.",
            " về ",
            "V/v",
            "v/v",
            "ban hành",
            "quy định",
            "hướng dẫn",
            "triển khai",
            "phê duyệt",
            "thông báo",
            "thông",
            "Ủy ban nhân dân thành phố",
            "Văn phòng Chính phủ và các bộ, ngành liên quan đến việc triển khai thực hiện",
            "\u{301}",
            "1",
            "é",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..60_000 {
            let mut s = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let n = 1 + (seed >> 60) as usize;
            for j in 0..n {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let k = (seed >> 33) as usize % PIECES.len();
                // Mostly start with a date or "của" so that the issuer is tried.
                let piece = match (j, seed % 4) {
                    (0, 0) => "của ",
                    (0, 1) => ", ngày 16/6/2026 của ",
                    (0, 2) => " của  ",
                    _ => PIECES[k],
                };
                s.push_str(piece);
            }
            let a = AFTER.captures(&s);
            let want = a.as_ref().and_then(|a| a.name("iss")).map(|m| m.as_str());
            let want_date = a
                .as_ref()
                .and_then(|a| a.name("d").or(a.name("d2")))
                .map(|m| m.as_str());
            let lead = s.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
            let (mut got_date, mut from) = (None, 0);
            if lead.starts_with("ngày")
                && let Some(d) = AFTER_DATE.captures(&s)
            {
                got_date = d.name("d").or(d.name("d2")).map(|m| m.as_str());
                from = d.get(0).map_or(0, |m| m.end());
            }
            let got = s.get(from..).and_then(issuer_after);
            assert_eq!(got, want, "{s:?}");
            assert_eq!(got_date, want_date, "{s:?}");
        }
    }

    #[test]
    fn ref_matches_is_find_iter() {
        let t = "Số 7168/VP-TH, 1234567/NQ-CP, 16/6/2026, 221-KL/TW, ١٢/UB-ND, 105/2020/NĐ-CP, x/ -/ 2021-2025, 12- AB/CD, 9/Ab-c d/Xy, - 5/A";
        let want: Vec<(usize, usize)> = REF.find_iter(t).map(|m| (m.start(), m.end())).collect();
        assert_eq!(ref_matches(t), want);
        for cut in 0..t.len() {
            if let Some(p) = t.get(cut..) {
                let want: Vec<(usize, usize)> =
                    REF.find_iter(p).map(|m| (m.start(), m.end())).collect();
                assert_eq!(ref_matches(p), want, "{p:?}");
            }
        }
    }
}
