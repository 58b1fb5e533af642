//! Documents (văn bản): incoming and outgoing, their number and notation, signature.

use crate::{DocumentId, DomainError, TaskId, UnitId, text};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Incoming (văn bản đến) or outgoing (văn bản đi).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Incoming,
    Outgoing,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Incoming => "incoming",
            Direction::Outgoing => "outgoing",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "incoming" => Some(Direction::Incoming),
            "outgoing" => Some(Direction::Outgoing),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Direction::Incoming => "Văn bản đến",
            Direction::Outgoing => "Văn bản đi",
        }
    }
}

macro_rules! doc_kinds {
    ($( $variant:ident => $code:literal, $abbr:literal, $label:literal; )*) => {
        /// Document kind (Nghị định 30/2020, Phụ lục III), with its notation abbreviation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum DocKind { $($variant),* }

        impl DocKind {
            pub const ALL: &'static [DocKind] = &[$(DocKind::$variant),*];
            /// Stable code, as in the parser's and the gold files' `kind`.
            pub fn as_str(self) -> &'static str {
                match self { $(DocKind::$variant => $code),* }
            }
            /// Abbreviation in the notation ("NQ" in 148/NQ-CP); empty for a công văn.
            pub fn abbreviation(self) -> &'static str {
                match self { $(DocKind::$variant => $abbr),* }
            }
            pub fn label(self) -> &'static str {
                match self { $(DocKind::$variant => $label),* }
            }
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.as_str() == s)
            }
        }
    };
}

doc_kinds! {
    CongVan => "cong_van", "", "Công văn";
    NghiQuyet => "nghi_quyet", "NQ", "Nghị quyết";
    QuyetDinh => "quyet_dinh", "QĐ", "Quyết định";
    ChiThi => "chi_thi", "CT", "Chỉ thị";
    KeHoach => "ke_hoach", "KH", "Kế hoạch";
    ThongBao => "thong_bao", "TB", "Thông báo";
    ThongBaoKetLuan => "thong_bao_ket_luan", "TB", "Thông báo kết luận";
    KetLuan => "ket_luan", "KL", "Kết luận";
    CongDien => "cong_dien", "CĐ", "Công điện";
    BaoCao => "bao_cao", "BC", "Báo cáo";
    HuongDan => "huong_dan", "HD", "Hướng dẫn";
    ToTrinh => "to_trinh", "TTr", "Tờ trình";
    GiayMoi => "giay_moi", "GM", "Giấy mời";
    Other => "other", "", "Văn bản khác";
}

/// Number and notation as printed, e.g. "148/NQ-CP", "12/UBND-VP", "7168/VP-TH".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocumentNumber(String);

impl DocumentNumber {
    /// Accepts `N/NOTATION` with spaces removed; N is digits, the notation is letters,
    /// digits and '-' / '.' ("Số: 12/UBND-VP" is accepted too).
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let cleaned = text::clean(s);
        let cleaned = cleaned
            .strip_prefix("Số:")
            .or_else(|| cleaned.strip_prefix("số:"))
            .unwrap_or(&cleaned);
        let compact: String = cleaned.chars().filter(|c| !c.is_whitespace()).collect();
        let Some((num, notation)) = compact.split_once('/') else {
            return Err(DomainError::invalid(
                "number",
                "số, ký hiệu phải có dạng 12/UBND-VP",
            ));
        };
        let num_ok = !num.is_empty() && num.len() <= 9 && num.chars().all(|c| c.is_ascii_digit());
        // Letters and digits joined by single marks ("2020/NĐ-CP", "UBND-VP", "BCĐ&TT"):
        // never a mark at either end or two in a row ("../../x").
        let is_mark = |c: char| "-/.&".contains(c);
        let notation_ok = !notation.is_empty()
            && notation.chars().count() <= 60
            && notation.chars().all(|c| c.is_alphanumeric() || is_mark(c))
            && notation.chars().any(char::is_alphabetic)
            && !notation.starts_with(is_mark)
            && !notation.ends_with(is_mark)
            && !notation
                .chars()
                .zip(notation.chars().skip(1))
                .any(|(a, b)| is_mark(a) && is_mark(b));
        if !num_ok || !notation_ok {
            return Err(DomainError::invalid(
                "number",
                format!("số, ký hiệu không hợp lệ: {compact}"),
            ));
        }
        Ok(DocumentNumber(compact))
    }

    /// Formats a register number with its notation; numbers below 10 get a leading zero.
    pub fn from_register(number: u32, notation: &str) -> Result<Self, DomainError> {
        Self::parse(&format!("{number:02}/{notation}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The numeric part ("148" of "148/NQ-CP").
    pub fn serial(&self) -> &str {
        self.0.split('/').next().unwrap_or("")
    }
}

impl TryFrom<String> for DocumentNumber {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}
impl From<DocumentNumber> for String {
    fn from(n: DocumentNumber) -> String {
        n.0
    }
}
impl std::fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Urgency (độ khẩn), with edXML's priority codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    #[default]
    Normal,
    Khan,
    ThuongKhan,
    HoaToc,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Khan => "khan",
            Urgency::ThuongKhan => "thuong_khan",
            Urgency::HoaToc => "hoa_toc",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            Urgency::Normal,
            Urgency::Khan,
            Urgency::ThuongKhan,
            Urgency::HoaToc,
        ]
        .into_iter()
        .find(|u| u.as_str() == s)
    }
    /// The urgency in a sentence ("độ khẩn thường → khẩn"): "thường" for normal, the
    /// mark in lower case otherwise.
    pub fn word(self) -> &'static str {
        match self {
            Urgency::Normal => "thường",
            Urgency::Khan => "khẩn",
            Urgency::ThuongKhan => "thượng khẩn",
            Urgency::HoaToc => "hỏa tốc",
        }
    }
    /// The mark printed on the document; empty for normal.
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Normal => "",
            Urgency::Khan => "KHẨN",
            Urgency::ThuongKhan => "THƯỢNG KHẨN",
            Urgency::HoaToc => "HỎA TỐC",
        }
    }
}

/// Secrecy (độ mật). Secret documents are visible only to those assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Secrecy {
    #[default]
    Normal,
    Mat,
    ToiMat,
    TuyetMat,
}

impl Secrecy {
    pub fn as_str(self) -> &'static str {
        match self {
            Secrecy::Normal => "normal",
            Secrecy::Mat => "mat",
            Secrecy::ToiMat => "toi_mat",
            Secrecy::TuyetMat => "tuyet_mat",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            Secrecy::Normal,
            Secrecy::Mat,
            Secrecy::ToiMat,
            Secrecy::TuyetMat,
        ]
        .into_iter()
        .find(|u| u.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Secrecy::Normal => "",
            Secrecy::Mat => "MẬT",
            Secrecy::ToiMat => "TỐI MẬT",
            Secrecy::TuyetMat => "TUYỆT MẬT",
        }
    }
    pub fn is_secret(self) -> bool {
        self != Secrecy::Normal
    }
    /// The register series a document of this secrecy is numbered in: secret documents
    /// have their own (Nghị định 30, Điều 15).
    pub fn register_series(self) -> &'static str {
        if self.is_secret() { "secret" } else { "normal" }
    }
}

/// The signature block: authority chain, title line, name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SignatureBlock {
    /// "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG" ... in order.
    pub authority: Vec<String>,
    pub title: String,
    pub name: String,
}

/// Where a document received through the national axis came from, as its edXML
/// envelope named it: what a status answer must name (ResponseFor) for the sender's
/// system to match it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ExchangeRef {
    /// The sender's agency code ("000.00.00.H26"); may be empty.
    pub organ_id: String,
    /// The document's id on the axis.
    pub document_id: String,
}

/// Longest agency code or axis document id kept.
const EXCHANGE_ID_CHARS: usize = 200;

/// A registered document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    /// The authority whose register holds it.
    pub org_id: UnitId,
    pub direction: Direction,
    pub kind: DocKind,
    pub number: Option<DocumentNumber>,
    pub issued_on: Option<NaiveDate>,
    pub issuer: String,
    pub place: String,
    pub subject: String,
    pub body: String,
    pub addressees: Vec<String>,
    pub distribution: Vec<String>,
    pub signature: Option<SignatureBlock>,
    pub urgency: Urgency,
    pub secrecy: Secrecy,
    /// Cascade: the task received from the level above that this directive implements.
    pub implements_task: Option<TaskId>,
    /// Numbers of other documents the text cites ("148/NQ-CP"), resolved or not.
    pub references: Vec<String>,
    pub registered_at: DateTime<Utc>,
    /// For a document received as an edXML package: its sender's ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<ExchangeRef>,
    /// An incoming document's number in the organisation's register of incoming
    /// documents (số đến), from 1 each year (the year it was registered, Vietnam's
    /// time); `None` for an outgoing one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_serial: Option<i32>,
}

/// A document to be registered. Built only through [`NewDocument::new`] and its
/// `with_*` methods, which validate what they take.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    pub(crate) org_id: UnitId,
    pub(crate) direction: Direction,
    pub(crate) kind: DocKind,
    pub(crate) number: Option<DocumentNumber>,
    pub(crate) issued_on: Option<NaiveDate>,
    pub(crate) issuer: String,
    pub(crate) place: String,
    pub(crate) subject: String,
    pub(crate) body: String,
    pub(crate) addressees: Vec<String>,
    pub(crate) distribution: Vec<String>,
    pub(crate) signature: Option<SignatureBlock>,
    pub(crate) urgency: Urgency,
    pub(crate) secrecy: Secrecy,
    pub(crate) implements_task: Option<TaskId>,
    pub(crate) references: Vec<String>,
    pub(crate) exchange: Option<ExchangeRef>,
}

/// Largest body accepted (characters); longer text is an upload error, not a truncation.
pub const MAX_BODY_CHARS: usize = 2_000_000;

/// The subject without a typed "V/v" ("về việc") in front: the layout prints that
/// prefix itself for a công văn ("V/v V/v triển khai ..." otherwise).
pub fn strip_vv(subject: &str) -> &str {
    let t = subject.trim_start();
    match t.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("v/v") => {
            t[3..].trim_start_matches([' ', ':', '.']).trim_start()
        }
        _ => t,
    }
}

impl NewDocument {
    pub fn new(
        org_id: UnitId,
        direction: Direction,
        kind: DocKind,
        issuer: &str,
        subject: &str,
    ) -> Result<Self, DomainError> {
        Ok(NewDocument {
            org_id,
            direction,
            kind,
            number: None,
            issued_on: None,
            issuer: text::required("issuer", issuer, 300)?,
            place: String::new(),
            subject: text::required("subject", strip_vv(subject), 1000)?,
            body: String::new(),
            addressees: Vec::new(),
            distribution: Vec::new(),
            signature: None,
            urgency: Urgency::Normal,
            secrecy: Secrecy::Normal,
            implements_task: None,
            references: Vec::new(),
            exchange: None,
        })
    }
    pub fn with_number(mut self, number: Option<DocumentNumber>) -> Self {
        self.number = number;
        self
    }
    pub fn with_issued_on(mut self, date: Option<NaiveDate>) -> Self {
        self.issued_on = date;
        self
    }
    pub fn with_place(mut self, place: &str) -> Self {
        self.place = text::clean(place);
        self
    }
    pub fn with_body(mut self, body: &str) -> Result<Self, DomainError> {
        let body = text::clean_multiline(body);
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(DomainError::invalid("body", "nội dung văn bản quá dài"));
        }
        self.body = body;
        Ok(self)
    }
    pub fn with_addressees(mut self, list: &[String]) -> Self {
        self.addressees = clean_list(list);
        self
    }
    pub fn with_distribution(mut self, list: &[String]) -> Self {
        self.distribution = clean_list(list);
        self
    }
    pub fn with_references(mut self, list: &[String]) -> Self {
        self.references = clean_list(list);
        self
    }
    pub fn with_signature(mut self, sig: Option<SignatureBlock>) -> Self {
        self.signature = sig.map(|s| SignatureBlock {
            authority: clean_list(&s.authority),
            title: text::clean(&s.title),
            name: text::clean(&s.name),
        });
        self
    }
    pub fn with_marks(mut self, urgency: Urgency, secrecy: Secrecy) -> Self {
        self.urgency = urgency;
        self.secrecy = secrecy;
        self
    }
    pub fn implementing(mut self, task: Option<TaskId>) -> Self {
        self.implements_task = task;
        self
    }
    /// The sender's ids of a document received as an edXML package; none when the
    /// axis document id is blank.
    pub fn with_exchange(mut self, exchange: Option<ExchangeRef>) -> Result<Self, DomainError> {
        self.exchange = match exchange {
            None => None,
            Some(x) => {
                let document_id = text::clean(&x.document_id);
                let organ_id = text::clean(&x.organ_id);
                if document_id.chars().count() > EXCHANGE_ID_CHARS
                    || organ_id.chars().count() > EXCHANGE_ID_CHARS
                {
                    return Err(DomainError::invalid(
                        "exchange",
                        format!(
                            "mã văn bản hoặc mã cơ quan trên trục quá dài (tối đa {EXCHANGE_ID_CHARS} ký tự)"
                        ),
                    ));
                }
                (!document_id.is_empty()).then_some(ExchangeRef {
                    organ_id,
                    document_id,
                })
            }
        };
        Ok(self)
    }
    pub fn exchange(&self) -> Option<&ExchangeRef> {
        self.exchange.as_ref()
    }

    pub fn org_id(&self) -> UnitId {
        self.org_id
    }
    pub fn direction(&self) -> Direction {
        self.direction
    }
    pub fn kind(&self) -> DocKind {
        self.kind
    }
    pub fn number(&self) -> Option<&DocumentNumber> {
        self.number.as_ref()
    }
    pub fn issued_on(&self) -> Option<NaiveDate> {
        self.issued_on
    }
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
    pub fn place(&self) -> &str {
        &self.place
    }
    pub fn subject(&self) -> &str {
        &self.subject
    }
    pub fn body(&self) -> &str {
        &self.body
    }
    pub fn addressees(&self) -> &[String] {
        &self.addressees
    }
    pub fn distribution(&self) -> &[String] {
        &self.distribution
    }
    pub fn signature(&self) -> Option<&SignatureBlock> {
        self.signature.as_ref()
    }
    pub fn urgency(&self) -> Urgency {
        self.urgency
    }
    pub fn secrecy(&self) -> Secrecy {
        self.secrecy
    }
    pub fn implements_task(&self) -> Option<TaskId> {
        self.implements_task
    }
    pub fn references(&self) -> &[String] {
        &self.references
    }
}

fn clean_list(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in list {
        let s = text::clean(s);
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod strip_vv_tests {
    use super::*;

    #[test]
    fn a_typed_vv_is_not_kept_in_the_subject() {
        let new = |s: &str| {
            NewDocument::new(
                UnitId::new(1),
                Direction::Outgoing,
                DocKind::CongVan,
                "UBND",
                s,
            )
            .map(|d| d.subject().to_string())
        };
        assert_eq!(new("V/v triển khai").unwrap(), "triển khai");
        assert_eq!(new("  v/V: triển khai").unwrap(), "triển khai");
        assert_eq!(new("triển khai V/v").unwrap(), "triển khai V/v");
        assert!(new("V/v").is_err(), "nothing is left to name the matter");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_parsing() {
        assert_eq!(
            DocumentNumber::parse("Số: 7168 / VP-TH").unwrap().as_str(),
            "7168/VP-TH"
        );
        assert_eq!(DocumentNumber::parse("148/NQ-CP").unwrap().serial(), "148");
        assert!(DocumentNumber::parse("/UBND-VP").is_err());
        assert!(DocumentNumber::parse("abc").is_err());
        for ok in ["05/2020/NĐ-CP", "12/BCĐ&TT", "3/UBND.VP"] {
            assert!(DocumentNumber::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "07/../../x",
            "07/-UBND",
            "07/UBND-",
            "07/UBND--VP",
            "07/2020",
            "07/UBND//VP",
        ] {
            assert!(DocumentNumber::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            DocumentNumber::from_register(3, "UBND-VP")
                .unwrap()
                .as_str(),
            "03/UBND-VP"
        );
        assert_eq!(
            DocumentNumber::from_register(123, "UBND-VP")
                .unwrap()
                .as_str(),
            "123/UBND-VP"
        );
    }

    #[test]
    fn kinds_roundtrip() {
        for k in DocKind::ALL {
            assert_eq!(DocKind::parse(k.as_str()), Some(*k));
        }
    }
}
