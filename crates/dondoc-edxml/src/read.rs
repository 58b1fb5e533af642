//! Reading: the XML into a small element tree (local names, text), bounded by
//! [`Limits`], then the tree into a [`Message`] or a [`Status`].
//!
//! A tree rather than a streaming match: the header's fields come in any order in the
//! wild and the attachments' data sits outside the manifest that names them. The tree
//! holds no more than the input (which is bounded).

use base64::Engine as _;
use chrono::{NaiveDate, NaiveDateTime};
use quick_xml::events::Event;

use crate::{
    Attachment, Edxml, EdxmlError, Limits, Message, Organ, Priority, ResponseFor, Signer,
    StaffInfo, Status, StatusCode, SteeringType,
};

#[derive(Debug, Default)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the child `name`, with inner runs of white space made one
    /// space; empty if there is none.
    fn text_of(&self, name: &str) -> String {
        self.child(name)
            .map(|c| squeeze(&c.text))
            .unwrap_or_default()
    }

    /// Every element named `name` at any depth below, in document order.
    fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.descendants(name, out);
        }
    }
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps line breaks (a Content field is prose), trims each line.
fn lines(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Reads a message with the default [`Limits`].
pub fn read(bytes: &[u8]) -> Result<Edxml, EdxmlError> {
    read_with_limits(bytes, &Limits::default())
}

pub fn read_with_limits(bytes: &[u8], limits: &Limits) -> Result<Edxml, EdxmlError> {
    if bytes.len() > limits.max_input {
        return Err(EdxmlError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input,
        });
    }
    let root = tree(bytes, limits)?;
    let envelope = if root.name == "edXMLEnvelope" {
        &root
    } else {
        root.child("edXMLEnvelope").ok_or(EdxmlError::NotEdxml)?
    };
    let header = envelope.child("edXMLHeader").ok_or(EdxmlError::NotEdxml)?;
    if let Some(h) = header.child("MessageHeader") {
        message(&root, envelope, h, limits).map(|m| Edxml::Message(Box::new(m)))
    } else if let Some(s) = header.child("Status") {
        status(s).map(|s| Edxml::Status(Box::new(s)))
    } else {
        Err(EdxmlError::NotEdxml)
    }
}

fn malformed(reader: &quick_xml::Reader<&[u8]>, what: impl std::fmt::Display) -> EdxmlError {
    EdxmlError::Malformed {
        at: reader.buffer_position(),
        what: what.to_string(),
    }
}

/// The document's root element. quick-xml expands no entity but the five predefined
/// ones and character references; a DOCTYPE is refused before anything could use it.
fn tree(bytes: &[u8], limits: &Limits) -> Result<Element, EdxmlError> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut elements = 0usize;
    let open = |stack: &mut Vec<Element>,
                elements: &mut usize,
                raw: &[u8],
                reader: &quick_xml::Reader<&[u8]>,
                root: &Option<Element>|
     -> Result<Element, EdxmlError> {
        if root.is_some() && stack.is_empty() {
            return Err(malformed(reader, "có nhiều hơn một phần tử gốc"));
        }
        *elements += 1;
        if *elements > limits.max_elements {
            return Err(EdxmlError::TooManyElements(limits.max_elements));
        }
        if stack.len() >= limits.max_depth {
            return Err(EdxmlError::TooDeep(limits.max_depth));
        }
        let local = match raw.iter().position(|&b| b == b':') {
            Some(i) => &raw[i + 1..],
            None => raw,
        };
        let name = std::str::from_utf8(local)
            .map_err(|_| malformed(reader, "tên phần tử không phải UTF-8"))?
            .to_string();
        Ok(Element {
            name,
            ..Element::default()
        })
    };
    let close = |stack: &mut Vec<Element>, root: &mut Option<Element>, el: Element| match stack
        .last_mut()
    {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    };
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| malformed(&reader, e.to_string()))?;
        match ev {
            Event::DocType(_) => return Err(EdxmlError::DocType),
            Event::Start(e) => {
                let el = open(&mut stack, &mut elements, e.name().as_ref(), &reader, &root)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = open(&mut stack, &mut elements, e.name().as_ref(), &reader, &root)?;
                close(&mut stack, &mut root, el);
            }
            Event::End(_) => {
                // check_end_names guarantees the match.
                if let Some(el) = stack.pop() {
                    close(&mut stack, &mut root, el);
                }
            }
            Event::Text(t) => {
                let s = t
                    .decode()
                    .map_err(|_| malformed(&reader, "chữ không phải UTF-8"))?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&s),
                    None if s.trim().is_empty() => {}
                    None => return Err(malformed(&reader, "có chữ ngoài phần tử gốc")),
                }
            }
            Event::CData(t) => {
                let s = std::str::from_utf8(&t)
                    .map_err(|_| malformed(&reader, "chữ không phải UTF-8"))?;
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(s);
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match r.as_ref() {
                        b"amp" => '&',
                        b"lt" => '<',
                        b"gt" => '>',
                        b"quot" => '"',
                        b"apos" => '\'',
                        other => {
                            return Err(malformed(
                                &reader,
                                format!(
                                    "thực thể không khai báo &{};",
                                    String::from_utf8_lossy(other)
                                ),
                            ));
                        }
                    },
                    Err(e) => return Err(malformed(&reader, e)),
                };
                if let Some(el) = stack.last_mut() {
                    el.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(malformed(&reader, "tệp kết thúc khi phần tử chưa đóng"));
    }
    root.ok_or_else(|| malformed(&reader, "không có phần tử nào"))
}

/// `dd/mm/yyyy`, `yyyy-mm-dd`, or either with a time after it; empty is `None`.
fn date(field: &'static str, s: &str) -> Result<Option<NaiveDate>, EdxmlError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let day = s.split(['T', ' ']).next().unwrap_or(s);
    NaiveDate::parse_from_str(day, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(day, "%Y-%m-%d"))
        .map(Some)
        .map_err(|_| EdxmlError::BadValue {
            field,
            value: s.to_string(),
        })
}

fn timestamp(field: &'static str, s: &str) -> Result<NaiveDateTime, EdxmlError> {
    let s = s.trim();
    let bad = || EdxmlError::BadValue {
        field,
        value: s.to_string(),
    };
    for f in [
        "%d/%m/%Y %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(t);
        }
    }
    // An offset or fractional seconds after an ISO time.
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.naive_local());
    }
    date(field, s)?
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or_else(bad)
}

fn organ(el: Option<&Element>) -> Organ {
    let Some(el) = el else {
        return Organ::default();
    };
    Organ {
        id: el.text_of("OrganId"),
        name: el.text_of("OrganName"),
        in_charge: el.text_of("OrganizationInCharge"),
        address: el.text_of("OrganAdd"),
        email: el.text_of("Email"),
        telephone: el.text_of("Telephone"),
    }
}

fn response_for(el: &Element) -> Result<ResponseFor, EdxmlError> {
    Ok(ResponseFor {
        organ_id: el.text_of("OrganId"),
        code: el.text_of("Code").replace(' ', ""),
        promulgation_date: date(
            "ResponseFor/PromulgationDate",
            &el.text_of("PromulgationDate"),
        )?,
        document_id: el.text_of("DocumentId"),
    })
}

fn message(
    root: &Element,
    envelope: &Element,
    h: &Element,
    limits: &Limits,
) -> Result<Message, EdxmlError> {
    let code = h.child("Code");
    let prom = h.child("PromulgationInfo");
    let doc_type = h.child("DocumentType");
    let signer = h.child("SignerInfo");
    let other = h.child("OtherInfo");
    let priority = match other.map(|o| o.text_of("Priority")).unwrap_or_default() {
        p if p.is_empty() => Priority::Normal,
        p => p
            .parse::<u8>()
            .ok()
            .and_then(Priority::from_code)
            .ok_or(EdxmlError::BadValue {
                field: "OtherInfo/Priority",
                value: p,
            })?,
    };
    let steering_type = match h.text_of("SteeringType") {
        s if s.is_empty() => None,
        s => Some(
            s.parse::<u8>()
                .ok()
                .and_then(SteeringType::from_code)
                .ok_or(EdxmlError::BadValue {
                    field: "SteeringType",
                    value: s,
                })?,
        ),
    };
    let mut to_places = Vec::new();
    if let Some(tp) = h.child("ToPlaces") {
        to_places.extend(
            tp.children("Place")
                .map(|p| squeeze(&p.text))
                .filter(|p| !p.is_empty()),
        );
    }
    Ok(Message {
        from: organ(h.child("From")),
        to: h.children("To").map(|t| organ(Some(t))).collect(),
        document_id: h.text_of("DocumentId"),
        code_number: code.map(|c| c.text_of("CodeNumber")).unwrap_or_default(),
        code_notation: code
            .map(|c| c.text_of("CodeNotation").replace(' ', ""))
            .unwrap_or_default(),
        place: prom.map(|p| p.text_of("Place")).unwrap_or_default(),
        promulgation_date: date(
            "PromulgationInfo/PromulgationDate",
            &prom
                .map(|p| p.text_of("PromulgationDate"))
                .unwrap_or_default(),
        )?,
        type_code: doc_type.map(|d| d.text_of("Type")).unwrap_or_default(),
        type_name: doc_type.map(|d| d.text_of("TypeName")).unwrap_or_default(),
        subject: h.text_of("Subject"),
        content: h
            .child("Content")
            .map(|c| lines(&c.text))
            .unwrap_or_default(),
        signer: Signer {
            competence: signer.map(|s| s.text_of("Competence")).unwrap_or_default(),
            position: signer.map(|s| s.text_of("Position")).unwrap_or_default(),
            full_name: signer.map(|s| s.text_of("FullName")).unwrap_or_default(),
        },
        due_date: date("DueDate", &h.text_of("DueDate"))?,
        to_places,
        priority,
        steering_type,
        response_for: h
            .children("ResponseFor")
            .map(response_for)
            .collect::<Result<_, _>>()?,
        attachments: attachments(root, envelope, limits)?,
    })
}

/// The manifest's references, with the data of the encoded attachment of the same
/// ContentId; an encoded attachment the manifest does not name is kept too.
fn attachments(
    root: &Element,
    envelope: &Element,
    limits: &Limits,
) -> Result<Vec<Attachment>, EdxmlError> {
    let mut out: Vec<Attachment> = Vec::new();
    if let Some(m) = envelope
        .child("edXMLBody")
        .and_then(|b| b.child("edXMLManifest"))
    {
        for r in m.children("Reference") {
            out.push(Attachment {
                content_id: r.text_of("ContentId"),
                name: r.text_of("AttachmentName"),
                content_type: r.text_of("ContentType"),
                description: r.text_of("Description"),
                data: Vec::new(),
            });
        }
    }
    let mut encoded = Vec::new();
    root.descendants("Attachment", &mut encoded);
    for a in encoded {
        let Some(data) = a.child("ContentTransferEncoded") else {
            continue;
        };
        let content_id = a.text_of("ContentId");
        let name = a.text_of("AttachmentName");
        let b64: String = data.text.chars().filter(|c| !c.is_whitespace()).collect();
        let shown = if name.is_empty() { &content_id } else { &name };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64.as_bytes())
            .map_err(|_| EdxmlError::BadAttachment {
                name: shown.to_string(),
            })?;
        let key = cid(&content_id);
        match out
            .iter_mut()
            .find(|r| !key.is_empty() && cid(&r.content_id) == key && r.data.is_empty())
        {
            Some(r) => {
                r.data = bytes;
                if r.name.is_empty() {
                    r.name = name;
                }
            }
            None => out.push(Attachment {
                content_id,
                name,
                content_type: a.text_of("ContentType"),
                description: a.text_of("Description"),
                data: bytes,
            }),
        }
        if out.len() > limits.max_attachments {
            return Err(EdxmlError::TooManyAttachments(limits.max_attachments));
        }
    }
    if out.len() > limits.max_attachments {
        return Err(EdxmlError::TooManyAttachments(limits.max_attachments));
    }
    Ok(out)
}

/// A content id as systems write it in either place ("cid:x", "<x>", "x"), bare.
fn cid(s: &str) -> &str {
    let s = s.trim();
    let s = s.strip_prefix("cid:").unwrap_or(s).trim();
    s.strip_prefix('<')
        .and_then(|x| x.strip_suffix('>'))
        .unwrap_or(s)
        .trim()
}

fn status(s: &Element) -> Result<Status, EdxmlError> {
    let code_text = s.text_of("StatusCode");
    let code = StatusCode::from_code(&code_text).ok_or(EdxmlError::BadValue {
        field: "StatusCode",
        value: code_text,
    })?;
    let staff = s.child("StaffInfo");
    Ok(Status {
        response_for: s
            .child("ResponseFor")
            .map(response_for)
            .transpose()?
            .unwrap_or_default(),
        from: organ(s.child("From")),
        code,
        description: s.text_of("Description"),
        timestamp: timestamp("Timestamp", &s.text_of("Timestamp"))?,
        staff: StaffInfo {
            department: staff.map(|x| x.text_of("Department")).unwrap_or_default(),
            staff: staff.map(|x| x.text_of("Staff")).unwrap_or_default(),
            mobile: staff.map(|x| x.text_of("Mobile")).unwrap_or_default(),
            email: staff.map(|x| x.text_of("Email")).unwrap_or_default(),
        },
    })
}
