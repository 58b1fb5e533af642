//! The end of the document: the "Nơi nhận" distribution list and the
//! signature block (authority chain TM./KT./TL./TUQ./Q., title, name).

use crate::text::{Lines, is_all_upper, is_rule, marker, squash, trim_item};
use crate::{Diagnostic, MarkerKind, Severity, Signature};

#[derive(Debug, Clone, Default)]
pub struct Tail {
    pub distribution: Vec<String>,
    pub signature: Option<Signature>,
    /// Line of "Nơi nhận".
    pub nn_line: Option<usize>,
    /// The first line after the Nơi nhận list (its items and their wrapped lines).
    pub nn_end: Option<usize>,
    /// Lines covered by the signature block (first, last+1).
    pub sig_lines: Option<(usize, usize)>,
}

/// "- Lưu: VT, TH.", "- Lưu VT", "- Lưu văn thư": the archive copy, the list's last
/// item by custom (not "- Lưu Văn An", a person).
fn is_archive_item(item: &str) -> bool {
    let t = item.trim_start_matches(['-', '+', ' ']);
    if crate::text::starts_ci(t, "lưu:") {
        return true;
    }
    let Some(rest) = t.strip_prefix("Lưu ").or_else(|| t.strip_prefix("lưu ")) else {
        return false;
    };
    let rest = rest.trim_start();
    crate::text::starts_ci(rest, "văn thư")
        || rest.split_whitespace().next().is_some_and(|w| {
            let w = w.trim_end_matches([',', '.', ';']);
            w.len() <= 6 && w.chars().all(|c| c.is_ascii_uppercase())
        })
}

/// "d:\2011\CV\...", "C:/Users/...": where the typist saved the file, left under
/// the list.
fn is_file_path(t: &str) -> bool {
    let mut cs = t.chars();
    matches!(
        (cs.next(), cs.next(), cs.next()),
        (Some(d), Some(':'), Some('\\' | '/')) if d.is_ascii_alphabetic()
    )
}

fn is_noi_nhan(s: &str) -> bool {
    crate::text::starts_ci(s.trim_start(), "nơi nhận")
}

const PREFIXES: &[&str] = &[
    "TM.", "KT.", "TL.", "TUQ.", "Q.", "T/M", "K/T", "TM", "KT", "TL", "TUQ",
];

fn prefix_of(word: &str) -> Option<&'static str> {
    PREFIXES.iter().copied().find(|p| word == *p)
}

/// Splits "TM.ỦY" into "TM. ỦY" so prefixes are separate words.
fn split_glued(line: &str) -> String {
    let mut out = line.to_string();
    for p in ["TM.", "KT.", "TL.", "TUQ."] {
        if let Some(rest) = out.strip_prefix(p)
            && rest.starts_with(|c: char| c.is_alphabetic())
        {
            out = format!("{p} {rest}");
        }
    }
    out
}

fn starts_authority(s: &str) -> bool {
    let t = split_glued(s.trim());
    let first = t.split_whitespace().next().unwrap_or("");
    prefix_of(first).is_some() && t.split_whitespace().nth(1).is_some_and(is_all_upper)
}

fn is_cap_word(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.']);
    let mut cs = w.chars();
    match cs.next() {
        Some(c) if c.is_uppercase() => {
            let rest: Vec<char> = cs.collect();
            !rest.is_empty() && rest.iter().all(|c| c.is_lowercase())
        }
        _ => false,
    }
}

fn is_name_word(w: &str) -> bool {
    let mut cs = w.chars();
    is_cap_word(w) || matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// A personal name: 2–6 capitalised words ("Nguyễn Thị Hồng Nhung"); a
/// one-letter word is allowed after the first ("Nguyễn Văn A").
pub fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let initial = |w: &str| {
        let mut cs = w.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
    };
    (2..=6).contains(&words.len())
        && is_cap_word(words[0])
        && words[1..].iter().all(|w| is_cap_word(w) || initial(w))
}

/// Splits "CHỦ TỊCH Hoàng Quốc Khánh" into its upper-case part and the name.
fn split_upper_name(s: &str) -> Option<(String, String)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let pos = words.iter().position(|w| !is_all_upper(w))?;
    if pos == 0 {
        return None;
    }
    let name = words[pos..].join(" ");
    let upper = words[..pos].join(" ");
    // "PCN Phạm Mạnh Cường," in a distribution list is not a signature.
    let title_like = upper.chars().filter(|c| c.is_alphabetic()).count() >= 5 || pos >= 2;
    (title_like && !s.trim_end().ends_with([',', ';']) && is_name(&name)).then_some((upper, name))
}

fn sig_upper_line(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && !t.chars().any(|c| c.is_ascii_digit())
        && !t.ends_with([';', ','])
        && is_all_upper(t)
        && !is_rule(t)
        && t.split_whitespace().take(13).count() <= 12
        && marker(t).is_none()
        && !t.starts_with("PHỤ LỤC")
        && !t.starts_with("DANH MỤC")
}

/// Tries to read a signature block starting at line `i`.
fn read_signature(lines: &Lines<'_>, i: usize) -> Option<(Signature, usize)> {
    let first = lines.text(i).trim();
    if !(starts_authority(first) || sig_upper_line(first) || split_upper_name(first).is_some()) {
        return None;
    }
    let mut upper_lines: Vec<String> = Vec::new();
    let mut name = None;
    let mut j = i;
    let mut blanks = 0;
    while j < lines.len() && upper_lines.len() < 8 {
        let t = lines.text(j).trim();
        if t.is_empty() {
            blanks += 1;
            if blanks > 3 {
                break;
            }
            j += 1;
            continue;
        }
        blanks = 0;
        if let Some((up, n)) = split_upper_name(t) {
            upper_lines.push(split_glued(&up));
            name = Some(n);
            j += 1;
            break;
        }
        if !upper_lines.is_empty() && !sig_upper_line(t) && t.split_whitespace().all(is_name_word) {
            // The name may be wrapped: "Bùi" / "Xuân Cường".
            let mut cand = t.trim_end_matches(['.', ',']).to_string();
            let mut k = j + 1;
            while cand.split_whitespace().take(4).count() < 4 {
                let next = lines.text(k).trim();
                if next.is_empty()
                    || !next.split_whitespace().all(is_name_word)
                    || next.split_whitespace().take(4).count() > 3
                {
                    break;
                }
                let joined = format!("{cand} {}", next.trim_end_matches(['.', ',']));
                if !is_name(&joined) {
                    break;
                }
                cand = joined;
                k += 1;
            }
            if is_name(&cand) {
                name = Some(cand);
                j = k;
                break;
            }
        }
        if sig_upper_line(t) || starts_authority(t) {
            upper_lines.push(split_glued(t));
            j += 1;
            continue;
        }
        break;
    }
    let name = name?;
    if upper_lines.is_empty() {
        return None;
    }
    Some((parse_block(&upper_lines, name), j))
}

fn title_keywords(prefix: &str) -> &'static [&'static str] {
    match prefix {
        "KT." | "KT" | "K/T" | "Q." => &["PHÓ", "THỨ TRƯỞNG", "ỦY VIÊN", "UỶ VIÊN"],
        _ => &[
            "CHỦ TỊCH",
            "TRƯỞNG BAN",
            "THỦ TƯỚNG",
            "BỘ TRƯỞNG",
            "GIÁM ĐỐC",
            "BÍ THƯ",
            "TỔNG BÍ THƯ",
            "PHÓ",
            "CHÁNH VĂN PHÒNG",
            "VỤ TRƯỞNG",
            "CỤC TRƯỞNG",
            "TRƯỞNG PHÒNG",
            "CHÁNH",
            "THỨ TRƯỞNG",
        ],
    }
}

fn starts_with_kw(words: &[(String, usize)], at: usize, kws: &[&str]) -> bool {
    let rest: Vec<&str> = words[at..]
        .iter()
        .take(3)
        .map(|(w, _)| w.as_str())
        .collect();
    let joined = rest.join(" ");
    kws.iter()
        .any(|k| joined == *k || joined.starts_with(&format!("{k} ")))
}

fn parse_block(upper_lines: &[String], name: String) -> Signature {
    // Words with their line index.
    let words: Vec<(String, usize)> = upper_lines
        .iter()
        .enumerate()
        .flat_map(|(li, l)| l.split_whitespace().map(move |w| (w.to_string(), li)))
        .collect();
    let starts: Vec<usize> = (0..words.len())
        .filter(|&k| {
            prefix_of(&words[k].0).is_some()
                && (words[k].0.len() > 2 || k == 0 || words[k].1 != words[k - 1].1)
        })
        .collect();
    let join = |a: usize, b: usize| {
        words[a..b]
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let line_end = |k: usize| {
        let li = words[k].1;
        (k..words.len())
            .find(|&x| words[x].1 != li)
            .unwrap_or(words.len())
    };
    let mut authority = Vec::new();
    let title = if starts.is_empty() || starts[0] != 0 {
        // No authority chain: the upper-case lines are the title.
        let end = starts.first().copied().unwrap_or(words.len());
        Some(join(0, end)).filter(|s| !s.is_empty())
    } else {
        for (si, &s) in starts.iter().enumerate() {
            let e = starts.get(si + 1).copied().unwrap_or(words.len());
            if si + 1 < starts.len() {
                authority.push(join(s, e));
                continue;
            }
            let kws = title_keywords(&words[s].0);
            // Prefer a keyword that opens a line; else any word after the first.
            let line_start = (s + 2..e)
                .find(|&k| words[k].1 != words[k - 1].1 && starts_with_kw(&words, k, kws));
            let any = (s + 2..e).find(|&k| starts_with_kw(&words, k, kws));
            match line_start.or(any) {
                Some(t) => {
                    authority.push(join(s, t));
                    let te = line_end(t).min(e);
                    return Signature {
                        authority: authority.into_iter().map(|a| clean_auth(&a)).collect(),
                        title: Some(join(t, te)),
                        name: Some(name),
                    };
                }
                None => authority.push(join(s, e)),
            }
        }
        None
    };
    Signature {
        authority: authority.into_iter().map(|a| clean_auth(&a)).collect(),
        title,
        name: Some(name),
    }
}

fn clean_auth(s: &str) -> String {
    squash(s).trim_end_matches(',').to_string()
}

/// Splits an inline list ("- Như trên; - TTCP, các PTTg (để b/c); - Lưu:
/// VT.") into its items: a new item starts at "- " or "+ " that opens the
/// text or follows ";", "." or ",". Run on the joined text of a wrapped list,
/// so that an item boundary is found on any line, not only the first.
fn split_inline_items(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        let at_item = matches!(c, '-' | '+')
            && chars.get(k + 1) == Some(&' ')
            && (cur.trim().is_empty() || cur.trim_end().ends_with([';', '.', ',']));
        if at_item {
            if !cur.trim().is_empty() {
                items.push(cur.clone());
            }
            cur.clear();
            k += 2;
            continue;
        }
        cur.push(c);
        k += 1;
    }
    if !cur.trim().is_empty() {
        items.push(cur);
    }
    items
}

pub fn parse_tail(lines: &Lines<'_>, body_start: usize, diags: &mut Vec<Diagnostic>) -> Tail {
    let n = lines.len();
    let mut tail = Tail::default();
    let nn = (body_start.min(n)..n).find(|&i| is_noi_nhan(lines.text(i)));
    tail.nn_line = nn;
    let mut list_end = None;
    if let Some(k) = nn {
        let first = lines.text(k).trim();
        let rest = first
            .find(':')
            .map(|p| first[p + 1..].trim().to_string())
            .unwrap_or_default();
        let mut items: Vec<String> = split_inline_items(&rest);
        let mut j = k + 1;
        let mut blank = false;
        while j < n {
            let t = lines.text(j).trim();
            if t.is_empty() {
                blank = true;
                j += 1;
                continue;
            }
            if let Some((MarkerKind::Dash | MarkerKind::Plus, _, _, len)) = marker(t) {
                items.extend(split_inline_items(&format!("- {}", &t[len..])));
                blank = false;
                j += 1;
                continue;
            }
            let list_like = t.ends_with([',', ';', '.']) || t.starts_with('(');
            // "- Lưu: VT, NCTH.HH" is the last item: a line after it that neither reads
            // as a list nor runs on in lower case ("phường"), or a file path
            // ("d:\2011\CV\..."), is not part of it, even with no blank line between.
            let lower = t.starts_with(|c: char| c.is_lowercase());
            let closed = items.last().is_some_and(|l| {
                (l.trim_end().ends_with('.') && !lower)
                    || (is_archive_item(l) && ((!list_like && !lower) || is_file_path(t)))
            });
            // "Nơi nhận:" / "Như trên;" / "- Lưu: VT.": an undashed first item.
            if items.is_empty()
                && !blank
                && t.ends_with([',', ';'])
                && !starts_authority(t)
                && !sig_upper_line(t)
            {
                items.push(t.to_string());
                j += 1;
                continue;
            }
            if !blank
                && !closed
                && !items.is_empty()
                && !starts_authority(t)
                && (list_like || (!sig_upper_line(t) && split_upper_name(t).is_none()))
            {
                // A wrapped inline list ("... (để" / "b/c); - VPCP: BTCN; -
                // Lưu: VT.") carries item boundaries on its continuation
                // lines too: the last item is split again once joined.
                if let Some(last) = items.pop() {
                    items.extend(split_inline_items(&format!("{last} {t}")));
                }
                j += 1;
                continue;
            }
            break;
        }
        list_end = Some(j);
        tail.nn_end = Some(j);
        tail.distribution = items
            .into_iter()
            .map(|s| trim_item(&squash(&s)))
            .filter(|s| !s.is_empty())
            .collect();
    }
    // Signature: right after the list, else just before "Nơi nhận", else
    // after the closing "./." of the body.
    let mut regions: Vec<(usize, usize)> = Vec::new();
    if let (Some(k), Some(e)) = (nn, list_end) {
        regions.push((e, (e + 15).min(n)));
        regions.push((k.saturating_sub(15).max(body_start), k));
        // A one-line inline list may carry the signature on the same line.
        regions.push((k, (k + 1).min(n)));
    } else {
        let close = (body_start.min(n)..n).rfind(|&i| lines.text(i).trim_end().ends_with("./."));
        let from = close.map(|c| c + 1).unwrap_or(body_start.min(n));
        regions.push((from, (from + 20).min(n)));
    }
    'outer: for (a, b) in regions {
        for i in a..b {
            if let Some((sig, end)) = read_signature(lines, i) {
                tail.signature = Some(sig);
                tail.sig_lines = Some((i, end));
                break 'outer;
            }
        }
    }
    if nn.is_none() {
        diags.push(Diagnostic {
            severity: Severity::Info,
            code: "missing-distribution",
            message: "Không thấy mục \"Nơi nhận\".".into(),
            span: None,
        });
    }
    tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tail(src: &str) -> Tail {
        let text = crate::normalize::normalize(src);
        let lines = Lines::new(&text);
        parse_tail(&lines, 0, &mut Vec::new())
    }

    #[test]
    fn signature_forms() {
        let cases: &[(&str, &[&str], Option<&str>, &str)] = &[
            (
                "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n**TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG**\n\nNguyễn Thị Hồng Nhung",
                &["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"],
                Some("PHÓ CHÁNH VĂN PHÒNG"),
                "Nguyễn Thị Hồng Nhung",
            ),
            (
                "Nơi nhận:\n- Như trên;\n\nKT. BỘ TRƯỞNG,\nCHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nPhạm Mạnh Cường",
                &["KT. BỘ TRƯỞNG, CHỦ NHIỆM"],
                Some("PHÓ CHỦ NHIỆM"),
                "Phạm Mạnh Cường",
            ),
            (
                "Nơi nhận: - Như trên; - Lưu: VT.\nKT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Nguyễn Khắc Định",
                &["KT. BỘ TRƯỞNG, CHỦ NHIỆM"],
                Some("PHÓ CHỦ NHIỆM"),
                "Nguyễn Khắc Định",
            ),
            (
                "Nơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhạm Văn Thịnh",
                &["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
                Some("PHÓ CHỦ TỊCH"),
                "Phạm Văn Thịnh",
            ),
            (
                "Nơi nhận:\n- Lưu.\n\nT/M BỘ CHÍNH\nTRỊ\nTrần Cẩm Tú",
                &["T/M BỘ CHÍNH TRỊ"],
                None,
                "Trần Cẩm Tú",
            ),
            (
                "Nơi nhận:\n- Như trên;\n\nTHỦ TƯỚNG\nPhạm Minh Chính",
                &[],
                Some("THỦ TƯỚNG"),
                "Phạm Minh Chính",
            ),
            (
                "Nơi nhận: - Như trên;\nCHỦ TỊCH Hoàng Quốc Khánh",
                &[],
                Some("CHỦ TỊCH"),
                "Hoàng Quốc Khánh",
            ),
        ];
        for (src, auth, title, name) in cases {
            let t = tail(src);
            let sig = t
                .signature
                .unwrap_or_else(|| panic!("no signature in {src:?}"));
            assert_eq!(
                sig.authority,
                auth.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{src}"
            );
            assert_eq!(sig.title.as_deref(), *title, "{src}");
            assert_eq!(sig.name.as_deref(), Some(*name), "{src}");
        }
    }

    #[test]
    fn distribution_items() {
        let t = tail(
            "Nơi nhận:\n- Như trên;\n- VPCP: BTCN, PCN Nguyễn Sỹ Hiệp,\nPCN Phạm Mạnh Cường;\n- Lưu: VT, CN (2). Ha\n\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Văn A",
        );
        assert_eq!(
            t.distribution,
            vec![
                "Như trên",
                "VPCP: BTCN, PCN Nguyễn Sỹ Hiệp, PCN Phạm Mạnh Cường",
                "Lưu: VT, CN (2). Ha"
            ]
        );
        let t = tail("Nơi nhận: - Như trên; - TTCP, các PTTg (để b/c); - Lưu: VT, KGVX (3).");
        assert_eq!(
            t.distribution,
            vec!["Như trên", "TTCP, các PTTg (để b/c)", "Lưu: VT, KGVX (3)"]
        );
    }

    #[test]
    fn the_list_ends_at_its_archive_item_without_a_blank_line() {
        // As a PDF's text gives it: a file path the typist left under the list, then
        // the signature, with no blank line between.
        let t = tail(
            "Nơi nhận:\n- Như trên;\n- Sở, ban, ngành tỉnh;\n- Lưu: VT, NCTH.HH\nd:\\2011\\CV\\Bau cho Vinh Ha Long\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An",
        );
        assert_eq!(
            t.distribution,
            vec!["Như trên", "Sở, ban, ngành tỉnh", "Lưu: VT, NCTH.HH"]
        );
        assert_eq!(t.nn_end, Some(4));
        assert_eq!(
            t.signature.and_then(|s| s.name).as_deref(),
            Some("Nguyễn Văn An")
        );
        // An archive item wrapped onto a line that reads as a list, or runs on in
        // lower case, still joins.
        let t = tail(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT, TH,\nKT, NC (2).\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An",
        );
        assert_eq!(t.distribution, vec!["Như trên", "Lưu: VT, TH, KT, NC (2)"]);
        assert_eq!(t.nn_end, Some(4));
        let t = tail(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT, VP HĐND và UBND\nphường\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An",
        );
        assert_eq!(
            t.distribution,
            vec!["Như trên", "Lưu: VT, VP HĐND và UBND phường"]
        );
        // A person named Lưu is no archive item: the list goes on.
        let t = tail(
            "Nơi nhận:\n- Đ/c Chủ tịch;\n- Lưu Văn An\nPhó Chủ tịch UBND phường\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An",
        );
        assert_eq!(
            t.distribution,
            vec![
                "Đ/c Chủ tịch",
                "Lưu Văn An Phó Chủ tịch UBND phường",
                "Lưu: VT"
            ]
        );
    }

    #[test]
    fn an_undashed_first_item_opens_the_list() {
        let t = tail("Nơi nhận:\nNhư trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An");
        assert_eq!(t.distribution, vec!["Như trên", "Lưu: VT"]);
        assert_eq!(t.nn_end, Some(3));
        assert_eq!(
            t.signature.and_then(|s| s.name).as_deref(),
            Some("Nguyễn Văn An")
        );
    }

    #[test]
    fn a_wrapped_inline_list_is_split_on_every_line() {
        // The same inline list wrapped at any width: an item boundary ("; -",
        // "; +", a line ending in "; -") on a continuation line splits too.
        let want = vec![
            "Như trên",
            "Sở Tài chính (để b/c)",
            "VPCP: BTCN, các PCN",
            "Trợ lý TTg; các Vụ: TH, KTTH",
            "Lưu: VT, TH (2)",
        ];
        for src in [
            "Nơi nhận: - Như trên; - Sở Tài chính (để b/c); - VPCP: BTCN, các PCN; - Trợ lý TTg; các Vụ: TH, KTTH; - Lưu: VT, TH (2).\nKT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Văn Bình",
            "Nơi nhận: - Như trên; - Sở Tài chính (để\nb/c); - VPCP: BTCN, các PCN; - Trợ lý\nTTg; các Vụ: TH, KTTH; - Lưu: VT, TH (2).\nKT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Văn Bình",
            "Nơi nhận: - Như trên; - Sở Tài chính\n(để b/c); -\nVPCP: BTCN, các PCN; + Trợ lý TTg; các\nVụ: TH, KTTH; - Lưu: VT, TH (2).\nKT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Văn Bình",
        ] {
            let t = tail(src);
            assert_eq!(t.distribution, want, "{src}");
            assert_eq!(
                t.signature.and_then(|s| s.name).as_deref(),
                Some("Trần Văn Bình"),
                "{src}"
            );
        }
    }
}
