//! References to other documents: numbers and notations cited in the text
//! ("Nghị quyết số 148/NQ-CP ngày 22/5/2026 của Chính phủ").

use regex::Regex;
use std::sync::LazyLock;

use crate::date::Date;
use crate::{DocumentKind, Reference, Span};

// Two notation shapes: "148/NQ-CP", "105/2020/NĐ-CP", "476/UBND" and the
// Party's "221-KL/TW". The symbol must start with an upper-case letter, which
// keeps dates ("16/6/2026") and ranges ("2021-2025") out.
static REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<num>\d{1,6}(?:/\d{4})?)(?:/(?P<a>\p{Lu}[\p{L}\p{N}&]*(?:-\s?[\p{L}\p{N}&]+)*(?:/[\p{Lu}][\p{L}\p{N}&]*)?)|-(?P<b>\p{Lu}[\p{L}\p{N}&]*/[\p{Lu}][\p{L}\p{N}&]*))")
        .expect("reference regex")
});

// Only the groups are read, never the match's end. Each word that closes
// the issuer ends in a word character, so the word boundary after it is
// "a non-word character or the end" — written so, the lazy DFA can run it
// (a Unicode `\b` makes it give up on non-ASCII text) and the capture
// engine runs only on the matched span.
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[,\s]*(?:ngày\s+(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})))?(?:[,\s]*của\s+(?P<iss>[^,;()]{2,80}?)(?:\s+(?:về|V/v|ban hành|quy định|hướng dẫn|triển khai|phê duyệt|thông báo)(?:\W|$)|[,;().]|$))?")
        .expect("reference context regex")
});

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
    for m in REF.find_iter(text) {
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
        let before = crate::normalize::lower_str(&text[from..m.start()]);
        let tail: String = before
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let kind = KIND_WORDS
            .iter()
            .filter_map(|(w, k)| tail.rfind(w).map(|p| (p, *k)))
            .max_by_key(|(p, _)| *p)
            .map(|(_, k)| k)
            .or_else(|| crate::header::kind_from_notation(&number));
        let after = text.get(m.end()..).unwrap_or("");
        let after = match after.char_indices().nth(120) {
            Some((i, _)) => &after[..i],
            None => after,
        };
        let (mut date, mut issuer) = (None, None);
        // Both parts of AFTER start with "ngày" or "của": skip the capture
        // search when neither follows.
        let lead_in = after.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        if (lead_in.starts_with("ngày") || lead_in.starts_with("của"))
            && let Some(a) = AFTER.captures(after)
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
            issuer = a.name("iss").map(|s| s.as_str().trim().to_string());
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
}
