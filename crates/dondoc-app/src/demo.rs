//! The demo organisation: UBND phường Kiến An (Hải Phòng) with its units, leaders and
//! staff, the city's Công văn 7168/VP-TH as an incoming document, the ward's implementing
//! letter (`demo/kien-an-letter.txt`, read by the parser like any intake) with its tasks,
//! and a few reports so that no page is empty.

use crate::{App, AppError, IntakeConfirm, NewDocumentInput, TaskInput};
use dondoc_domain::{
    Deadline, NewPerson, NewUnit, Person, Position, ReportingCycle, Role, SignatureBlock, Unit,
    UnitId, UnitKind,
};

type Result<T> = std::result::Result<T, AppError>;

macro_rules! bail {
    ($($t:tt)*) => { return Err(AppError::BadInput(format!($($t)*))) };
}

/// The letter of UBND phường Kiến An (a public document, outside copyright).
pub const LETTER: &str = include_str!("../demo/kien-an-letter.txt");
/// Password of every demo account (printed at start).
pub const DEMO_PASSWORD: &str = "kienan2026";

/// What the demo created.
pub struct Demo {
    pub ward: UnitId,
    pub letter: dondoc_domain::DocumentId,
    pub accounts: Vec<(String, String, &'static str)>,
    pub letter_tasks: usize,
}

impl Demo {
    /// Prints the accounts for the person who started the demo.
    pub fn print(&self) {
        println!(
            "Dữ liệu mẫu UBND phường Kiến An đã sẵn sàng ({} nhiệm vụ từ công văn triển khai).",
            self.letter_tasks
        );
        println!("Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):");
        for (user, name, role) in &self.accounts {
            println!("  {user:<10} {name} — {role}");
        }
    }
}

async fn unit(
    app: &App,
    parent: Option<UnitId>,
    kind: UnitKind,
    name: &str,
    abbr: &str,
    aliases: &[&str],
) -> Result<Unit> {
    app.create_unit(None, NewUnit::new(parent, kind, name, abbr, aliases)?)
        .await
}

async fn person(
    app: &App,
    unit: &Unit,
    name: &str,
    position: Position,
    role: Role,
    user: &str,
) -> Result<Person> {
    let p = NewPerson::new(
        unit.id,
        name,
        position,
        role,
        Some(user),
        Some(&format!("{user}@kienan.haiphong.gov.vn")),
    )?;
    app.create_person(None, p, Some(DEMO_PASSWORD)).await
}

/// Seeds an empty database with the demo organisation.
pub async fn seed_demo(app: &App) -> Result<Demo> {
    if !app.units().await?.is_empty() {
        bail!(
            "cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu trống (dùng --db với một tệp mới)"
        );
    }
    let city = unit(
        app,
        None,
        UnitKind::Authority,
        "Ủy ban nhân dân thành phố Hải Phòng",
        "UBND TP",
        &["UBND thành phố Hải Phòng", "UBND thành phố"],
    )
    .await?;
    let city_office = unit(
        app,
        Some(city.id),
        UnitKind::Unit,
        "Văn phòng Ủy ban nhân dân thành phố Hải Phòng",
        "VP",
        &["Văn phòng UBND thành phố"],
    )
    .await?;
    let ward = unit(
        app,
        Some(city.id),
        UnitKind::Authority,
        "Ủy ban nhân dân phường Kiến An",
        "UBND",
        &["UBND phường Kiến An", "UBND phường"],
    )
    .await?;
    let vp = unit(
        app,
        Some(ward.id),
        UnitKind::Unit,
        "Văn phòng HĐND và UBND",
        "VP",
        &[
            "Văn phòng HĐND và UBND phường",
            "Văn phòng HĐND - UBND phường",
        ],
    )
    .await?;
    let kt = unit(
        app,
        Some(ward.id),
        UnitKind::Unit,
        "Phòng Kinh tế - Hạ tầng và Đô thị",
        "KT-HT-ĐT",
        &[
            "Phòng Kinh tế, hạ tầng và Đô thị phường",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
            "Phòng KT-HT-ĐT",
        ],
    )
    .await?;
    let vhxh = unit(
        app,
        Some(ward.id),
        UnitKind::Unit,
        "Phòng Văn hóa - Xã hội",
        "VH-XH",
        &["Phòng Văn hóa - Xã hội phường", "Phòng VH-XH"],
    )
    .await?;
    let dvsnc = unit(
        app,
        Some(ward.id),
        UnitKind::Unit,
        "Trung tâm Dịch vụ Sự nghiệp công",
        "TTDVSNC",
        &["Trung tâm Dịch vụ Sự nghiệp công phường"],
    )
    .await?;
    let hcc = unit(
        app,
        Some(ward.id),
        UnitKind::Unit,
        "Trung tâm Phục vụ hành chính công",
        "TTPVHCC",
        &["Trung tâm Phục vụ hành chính công phường"],
    )
    .await?;

    let city_clerk = person(
        app,
        &city_office,
        "Phạm Thị Thu",
        Position::ChuyenVien,
        Role::Office,
        "vptp",
    )
    .await?;
    let admin = person(
        app,
        &vp,
        "Quản trị hệ thống",
        Position::ChuyenVien,
        Role::Admin,
        "admin",
    )
    .await?;
    let chair = person(
        app,
        &ward,
        "Đỗ Mạnh Cường",
        Position::ChuTich,
        Role::Leader,
        "chutich",
    )
    .await?;
    let vice = person(
        app,
        &ward,
        "Vũ Thị Mai",
        Position::PhoChuTich,
        Role::Leader,
        "phochutich",
    )
    .await?;
    let office = person(
        app,
        &vp,
        "Nguyễn Thị Hồng Nhung",
        Position::PhoChanhVanPhong,
        Role::Office,
        "vanphong",
    )
    .await?;
    let kt_head = person(
        app,
        &kt,
        "Trần Quốc Bảo",
        Position::TruongPhong,
        Role::UnitHead,
        "ktht",
    )
    .await?;
    let kt_staff = person(
        app,
        &kt,
        "Lê Thu Hà",
        Position::ChuyenVien,
        Role::UnitStaff,
        "ktht.cv",
    )
    .await?;
    let vh_head = person(
        app,
        &vhxh,
        "Hoàng Minh Tuấn",
        Position::TruongPhong,
        Role::UnitHead,
        "vhxh",
    )
    .await?;
    let sn_head = person(
        app,
        &dvsnc,
        "Ngô Thị Lan",
        Position::GiamDoc,
        Role::UnitHead,
        "dvsnc",
    )
    .await?;
    let hcc_head = person(
        app,
        &hcc,
        "Bùi Văn Sơn",
        Position::GiamDoc,
        Role::UnitHead,
        "hcc",
    )
    .await?;

    let city_actor = app.actor_for(&city_clerk).await?;
    let office_actor = app.actor_for(&office).await?;

    // The level above: the city's office assigns the ward a task (cascade source).
    let city_task = app
        .assign(
            &city_actor,
            vec![TaskInput {
                title: "Triển khai thực hiện Nghị quyết số 148/NQ-CP Phiên họp Chính phủ thường kỳ tháng 5/2026".into(),
                lead_unit: ward.id.get(),
                cooperating: vec![],
                assignee: None,
                document_id: None,
                section: None,
                deadline: Deadline::Ongoing { cycle: ReportingCycle::Monthly { day: 20 } },
                urgency: None,
                parent_task: None,
                secret: false,
            }],
        )
        .await?
        .remove(0);

    // The city's letter, registered as an incoming document of the ward.
    let incoming = NewDocumentInput {
        direction: "incoming".into(),
        kind: "cong_van".into(),
        number: Some("7168/VP-TH".into()),
        issued_on: chrono::NaiveDate::from_ymd_opt(2026, 6, 16),
        issuer: "VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG".into(),
        place: "Hải Phòng".into(),
        subject: "triển khai thực hiện Nghị quyết Phiên họp Chính phủ thường kỳ tháng 5/2026".into(),
        body: "Văn phòng Ủy ban nhân dân thành phố gửi kèm Nghị quyết số 148/NQ-CP của Chính phủ và đề nghị các cơ quan, đơn vị, UBND các xã, phường triển khai thực hiện.".into(),
        addressees: vec!["Các sở, ban, ngành thành phố".into(), "UBND các xã, phường".into()],
        references: vec!["148/NQ-CP".into()],
        implements_task: Some(city_task.id.get()),
        ..Default::default()
    };
    app.register_document(&office_actor, incoming.into_new(ward.id)?)
        .await?;

    // The ward's implementing letter, read by the parser as any pasted directive.
    let draft = app.draft(&office_actor, LETTER).await?;
    if draft.assignments.len() != 5 {
        bail!(
            "bộ đọc văn bản tìm thấy {} đơn vị chủ trì trong công văn mẫu, cần 5",
            draft.assignments.len()
        );
    }
    let all_units = [&vp, &kt, &vhxh, &dvsnc, &hcc];
    let mut tasks = Vec::new();
    for a in &draft.assignments {
        let leads: Vec<i64> = match a.lead_unit {
            Some(u) => vec![u],
            // "Các phòng, đơn vị thuộc phường": every unit gets the duty.
            None if dondoc_domain::text::fold(&a.lead_written).starts_with("cac phong") => {
                all_units.iter().map(|u| u.id.get()).collect()
            }
            None => bail!("không xác định được đơn vị chủ trì \"{}\"", a.lead_written),
        };
        for lead in leads {
            for duty in &a.tasks {
                tasks.push(TaskInput {
                    title: duty.clone(),
                    lead_unit: lead,
                    cooperating: vec![],
                    assignee: None,
                    document_id: None,
                    section: a.section.clone(),
                    deadline: a.deadline.clone(),
                    urgency: None,
                    parent_task: None,
                    secret: false,
                });
            }
        }
    }
    let d = &draft.parsed.document;
    let sig = d.signature.as_ref();
    let letter = NewDocumentInput {
        direction: "outgoing".into(),
        kind: d.kind.as_str().into(),
        number: None,
        issued_on: None,
        issuer: "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".into(),
        place: d.place.clone().unwrap_or_else(|| "Kiến An".into()),
        subject: d
            .subject
            .clone()
            .ok_or_else(|| AppError::BadInput("công văn mẫu không có trích yếu".into()))?,
        body: LETTER.into(),
        addressees: d.addressees.clone(),
        distribution: d.distribution.clone(),
        references: d.references.iter().map(|r| r.number.clone()).collect(),
        signature: sig.map(|s| SignatureBlock {
            authority: s.authority.clone(),
            title: s.title.clone().unwrap_or_default(),
            name: s.name.clone().unwrap_or_default(),
        }),
        urgency: None,
        secrecy: None,
        implements_task: Some(city_task.id.get()),
        exchange: None,
    };
    let (doc, created) = app
        .confirm_intake(
            &office_actor,
            IntakeConfirm {
                document: letter,
                tasks,
            },
        )
        .await?;
    app.issue_document(&office_actor, doc.id, "UBND-VP").await?;

    // Units at work.
    let kt_actor = app.actor_for(&kt_head).await?;
    let vh_actor = app.actor_for(&vh_head).await?;
    let sn_actor = app.actor_for(&sn_head).await?;
    let chair_actor = app.actor_for(&chair).await?;
    for t in &created {
        let a = if t.lead_unit == kt.id {
            &kt_actor
        } else if t.lead_unit == vhxh.id {
            &vh_actor
        } else if t.lead_unit == dvsnc.id {
            &sn_actor
        } else {
            continue;
        };
        app.receive(a, t.id, None).await?;
    }
    let disbursement = created
        .iter()
        .find(|t| t.lead_unit == kt.id && dondoc_domain::text::fold(&t.title).contains("giai ngan"))
        .ok_or_else(|| {
            AppError::BadInput("không thấy nhiệm vụ giải ngân trong công văn mẫu".into())
        })?;
    app.hand_to(&kt_actor, disbursement.id, None, kt_staff.id)
        .await?;
    let report = app
        .report_progress(
            &kt_actor,
            disbursement.id,
            None,
            45,
            "Đến nay đã giải ngân 45% kế hoạch vốn đầu tư công được giao; 3/5 dự án trọng điểm đạt tiến độ.",
            "Dự án cải tạo tuyến đường Trần Thành Ngọ vướng mắc giải phóng mặt bằng 12 hộ dân chưa đồng thuận phương án bồi thường.",
            "Đề nghị UBND phường chỉ đạo tổ công tác giải phóng mặt bằng đối thoại với các hộ dân trong tháng.",
            &[],
        )
        .await?;
    let ind = app
        .add_indicator(
            &office_actor,
            disbursement.id,
            "Tỷ lệ giải ngân vốn đầu tư công",
            "%",
            100.0,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 31),
        )
        .await?;
    // This month's figure (the reporting month whose window holds today).
    let month = dondoc_calendar::period::ReportingPeriod::containing(
        dondoc_calendar::period::PeriodKind::Monthly,
        app.today(),
    )
    .map(|p| p.label)
    .unwrap_or_else(|| "Năm 2026".into());
    app.report_indicator(&kt_actor, ind.id, &month, 45.0)
        .await?;
    let health = created
        .iter()
        .find(|t| t.lead_unit == vhxh.id && dondoc_domain::text::fold(&t.title).contains("kham"));
    if let Some(t) = health {
        app.report_progress(&vh_actor, t.id, None, 30, "Đã xây dựng kế hoạch khám sức khỏe định kỳ; tổ chức khám sàng lọc miễn phí cho 320 người cao tuổi.", "", "", &[])
            .await?;
    }
    let media = created.iter().find(|t| t.lead_unit == dvsnc.id);
    if let Some(t) = media {
        let r = app
            .report_progress(
                &sn_actor,
                t.id,
                None,
                60,
                "Đã tuyên truyền Nghị quyết 148/NQ-CP trên hệ thống loa truyền thanh và trang thông tin điện tử phường.",
                "Kinh phí in ấn tài liệu tuyên truyền chưa được bố trí.",
                "Đề nghị bố trí 15 triệu đồng từ nguồn dự phòng.",
                &[],
            )
            .await?;
        app.give_direction(&chair_actor, t.id, Some(r.id), "Giao Văn phòng HĐND và UBND phường phối hợp bộ phận tài chính cân đối, bố trí kinh phí trong tháng.").await?;
    }
    let _ = report;
    let accounts = [
        (&admin, Role::Admin),
        (&chair, Role::Leader),
        (&vice, Role::Leader),
        (&office, Role::Office),
        (&kt_head, Role::UnitHead),
        (&kt_staff, Role::UnitStaff),
        (&vh_head, Role::UnitHead),
        (&sn_head, Role::UnitHead),
        (&hcc_head, Role::UnitHead),
        (&city_clerk, Role::Office),
    ]
    .iter()
    .map(|(p, r)| {
        (
            p.username.clone().unwrap_or_default(),
            p.full_name.clone(),
            r.label(),
        )
    })
    .collect();
    Ok(Demo {
        ward: ward.id,
        letter: doc.id,
        accounts,
        letter_tasks: created.len(),
    })
}
