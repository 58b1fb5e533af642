//! dondoc-edxml reads and writes edXML, the XML in which agencies' document systems
//! exchange documents through the national axis (Trục liên thông văn bản quốc gia;
//! QCVN 102:2016/BTTTT, amended 2022). Two kinds of message:
//!
//! - a **document** ([`Message`]): the envelope's header (From, To, Code,
//!   PromulgationInfo, DocumentType, Subject, Content, SignerInfo, DueDate, ToPlaces,
//!   OtherInfo's Priority, ResponseFor, SteeringType) and its attachments (the signed
//!   file, base64);
//! - a **status** answer ([`Status`]): what the receiver did with a document it got
//!   (01 arrived … 06 done, 13 recalled, 15/16 recall or update accepted or refused).
//!
//! Form read and written: the single-file form that the axis's gateway exchanges, the
//! envelope (`edXMLEnvelope` with `edXMLHeader` and `edXMLBody`'s manifest) and the
//! attachments' base64 (`AttachmentEncoded/Attachment/ContentTransferEncoded`) in one
//! XML document, the envelope either the root or a child of it. Elements are matched
//! by local name, whatever their prefix. Not read: the MIME packaging of the standard's
//! first edition, the XML signature (`Signature` is neither checked nor written:
//! dondoc holds no agency certificate), and TraceHeaderList (neither read nor written).
//!
//! Pure: bytes in, values out, and back. Hostile input is refused with an
//! [`EdxmlError`], never expanded: a `DOCTYPE` (the vehicle of entity bombs and
//! external entities) is refused outright, nesting, element count and sizes are
//! bounded ([`Limits`]).

mod read;
mod write;

use chrono::{NaiveDate, NaiveDateTime};

pub use read::{read, read_with_limits};
pub use write::{write_message, write_status};

/// The namespace of QCVN 102:2016 edXML.
pub const NAMESPACE: &str = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

/// Bounds on what [`read_with_limits`] accepts; the defaults suit documents with their
/// signed files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest message, in bytes (base64 attachments included).
    pub max_input: usize,
    /// Deepest element nesting.
    pub max_depth: usize,
    /// Most elements.
    pub max_elements: usize,
    /// Most attachments.
    pub max_attachments: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input: 50 * 1024 * 1024,
            max_depth: 64,
            max_elements: 100_000,
            max_attachments: 50,
        }
    }
}

/// Why a message was refused. The messages are for the official who uploaded it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EdxmlError {
    #[error("gói edXML quá lớn: {size} byte (giới hạn {limit})")]
    TooLarge { size: usize, limit: usize },
    #[error("gói edXML sai cấu trúc XML (tại byte {at}): {what}")]
    Malformed { at: u64, what: String },
    #[error(
        "gói edXML có khai báo DOCTYPE: không nhận (khai báo thực thể là cách tấn công \
         'bom XML' và đọc tệp trái phép; edXML không dùng DOCTYPE)"
    )]
    DocType,
    #[error("gói edXML lồng quá sâu (quá {0} cấp)")]
    TooDeep(usize),
    #[error("gói edXML có quá nhiều phần tử (quá {0})")]
    TooManyElements(usize),
    #[error("gói edXML có quá nhiều tệp đính kèm (quá {0})")]
    TooManyAttachments(usize),
    #[error(
        "tệp XML này không phải gói edXML (không có edXMLEnvelope với MessageHeader hoặc Status)"
    )]
    NotEdxml,
    #[error("tệp đính kèm {name} không giải mã được (base64 sai)")]
    BadAttachment { name: String },
    #[error("trường {field} có giá trị không hợp lệ: \"{value}\"")]
    BadValue { field: &'static str, value: String },
}

/// An agency as the envelope names it (From, To).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organ {
    /// The agency's code on the axis ("000.00.00.H01"); empty when not known.
    pub id: String,
    pub name: String,
    /// OrganizationInCharge: the body it belongs to.
    pub in_charge: String,
    pub address: String,
    pub email: String,
    pub telephone: String,
}

/// SignerInfo.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signer {
    /// "KT. CHỦ TỊCH", "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG".
    pub competence: String,
    /// "PHÓ CHỦ TỊCH".
    pub position: String,
    pub full_name: String,
}

/// OtherInfo/Priority.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Priority {
    #[default]
    Normal,
    /// 1: khẩn.
    Urgent,
    /// 2: thượng khẩn.
    VeryUrgent,
    /// 3: hỏa tốc.
    Express,
    /// 4: hỏa tốc hẹn giờ.
    ExpressTimed,
}

impl Priority {
    pub fn code(self) -> u8 {
        match self {
            Priority::Normal => 0,
            Priority::Urgent => 1,
            Priority::VeryUrgent => 2,
            Priority::Express => 3,
            Priority::ExpressTimed => 4,
        }
    }

    pub fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            0 => Priority::Normal,
            1 => Priority::Urgent,
            2 => Priority::VeryUrgent,
            3 => Priority::Express,
            4 => Priority::ExpressTimed,
            _ => return None,
        })
    }
}

/// SteeringType: whether the document directs, and so gives work to follow up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SteeringType {
    /// 1: not a directive.
    NotSteering,
    /// 2: a directive (văn bản chỉ đạo).
    Steering,
    /// 3: a report on a directive (báo cáo thực hiện văn bản chỉ đạo).
    SteeringReport,
}

impl SteeringType {
    pub fn code(self) -> u8 {
        match self {
            SteeringType::NotSteering => 1,
            SteeringType::Steering => 2,
            SteeringType::SteeringReport => 3,
        }
    }

    pub fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            1 => SteeringType::NotSteering,
            2 => SteeringType::Steering,
            3 => SteeringType::SteeringReport,
            _ => return None,
        })
    }
}

/// ResponseFor: the document a message or status answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseFor {
    /// The code of the agency that issued it.
    pub organ_id: String,
    /// Its number and notation, "123/UBND-VP".
    pub code: String,
    pub promulgation_date: Option<NaiveDate>,
    /// Its DocumentId on the axis.
    pub document_id: String,
}

/// A file carried by the message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attachment {
    pub content_id: String,
    /// The file name, "123-UBND-VP.docx".
    pub name: String,
    pub content_type: String,
    pub description: String,
    pub data: Vec<u8>,
}

/// A document message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub from: Organ,
    pub to: Vec<Organ>,
    /// The axis's id of the document ("000.00.00.H01,2026/11/20,123/UBND-VP" or a UUID).
    pub document_id: String,
    /// The number ("123"); empty for a document not numbered.
    pub code_number: String,
    /// The notation ("UBND-VP").
    pub code_notation: String,
    pub place: String,
    pub promulgation_date: Option<NaiveDate>,
    /// DocumentType/Type: 1 a legal normative document, 2 an administrative document.
    pub type_code: String,
    /// DocumentType/TypeName: "Công văn", "Kế hoạch".
    pub type_name: String,
    pub subject: String,
    /// A summary or the text itself.
    pub content: String,
    pub signer: Signer,
    /// The deadline the sender sets for handling it.
    pub due_date: Option<NaiveDate>,
    /// ToPlaces: the recipients as the document's "Nơi nhận" lists them.
    pub to_places: Vec<String>,
    pub priority: Priority,
    pub steering_type: Option<SteeringType>,
    pub response_for: Vec<ResponseFor>,
    pub attachments: Vec<Attachment>,
}

impl Message {
    /// Number and notation as printed: "123/UBND-VP", or the notation alone when the
    /// number is blank, or empty.
    pub fn number(&self) -> String {
        match (self.code_number.trim(), self.code_notation.trim()) {
            ("", n) => n.to_string(),
            (c, "") => c.to_string(),
            (c, n) => format!("{c}/{n}"),
        }
    }
}

/// StatusCode of a status answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCode {
    /// 01: arrived (đã đến).
    Arrived,
    /// 02: refused (từ chối tiếp nhận).
    Refused,
    /// 03: received (đã tiếp nhận).
    Received,
    /// 04: awaiting assignment (chờ phân công).
    AwaitingAssignment,
    /// 05: assigned, in progress (đã phân công, đang xử lý).
    Assigned,
    /// 06: done (hoàn thành).
    Done,
    /// 13: recalled (thu hồi).
    Recalled,
    /// 15: recall or update accepted.
    RecallAccepted,
    /// 16: recall or update refused.
    RecallRefused,
}

impl StatusCode {
    /// The two-digit code.
    pub fn code(self) -> &'static str {
        match self {
            StatusCode::Arrived => "01",
            StatusCode::Refused => "02",
            StatusCode::Received => "03",
            StatusCode::AwaitingAssignment => "04",
            StatusCode::Assigned => "05",
            StatusCode::Done => "06",
            StatusCode::Recalled => "13",
            StatusCode::RecallAccepted => "15",
            StatusCode::RecallRefused => "16",
        }
    }

    /// From "03" or "3".
    pub fn from_code(s: &str) -> Option<Self> {
        Some(match s.trim().parse::<u8>().ok()? {
            1 => StatusCode::Arrived,
            2 => StatusCode::Refused,
            3 => StatusCode::Received,
            4 => StatusCode::AwaitingAssignment,
            5 => StatusCode::Assigned,
            6 => StatusCode::Done,
            13 => StatusCode::Recalled,
            15 => StatusCode::RecallAccepted,
            16 => StatusCode::RecallRefused,
            _ => return None,
        })
    }

    /// In Vietnamese, for the register.
    pub fn label(self) -> &'static str {
        match self {
            StatusCode::Arrived => "Đã đến",
            StatusCode::Refused => "Từ chối tiếp nhận",
            StatusCode::Received => "Đã tiếp nhận",
            StatusCode::AwaitingAssignment => "Chờ phân công",
            StatusCode::Assigned => "Đã phân công, đang xử lý",
            StatusCode::Done => "Hoàn thành",
            StatusCode::Recalled => "Thu hồi",
            StatusCode::RecallAccepted => "Đồng ý thu hồi, cập nhật",
            StatusCode::RecallRefused => "Từ chối thu hồi, cập nhật",
        }
    }
}

/// The person handling the document, in a status answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffInfo {
    pub department: String,
    pub staff: String,
    pub mobile: String,
    pub email: String,
}

/// A status answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub response_for: ResponseFor,
    pub from: Organ,
    pub code: StatusCode,
    pub description: String,
    pub timestamp: NaiveDateTime,
    pub staff: StaffInfo,
}

/// What [`read`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edxml {
    Message(Box<Message>),
    Status(Box<Status>),
}

/// Whether `bytes` look like an edXML message (an XML document naming `edXMLEnvelope`
/// near its start), to route an upload without reading it twice.
pub fn looks_like_edxml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let trimmed = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&head[..0], |i| &head[i..]);
    let trimmed = trimmed.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(trimmed);
    trimmed.starts_with(b"<")
        && head
            .windows(b"edXMLEnvelope".len())
            .any(|w| w == b"edXMLEnvelope")
}
