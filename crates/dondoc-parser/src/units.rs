//! Recognising unit names in running text: where a unit phrase starts
//! ("Sở ...", "Ủy ban nhân dân ...", "Các phòng ...") and where it ends (at
//! the verb of the duty, a colon or a bracket), splitting joint leads and
//! lists of co-operating units.

/// Words that open a unit name (lower-cased; matched on word boundaries).
const HEADS: &[&str] = &[
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "hđnd",
    "ubmttq",
    "mttq",
    "sở",
    "bộ",
    "ban",
    "văn phòng",
    "phòng",
    "trung tâm",
    "công an",
    "cục",
    "tổng cục",
    "chi cục",
    "vụ",
    "đài",
    "báo",
    "tập đoàn",
    "tổng công ty",
    "công ty",
    "thanh tra",
    "hội",
    "đoàn",
    "mặt trận",
    "bộ chỉ huy",
    "bộ tư lệnh",
    "thuế",
    "kho bạc",
    "viện",
    "trường",
    "bệnh viện",
    "ngân hàng",
    "đảng ủy",
    "đảng uỷ",
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "thành uỷ",
    "huyện ủy",
    "huyện uỷ",
    "cấp ủy",
    "cấp uỷ",
    "tiểu ban",
    "hội đồng",
    "quân khu",
    "người đứng đầu",
    "thủ trưởng",
    "chủ tịch",
    "giám đốc",
    "bộ trưởng",
    "tổng giám đốc",
    "thống đốc",
    "tổng biên tập",
    "chánh văn phòng",
    "phó thủ tướng",
    "thành viên",
    "lãnh đạo",
    "cơ quan",
    "đơn vị",
    "tỉnh",
    "đồng chí",
    "quý",
    "ủy ban mặt trận",
    "liên đoàn",
    "tổ công tác",
    "bí thư",
    "trưởng",
    "ban quản lý",
    "ban chỉ đạo",
    "ban chỉ huy",
    "bch",
    "bcđ",
    "cơ sở",
    "chính quyền",
    "doanh nghiệp",
    // The central body of a mass organisation ("Trung ương Hội Nông dân
    // Việt Nam", "Trung ương Đoàn ..."); "Trung ương" alone opens no unit.
    "trung ương hội",
    "trung ương đoàn",
    "các",
];

/// After "các"/"Các", a plural class noun must follow for it to be a unit.
const PLURAL_NOUNS: &[&str] = &[
    "sở",
    "bộ",
    "cơ quan",
    "đơn vị",
    "phòng",
    "ban",
    "ngành",
    "địa phương",
    "cấp",
    "tỉnh",
    "thành phố",
    "xã",
    "phường",
    "huyện",
    "quận",
    "trường",
    "cơ sở",
    "tập đoàn",
    "doanh nghiệp",
    "đồng chí",
    "tổ chức",
    "đoàn thể",
    "trung tâm",
    "cục",
    "vụ",
    "hội",
    "quân khu",
    "thành viên",
    "chủ đầu tư",
    "nhà thầu",
    "hợp tác xã",
    "bộ,",
    "sở,",
    "cơ quan,",
    "đơn vị,",
    "phòng,",
    "ban,",
    "ngành,",
    "cấp ủy",
    "cấp uỷ",
    "tỉnh ủy",
    "tỉnh uỷ",
    "đảng ủy",
    "đảng uỷ",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "cơ quan báo chí",
    "đài",
    "báo",
    "bệnh viện",
    "trạm",
    "thôn",
    "tổ dân phố",
    "công ty",
    "tổng công ty",
    "ban quản lý",
    "chi cục",
    "hiệp hội",
    "viện",
    "ngân hàng",
    "lực lượng",
    "tiểu ban",
];

/// Whether `s` is a bare kind of unit ("sở", "cơ quan", "tổ chức đảng"), nothing more.
pub(crate) fn is_kind_noun(s: &str) -> bool {
    s == "tổ chức đảng" || (!s.ends_with(',') && PLURAL_NOUNS.contains(&s))
}

/// Duty verbs: a unit phrase ends where one of these begins (lower case only,
/// so "Sở Thông tin" keeps its capitalised words).
const VERBS: &[&str] = &[
    "chủ trì",
    "phối hợp",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "tiếp tục",
    "khẩn trương",
    "chỉ đạo",
    "thực hiện",
    "tổ chức thực hiện",
    "tổ chức triển khai",
    "tổ chức",
    "tập trung",
    "rà soát",
    "triển khai",
    "hướng dẫn",
    "theo dõi",
    "tham mưu",
    "xây dựng",
    "chủ động",
    "quán triệt",
    "tăng cường",
    "đẩy mạnh",
    "nghiên cứu",
    "kiểm tra",
    "báo cáo",
    "ban hành",
    "bố trí",
    "phân công",
    "căn cứ",
    "nâng cao",
    "hoàn thành",
    "đôn đốc",
    "tuyên truyền",
    "cung cấp",
    "thẩm định",
    "giám sát",
    "phổ biến",
    "xem xét",
    "sớm",
    "kịp thời",
    "nghiêm túc",
    "thường xuyên",
    "bảo đảm",
    "đảm bảo",
    "ưu tiên",
    "huy động",
    "gửi",
    "trình",
    "cập nhật",
    "lập",
    "tham gia",
    "hỗ trợ",
    "khắc phục",
    "phát huy",
    "vận động",
    "cân đối",
    "cần",
    "phải",
    "nắm",
    "tiến hành",
    "khảo sát",
    "đề xuất",
    "điều chỉnh",
    "công bố",
    "xử lý",
    "giải quyết",
    "tổng hợp",
    "lựa chọn",
    "đánh giá",
    "duy trì",
    "hoàn thiện",
    "kiện toàn",
    "quyết liệt",
    "chấp hành",
    "chuẩn bị",
    "lồng ghép",
    "nghiêm",
    "dừng",
    "tạm dừng",
    "cử",
    "thành lập",
    "tích cực",
    "có kế hoạch",
    "yêu cầu",
    "đề nghị",
    "giao",
    "có ý kiến",
    "xin",
    "thông báo",
    "kính báo",
    "đã",
    "đang",
    "sẽ",
    "là",
    "được",
    "có",
    "nhận được",
    "ủy quyền",
    "uỷ quyền",
    "để",
    "nhằm",
    "trực tiếp",
    "quản lý",
    "vận hành",
    "phát động",
    "mở",
    "làm việc",
    "bàn giao",
    "tăng",
    "giảm",
    "ứng phó",
    "sẵn sàng",
    "hoàn tất",
    "tiếp nhận",
    "đăng",
    "biên soạn",
    "in",
    "phát hành",
    "bổ sung",
    "sửa đổi",
    "tạo điều kiện",
    "phân bổ",
    "thu",
    "chi",
    "giải ngân",
    "quyết định",
    "thống kê",
    "hướng",
    "ký",
    "cấp",
    "lấy",
    "đưa",
    "thanh toán",
    "đẩy nhanh",
    "thống nhất",
    "tiếp nhận",
    "giải trình",
    "nâng cấp",
    "làm rõ",
    "cải thiện",
    "tập huấn",
    "đảm nhận",
    "kiểm soát",
    "ngăn chặn",
    "trả lời",
    "phản ánh",
    "điều phối",
    "khai thác",
    "sử dụng",
    "thực thi",
    "hoàn tất",
    "rà soát lại",
    "chấn chỉnh",
    "kịp",
    "phát hiện",
    "ban hành văn bản",
    "đề ra",
    "nắm chắc",
    "quyết tâm",
    "chỉ",
    "quan tâm",
    "lãnh đạo",
    "làm",
    "đổi mới",
    "bám sát",
    "nắm bắt",
    "chia sẻ",
    "tiếp thu",
    "hoàn chỉnh",
    "thúc đẩy",
    "phấn đấu",
    "cụ thể hóa",
    "cụ thể hoá",
    "xác định",
    "chuẩn hóa",
    "chuẩn hoá",
    "số hóa",
    "số hoá",
    "kết nối",
    "tích hợp",
    "phê duyệt",
    "vận dụng",
    "áp dụng",
    "nâng",
    "xét",
    "tổng kết",
    "sơ kết",
    "sắp xếp",
    "rút kinh nghiệm",
    "theo chức năng",
    "theo thẩm quyền",
    "theo phạm vi",
    "theo lĩnh vực",
    "theo nhiệm vụ",
    "theo địa bàn",
    "chịu",
    "nghiêm cấm",
    "không",
    "chưa",
    "cùng",
    "phát triển",
    "bảo vệ",
    "phòng ngừa",
    "đặc biệt",
    "nhất là",
    "ghi nhận",
    "biểu dương",
    "hoan nghênh",
    "khen ngợi",
    "cảm ơn",
    "tại",
    "trong",
    "khi",
    "nếu",
    "với",
    "tham dự",
];

/// Capitalised duty verbs that end a unit name ("Giao Sở Xây dựng Theo dõi,
/// đôn đốc"); none of them occurs inside the name of a unit.
const CAP_VERBS: &[&str] = &[
    "theo dõi",
    "khẩn trương",
    "chủ trì",
    "tiếp tục",
    "rà soát",
    "chủ động",
    "tăng cường",
    "đẩy mạnh",
    "tập trung",
    "hoàn thành",
    "đôn đốc",
    "quán triệt",
];

/// Person titles that may introduce a list of units ("Giao Giám đốc: Sở A, Sở B").
const PERSON_TITLES: &[&str] = &["Giám đốc", "Chủ tịch", "Thủ trưởng", "Bộ trưởng", "Trưởng"];

/// Verbs that also end unit names ("Sở ... Xây dựng", "Cục ... quản lý").
const NAME_VERBS: &[&str] = &["xây dựng", "quản lý", "phát triển", "bảo vệ", "đầu tư"];

/// Word sequences that look like a unit head but are not.
const NOT_UNITS: &[&str] = &[
    "trường hợp",
    "phòng chống",
    "phòng, chống",
    "phòng ngừa",
    "phòng tránh",
    "phòng cháy",
    "báo chí",
    "hội nghị",
    "hội thảo",
    "đoàn kết",
    "cơ quan chức năng",
    "bộ máy",
    "bộ tiêu chí",
    "bộ phận",
    "bộ phụ trách",
    "ban hành",
    "các nội dung",
    "cơ sở dữ liệu",
];

/// Verbs after which the unit is the *speaker* of the directive, not a lead
/// ("Chủ tịch UBND tỉnh có ý kiến như sau", "Văn phòng Chính phủ đề nghị ...").
const SPEAKER_VERBS: &[&str] = &[
    // Commending is the speaker's act, not a duty.
    "ghi nhận",
    "biểu dương",
    "hoan nghênh",
    "khen ngợi",
    "cảm ơn",
    "yêu cầu",
    "đề nghị",
    "giao",
    "có ý kiến",
    "xin",
    "thông báo",
    "kính báo",
    "đã",
    "đang",
    "sẽ",
    "là",
    "được",
    "có",
    "nhận được",
    "ủy quyền",
    "uỷ quyền",
    "để",
    "nhằm",
    "quyết định",
    "ký",
    "cấp",
    "lấy",
    "đưa",
    "in",
    "thu",
    "chi",
    "tăng",
    "giảm",
    "mở",
    "hướng",
    "thống kê",
];

/// Unit phrases end within 60 words; reading further is wasted work.
const MAX_WORDS: usize = 72;

/// A word of the lower-cased text: (start, end, lower-cased word); offsets
/// are the same in the original, since lower-casing keeps byte lengths.
type Word<'a> = (usize, usize, &'a str);

/// `s` lower-cased up to the end of its `max`-th word (whole if shorter).
fn lower_prefix(s: &str, max: usize) -> String {
    let mut n = 0;
    let mut in_word = false;
    let mut cut = s.len();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let (len, ws) = char_ws(b, i);
        if ws {
            if in_word {
                n += 1;
                if n >= max {
                    cut = i;
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        i += len;
    }
    crate::normalize::lower_str(s.get(..cut).unwrap_or(s))
}

/// The first `max` words of `s`, lower-cased into `ls` (cut at the end of
/// the last word taken), in one scan: the same words as
/// `split_words(&lower_prefix(s, max))`, since lower-casing keeps byte
/// lengths and never makes or unmakes a space.
fn lower_words<'a>(s: &str, max: usize, ls: &'a mut String) -> Vec<Word<'a>> {
    let mut words: Vec<Word<'a>> = Vec::with_capacity(max.min(24));
    let mut start = None;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let (len, ws) = char_ws(b, i);
        if ws {
            if let Some(st) = start.take() {
                words.push((st, i, ""));
                if words.len() >= max {
                    break;
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += len;
    }
    if let Some(st) = start
        && words.len() < max
    {
        words.push((st, b.len(), ""));
    }
    let cut = words.last().map_or(0, |w| w.1);
    *ls = crate::normalize::lower_str(s.get(..cut).unwrap_or(s));
    let ls: &'a String = ls;
    for w in &mut words {
        w.2 = ls.get(w.0..w.1).unwrap_or("");
    }
    words
}

/// At byte `i` (a character boundary) of `b`, UTF-8: the character's length
/// and `char::is_whitespace` (U+0009–000D, U+0020, U+0085, U+00A0, U+1680,
/// U+2000–200A, U+2028, U+2029, U+202F, U+205F, U+3000), from the bytes.
#[inline(always)]
fn char_ws(b: &[u8], i: usize) -> (usize, bool) {
    let x = b.get(i).copied().unwrap_or(0);
    if x < 0x80 {
        (1, matches!(x, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '))
    } else if x < 0xE0 {
        (2, x == 0xC2 && matches!(b.get(i + 1), Some(0x85 | 0xA0)))
    } else if x < 0xF0 {
        let y = b.get(i + 1).copied().unwrap_or(0);
        let z = b.get(i + 2).copied().unwrap_or(0);
        let ws = match x {
            0xE1 => y == 0x9A && z == 0x80,
            0xE2 => {
                (y == 0x80 && matches!(z, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
                    || (y == 0x81 && z == 0x9F)
            }
            0xE3 => y == 0x80 && z == 0x80,
            _ => false,
        };
        (3, ws)
    } else {
        (4, false)
    }
}

/// Whitespace-separated words of an already lower-cased text.
fn split_words(ls: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(24);
    let mut start = None;
    let b = ls.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let (len, ws) = char_ws(b, i);
        if ws {
            if let Some(st) = start.take() {
                out.push((st, i, ls.get(st..i).unwrap_or("")));
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += len;
    }
    if let Some(st) = start {
        out.push((st, ls.len(), ls.get(st..).unwrap_or("")));
    }
    out
}

/// [`split_words`] on decoded characters (the reference version).
#[cfg(test)]
fn split_words_chars(ls: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in ls.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((st, i, &ls[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, ls.len(), &ls[st..]));
    }
    out
}

/// First words of the verb list: most words are rejected by one lookup.
static VERB_FIRST: std::sync::LazyLock<WordSet> =
    std::sync::LazyLock::new(|| VERBS.iter().filter_map(|v| v.split(' ').next()).collect());

/// Whether `clause` opens with a duty verb of [`VERBS`] ("kiểm tra, giám sát ...",
/// "Báo cáo ..."), in any case. "tổ chức" and "phát triển" are left out: they
/// open nouns as often ("tổ chức bộ máy, cán bộ", "phát triển khoa học, công nghệ").
pub(crate) fn opens_with_duty_verb(clause: &str) -> bool {
    let c = clause.trim_start();
    VERBS
        .iter()
        .filter(|v| !matches!(**v, "tổ chức" | "phát triển"))
        .any(|v| {
            crate::text::starts_ci(c, v)
                && c.chars()
                    .nth(v.chars().count())
                    .is_none_or(|n| !n.is_alphanumeric())
        })
}

/// Whether `next`, a line under a list item whose first line is the whole
/// name of a unit, its head and a complement ("2. Phòng Văn hóa - Xã hội", "4.
/// Trung tâm Phục vụ hành chính công"), opens with a duty verb of [`VERBS`] of two
/// words or more ("Tổng hợp danh sách ...", "Xây dựng kế hoạch ...", "Tuyên
/// truyền, treo ..."): a name with its complement does not run on in a verb, so
/// the line is the item's content. A bare head ("2. Văn phòng" / "Trung ương
/// Đảng") is left to read on, and so are one-word verbs, which open the words of
/// names as often ("Giao thông", "Cấp nước"), and a verb after a name that ends in
/// one of [`NAME_VERBS`] ("Ban Quản lý dự án đầu tư" / "Xây dựng ...").
pub(crate) fn duty_opens_after_name(name: &str, next: &str) -> bool {
    let mut ln = String::new();
    let nw = lower_words(name, MAX_WORDS, &mut ln);
    let Some(hn) = head_len(&nw, 0) else {
        return false;
    };
    if nw.len() <= hn {
        return false;
    }
    let mut lx = String::new();
    let xw = lower_words(next, 4, &mut lx);
    let Some(vn) = VERB_INDEX.longest_at(&xw, 0) else {
        return false;
    };
    // "Ban Chỉ đạo ...", "Cấp ủy ...": a head as long as the verb is a unit.
    if vn < 2 || HEAD_INDEX.longest_at(&xw, 0).is_some_and(|h| h >= vn) {
        return false;
    }
    let name_l = ln.trim_end();
    !NAME_VERBS.iter().any(|v| {
        name_l
            .strip_suffix(v)
            .is_some_and(|r| r.is_empty() || r.ends_with(' '))
    })
}

/// First words of [`CAP_VERBS`]: all have two words, so the first must
/// equal the text's word exactly for [`phrase_at`] to match.
static CAP_FIRST: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| {
    CAP_VERBS
        .iter()
        .filter_map(|v| v.split(' ').next())
        .collect()
});

static HEAD_FIRST: std::sync::LazyLock<WordSet> =
    std::sync::LazyLock::new(|| HEADS.iter().filter_map(|v| v.split(' ').next()).collect());

/// FNV-1a: the word lists are looked up for every word of a unit phrase,
/// and SipHash (the std default, built against flooding) costs more than
/// the rest of the lookup. The keys are our own word lists.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvBuild = std::hash::BuildHasherDefault<Fnv>;
type WordSet = std::collections::HashSet<&'static str, FnvBuild>;

/// Phrases grouped by first word, in list order: a word is checked only
/// against the phrases that can start with it.
struct PhraseIndex {
    by_first: std::collections::HashMap<&'static str, Vec<&'static str>, FnvBuild>,
}

impl PhraseIndex {
    fn new(list: &[&'static str]) -> Self {
        let mut by_first: std::collections::HashMap<&'static str, Vec<&'static str>, FnvBuild> =
            std::collections::HashMap::default();
        for p in list {
            let first = p.split(' ').next().unwrap_or("").trim_end_matches(',');
            by_first.entry(first).or_default().push(p);
        }
        PhraseIndex { by_first }
    }

    /// The first phrase (in list order) that matches at word `k`.
    fn find_at(&self, words: &[Word<'_>], k: usize) -> Option<&'static str> {
        let w = words.get(k)?;
        let key = w.2.trim_end_matches(WORD_END);
        self.by_first
            .get(key)?
            .iter()
            .copied()
            .find(|p| phrase_at(words, k, p))
    }

    /// The longest phrase that matches at word `k`, in words.
    fn longest_at(&self, words: &[Word<'_>], k: usize) -> Option<usize> {
        let w = words.get(k)?;
        let key = w.2.trim_end_matches(WORD_END);
        self.by_first
            .get(key)?
            .iter()
            .filter(|p| phrase_at(words, k, p.trim_end_matches(',')))
            .map(|p| p.split(' ').count())
            .max()
    }
}

static VERB_INDEX: std::sync::LazyLock<PhraseIndex> =
    std::sync::LazyLock::new(|| PhraseIndex::new(VERBS));
static HEAD_INDEX: std::sync::LazyLock<PhraseIndex> =
    std::sync::LazyLock::new(|| PhraseIndex::new(HEADS));
static PLURAL_INDEX: std::sync::LazyLock<PhraseIndex> =
    std::sync::LazyLock::new(|| PhraseIndex::new(PLURAL_NOUNS));
static NOT_UNIT_INDEX: std::sync::LazyLock<PhraseIndex> =
    std::sync::LazyLock::new(|| PhraseIndex::new(NOT_UNITS));

/// Punctuation a word may carry after a phrase's last word: a verb that
/// closes a bracketed assignment ("(Giao Công an tỉnh tham mưu).") is still
/// the verb.
const WORD_END: [char; 5] = [',', ';', ':', '.', ')'];

fn maybe_verb(word: &str) -> bool {
    VERB_FIRST.contains(word.trim_end_matches(WORD_END))
}

fn phrase_at(words: &[Word<'_>], k: usize, phrase: &str) -> bool {
    // Allocation-free: this runs for every word against every verb.
    let Some(w0) = words.get(k) else {
        return false;
    };
    // The first word equals the phrase's first part (or does once trailing
    // punctuation is trimmed): a differing first byte rejects it unsplit.
    if let Some(&b0) = phrase.as_bytes().first()
        && b0 != b' '
        && w0.2.as_bytes().first() != Some(&b0)
    {
        return false;
    }
    let mut parts = phrase.split(' ').peekable();
    let mut o = 0;
    while let Some(p) = parts.next() {
        let Some(w) = words.get(k + o) else {
            return false;
        };
        let last = parts.peek().is_none();
        // A phrase does not run across punctuation ("truyền thông, báo chí"
        // is not "thông báo"): only its last word may carry some.
        let ok = if last {
            w.2.trim_end_matches(WORD_END) == p || w.2 == p
        } else {
            w.2 == p
        };
        if !ok {
            return false;
        }
        o += 1;
    }
    true
}

fn head_len(words: &[Word<'_>], k: usize) -> Option<usize> {
    let n = HEAD_INDEX.longest_at(words, k)?;
    let first = words.get(k)?.2;
    if first == "các" || first == "quý" || first == "tỉnh" {
        // "các" needs a plural class noun after it; "quý Bộ" needs a capitalised noun.
        let next_ok = if first == "các" {
            PLURAL_INDEX.longest_at(words, k + 1).is_some()
        } else if first == "tỉnh" {
            n == 1 && words.len() > k + 1
        } else {
            words
                .get(k + 1)
                .is_some_and(|w| w.2 == "bộ" || w.2 == "cơ" || w.2 == "ủy" || w.2 == "sở")
        };
        if !next_ok {
            return None;
        }
    }
    Some(n)
}

/// The word before `words[k]` ends a unit's name: a capitalised proper name
/// or the locality a name closes with ("Công an tỉnh", "Trung tâm ... Thành
/// phố", "UBND các phường, xã, đặc khu").
fn closes_name(s: &str, words: &[Word<'_>], k: usize) -> bool {
    let Some(prev) = k.checked_sub(1).and_then(|i| words.get(i)) else {
        return false;
    };
    if s[prev.0..].chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    let before = k
        .checked_sub(2)
        .and_then(|i| words.get(i))
        .map_or("", |w| w.2);
    match prev.2 {
        "tỉnh" | "huyện" | "quận" | "xã" | "phường" => true,
        "phố" => before == "thành",
        "trấn" => before == "thị",
        "khu" => before == "đặc",
        "ương" => before == "trung",
        _ => false,
    }
}

/// Why a unit phrase ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitEnd {
    Verb,
    SpeakerVerb,
    Colon,
    Bracket,
    Punct,
    End,
}

/// A unit phrase at the start of `s`. Returns its byte length (trailing
/// commas trimmed) and why it ended. The first letter must be upper case
/// unless `lower_ok` (after "Giao", "Đề nghị"...).
pub fn unit_prefix(s: &str, lower_ok: bool) -> Option<(usize, UnitEnd)> {
    let first = s.chars().next()?;
    if !(first.is_uppercase() || (lower_ok && first.is_lowercase())) {
        return None;
    }
    // Cheap rejection on the first word before tokenising the whole text.
    // Lower-cased on a stack buffer: no head word is longer than 24 bytes.
    let fw = s
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([',', ';', ':', '.']);
    if fw.len() > 24 {
        return None;
    }
    let mut buf = [0u8; 24];
    let mut n = 0;
    for c in fw.chars() {
        n += crate::normalize::lower_char(c)
            .encode_utf8(&mut buf[n..])
            .len();
    }
    if !std::str::from_utf8(&buf[..n]).is_ok_and(|w| HEAD_FIRST.contains(w)) {
        return None;
    }
    // Most unit names end within a dozen words: tokenise a short prefix
    // first and the rest only when the name runs on.
    let mut ls = String::new();
    let short = lower_words(s, 16, &mut ls);
    if short.len() == 16 {
        if let Some(r) = unit_prefix_words(s, &short, first)
            && r.0 < short[15].0
        {
            return Some(r);
        }
        let mut ls = String::new();
        let words = lower_words(s, MAX_WORDS, &mut ls);
        return unit_prefix_words(s, &words, first);
    }
    unit_prefix_words(s, &short, first)
}

fn unit_prefix_words(s: &str, words: &[Word<'_>], first: char) -> Option<(usize, UnitEnd)> {
    // "Ban hành ...", "Báo cáo ...", "Trường hợp ..." start with a verb or a
    // conjunction, not a unit.
    // A longer unit head wins over a verb ("cấp ủy" is not "cấp").
    let verb_len = VERB_INDEX.find_at(words, 0).map(|v| v.split(' ').count());
    let head_wins =
        verb_len.is_some_and(|v| HEAD_INDEX.longest_at(words, 0).is_some_and(|h| h > v));
    if (verb_len.is_some() && !head_wins) || NOT_UNIT_INDEX.find_at(words, 0).is_some() {
        return None;
    }
    let hn = head_len(words, 0)?;
    // Lower-case starts are only the plural "các ..." or "quý ...".
    if first.is_lowercase()
        && !(words[0].2 == "các"
            || words[0].2 == "quý"
            || phrase_at(words, 0, "người đứng đầu")
            || phrase_at(words, 0, "thủ trưởng")
            // "yêu cầu cấp ủy, tổ chức đảng, chính quyền các cấp ...".
            || phrase_at(words, 0, "cấp ủy")
            || phrase_at(words, 0, "cấp uỷ")
            // "đề nghị thành viên Ban Chỉ đạo ... tham gia ...".
            || phrase_at(words, 0, "thành viên"))
    {
        return None;
    }
    let mut end = words.get(hn - 1).map(|w| w.1)?;
    let mut reason = UnitEnd::End;
    let mut k = hn;
    // The head itself may end with ":" or "," punctuation.
    let head_last = &s[words[hn - 1].0..words[hn - 1].1];
    let mut in_list = false;
    if head_last.ends_with(':') {
        if PERSON_TITLES.contains(&s[..end - 1].trim()) {
            in_list = true;
        } else {
            return Some((end - 1, UnitEnd::Colon));
        }
    }
    while k < words.len() && k < 60 {
        let (ws, we, wl) = words[k];
        let raw = &s[ws..we];
        let raw_first = raw.chars().next().unwrap_or(' ');
        if raw_first == '(' {
            reason = UnitEnd::Bracket;
            break;
        }
        // In a member list after a colon ("Các Bộ: ..., Ngoại giao, ...") a
        // verb-like word closing a member is part of its name.
        let list_member = in_list && raw.ends_with(',');
        if raw_first.is_lowercase()
            && !list_member
            && maybe_verb(wl)
            && let Some(v) = VERB_INDEX.find_at(words, k)
        {
            // "tổ chức chính trị - xã hội" is a noun inside a unit list.
            let noun_use = v == "tổ chức"
                && words.get(k + 2).is_some_and(|w| {
                    w.2 == "chính"
                        || w.2 == "xã"
                        || w.2.starts_with("đoàn")
                        // "tổ chức đảng": Party organisations.
                        || w.2.trim_end_matches([',', ';']) == "đảng"
                        // "các cơ quan, tổ chức có liên quan", "tổ chức, cá nhân".
                        || w.2 == "liên"
                        || w.2 == "cá"
                        || (w.2 == "có" && words.get(k + 3).is_some_and(|x| x.2 == "liên"))
                        || (words[k + 1].2.ends_with(',')
                            && !(maybe_verb(w.2) && VERB_INDEX.find_at(words, k + 2).is_some()))
                });
            // "các cơ quan quản lý nhà nước" names the agencies.
            let agency =
                v == "quản lý" && k >= 2 && words[k - 2].2 == "cơ" && words[k - 1].2 == "quan";
            let cap_noun = v == "cấp"
                && words.get(k - 1).is_some_and(|w| {
                    // "UBND cấp xã", "chính quyền các cấp".
                    w.2 == "ubnd" || w.2 == "dân" || w.2 == "các" || w.2.ends_with(',')
                });
            // "Cục Kết cấu hạ tầng xây dựng tham mưu": "xây dựng" closes
            // the name when another verb (or the end) follows it.
            let vlen = v.split(' ').count();
            // "phối hợp Trung tâm Chuyển đổi số Thành phố xây dựng, đề xuất
            // ...": after the locality that closes a unit's name ("Thành
            // phố", "tỉnh", "huyện" ...) or a capitalised proper name, a name
            // verb that a comma joins to the next verb opens a series of
            // duties: the name ended before it. Inside a name's lower-case
            // description ("Ban Quản lý dự án đầu tư xây dựng, ...") it stays.
            let series = words[k + vlen - 1].2.ends_with(',') && k >= 1 && closes_name(s, words, k);
            let name_word = NAME_VERBS.contains(&v)
                && !raw.ends_with(',')
                && !series
                && (k + vlen >= words.len()
                    || words.get(k + vlen).is_some_and(|w| maybe_verb(w.2))
                        && VERB_INDEX.find_at(words, k + vlen).is_some());
            // "đơn vị sự nghiệp công lập" is a noun phrase.
            let cong_lap = v == "lập" && k >= 1 && words[k - 1].2 == "công";
            // "các cơ quan, đơn vị có liên quan": "có" qualifies the noun.
            let related = v == "có" && words.get(k + 1).is_some_and(|w| w.2 == "liên");
            // "Bộ Chính trị, Ban Bí thư, trực tiếp là Tổng Bí thư ...": an
            // apposition naming who leads, not a duty.
            let namely = v == "trực tiếp" && words.get(k + 2).is_some_and(|w| w.2 == "là");
            // "Trung tâm Phục vụ hành chính công bố trí ...": the two-word verb
            // ("công bố") ends inside another that starts at its second word ("bố
            // trí"); the first word ("công") belongs to the name, and the verb is
            // found at the next word.
            let overlapping = v.contains(' ')
                && VERB_INDEX.find_at(words, k + 1).is_some_and(|next| {
                    next.contains(' ') && v.split(' ').nth(1) == next.split(' ').next()
                });
            // "Công ty ... công trình đô thị", "Cơ quan chủ quản Chương trình":
            // "trình" (submit) ends a compound noun here.
            let works = v == "trình"
                && k >= 1
                && matches!(
                    words[k - 1].2,
                    "công" | "chương" | "quy" | "lộ" | "quá" | "tờ" | "hành" | "giáo" | "tiến"
                );
            // "Cơ quan chủ trì giải quyết thủ tục ...", "4. Cơ quan phối hợp
            // có trách nhiệm ...", "..., cơ quan chủ trì Chương trình": right
            // after a bare "cơ quan" / "đơn vị" (the phrase's first words or
            // a list item's) "chủ trì" and "phối hợp" name the role, the
            // lead or co-operating agency; as verbs they would leave a bare
            // head that names no one.
            let role = (v == "chủ trì" || v == "phối hợp")
                && k >= 2
                && matches!(
                    (words[k - 2].2, words[k - 1].2),
                    ("cơ", "quan") | ("đơn", "vị")
                )
                && (k == 2 || words[k - 3].2.ends_with(','));
            // "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên": a kind
            // of education, not "regularly".
            let gdtx = v == "thường xuyên" && k >= 1 && words[k - 1].2 == "dục";
            // "Ban quản lý Khu ...", "Ban Chỉ đạo ...": the verb is part of a
            // many-word unit head.
            let in_head = k >= 1
                && HEAD_INDEX
                    .longest_at(words, k - 1)
                    .is_some_and(|n| n > v.split(' ').count());
            if !noun_use
                && !agency
                && !related
                && !cap_noun
                && !name_word
                && !cong_lap
                && !namely
                && !works
                && !gdtx
                && !role
                && !overlapping
                && !in_head
            {
                reason = if SPEAKER_VERBS.contains(&v) {
                    UnitEnd::SpeakerVerb
                } else {
                    UnitEnd::Verb
                };
                break;
            }
        }
        // "Giao Sở Xây dựng Theo dõi, đôn đốc ...": a capitalised two-word
        // duty verb that never occurs inside a unit name ends the name.
        if k > hn
            && raw_first.is_uppercase()
            && CAP_FIRST.contains(wl)
            && CAP_VERBS.iter().any(|v| phrase_at(words, k, v))
        {
            reason = UnitEnd::Verb;
            break;
        }
        end = we;
        if raw.ends_with(':') {
            // "Các Bộ: Tài chính, Xây dựng" lists members after the colon.
            let lead_word = wl.trim_end_matches(':');
            let after_cac = (k >= 1 && words[k - 1].2 == "các") || words[0].2 == "các";
            // "Các Bộ, cơ quan: Tài chính, ...": the noun may be two words.
            let next_is_verb = words
                .get(k + 1)
                .is_some_and(|w| maybe_verb(w.2) && VERB_INDEX.find_at(words, k + 1).is_some());
            let two_word = k >= 1 && !next_is_verb && {
                let prev = words[k - 1].2.trim_end_matches(',');
                PLURAL_NOUNS.iter().any(|p| {
                    p.len() == prev.len() + 1 + lead_word.len()
                        && p.starts_with(prev)
                        && p.ends_with(lead_word)
                        && p.as_bytes()[prev.len()] == b' '
                })
            };
            let plural = after_cac
                && (PLURAL_NOUNS.contains(&lead_word)
                    || two_word
                    || lead_word == "tỉnh"
                    || lead_word == "bộ");
            let title_only = k + 1 == hn + (k + 1 - hn)
                && PERSON_TITLES.iter().any(|t| {
                    s[..we - 1].trim().eq_ignore_ascii_case(t) || s[..we - 1].trim() == *t
                });
            if plural || title_only {
                in_list = true;
            } else {
                end = we - 1;
                reason = UnitEnd::Colon;
                break;
            }
        }
        // "Các Bộ: Nông nghiệp và Môi trường; Xây dựng" — the member list
        // after a plural colon runs through semicolons.
        if raw.ends_with(';') && in_list {
            k += 1;
            continue;
        }
        if raw.ends_with(['.', ';']) {
            end = we - 1;
            reason = UnitEnd::Punct;
            break;
        }
        k += 1;
    }
    if k >= 60 {
        return None;
    }
    let unit = s[..end].trim_end_matches([',', ' ', ':', '-', '–']);
    // "Tỉnh nghiên cứu ...": in a conclusion addressed to a province the
    // bare word stands for it, as subject of a duty verb.
    if unit == "Tỉnh" && reason == UnitEnd::Verb {
        return Some((unit.len(), reason));
    }
    // A bare head ("Các", "Cơ quan", "Ban") names no one.
    if unit.is_empty()
        || unit.split_whitespace().take(2).count() <= hn.min(1)
        || unit.split_whitespace().take(2).count() < 2
    {
        return None;
    }
    Some((unit.len(), reason))
}

const ORG_START: &[&str] = &[
    "sở",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "công an",
    "đài",
    "tập đoàn",
    "cục",
    "ban",
    "văn phòng",
    "trung tâm",
    "thanh tra",
    "báo",
    "hội",
    "đoàn",
    "mặt trận",
    "bộ chỉ huy",
    "thuế",
    "kho bạc",
    "ngân hàng",
    "phòng",
    "viện",
    "trường",
    "tổng công ty",
    "chủ tịch",
    "ubmttq",
    // "Trung ương Hội Cựu chiến binh", "Trung ương Đoàn".
    "trung ương",
];

/// The key leads are merged by: [`compare_key`] with the usual variants
/// made equal. "UBND" is "Ủy ban nhân dân"; a head stands for the unit
/// ("các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ" is "các bộ, cơ
/// quan ngang bộ", "Bí thư các tỉnh ủy" the tỉnh ủy); the commune and
/// province levels have several spellings ("UBND cấp xã", "Ủy ban nhân dân
/// các xã, phường", "... các phường, xã, đặc khu"). A leading "các" is kept
/// so plural classes stay apart from a single unit.
///
/// [`compare_key`]: crate::normalize::compare_key
pub fn merge_key(s: &str) -> String {
    const TITLES: &[&str] = &[
        "bộ trưởng, thủ trưởng ",
        "bộ trưởng ",
        "thủ trưởng ",
        "chủ tịch ",
        "tổng giám đốc ",
        "giám đốc ",
        "bí thư ",
        "người đứng đầu ",
    ];
    const LEVELS: &[(&str, &str)] = &[
        (" các xã, phường, đặc khu", " cấp xã"),
        (" các xã, phường và đặc khu", " cấp xã"),
        (" các phường, xã, đặc khu", " cấp xã"),
        (" các phường, xã và đặc khu", " cấp xã"),
        (" phường, xã và đặc khu", " cấp xã"),
        (" các xã, phường", " cấp xã"),
        (" các phường, xã", " cấp xã"),
        (" xã, phường", " cấp xã"),
        (" phường, xã", " cấp xã"),
        (" các tỉnh, thành phố trực thuộc trung ương", " cấp tỉnh"),
        (" các tỉnh, thành phố", " cấp tỉnh"),
        (" các tỉnh", " cấp tỉnh"),
    ];
    let mut k = crate::normalize::compare_key(s).replace("uỷ", "ủy");
    if let Some(r) = k.strip_prefix("ubnd ") {
        k = format!("ủy ban nhân dân {r}");
    }
    k = k.replace(" ubnd ", " ủy ban nhân dân ");
    let mut plural = false;
    for p in ["các đồng chí ", "đồng chí "] {
        if let Some(r) = k.strip_prefix(p) {
            plural = p.starts_with("các");
            k = r.to_string();
            break;
        }
    }
    let parts: Vec<&str> = k
        .split(", ")
        .map(|part| {
            if part == "bộ trưởng" {
                return "bộ";
            }
            TITLES
                .iter()
                .find_map(|t| part.strip_prefix(t).filter(|r| !r.is_empty()))
                .unwrap_or(part)
        })
        .collect();
    let mut k = parts.join(", ");
    if plural && !k.starts_with("các ") {
        k = format!("các {k}");
    }
    for (a, b) in LEVELS {
        if let Some(r) = k.strip_suffix(a) {
            k = format!("{r}{b}");
            break;
        }
    }
    k
}

/// The lead is written as a person ("Chủ tịch UBND ...", "các đồng chí Bộ
/// trưởng ...") rather than as the unit.
pub fn names_person(s: &str) -> bool {
    let k = crate::normalize::compare_key(s);
    let k = k.strip_prefix("các ").unwrap_or(&k);
    [
        "đồng chí ",
        "bộ trưởng",
        "thủ trưởng ",
        "chủ tịch ",
        "tổng giám đốc ",
        "giám đốc ",
        "bí thư ",
        "người đứng đầu ",
    ]
    .iter()
    .any(|t| k.starts_with(t))
}

/// A one-word class noun ("sở", "ngành", "đơn vị" → "vị" no): lower case.
pub(crate) fn is_class_noun(w: &str) -> bool {
    PLURAL_NOUNS.contains(&w) || matches!(w, "ubnd" | "cấp")
}

pub(crate) fn starts_org(s: &str) -> bool {
    let t = s.trim_start();
    if !t.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let lt = lower_prefix(t, 4);
    let words = split_words(&lt);
    if words.first().is_some_and(|w| w.2 == "bộ") {
        // "Bộ Y tế" is an organisation, "Bộ trưởng" a person.
        return words.get(1).is_some_and(|w| w.2 != "trưởng");
    }
    ORG_START.iter().any(|h| phrase_at(&words, 0, h))
}

fn starts_person(s: &str) -> bool {
    let lt = lower_prefix(s.trim_start(), 4);
    let words = split_words(&lt);
    [
        "bí thư",
        "chủ tịch",
        "giám đốc",
        "bộ trưởng",
        "thủ trưởng",
        "tổng giám đốc",
        "người đứng đầu",
    ]
    .iter()
    .any(|h| phrase_at(&words, 0, h))
}

/// Splits a joint lead ("Sở Tài chính, Sở Xây dựng") into units; a comma
/// or "và" only splits when an organisation name follows.
pub fn split_coleads(s: &str) -> Vec<String> {
    // "Giám đốc: Sở A, Sở B" — the title applies to each listed unit.
    if let Some((title, rest)) = s.split_once(": ")
        && PERSON_TITLES.contains(&title.trim())
    {
        return split_coleads(rest);
    }
    if s.contains(':') {
        // "Bí thư tỉnh ủy và Chủ tịch UBND các tỉnh: A, B" — the qualifier
        // belongs to both persons.
        if let Some((persons, _)) = s.split_once(':')
            && let Some(q) = persons.find(" các ")
            && let Some((p1, p2)) = persons[..q].split_once(" và ")
            && starts_person(p1)
            && starts_person(p2)
        {
            let qual = &s[q + 1..];
            return vec![
                format!("{} {}", p1.trim(), qual.trim()),
                format!("{} {}", p2.trim(), qual.trim()),
            ];
        }
        return vec![s.trim().to_string()];
    }
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut rest = s;
    // Next occurrence (offset in `s`) of each separator, found once and
    // searched again only when `rest` has moved past it.
    const SEPS: [&str; 3] = [", ", "; ", " và "];
    let mut found: [Option<Option<usize>>; 3] = [None; 3];
    loop {
        let base = s.len() - rest.len();
        for (slot, sep) in found.iter_mut().zip(SEPS) {
            let stale = match *slot {
                None => true,
                Some(Some(q)) => q < base,
                Some(None) => false,
            };
            if stale {
                *slot = Some(rest.find(sep).map(|p| base + p));
            }
        }
        let next = found
            .iter()
            .zip(SEPS)
            .filter_map(|(slot, sep)| slot.flatten().map(|q| (q - base, sep.len())))
            .min_by_key(|(p, _)| *p);
        match next {
            Some((p, l)) => {
                let head = &rest[..p];
                let after = &rest[p + l..];
                cur.push_str(head);
                // Separators inside brackets belong to a bracketed list.
                let open = cur.matches('(').count();
                let close = cur.matches(')').count();
                if open > close {
                    cur.push_str(&rest[p..p + l]);
                    rest = after;
                    continue;
                }
                let sep_is_semicolon = rest[p..].starts_with(';');
                let sep_is_and = rest[p..].starts_with(" và ");
                let split = if sep_is_and {
                    (starts_person(after) && starts_person(&cur))
                        || after.starts_with("các ")
                        // "UBND các xã, phường và cơ quan, tổ chức liên quan".
                        || (cur.contains(" các ")
                            && starts_org(&cur)
                            && ["cơ quan", "đơn vị", "tổ chức"]
                                .iter()
                                .any(|k| after.starts_with(k)))
                        || (starts_org(after) && starts_org(&cur) && !cur.starts_with("Văn phòng"))
                } else {
                    // "Tổng giám đốc các Tập đoàn, Tổng công ty, đơn vị liên quan":
                    // after a plural the comma continues the list of kinds.
                    let kind_item = || {
                        let item = after.split([',', ';']).next().unwrap_or("");
                        let n = item.split_whitespace().count();
                        let lower = crate::normalize::lower_str(item.trim());
                        (1..=4).contains(&n)
                            && (PLURAL_NOUNS.contains(&lower.as_str())
                                || item
                                    .split_whitespace()
                                    .skip(1)
                                    .all(|w| w.chars().next().is_some_and(char::is_lowercase)))
                    };
                    let plural_kinds = !sep_is_semicolon
                        && cur.contains(" các ")
                        && starts_person(&cur)
                        && kind_item();
                    // "Đài truyền thanh xã, các đồng chí Trưởng thôn": a
                    // named unit, then a plural class; "các đồng chí A, B,
                    // các đồng chí C": a repeated plural opener.
                    let after_l = crate::normalize::lower_str(
                        &after
                            .split_whitespace()
                            .take(3)
                            .collect::<Vec<_>>()
                            .join(" "),
                    );
                    let cur_l = crate::normalize::lower_str(cur.trim_start());
                    let plural_after = after_l.starts_with("các ")
                        && ((starts_org(&cur) && !cur.contains(" các "))
                            || (after_l
                                .split(' ')
                                .nth(1)
                                .is_some_and(|w| cur_l.starts_with(&format!("các {w} ")))));
                    !plural_kinds && (sep_is_semicolon || starts_org(after) || plural_after)
                };
                if split && cur.split_whitespace().take(2).count() >= 2 {
                    parts.push(std::mem::take(&mut cur));
                } else {
                    cur.push_str(&rest[p..p + l]);
                }
                rest = after;
            }
            None => {
                cur.push_str(rest);
                break;
            }
        }
    }
    if !cur.trim().is_empty() {
        parts.push(cur);
    }
    parts
        .into_iter()
        .map(|p| p.trim().trim_end_matches([',', ';']).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// "Bộ Tài chính, các bộ, ngành liên quan" → two co-operating entries.
pub fn split_before_cac(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(p) = rest.find(", các ") {
        let head = &rest[..p];
        if head.split_whitespace().take(3).count() >= 3 {
            out.push(head.trim().to_string());
            rest = &rest[p + 2..];
        } else {
            break;
        }
    }
    if !rest.trim().is_empty() {
        out.push(rest.trim().to_string());
    }
    out
}

/// Co-operating units named after "phối hợp với" / "cùng" in a duty text.
pub fn cooperating(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Every trigger contains "phối hợp " or "chủ trì": skip the search
    // when neither occurs.
    let (has_ph, has_ct) = (text.contains("phối hợp "), text.contains("chủ trì"));
    if !(has_ph || has_ct) {
        return out;
    }
    for trig in [
        "phối hợp chặt chẽ với ",
        "phối hợp với ",
        "phối hợp cùng ",
        "phối hợp ",
        "chủ trì cùng ",
        "chủ trì, cùng ",
    ] {
        // A trigger of an absent family cannot occur.
        if !(if trig.starts_with('p') {
            has_ph
        } else {
            has_ct
        }) {
            continue;
        }
        let mut from = 0;
        while let Some(p) = text.get(from..).and_then(|t| t.find(trig)) {
            let start = from + p + trig.len();
            from = start;
            let rest = &text[start..];
            // A list of units: read unit phrases separated by ", " / " và ".
            let mut cur = rest;
            while let Some((len, why)) = unit_prefix(cur, true) {
                let unit = &cur[..len];
                for u in split_coleads(unit).iter().flat_map(|u| split_before_cac(u)) {
                    if !out.contains(&u) {
                        out.push(u);
                    }
                }
                // "phối hợp với Sở A, Sở B cùng các đơn vị có liên quan, tổ
                // chức ...": "cùng" (together with) adds one more to the list.
                let with = cur[len..]
                    .trim_start_matches([',', ' '])
                    .strip_prefix("cùng ")
                    .filter(|r| {
                        why == UnitEnd::Verb
                            && !r.starts_with("với")
                            && unit_prefix(r, true).is_some()
                    });
                if let Some(r) = with {
                    cur = r;
                    continue;
                }
                if why != UnitEnd::End && why != UnitEnd::Punct {
                    break;
                }
                let after = cur[len..].trim_start_matches([',', ';', ' ']);
                let after = after.strip_prefix("và ").unwrap_or(after);
                if after.len() == cur.len() || after.is_empty() {
                    break;
                }
                cur = after;
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_split_words_matches_chars() {
        let mut all = String::new();
        for u in (0u32..0x3100).chain(0xFE00..0xFFFF).chain(0x10000..0x10100) {
            if let Some(c) = char::from_u32(u) {
                let one = format!("a{c}b {c}");
                assert_eq!(split_words(&one), split_words_chars(&one), "U+{u:04X}");
                all.push(c);
                all.push('x');
            }
        }
        assert_eq!(split_words(&all), split_words_chars(&all));
        for max in [1, 4, 16, 72] {
            let mut ls = String::new();
            let got = lower_words(&all, max, &mut ls);
            let want_ls = lower_prefix(&all, max);
            assert_eq!(got, split_words(&want_ls), "max {max}");
        }
    }

    /// [`phrase_at`] before its first-byte rejection (the reference).
    fn phrase_at_split(words: &[Word<'_>], k: usize, phrase: &str) -> bool {
        let mut parts = phrase.split(' ').peekable();
        let mut o = 0;
        while let Some(p) = parts.next() {
            let Some(w) = words.get(k + o) else {
                return false;
            };
            let ok = if parts.peek().is_none() {
                w.2.trim_end_matches(WORD_END) == p || w.2 == p
            } else {
                w.2 == p
            };
            if !ok {
                return false;
            }
            o += 1;
        }
        true
    }

    #[test]
    fn phrase_at_matches_split() {
        let text = "cấp ủy, các cơ quan; thành viên . , đơn vị: ủy ban nhân dân tỉnh.";
        let words = split_words(text);
        let phrases = [
            "",
            " ",
            "cấp",
            "cấp ủy",
            "các cơ quan",
            "cơ quan",
            ".",
            ",",
            "thành viên",
            "đơn vị",
            "ủy ban nhân dân",
            "ủy ban nhân dân tỉnh",
            " ủy",
            "tỉnh",
            "x",
        ];
        for k in 0..=words.len() + 1 {
            for p in phrases {
                assert_eq!(
                    phrase_at(&words, k, p),
                    phrase_at_split(&words, k, p),
                    "{k} {p:?}"
                );
            }
        }
    }

    #[test]
    fn cap_verbs_have_two_words() {
        // CAP_FIRST as a prefilter relies on it.
        assert!(CAP_VERBS.iter().all(|v| v.split(' ').count() >= 2));
    }

    #[test]
    fn unit_phrases() {
        let cases: &[(&str, bool, Option<&str>)] = &[
            (
                "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ",
                false,
                Some("Sở Tài chính"),
            ),
            (
                "Phòng Kinh tế, hạ tầng và Đô thị phường",
                false,
                Some("Phòng Kinh tế, hạ tầng và Đô thị phường"),
            ),
            (
                "Ủy ban nhân dân tỉnh Đồng Nai: chỉ đạo",
                false,
                Some("Ủy ban nhân dân tỉnh Đồng Nai"),
            ),
            (
                "các phòng, các đơn vị thuộc phường tập trung",
                true,
                Some("các phòng, các đơn vị thuộc phường"),
            ),
            (
                "Trung tâm Y tế huyện (Cơ quan Thường trực) chủ trì",
                false,
                Some("Trung tâm Y tế huyện"),
            ),
            (
                "Sở Thông tin và Truyền thông có trách nhiệm",
                false,
                Some("Sở Thông tin và Truyền thông"),
            ),
            (
                "Các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã, phường thực hiện",
                false,
                Some(
                    "Các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã, phường",
                ),
            ),
            // "tổ chức" and "quản lý" as nouns inside a collective.
            (
                "Các cơ quan quản lý nhà nước, tổ chức, cá nhân liên quan có trách nhiệm",
                false,
                Some("Các cơ quan quản lý nhà nước, tổ chức, cá nhân liên quan"),
            ),
            (
                "các cơ quan, tổ chức có liên quan căn cứ Kế hoạch",
                true,
                Some("các cơ quan, tổ chức có liên quan"),
            ),
            (
                "UBND các xã, tổ chức, triển khai kế hoạch",
                false,
                Some("UBND các xã"),
            ),
            ("các nhiệm vụ trọng tâm", true, None),
            ("Tiếp tục thực hiện", false, None),
        ];
        for (s, lower, want) in cases {
            let got = unit_prefix(s, *lower).map(|(l, _)| &s[..l]);
            assert_eq!(got, *want, "{s}");
        }
    }

    #[test]
    fn title_over_a_plural_list_of_kinds() {
        assert_eq!(
            split_coleads(
                "Chủ tịch Hội đồng thành viên, Tổng giám đốc các Tập đoàn, Tổng công ty, đơn vị liên quan"
            ),
            vec![
                "Chủ tịch Hội đồng thành viên, Tổng giám đốc các Tập đoàn, Tổng công ty, đơn vị liên quan"
            ]
        );
        assert_eq!(
            split_coleads("Ủy ban nhân dân các xã, phường và cơ quan, tổ chức có liên quan"),
            vec![
                "Ủy ban nhân dân các xã, phường",
                "cơ quan, tổ chức có liên quan"
            ]
        );
        assert_eq!(
            split_coleads("Phòng Kinh tế, hạ tầng và Đô thị"),
            vec!["Phòng Kinh tế, hạ tầng và Đô thị"]
        );
        assert_eq!(
            split_coleads("Ủy ban nhân dân các tỉnh, Tổng công ty Điện lực"),
            vec!["Ủy ban nhân dân các tỉnh", "Tổng công ty Điện lực"]
        );
    }

    #[test]
    fn merge_keys() {
        assert_eq!(
            merge_key("UBND cấp xã"),
            merge_key("Ủy ban nhân dân các xã, phường")
        );
        assert_eq!(
            merge_key("Ủy ban nhân dân các phường, xã, đặc khu"),
            merge_key("UBND các xã, phường")
        );
        assert_eq!(
            merge_key("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"),
            merge_key("Ủy ban nhân dân các tỉnh")
        );
        assert_eq!(
            merge_key("các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ"),
            merge_key("Các Bộ, cơ quan ngang Bộ")
        );
        assert_ne!(merge_key("Sở Tài chính"), merge_key("Sở Tư pháp"));
        assert_ne!(merge_key("Bộ Tài chính"), merge_key("các Bộ"));
        assert!(names_person("Chủ tịch UBND các huyện"));
        assert!(!names_person("UBND các huyện"));
    }

    #[test]
    fn coleads_and_cooperating() {
        assert_eq!(
            split_coleads("Sở Tài chính, Sở Xây dựng"),
            vec!["Sở Tài chính", "Sở Xây dựng"]
        );
        assert_eq!(
            split_coleads("UBND các xã, phường"),
            vec!["UBND các xã, phường"]
        );
        assert_eq!(
            split_coleads("Mặt trận Tổ quốc, Đoàn Thanh niên, Hội Phụ nữ"),
            vec!["Mặt trận Tổ quốc", "Đoàn Thanh niên", "Hội Phụ nữ"]
        );
        assert_eq!(
            cooperating(
                "chủ trì, phối hợp với Văn phòng Chính phủ, Bộ Tài chính, các bộ, ngành liên quan rà soát danh mục"
            ),
            vec![
                "Văn phòng Chính phủ",
                "Bộ Tài chính",
                "các bộ, ngành liên quan"
            ]
        );
    }

    #[test]
    fn lead_and_cooperating_roles_are_nouns_after_a_bare_agency() {
        let unit = |s: &'static str| unit_prefix(s, false).map(|(l, w)| (&s[..l], w));
        assert_eq!(
            unit("Cơ quan chủ trì giải quyết thủ tục cấp phép"),
            Some(("Cơ quan chủ trì", UnitEnd::Verb))
        );
        assert_eq!(
            unit("Đơn vị phối hợp có trách nhiệm cung cấp hồ sơ"),
            Some(("Đơn vị phối hợp", UnitEnd::Verb))
        );
        // A list of roles runs on to its bracket; no bare "cơ quan" leads.
        assert_eq!(
            unit("Cơ quan chủ quản Đề án, cơ quan chủ trì Đề án (các sở)"),
            Some((
                "Cơ quan chủ quản Đề án, cơ quan chủ trì Đề án",
                UnitEnd::Bracket
            ))
        );
        // After a named unit "chủ trì" is the duty verb.
        assert_eq!(
            unit("Sở Tài chính chủ trì, phối hợp với các sở"),
            Some(("Sở Tài chính", UnitEnd::Verb))
        );
        assert_eq!(
            unit("Các cơ quan chủ trì rà soát hồ sơ"),
            Some(("Các cơ quan", UnitEnd::Verb))
        );
    }

    #[test]
    fn a_name_verb_in_a_series_of_duties_ends_the_name() {
        // "xây dựng, đề xuất ...": two duties joined by a comma after the
        // locality that closes the name, not part of the name.
        assert_eq!(
            cooperating(
                "chủ trì, phối hợp Trung tâm Chuyển đổi số Thành phố xây dựng, đề xuất phương án phần mềm dùng chung"
            ),
            vec!["Trung tâm Chuyển đổi số Thành phố"]
        );
        assert_eq!(
            cooperating("chủ trì, phối hợp Công an tỉnh xây dựng, ban hành quy chế"),
            vec!["Công an tỉnh"]
        );
        // Inside a name's lower-case description the word stays.
        assert_eq!(
            cooperating(
                "chủ trì, phối hợp Ban Quản lý dự án đầu tư xây dựng, triển khai công trình"
            ),
            vec!["Ban Quản lý dự án đầu tư xây dựng"]
        );
    }

    #[test]
    fn together_with_adds_a_cooperating_unit() {
        assert_eq!(
            cooperating(
                "chủ trì, phối hợp với Sở Tài chính, Công an tỉnh cùng các đơn vị có liên quan, tổ chức khảo sát hiện trạng"
            ),
            vec!["Sở Tài chính", "Công an tỉnh", "các đơn vị có liên quan"]
        );
        // "cùng với" after the units is no list.
        assert_eq!(
            cooperating("chủ trì, phối hợp với Sở Tài chính cùng thực hiện"),
            vec!["Sở Tài chính"]
        );
    }
}
