//! Writing: a [`Message`] or a [`Status`] as the single-file edXML the reader takes.
//! Dates as `dd/mm/yyyy`, timestamps as `dd/mm/yyyy hh:mm:ss`; every element in the
//! QCVN 102 namespace under the `edXML` prefix.

use base64::Engine as _;
use chrono::NaiveDate;
use quick_xml::escape::escape;
use std::fmt::Write as _;

use crate::{Message, NAMESPACE, Organ, ResponseFor, Status};

struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn new(root: &str) -> Self {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!("<edXML:{root} xmlns:edXML=\"{NAMESPACE}\">\n"));
        Xml { out, depth: 1 }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, name: &str) {
        self.indent();
        let _ = writeln!(self.out, "<edXML:{name}>");
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.indent();
        let _ = writeln!(self.out, "</edXML:{name}>");
    }

    fn leaf(&mut self, name: &str, text: &str) {
        self.indent();
        // Characters XML 1.0 does not allow anywhere (most control characters,
        // U+FFFE, U+FFFF) would make the whole file unreadable to a strict parser.
        let allowed: String = text.chars().filter(|&c| xml_char(c)).collect();
        let _ = writeln!(
            self.out,
            "<edXML:{name}>{}</edXML:{name}>",
            escape(&allowed)
        );
    }

    /// `data` in base64, in lines of 76 characters as MIME wraps it, written straight
    /// into the document: base64 needs neither filtering nor escaping, and a file of
    /// megabytes is not copied on the way.
    fn base64_leaf(&mut self, name: &str, data: &[u8]) {
        self.indent();
        let _ = write!(self.out, "<edXML:{name}>");
        let b64 = base64::engine::general_purpose::STANDARD.encode(data);
        for (i, line) in b64.as_bytes().chunks(76).enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            // Base64 is ASCII.
            self.out
                .push_str(std::str::from_utf8(line).unwrap_or_default());
        }
        let _ = writeln!(self.out, "</edXML:{name}>");
    }

    fn organ(&mut self, name: &str, o: &Organ) {
        self.open(name);
        self.leaf("OrganId", &o.id);
        self.leaf("OrganizationInCharge", &o.in_charge);
        self.leaf("OrganName", &o.name);
        self.leaf("OrganAdd", &o.address);
        self.leaf("Email", &o.email);
        self.leaf("Telephone", &o.telephone);
        self.close(name);
    }

    fn response_for(&mut self, r: &ResponseFor) {
        self.open("ResponseFor");
        self.leaf("OrganId", &r.organ_id);
        self.leaf("Code", &r.code);
        self.leaf("PromulgationDate", &day(r.promulgation_date));
        self.leaf("DocumentId", &r.document_id);
        self.close("ResponseFor");
    }

    fn finish(mut self, root: &str) -> Vec<u8> {
        self.out.push_str(&format!("</edXML:{root}>\n"));
        self.out.into_bytes()
    }
}

/// XML 1.0's `Char` production.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// The message as edXML: the envelope with its manifest, and the attachments' data
/// in base64 beside it, all under one `edXML` root.
pub fn write_message(m: &Message) -> Vec<u8> {
    let mut x = Xml::new("edXML");
    x.open("edXMLEnvelope");
    x.open("edXMLHeader");
    x.open("MessageHeader");
    x.organ("From", &m.from);
    for t in &m.to {
        x.organ("To", t);
    }
    x.leaf("DocumentId", &m.document_id);
    x.open("Code");
    x.leaf("CodeNumber", &m.code_number);
    x.leaf("CodeNotation", &m.code_notation);
    x.close("Code");
    x.open("PromulgationInfo");
    x.leaf("Place", &m.place);
    x.leaf("PromulgationDate", &day(m.promulgation_date));
    x.close("PromulgationInfo");
    x.open("DocumentType");
    x.leaf("Type", &m.type_code);
    x.leaf("TypeName", &m.type_name);
    x.close("DocumentType");
    x.leaf("Subject", &m.subject);
    x.leaf("Content", &m.content);
    x.open("SignerInfo");
    x.leaf("Competence", &m.signer.competence);
    x.leaf("Position", &m.signer.position);
    x.leaf("FullName", &m.signer.full_name);
    x.close("SignerInfo");
    x.leaf("DueDate", &day(m.due_date));
    x.open("ToPlaces");
    for p in &m.to_places {
        x.leaf("Place", p);
    }
    x.close("ToPlaces");
    x.open("OtherInfo");
    x.leaf("Priority", &m.priority.code().to_string());
    x.leaf("PageAmount", "");
    x.close("OtherInfo");
    for r in &m.response_for {
        x.response_for(r);
    }
    if let Some(s) = m.steering_type {
        x.leaf("SteeringType", &s.code().to_string());
    }
    x.close("MessageHeader");
    x.close("edXMLHeader");
    x.open("edXMLBody");
    x.open("edXMLManifest");
    for a in &m.attachments {
        x.open("Reference");
        x.leaf("ContentId", &a.content_id);
        x.leaf("ContentType", &a.content_type);
        x.leaf("Description", &a.description);
        x.leaf("AttachmentName", &a.name);
        x.close("Reference");
    }
    x.close("edXMLManifest");
    x.close("edXMLBody");
    x.close("edXMLEnvelope");
    if !m.attachments.is_empty() {
        x.open("AttachmentEncoded");
        for a in &m.attachments {
            x.open("Attachment");
            x.leaf("ContentId", &a.content_id);
            x.leaf("AttachmentName", &a.name);
            x.leaf("ContentType", &a.content_type);
            x.base64_leaf("ContentTransferEncoded", &a.data);
            x.close("Attachment");
        }
        x.close("AttachmentEncoded");
    }
    x.finish("edXML")
}

/// The status answer as edXML, under the same `edXML` root as a message.
pub fn write_status(s: &Status) -> Vec<u8> {
    let mut x = Xml::new("edXML");
    x.open("edXMLEnvelope");
    x.open("edXMLHeader");
    x.open("Status");
    x.response_for(&s.response_for);
    x.organ("From", &s.from);
    x.leaf("StatusCode", s.code.code());
    x.leaf("Description", &s.description);
    x.leaf(
        "Timestamp",
        &s.timestamp.format("%d/%m/%Y %H:%M:%S").to_string(),
    );
    x.open("StaffInfo");
    x.leaf("Department", &s.staff.department);
    x.leaf("Staff", &s.staff.staff);
    x.leaf("Mobile", &s.staff.mobile);
    x.leaf("Email", &s.staff.email);
    x.close("StaffInfo");
    x.close("Status");
    x.close("edXMLHeader");
    x.close("edXMLEnvelope");
    x.finish("edXML")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{
        Attachment, Edxml, EdxmlError, Limits, Priority, Signer, StaffInfo, StatusCode,
        SteeringType, read, read_with_limits,
    };

    fn letter() -> Message {
        Message {
            from: Organ {
                id: "000.01.31.H26".into(),
                name: "UBND phường Kiến An".into(),
                in_charge: "UBND thành phố Hải Phòng".into(),
                ..Organ::default()
            },
            to: vec![Organ {
                id: "000.00.31.H26".into(),
                name: "Văn phòng UBND thành phố".into(),
                ..Organ::default()
            }],
            document_id: "000.01.31.H26,2026/11/20,215/UBND-VP".into(),
            code_number: "215".into(),
            code_notation: "UBND-VP".into(),
            place: "Hải Phòng".into(),
            promulgation_date: NaiveDate::from_ymd_opt(2026, 11, 20),
            type_code: "2".into(),
            type_name: "Công văn".into(),
            subject: "triển khai thực hiện \"Tháng hành động\" & <các> nhiệm vụ".into(),
            content: "1. Phòng Kinh tế chủ trì.\n2. Công an phường phối hợp.".into(),
            signer: Signer {
                competence: "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG".into(),
                position: "PHÓ CHÁNH VĂN PHÒNG".into(),
                full_name: "Nguyễn Thị Hồng Nhung".into(),
            },
            due_date: NaiveDate::from_ymd_opt(2026, 12, 5),
            to_places: vec!["Như trên".into(), "Lưu: VT".into()],
            priority: Priority::VeryUrgent,
            steering_type: Some(SteeringType::Steering),
            response_for: vec![ResponseFor {
                organ_id: "000.00.00.H26".into(),
                code: "4085/UBND-ĐT".into(),
                promulgation_date: NaiveDate::from_ymd_opt(2026, 11, 18),
                document_id: "x-1".into(),
            }],
            attachments: vec![Attachment {
                content_id: "a1".into(),
                name: "215-UBND-VP.docx".into(),
                content_type:
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document".into(),
                description: "Văn bản ký số".into(),
                data: (0..=255u8).cycle().take(1000).collect(),
            }],
        }
    }

    #[test]
    fn a_message_reads_back_as_written() {
        let m = letter();
        let bytes = write_message(&m);
        assert!(crate::looks_like_edxml(&bytes));
        match read(&bytes).unwrap() {
            Edxml::Message(got) => assert_eq!(*got, m),
            other => panic!("{other:?}"),
        }
        assert_eq!(m.number(), "215/UBND-VP");
    }

    #[test]
    fn a_status_reads_back_as_written() {
        let s = Status {
            response_for: letter().response_for[0].clone(),
            from: letter().from,
            code: StatusCode::Assigned,
            description: "Đã giao Phòng Kinh tế chủ trì".into(),
            timestamp: NaiveDate::from_ymd_opt(2026, 11, 21)
                .unwrap()
                .and_hms_opt(8, 30, 0)
                .unwrap(),
            staff: StaffInfo {
                department: "Văn phòng".into(),
                staff: "Trần Văn A".into(),
                ..StaffInfo::default()
            },
        };
        match read(&write_status(&s)).unwrap() {
            Edxml::Status(got) => assert_eq!(*got, s),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn another_systems_layout_reads() {
        // Envelope as the root, fields in another order, ISO dates, a default
        // namespace instead of a prefix, the attachment named only in its data.
        let xml = "<?xml version=\"1.0\"?>
<edXMLEnvelope xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">
 <edXMLHeader><MessageHeader>
  <Subject>V/v  báo cáo
     kết quả</Subject>
  <Code><CodeNotation>BC-UBND</CodeNotation><CodeNumber>84</CodeNumber></Code>
  <From><OrganName>UBND xã A</OrganName></From>
  <PromulgationInfo><PromulgationDate>2026-11-02</PromulgationDate></PromulgationInfo>
  <SteeringType>3</SteeringType>
 </MessageHeader></edXMLHeader>
 <Attachment><ContentId>f</ContentId><AttachmentName>bc.pdf</AttachmentName>
  <ContentTransferEncoded>JVBE
  Ri0x</ContentTransferEncoded></Attachment>
</edXMLEnvelope>";
        let Edxml::Message(m) = read(xml.as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(m.number(), "84/BC-UBND");
        assert_eq!(m.subject, "V/v báo cáo kết quả");
        assert_eq!(m.from.name, "UBND xã A");
        assert_eq!(m.promulgation_date, NaiveDate::from_ymd_opt(2026, 11, 2));
        assert_eq!(m.steering_type, Some(SteeringType::SteeringReport));
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].name, "bc.pdf");
        assert_eq!(m.attachments[0].data, b"%PDF-1");
    }

    #[test]
    fn hostile_and_broken_input_is_refused() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&lol2;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope>";
        assert_eq!(read(bomb.as_bytes()), Err(EdxmlError::DocType));
        let xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY f SYSTEM \"file:///etc/passwd\">]><edXMLEnvelope/>";
        assert_eq!(read(xxe.as_bytes()), Err(EdxmlError::DocType));
        // An undeclared entity is an error, not silently dropped or looked up.
        let undeclared = "<edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&x;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope>";
        assert!(matches!(
            read(undeclared.as_bytes()),
            Err(EdxmlError::Malformed { .. })
        ));
        let deep = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
        assert_eq!(read(deep.as_bytes()), Err(EdxmlError::TooDeep(64)));
        let unclosed = "<edXMLEnvelope><edXMLHeader>";
        assert!(matches!(
            read(unclosed.as_bytes()),
            Err(EdxmlError::Malformed { .. })
        ));
        let crossed = "<edXMLEnvelope><a></b></edXMLEnvelope>";
        assert!(matches!(
            read(crossed.as_bytes()),
            Err(EdxmlError::Malformed { .. })
        ));
        assert_eq!(read(b"<html><body/></html>"), Err(EdxmlError::NotEdxml));
        assert!(matches!(read(b""), Err(EdxmlError::Malformed { .. })));
        let small = Limits {
            max_input: 10,
            ..Limits::default()
        };
        assert_eq!(
            read_with_limits(b"<edXMLEnvelope/>", &small),
            Err(EdxmlError::TooLarge {
                size: 16,
                limit: 10
            })
        );
        let many = format!(
            "<edXMLEnvelope><edXMLHeader>{}</edXMLHeader></edXMLEnvelope>",
            "<x/>".repeat(200)
        );
        let few = Limits {
            max_elements: 100,
            ..Limits::default()
        };
        assert_eq!(
            read_with_limits(many.as_bytes(), &few),
            Err(EdxmlError::TooManyElements(100))
        );
    }

    #[test]
    fn bad_values_name_their_field() {
        let mut m = letter();
        m.attachments.clear();
        let xml = String::from_utf8(write_message(&m)).unwrap();
        let bad_date = xml.replace("20/11/2026", "31/02/2026");
        assert_eq!(
            read(bad_date.as_bytes()),
            Err(EdxmlError::BadValue {
                field: "PromulgationInfo/PromulgationDate",
                value: "31/02/2026".into()
            })
        );
        let bad_priority = xml.replace(
            "<edXML:Priority>2</edXML:Priority>",
            "<edXML:Priority>9</edXML:Priority>",
        );
        assert!(matches!(
            read(bad_priority.as_bytes()),
            Err(EdxmlError::BadValue {
                field: "OtherInfo/Priority",
                ..
            })
        ));
        let with_bad_data = String::from_utf8(write_message(&letter()))
            .unwrap()
            .replacen(
                "<edXML:ContentTransferEncoded>",
                "<edXML:ContentTransferEncoded>!!",
                1,
            );
        assert_eq!(
            read(with_bad_data.as_bytes()),
            Err(EdxmlError::BadAttachment {
                name: "215-UBND-VP.docx".into()
            })
        );
    }

    #[test]
    fn characters_xml_forbids_are_left_out() {
        let mut m = letter();
        m.subject = "a\u{1}b\u{FFFE}c\td".into();
        let xml = write_message(&m);
        let Edxml::Message(got) = read(&xml).unwrap() else {
            panic!()
        };
        assert_eq!(got.subject, "abc d", "tab squeezed as white space");
    }

    #[test]
    fn a_cid_reference_finds_its_data() {
        // The manifest names the file "cid:<id>", the data carries "<id>".
        let xml = "<edXML><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>x</Subject></MessageHeader></edXMLHeader>
 <edXMLBody><edXMLManifest><Reference><ContentId>cid:abc-1</ContentId><AttachmentName>vb.pdf</AttachmentName><ContentType>application/pdf</ContentType></Reference></edXMLManifest></edXMLBody></edXMLEnvelope>
 <AttachmentEncoded><Attachment><ContentId>&lt;abc-1&gt;</ContentId><ContentTransferEncoded>JVBERi0x</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>";
        let Edxml::Message(m) = read(xml.as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(m.attachments.len(), 1, "{:?}", m.attachments);
        assert_eq!(m.attachments[0].name, "vb.pdf");
        assert_eq!(m.attachments[0].data, b"%PDF-1");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = read(&b);
        }

        #[test]
        fn never_panics_on_near_edxml(s in "<edXMLEnvelope><edXMLHeader><(MessageHeader|Status)>[<>/a-zA-Z&;#0-9 ]{0,200}") {
            let _ = read(s.as_bytes());
        }

        #[test]
        fn any_text_survives(subject in "\\PC{0,80}", name in "\\PC{0,40}") {
            let mut m = letter();
            m.subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
            m.signer.full_name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let Ok(Edxml::Message(got)) = read(&write_message(&m)) else {
                panic!("unreadable");
            };
            proptest::prop_assert_eq!(got.subject, m.subject);
            proptest::prop_assert_eq!(got.signer.full_name, m.signer.full_name);
        }
    }
}
