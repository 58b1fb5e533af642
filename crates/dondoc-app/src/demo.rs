//! The demo organisation: UBND phường Kiến An (Hải Phòng) with its units, leaders and
//! staff, the city's Công văn 7168/VP-TH as an incoming document, the ward's implementing
//! letter (`demo/kien-an-letter.txt`, read by the parser like any intake) with its tasks,
//! and a few reports so that no page is empty.
//!
//! Before the letter, some weeks of history ([`history`]): tasks the Office gave at a
//! briefing, worked on by the units, one completed on time, one late, one now overdue,
//! one still in time; so the dashboard shows the four statistics, and the Office has a
//! unit to urge. The letter itself came four working days ago, and the units took it up
//! in the days since. Everything is written on a clock of its own that moves forward
//! through those weeks, so every audit event's time follows the one before.

use crate::{App, AppError, FixedClock, IntakeConfirm, NewDocumentInput, TaskInput};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use dondoc_domain::policy::Actor;
use dondoc_domain::{
    Deadline, NewPerson, NewUnit, Person, Position, ReportingCycle, Role, SignatureBlock, Unit,
    UnitId, UnitKind,
};
use std::sync::Arc;

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
    /// Tasks of the weeks before the letter ([`history`]).
    pub history_tasks: usize,
}

impl Demo {
    /// Prints the accounts for the person who started the demo.
    pub fn print(&self) {
        println!(
            "Dữ liệu mẫu UBND phường Kiến An đã sẵn sàng ({} nhiệm vụ từ công văn triển khai, \
             {} nhiệm vụ giao ban trong các tuần trước).",
            self.letter_tasks, self.history_tasks
        );
        println!("Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):");
        for (user, name, role) in &self.accounts {
            println!("  {user:<10} {name} — {role}");
        }
    }
}

/// A task given by hand (at the ward's weekly briefing), due on `due`.
fn briefing_task(title: &str, lead: UnitId, due: NaiveDate) -> TaskInput {
    TaskInput {
        title: title.into(),
        lead_unit: lead.get(),
        cooperating: vec![],
        assignee: None,
        document_id: None,
        section: None,
        deadline: Deadline::OnDate { date: due },
        urgency: None,
        parent_task: None,
        secret: false,
    }
}

/// The weeks before the letter: four tasks from the ward's briefing, given by the Office
/// 25 working days ago. Phòng KT-HT-ĐT completes its review of unlicensed building in
/// time; Phòng VH-XH its list of poor households late; the clearing of pavements is
/// overdue, its obstacle reported; the one-stop shop's review is due next week.
async fn history(
    app: &App,
    clock: &DemoClock,
    office: &Actor,
    (kt, kt_unit): (&Actor, UnitId),
    (vh, vh_unit): (&Actor, UnitId),
    (hcc, hcc_unit): (&Actor, UnitId),
) -> Result<usize> {
    let cal = app.calendar().clone();
    let day = |n| cal.sub_working_days(clock.today, n);
    clock.days_before(&cal, 25);
    let tasks = app
        .assign(
            office,
            vec![
                briefing_task(
                    "Rà soát, thống kê các công trình xây dựng không phép, sai phép trên địa bàn phường; đề xuất biện pháp xử lý",
                    kt_unit,
                    day(10),
                ),
                briefing_task(
                    "Rà soát, tổng hợp danh sách hộ nghèo, hộ cận nghèo trên địa bàn phường, báo cáo UBND phường",
                    vh_unit,
                    day(15),
                ),
                briefing_task(
                    "Kiểm tra, xử lý tình trạng lấn chiếm vỉa hè, lòng đường trên các tuyến phố chính của phường",
                    kt_unit,
                    day(3),
                ),
                briefing_task(
                    "Rà soát, cập nhật thủ tục hành chính trên Cổng dịch vụ công; báo cáo tỷ lệ hồ sơ nộp trực tuyến",
                    hcc_unit,
                    cal.add_working_days(clock.today, 5),
                ),
            ],
        )
        .await?;
    let [building, households, pavements, one_stop] = &tasks[..] else {
        bail!("dữ liệu mẫu: cần 4 nhiệm vụ giao ban, có {}", tasks.len());
    };
    clock.days_before(&cal, 24);
    for (who, t) in [
        (kt, building),
        (vh, households),
        (kt, pavements),
        (hcc, one_stop),
    ] {
        app.receive(who, t.id, None).await?;
    }
    clock.days_before(&cal, 18);
    app.report_progress(kt, building.id, None, 50, "Đã rà soát 6/11 tổ dân phố; phát hiện 9 công trình xây dựng không phép, 4 công trình sai phép.", "", "", &[])
        .await?;
    app.report_progress(
        vh,
        households.id,
        None,
        40,
        "Đã tổ chức bình xét tại 5/11 tổ dân phố.",
        "Một số hộ vắng nhà, chưa thu thập được thông tin thu nhập.",
        "",
        &[],
    )
    .await?;
    clock.days_before(&cal, 12);
    app.report_completion(kt, building.id, None, "Đã rà soát toàn bộ 11 tổ dân phố: 14 công trình không phép, 6 công trình sai phép; đã lập biên bản, đề xuất xử lý theo quy định.", "", "", &[])
        .await?;
    clock.days_before(&cal, 11);
    app.confirm_completion(office, building.id, None).await?;
    clock.days_before(&cal, 8);
    app.report_completion(
        vh,
        households.id,
        None,
        "Đã hoàn thành bình xét tại 11/11 tổ dân phố; tổng hợp 126 hộ nghèo, 214 hộ cận nghèo.",
        "",
        "",
        &[],
    )
    .await?;
    clock.days_before(&cal, 7);
    app.confirm_completion(office, households.id, None).await?;
    clock.days_before(&cal, 6);
    app.report_progress(
        kt,
        pavements.id,
        None,
        40,
        "Đã kiểm tra 7/15 tuyến phố, lập biên bản 23 trường hợp lấn chiếm vỉa hè.",
        "Lực lượng trật tự đô thị mỏng; một số hộ kinh doanh tái lấn chiếm sau khi kiểm tra.",
        "Đề nghị Công an phường phối hợp ra quân xử lý trong tuần.",
        &[],
    )
    .await?;
    clock.days_before(&cal, 5);
    app.report_progress(
        hcc,
        one_stop.id,
        None,
        60,
        "Đã rà soát 142/236 thủ tục hành chính; tỷ lệ hồ sơ nộp trực tuyến tháng trước đạt 71%.",
        "",
        "",
        &[],
    )
    .await?;
    Ok(tasks.len())
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

/// How many working days before today the demo's history begins.
const HISTORY_DAYS: u32 = 30;

/// The demo's clock: 09:00 in Vietnam on a working day of the history, then now.
struct DemoClock {
    clock: Arc<FixedClock>,
    today: NaiveDate,
    now: DateTime<Utc>,
}

impl DemoClock {
    /// Sets the clock to `n` working days before today, at 09:00 (never past now).
    fn days_before(&self, cal: &dondoc_calendar::Calendar, n: u32) -> NaiveDate {
        let day = cal.sub_working_days(self.today, n);
        let at = day
            .and_hms_opt(2, 0, 0)
            .map(|t| Utc.from_utc_datetime(&t))
            .unwrap_or(self.now)
            .min(self.now);
        self.clock.set(at);
        day
    }
}

/// Seeds an empty database with the demo organisation.
pub async fn seed_demo(app: &App) -> Result<Demo> {
    // Everything is written through an app on the demo's own clock (see the module).
    let clock = DemoClock {
        clock: Arc::new(FixedClock::new(app.now())),
        today: app.today(),
        now: app.now(),
    };
    let app = &app.with_clock(clock.clock.clone());
    let cal = app.calendar().clone();
    clock.days_before(&cal, HISTORY_DAYS);
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
    // The city's leader who signs its reports and directs the work it gives (without
    // one, the city's Word and PDF reports have no signer).
    let city_leader = person(
        app,
        &city,
        "Lê Quang Huy",
        Position::PhoChuTich,
        Role::Leader,
        "pctp",
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
    let history_tasks = history(
        app,
        &clock,
        &office_actor,
        (&app.actor_for(&kt_head).await?, kt.id),
        (&app.actor_for(&vh_head).await?, vhxh.id),
        (&app.actor_for(&hcc_head).await?, hcc.id),
    )
    .await?;
    // The letter came four working days ago; the units took it up in the days since.
    clock.days_before(&cal, 4);

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
        // The city's letter gives the task; the ward's own letter below implements it.
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
    clock.days_before(&cal, 3);
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
    clock.days_before(&cal, 2);
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
        clock.today,
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
    clock.days_before(&cal, 1);
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
    clock.clock.set(clock.now);
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
        (&city_leader, Role::Leader),
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
        history_tasks,
    })
}
