//! Text hygiene shared by every constructor: NFC, single spaces, trimmed.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises, collapses runs of whitespace (including NBSP) and trims.
pub fn clean(s: &str) -> String {
    let nfc: String = s.nfc().filter(|c| !invisible(*c)).collect();
    nfc.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Characters no official types and no page should carry: control characters (a NUL
/// written raw into HTML, a bell) other than white space, and the bidirectional
/// overrides and isolates, which make text display in another order than it is stored.
fn invisible(c: char) -> bool {
    (c.is_control() && !c.is_whitespace())
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Like [`clean`] but keeps line breaks (collapsing spaces within each line).
pub fn clean_multiline(s: &str) -> String {
    let nfc: String = s.nfc().filter(|c| *c == '\n' || !invisible(*c)).collect();
    nfc.lines()
        .map(clean)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// A cleaned, non-empty string no longer than `max` characters.
pub fn required(field: &'static str, s: &str, max: usize) -> Result<String, crate::DomainError> {
    let v = clean(s);
    if v.is_empty() {
        return Err(crate::DomainError::invalid(
            field,
            format!("{} không được để trống", label(field)),
        ));
    }
    if v.chars().count() > max {
        return Err(crate::DomainError::invalid(
            field,
            format!("{} dài quá {max} ký tự", label(field)),
        ));
    }
    Ok(v)
}

/// What officials call the input `field` names, for messages that must say which one.
pub fn label(field: &'static str) -> &'static str {
    match field {
        "title" => "nội dung nhiệm vụ",
        "narrative" => "kết quả thực hiện",
        "name" => "tên",
        "measure" => "đơn vị tính",
        "abbreviation" => "tên viết tắt",
        "full_name" => "họ và tên",
        "issuer" => "cơ quan ban hành",
        "subject" => "trích yếu",
        "reason" => "lý do",
        "period" => "kỳ số liệu",
        "place" => "địa danh",
        "note" => "ghi chú",
        "text" => "nội dung",
        "body" => "nội dung văn bản",
        "target" => "chỉ tiêu",
        "number" => "số, ký hiệu",
        "username" => "tên đăng nhập",
        "label" => "tên gợi nhớ của mã API",
        other => other,
    }
}

/// Up to `max` characters, cut at a word boundary with an ellipsis (a title in a notice,
/// a message or a report's line; never half a syllable).
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// `s` with its first letter in upper case ("chủ trì ..." → "Chủ trì ..."): a task
/// read off a clause, or a message that stands alone as a sentence.
pub fn capitalise_first(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// Folds Vietnamese text for search: lower case, no diacritics, đ → d.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// The terms of a search box, folded ([`fold`]): each word, or each phrase in quotes
/// ("…", “…”) as one term with its spaces; at most eight. A record matches when it
/// holds every term as whole words ([`word_edges`]).
pub fn search_terms(s: &str) -> Vec<String> {
    let folded = fold(s).replace(['“', '”', '„'], "\"");
    let mut terms = Vec::new();
    for (i, part) in folded.split('"').enumerate() {
        if i % 2 == 1 {
            let phrase = part.split_whitespace().collect::<Vec<_>>().join(" ");
            if !phrase.is_empty() {
                terms.push(phrase);
            }
        } else {
            terms.extend(part.split_whitespace().map(str::to_owned));
        }
    }
    terms.truncate(8);
    terms
}

/// Where a search term must not touch a letter or a digit of the text it is found in:
/// (at its start, at its end). A term matches whole words, so "số" finds "Số 12" and
/// not "soát", which fold alike at their start (a Vietnamese word is a syllable, and
/// folding makes many share a beginning); a term that starts or ends with other than a
/// letter or a digit ("/ubnd") may touch anything there ("123/UBND-VP"). Folded text
/// is ASCII apart from letters of other scripts, which count as edges.
pub fn word_edges(term: &str) -> (bool, bool) {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    (word(term.chars().next()), word(term.chars().next_back()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_bounded_where_it_starts_or_ends_with_a_word() {
        assert_eq!(word_edges("so"), (true, true));
        assert_eq!(word_edges("ra soat"), (true, true));
        assert_eq!(word_edges("/ubnd"), (false, true));
        assert_eq!(word_edges("123/"), (true, false));
        assert_eq!(word_edges(""), (false, false));
    }

    #[test]
    fn search_terms_are_words_or_quoted_phrases() {
        assert_eq!(
            search_terms("Rà soát  hộ nghèo"),
            ["ra", "soat", "ho", "ngheo"]
        );
        assert_eq!(
            search_terms("\"rà   soát\" Hộ nghèo"),
            ["ra soat", "ho", "ngheo"]
        );
        assert_eq!(search_terms("“hộ nghèo” 2026"), ["ho ngheo", "2026"]);
        // An unclosed quote runs to the end; empty quotes are nothing.
        assert_eq!(search_terms("dân \"hộ nghèo"), ["dan", "ho ngheo"]);
        assert!(search_terms("\"\"  ").is_empty());
        assert_eq!(search_terms("a b c d e f g h i j").len(), 8);
    }

    #[test]
    fn a_title_is_shortened_at_a_word_never_in_a_syllable() {
        let title = "Kiểm tra, xử lý tình trạng lấn chiếm vỉa hè, lòng đường trên các tuyến phố chính của phường";
        let short = shorten(title, 90);
        assert_eq!(
            short,
            "Kiểm tra, xử lý tình trạng lấn chiếm vỉa hè, lòng đường trên các tuyến phố chính của…"
        );
        assert_eq!(shorten(title, 200), title);
        assert_eq!(shorten("lấn, chiếm", 6), "lấn…");
    }

    #[test]
    fn a_first_letter_in_upper_case() {
        assert_eq!(capitalise_first("chủ trì, phối hợp"), "Chủ trì, phối hợp");
        assert_eq!(capitalise_first("đăng nhập sai"), "Đăng nhập sai");
        assert_eq!(capitalise_first("Đã viết hoa"), "Đã viết hoa");
        assert_eq!(capitalise_first(""), "");
    }

    #[test]
    fn clean_normalises_nfd_and_spaces() {
        assert_eq!(clean("  Gia\u{309}i\u{a0}\tngân  "), "Giải ngân");
    }

    #[test]
    fn clean_drops_control_and_direction_characters() {
        assert_eq!(clean("Giải\u{0}\u{7} ngân\u{202e}"), "Giải ngân");
        assert_eq!(
            clean_multiline("Dòng 1\u{0}\nDòng\u{2067} 2"),
            "Dòng 1\nDòng 2"
        );
    }

    #[test]
    fn fold_removes_diacritics() {
        assert_eq!(fold("Giải ngân ĐẦU TƯ"), "giai ngan dau tu");
    }
}
