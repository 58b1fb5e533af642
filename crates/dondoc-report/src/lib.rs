//! Official documents and progress reports of dondoc, and their exporters.
//!
//! The crate is a pipeline's last stage: a plain data model ([`document`], [`report`])
//! fed by the domain, and separate exporters ([`docx`], [`pdf`], [`xlsx`]) that turn it
//! into bytes. It depends on no other dondoc crate and does no IO: exporters return
//! `Vec<u8>` and the caller decides where they go.
//!
//! ```
//! use chrono::NaiveDate;
//! use dondoc_report::document::*;
//!
//! let signature = Signature::new(
//!     vec![
//!         Authority::new(AuthorityKind::Tl, "CHỦ TỊCH"),
//!         Authority::new(AuthorityKind::Kt, "CHÁNH VĂN PHÒNG"),
//!     ],
//!     Some("PHÓ CHÁNH VĂN PHÒNG".into()),
//!     "Nguyễn Thị Hồng Nhung",
//! )?;
//! let doc = OfficialDocument {
//!     parent_body: None,
//!     issuing_body: "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".into(),
//!     number: DocumentNumber::new(None, "UBND-VP")?,
//!     place: "Kiến An".into(),
//!     date: IssueDate::Dated(NaiveDate::from_ymd_opt(2026, 2, 5).unwrap_or_default()),
//!     kind: DocumentKind::CongVan,
//!     subject: "triển khai thực hiện Nghị quyết".into(),
//!     urgency: None,
//!     secrecy: None,
//!     addressees: Addressees(vec!["Các phòng, đơn vị thuộc UBND phường".into()]),
//!     body: vec![Block::paragraph("Thực hiện ...")],
//!     recipients: vec!["Như trên".into(), "Lưu: VT".into()],
//!     signature,
//! };
//! assert_eq!(doc.place_and_date(), "Kiến An, ngày 05 tháng 02 năm 2026");
//! let bytes = dondoc_report::docx::export(&doc)?;
//! assert!(bytes.starts_with(b"PK"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod document;
pub mod docx;
mod error;
pub mod fonts;
pub mod layout;
pub mod pdf;
pub mod report;
pub mod xlsx;

pub use error::ExportError;
