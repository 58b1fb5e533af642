//! The Kiến An letter (corpus/docs/000.txt) and a small progress report, as models.

use chrono::NaiveDate;
use dondoc_report::document::*;
use dondoc_report::report::*;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn kien_an_signature() -> Signature {
    Signature::new(
        vec![
            Authority::new(AuthorityKind::Tl, "CHỦ TỊCH"),
            Authority::new(AuthorityKind::Kt, "CHÁNH VĂN PHÒNG"),
        ],
        Some("PHÓ CHÁNH VĂN PHÒNG".into()),
        "Nguyễn Thị Hồng Nhung",
    )
    .unwrap()
}

/// The letter as issued in the corpus: number and date still blank.
pub fn kien_an_letter() -> OfficialDocument {
    let h = |label: &str, text: &str| Block::heading(HeadingLevel::Section, label, text);
    let body = vec![
        Block::paragraph(
            "Thực hiện Công văn số 7168/VP-TH ngày 16/6/2026 của Văn phòng Ủy ban nhân dân thành phố Hải Phòng về việc triển khai thực hiện Nghị quyết Phiên họp Chính phủ thường kỳ tháng 5/2026 (gửi kèm theo).",
        ),
        Block::paragraph(
            "Chủ tịch Ủy ban nhân dân phường yêu cầu các phòng, các đơn vị thuộc phường tập trung triển khai thực hiện các nhiệm vụ trọng tâm sau:",
        ),
        h("1.", "Các phòng, đơn vị thuộc phường"),
        Block::paragraph(
            "Căn cứ vào chức năng, nhiệm vụ được giao và nội dung chỉ đạo tại Nghị quyết số 148/NQ-CP, chủ động rà soát, tham mưu cho UBND phường lồng ghép các chỉ tiêu, giải pháp của Nghị quyết vào chương trình, kế hoạch công tác định kỳ.",
        ),
        h("2.", "Phòng Kinh tế, hạ tầng và Đô thị phường"),
        Block::dash(
            "Bám sát mục tiêu, yêu cầu của Kế hoạch kịch bản tăng trưởng kinh tế để triển khai thực hiện đảm bảo hoàn thành các mục tiêu đề ra; chủ động theo dõi, kịp thời tham mưu, đề xuất giải pháp ứng phó phù hợp, hiệu quả, không để bị động, bất ngờ.",
        ),
        Block::dash(
            "Quyết liệt tăng tốc, đẩy mạnh giải ngân vốn đầu tư công, coi đây là nhiệm vụ chính trị trọng tâm, tiêu chí quan trọng đánh giá mức độ hoàn thành nhiệm vụ của tập thể, cá nhân, trong đó có người đứng đầu.",
        ),
        Block::dash(
            "Tập trung giải phóng mặt bằng, bồi thường, hỗ trợ, tái định cư hiệu quả, phù hợp; bảo đảm nguồn vật liệu xây dựng; đẩy nhanh tiến độ các công trình, dự án quan trọng, trọng điểm, bảo đảm chất lượng, tiến độ, hiệu quả đầu tư, không để xảy ra thất thoát, lãng phí, tiêu cực.",
        ),
        Block::dash(
            "Thực hiện đồng bộ, hiệu quả các giải pháp tăng thu ngân sách nhà nước, thực hành tiết kiệm, chống lãng phí, triệt để tiết kiệm chi thường xuyên theo chỉ đạo của Chính phủ tại Nghị quyết số 135/NQ-CP ngày 22/5/2026.",
        ),
        h("3.", "Phòng Văn hóa - Xã hội phường"),
        Block::dash(
            "Chuẩn bị tốt năm học 2026 - 2027, thực hiện các giải pháp bảo đảm an toàn và phòng, chống đuối nước cho trẻ em, học sinh.",
        ),
        Block::dash(
            "Thường xuyên quan tâm, triển khai đầy đủ, kịp thời, hiệu quả công tác bảo đảm an sinh xã hội, chăm sóc sức khỏe Nhân dân; xây dựng kế hoạch, chỉ đạo, hướng dẫn, phối hợp tổ chức khám sức khỏe định kỳ, khám sàng lọc miễn phí cho người dân theo các nhóm đối tượng, trong đó quan tâm, ưu tiên các đối tượng chính sách, khó khăn.",
        ),
        h("4.", "Trung tâm Dịch vụ Sự nghiệp công phường"),
        Block::dash(
            "Tổ chức tuyên truyền, phổ biến sâu rộng nội dung của Nghị quyết số 148/NQ-CP đến toàn thể cán bộ, công chức, viên chức, người lao động và các tầng lớp Nhân dân trên địa bàn.",
        ),
        Block::dash(
            "Đẩy mạnh truyền thông về xăng sinh học và sử dụng điện tiết kiệm, hiệu quả, bảo đảm thông tin đầy đủ, chính xác đến người dân, doanh nghiệp, tạo đồng thuận xã hội và ổn định thị trường.",
        ),
        h("5.", "Văn phòng HĐND và UBND phường"),
        Block::paragraph(
            "Theo dõi, đôn đốc các phòng, đơn vị triển khai thực hiện công văn này; tổng hợp tiến độ, những khó khăn, vướng mắc trong quá trình thực hiện để kịp thời báo cáo Lãnh đạo UBND phường xem xét, chỉ đạo.",
        ),
        Block::paragraph(
            "Thừa lệnh Chủ tịch UBND phường, Văn phòng HĐND và UBND phường thông báo để các phòng, đơn vị thực hiện./.",
        ),
    ];
    OfficialDocument {
        parent_body: None,
        issuing_body: "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".into(),
        number: DocumentNumber::new(None, "UBND-VP").unwrap(),
        place: "Kiến An".into(),
        date: IssueDate::Undated { year: 2026 },
        kind: DocumentKind::CongVan,
        subject: "triển khai thực hiện Nghị quyết Phiên họp Chính phủ thường kỳ tháng 5/2026"
            .into(),
        urgency: None,
        secrecy: None,
        addressees: Addressees(vec!["Các phòng, đơn vị thuộc UBND phường".into()]),
        body,
        recipients: vec![
            "Như trên".into(),
            "CT, các PCT UBND phường".into(),
            "Lưu: VT".into(),
        ],
        signature: kien_an_signature(),
    }
}

fn counts(a: u32, b: u32, c: u32, d: u32) -> BucketCounts {
    BucketCounts {
        done_on_time: a,
        done_late: b,
        open_on_time: c,
        open_overdue: d,
    }
}

pub fn progress_report() -> ProgressReport {
    let units = vec![
        UnitRow {
            unit: "Phòng Kinh tế, hạ tầng và Đô thị".into(),
            counts: counts(6, 1, 2, 3),
        },
        UnitRow {
            unit: "Phòng Văn hóa - Xã hội".into(),
            counts: counts(4, 0, 3, 1),
        },
        UnitRow {
            unit: "Trung tâm Dịch vụ Sự nghiệp công".into(),
            counts: counts(3, 1, 1, 0),
        },
        UnitRow {
            unit: "Văn phòng HĐND và UBND".into(),
            counts: counts(5, 0, 1, 0),
        },
    ];
    let mut totals = BucketCounts::default();
    for u in &units {
        totals.add(&u.counts);
    }
    ProgressReport {
        secret: false,
        scope: ReportScope::Period("quý III/2026".into()),
        as_of: date(2026, 9, 14),
        totals,
        units,
        overdue: vec![
            OverdueTask { task: "Đẩy nhanh giải ngân vốn đầu tư công".into(), unit: "Phòng Kinh tế, hạ tầng và Đô thị".into(), deadline: date(2026, 7, 31), days_overdue: 45 },
            OverdueTask { task: "Giải phóng mặt bằng dự án trọng điểm".into(), unit: "Phòng Kinh tế, hạ tầng và Đô thị".into(), deadline: date(2026, 8, 25), days_overdue: 20 },
            OverdueTask { task: "Báo cáo tăng thu ngân sách".into(), unit: "Phòng Kinh tế, hạ tầng và Đô thị".into(), deadline: date(2026, 9, 10), days_overdue: 4 },
            OverdueTask { task: "Khám sàng lọc miễn phí cho đối tượng chính sách".into(), unit: "Phòng Văn hóa - Xã hội".into(), deadline: date(2026, 8, 1), days_overdue: 44 },
        ],
        issues: vec![UnitIssues {
            unit: "Phòng Kinh tế, hạ tầng và Đô thị".into(),
            difficulties: vec!["Nguồn vật liệu xây dựng khan hiếm, giá tăng.".into()],
            proposals: vec!["Đề nghị UBND thành phố bổ sung vốn cho dự án chỉnh trang đô thị.".into()],
        }],
        directions: vec!["Đồng chí Chủ tịch UBND phường yêu cầu Phòng Kinh tế, hạ tầng và Đô thị hoàn thành giải ngân trước ngày 30/9/2026.".into()],
        indicators: vec![
            Indicator { name: "Tỷ lệ giải ngân vốn đầu tư công".into(), unit_of_measure: "%".into(), target: 95.0, actual: 61.5 },
            Indicator { name: "Thu ngân sách nhà nước".into(), unit_of_measure: "tỷ đồng".into(), target: 120.0, actual: 98.4 },
            Indicator { name: "Khám sức khỏe miễn phí".into(), unit_of_measure: "lượt người".into(), target: 2000.0, actual: 2150.0 },
        ],
    }
}

pub fn report_frame() -> DocumentFrame {
    DocumentFrame {
        parent_body: Some("UBND THÀNH PHỐ HẢI PHÒNG".into()),
        issuing_body: "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".into(),
        number: DocumentNumber::new(Some(7), "BC-UBND").unwrap(),
        place: "Kiến An".into(),
        date: IssueDate::Dated(date(2026, 9, 15)),
        addressees: Addressees(vec!["Ủy ban nhân dân thành phố Hải Phòng".into()]),
        recipients: vec![
            "Như trên".into(),
            "CT, các PCT UBND phường".into(),
            "Lưu: VT, VP".into(),
        ],
        signature: Signature::new(
            vec![
                Authority::new(AuthorityKind::Tm, "ỦY BAN NHÂN DÂN"),
                Authority::new(AuthorityKind::Kt, "CHỦ TỊCH"),
            ],
            Some("PHÓ CHỦ TỊCH".into()),
            "Trần Văn Minh",
        )
        .unwrap(),
        urgency: None,
        secrecy: None,
    }
}

pub fn report_document() -> OfficialDocument {
    progress_report().to_document(report_frame())
}

/// A typed document exercising the remaining header components: parent body, a dated
/// number below 10, several addressees, urgency and secrecy marks, an acting head.
pub fn urgent_plan() -> OfficialDocument {
    let mut doc = kien_an_letter();
    doc.parent_body = Some("UBND THÀNH PHỐ HẢI PHÒNG".into());
    doc.kind = DocumentKind::KeHoach;
    doc.number = DocumentNumber::new(Some(5), "KH-UBND").unwrap();
    doc.date = IssueDate::Dated(date(2026, 2, 5));
    doc.subject = "Triển khai thực hiện Nghị quyết số 148/NQ-CP".into();
    doc.urgency = Some(Urgency::HoaToc);
    doc.secrecy = Some(Secrecy::Mat);
    doc.addressees = Addressees(vec![
        "Phòng Kinh tế, hạ tầng và Đô thị".into(),
        "Phòng Văn hóa - Xã hội".into(),
        "Trung tâm Dịch vụ Sự nghiệp công".into(),
    ]);
    doc.body.insert(
        2,
        Block::heading(HeadingLevel::Part, "I.", "MỤC ĐÍCH, YÊU CẦU"),
    );
    doc.body.insert(
        3,
        Block::heading(HeadingLevel::Subsection, "1.1.", "Mục đích"),
    );
    doc.body
        .insert(4, Block::plus("Ý thứ hai cấp, đánh dấu bằng dấu cộng."));
    doc.signature = Signature::new(
        vec![
            Authority::new(AuthorityKind::Tm, "ỦY BAN NHÂN DÂN"),
            Authority::new(AuthorityKind::Q, "CHỦ TỊCH"),
        ],
        None,
        "Lê Văn Hùng",
    )
    .unwrap();
    doc
}
