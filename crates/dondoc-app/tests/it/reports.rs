//! Reports over the Kiến An demo: the model's numbers against the store, the DOCX/XLSX
//! exports, the composed implementing letter, and LibreOffice's reading of the DOCX.

use chrono::{NaiveDate, TimeZone, Utc};
use dondoc_app::reports::ReportScopeInput;
use dondoc_app::{App, AppError, FixedClock};
use dondoc_calendar::Calendar;
use dondoc_calendar::period::PeriodKind;
use dondoc_domain::policy::Actor;
use dondoc_report::report::{ProgressReport, SHEET_SUMMARY, SHEET_UNITS};
use dondoc_store::TaskFilter;
use std::io::Read;
use std::sync::Arc;

struct Demo {
    app: App,
    demo: dondoc_app::demo::Demo,
    clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
}

async fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let store = dondoc_store_sqlite::SqliteStore::open(&format!(
        "sqlite://{}",
        dir.path().join("demo.db").display()
    ))
    .await
    .unwrap();
    // 27/11/2026, 10:00 in Hà Nội.
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap(),
    ));
    let app = App::new(Arc::new(store), Calendar::vietnam(), clock.clone());
    let demo = dondoc_app::demo::seed_demo(&app).await.unwrap();
    Demo {
        app,
        demo,
        clock,
        _dir: dir,
    }
}

async fn actor(app: &App, username: &str) -> Actor {
    let p = app
        .people()
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.username.as_deref() == Some(username))
        .unwrap();
    app.actor_for(&p).await.unwrap()
}

fn same_counts(r: &ProgressReport, c: &dondoc_domain::BucketCounts) {
    assert_eq!(u64::from(r.totals.done_on_time), c.done_on_time);
    assert_eq!(u64::from(r.totals.done_late), c.done_late);
    assert_eq!(u64::from(r.totals.open_on_time), c.in_progress);
    assert_eq!(u64::from(r.totals.open_overdue), c.overdue);
    let mut sum = dondoc_report::report::BucketCounts::default();
    for u in &r.units {
        sum.add(&u.counts);
    }
    assert_eq!(sum, r.totals, "the unit rows add up to the totals");
    assert_eq!(r.overdue.len() as u32, r.totals.open_overdue);
}

fn zip_text(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// All XML parts of a DOCX, concatenated (fonts live in styles and the font table).
fn all_xml(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if f.name().ends_with(".xml") {
            f.read_to_string(&mut out).unwrap();
        }
    }
    out
}

/// Text of word/document.xml without tags (runs may split a phrase).
fn docx_text(bytes: &[u8]) -> String {
    let xml = zip_text(bytes, "word/document.xml");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
}

const UNITS: [&str; 5] = [
    "Văn phòng HĐND và UBND",
    "Phòng Kinh tế - Hạ tầng và Đô thị",
    "Phòng Văn hóa - Xã hội",
    "Trung tâm Dịch vụ Sự nghiệp công",
    "Trung tâm Phục vụ hành chính công",
];

#[tokio::test]
async fn organisation_report_matches_the_store() {
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let r = d
        .app
        .progress_report(&office, ReportScopeInput::Organisation)
        .await
        .unwrap();
    let stats = d.app.stats(&office, TaskFilter::default()).await.unwrap();
    same_counts(&r, &stats);
    assert_eq!(u64::from(r.totals.total()), stats.total());
    assert!(r.totals.total() >= 10, "the letter's duties are counted");

    // The model as JSON, projected on what the demo fixes (ids and dates of deadlines
    // follow the parser and are checked against the store above instead).
    let json = serde_json::to_value(&r).unwrap();
    let projected = serde_json::json!({
        "scope": json["scope"],
        "as_of": json["as_of"],
        "units": json["units"].as_array().unwrap().iter().map(|u| u["unit"].clone()).collect::<Vec<_>>(),
        "issues": json["issues"],
        "directions": json["directions"],
        "indicators": json["indicators"],
    });
    let expected = serde_json::json!({
        "scope": {"Unit": "Ủy ban nhân dân phường Kiến An"},
        "as_of": "2026-11-27",
        "units": UNITS,
        "issues": [
            {
                "unit": "Phòng Kinh tế - Hạ tầng và Đô thị",
                "difficulties": [
                    "Lực lượng trật tự đô thị mỏng; một số hộ kinh doanh tái lấn chiếm sau khi kiểm tra.",
                    "Dự án cải tạo tuyến đường Trần Thành Ngọ vướng mắc giải phóng mặt bằng 12 hộ dân chưa đồng thuận phương án bồi thường."
                ],
                "proposals": [
                    "Đề nghị Công an phường phối hợp ra quân xử lý trong tuần.",
                    "Đề nghị UBND phường chỉ đạo tổ công tác giải phóng mặt bằng đối thoại với các hộ dân trong tháng."
                ]
            }
            // The centre's difficulty was answered by the chair: in the directions below,
            // as off the dashboard's "chờ chỉ đạo".
        ],
        "directions": [
            "Về nhiệm vụ “Căn cứ vào chức năng, nhiệm vụ được giao và nội dung chỉ đạo tại Nghị quyết số 148/NQ-CP…” (Trung tâm Dịch vụ Sự nghiệp công): Giao Văn phòng HĐND và UBND phường phối hợp bộ phận tài chính cân đối, bố trí kinh phí trong tháng."
        ],
        "indicators": [
            {"name": "Tỷ lệ giải ngân vốn đầu tư công", "unit_of_measure": "%", "target": 100.0, "actual": 45.0}
        ]
    });
    assert_eq!(
        projected,
        expected,
        "{}",
        serde_json::to_string_pretty(&projected).unwrap()
    );

    // The report's difficulties are the dashboard's "chờ chỉ đạo".
    let mut listed: Vec<String> = r
        .issues
        .iter()
        .flat_map(|i| i.difficulties.iter().cloned())
        .collect();
    let mut waiting: Vec<String> = d
        .app
        .dashboard(&office)
        .await
        .unwrap()
        .obstacles
        .iter()
        .map(|(rep, _)| rep.obstacles.clone())
        .collect();
    listed.sort();
    waiting.sort();
    assert_eq!(listed, waiting);

    // DOCX: an ND30 BÁO CÁO in Times New Roman naming every unit.
    let frame = d.app.report_frame(&office).await.unwrap();
    assert_eq!(frame.issuing_body, "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN");
    // A People's Committee has no cơ quan chủ quản line above it.
    assert_eq!(frame.parent_body, None);
    assert_eq!(frame.place, "Kiến An");
    // To the ward's People's Council and the city above, not to the committee itself.
    assert_eq!(
        frame.addressees.0,
        [
            "Thường trực Hội đồng nhân dân phường Kiến An",
            "Ủy ban nhân dân thành phố Hải Phòng"
        ]
    );
    assert_eq!(
        frame.signature.lines(),
        vec!["TM. ỦY BAN NHÂN DÂN".to_owned(), "CHỦ TỊCH".to_owned()]
    );
    let doc = r.to_document(frame);
    let bytes = dondoc_report::docx::export(&doc).unwrap();
    let text = docx_text(&bytes);
    assert!(text.contains("BÁO CÁO"));
    assert!(text.contains("BC-UBND"));
    for u in UNITS {
        assert!(text.contains(u), "{u} in the report");
    }
    assert!(all_xml(&bytes).contains("Times New Roman"));

    // XLSX: the six sheets, numbers as numbers.
    let xlsx = dondoc_report::xlsx::export_report(&r, "UBND PHƯỜNG KIẾN AN").unwrap();
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let names = wb.sheet_names();
    let expected_names: Vec<String> = r.tables().iter().map(|t| t.title.clone()).collect();
    assert_eq!(names, expected_names);
    let summary = wb.worksheet_range(SHEET_SUMMARY).unwrap();
    let total_row = summary
        .rows()
        .find(|row| matches!(&row[0], Data::String(s) if s == "Tổng số"))
        .unwrap();
    assert!(
        matches!(total_row[1], Data::Float(x) if x == f64::from(r.totals.total()))
            || matches!(total_row[1], Data::Int(x) if x == i64::from(r.totals.total())),
        "{:?}",
        total_row[1]
    );
    let units = wb.worksheet_range(SHEET_UNITS).unwrap();
    let first = units
        .rows()
        .find(|row| matches!(&row[1], Data::String(s) if s == UNITS[0]))
        .unwrap();
    assert!(matches!(first[0], Data::Float(_) | Data::Int(_)));
}

/// A unit's sub-tasks for its staff change neither the report's numbers nor the
/// dashboard's: both count the work the ward gave.
#[tokio::test]
async fn sub_tasks_count_neither_in_the_report_nor_on_the_dashboard() {
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let head = actor(&d.app, "ktht").await;
    let report = || async {
        d.app
            .progress_report(&office, ReportScopeInput::Organisation)
            .await
            .unwrap()
            .totals
    };
    let before = report().await;
    let stats_before = d.app.stats(&office, TaskFilter::default()).await.unwrap();
    let parent = d
        .app
        .store()
        .tasks_all(&TaskFilter {
            unit_id: Some(head.unit_id),
            statuses: vec![dondoc_domain::TaskStatus::Received],
            ..Default::default()
        })
        .await
        .unwrap()
        .remove(0);
    d.app
        .assign(
            &head,
            vec![dondoc_app::TaskInput {
                title: "Khảo sát hiện trạng tuyến phố Trần Thành Ngọ".into(),
                lead_unit: head.unit_id.get(),
                cooperating: vec![],
                assignee: None,
                document_id: None,
                section: None,
                deadline: parent.deadline.clone(),
                urgency: None,
                parent_task: Some(parent.id.get()),
                secret: false,
            }],
        )
        .await
        .unwrap();
    assert_eq!(report().await, before);
    assert_eq!(
        d.app.stats(&office, TaskFilter::default()).await.unwrap(),
        stats_before
    );
}

/// The report's difficulties are the dashboard's "chờ chỉ đạo" ones too: a difficulty no
/// direction has answered stays in the report after the unit's next report leaves it
/// out, and goes once a leader answers it.
#[tokio::test]
async fn an_unanswered_difficulty_stays_in_the_report_until_answered() {
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let head = actor(&d.app, "ktht").await;
    let chair = actor(&d.app, "chutich").await;
    const GPMB: &str = "Dự án cải tạo tuyến đường Trần Thành Ngọ vướng mắc";
    let raised = d
        .app
        .store()
        .open_obstacles(office.org_id, 50)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.obstacles.starts_with(GPMB))
        .unwrap();
    let difficulties = |r: &ProgressReport| -> Vec<String> {
        r.issues
            .iter()
            .flat_map(|i| i.difficulties.iter().cloned())
            .collect()
    };
    d.app
        .report_progress(
            &head,
            raised.task_id,
            None,
            60,
            "Đã đối thoại 8/12 hộ.",
            "",
            "",
            &[],
        )
        .await
        .unwrap();
    let r = d
        .app
        .progress_report(&office, ReportScopeInput::Organisation)
        .await
        .unwrap();
    assert!(
        difficulties(&r).iter().any(|t| t.starts_with(GPMB)),
        "{:?}",
        difficulties(&r)
    );
    d.app
        .give_direction(
            &chair,
            raised.task_id,
            Some(raised.id),
            "Giao tổ công tác giải phóng mặt bằng tiếp tục đối thoại, báo cáo trong tuần.",
        )
        .await
        .unwrap();
    let r = d
        .app
        .progress_report(&office, ReportScopeInput::Organisation)
        .await
        .unwrap();
    assert!(
        !difficulties(&r).iter().any(|t| t.starts_with(GPMB)),
        "{:?}",
        difficulties(&r)
    );
}

#[tokio::test]
async fn directive_unit_and_period_reports() {
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let r = d
        .app
        .progress_report(
            &office,
            ReportScopeInput::Directive {
                document_id: d.demo.letter,
            },
        )
        .await
        .unwrap();
    let stats = d
        .app
        .stats(
            &office,
            TaskFilter {
                document_id: Some(d.demo.letter),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    same_counts(&r, &stats);
    assert_eq!(u64::from(r.totals.total()), d.demo.letter_tasks as u64);
    match &r.scope {
        dondoc_report::report::ReportScope::Directive(s) => {
            assert!(
                s.starts_with("Công văn số 01/UBND-VP ngày 20/11/2026"),
                "{s}"
            );
        }
        other => panic!("{other:?}"),
    }

    // One unit: its row only.
    let kt = d
        .app
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == UNITS[1])
        .unwrap();
    let r = d
        .app
        .progress_report(&office, ReportScopeInput::Unit { unit_id: kt.id })
        .await
        .unwrap();
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].unit, UNITS[1]);
    assert_eq!(r.indicators.len(), 1);
    // Not a unit of another organisation (here the city above the ward).
    let city = d
        .app
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.parent_id.is_none())
        .unwrap();
    let refused = d
        .app
        .progress_report(&office, ReportScopeInput::Unit { unit_id: city.id })
        .await;
    assert!(matches!(refused, Err(AppError::BadInput(_))), "{refused:?}");

    // The quarter containing today: tasks assigned in it.
    let r = d
        .app
        .progress_report(
            &office,
            ReportScopeInput::Period {
                kind: PeriodKind::Quarterly,
                date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        r.scope,
        dondoc_report::report::ReportScope::Period("quý IV/2026".into())
    );
    // The letter's tasks and those of the weeks before it (from mid-October).
    assert_eq!(
        u64::from(r.totals.total()),
        (d.demo.letter_tasks + d.demo.history_tasks) as u64
    );
    // Two months on, the month's report still accounts for the work carried into
    // it: every task still open, as the dashboard counts it.
    d.clock
        .set(Utc.with_ymd_and_hms(2027, 1, 20, 3, 0, 0).unwrap());
    let r = d
        .app
        .progress_report(
            &office,
            ReportScopeInput::Period {
                kind: PeriodKind::Monthly,
                date: NaiveDate::from_ymd_opt(2027, 1, 20).unwrap(),
            },
        )
        .await
        .unwrap();
    let open = d.app.stats(&office, TaskFilter::default()).await.unwrap();
    assert_eq!(
        u64::from(r.totals.open_on_time) + u64::from(r.totals.open_overdue),
        open.in_progress + open.overdue,
        "{:?}",
        r.totals
    );
    assert!(open.in_progress + open.overdue > 0);
    d.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap());
    // A period before anything was assigned is empty, dated at its cut-off.
    let r = d
        .app
        .progress_report(
            &office,
            ReportScopeInput::Period {
                kind: PeriodKind::Monthly,
                date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            },
        )
        .await
        .unwrap();
    assert_eq!(r.totals.total(), 0);
    assert_eq!(r.as_of, NaiveDate::from_ymd_opt(2026, 3, 14).unwrap());
    assert!(r.issues.is_empty() && r.directions.is_empty());

    // A future period is refused.
    let err = d
        .app
        .progress_report(
            &office,
            ReportScopeInput::Period {
                kind: PeriodKind::Annual,
                date: NaiveDate::from_ymd_opt(2028, 1, 1).unwrap(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, dondoc_app::AppError::BadInput(_)), "{err}");
}

#[tokio::test]
async fn a_unit_head_reports_only_what_the_unit_sees() {
    let d = demo().await;
    let head = actor(&d.app, "vhxh").await;
    let r = d
        .app
        .progress_report(&head, ReportScopeInput::Organisation)
        .await
        .unwrap();
    let stats = d.app.stats(&head, TaskFilter::default()).await.unwrap();
    same_counts(&r, &stats);
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].unit, UNITS[2]);
    assert!(
        r.indicators.is_empty(),
        "the disbursement indicator is not theirs"
    );
    assert!(
        r.issues.iter().all(|i| i.unit == UNITS[2]),
        "{:?}",
        r.issues
    );
    // It is the unit's report, from the unit, signed by its head: not the
    // ward's, signed for the People's Committee.
    assert_eq!(
        r.scope,
        dondoc_report::report::ReportScope::Unit(UNITS[2].into())
    );
    let frame = d.app.report_frame(&head).await.unwrap();
    assert_eq!(frame.issuing_body, UNITS[2].to_uppercase());
    assert_eq!(frame.parent_body.as_deref(), Some("UBND PHƯỜNG KIẾN AN"));
    assert!(frame.signature.chain().is_empty());
    assert_eq!(frame.signature.title(), Some("TRƯỞNG PHÒNG"));
    assert_eq!(frame.signature.name(), "Hoàng Minh Tuấn");
    // Another unit's report is not theirs to compile.
    let kt = d
        .app
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == UNITS[1])
        .unwrap()
        .id;
    let err = d
        .app
        .progress_report(&head, ReportScopeInput::Unit { unit_id: kt })
        .await
        .unwrap_err();
    assert!(matches!(err, dondoc_app::AppError::BadInput(_)), "{err}");
}

/// An issued letter stays as it was issued: a task of it changed since (here its
/// wording) does not change the letter, and the letter kept is not listed among the
/// document's files.
#[tokio::test]
async fn an_issued_letter_stays_as_issued() {
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let issued = d.app.compose_letter(&office, d.demo.letter).await.unwrap();
    let t = d
        .app
        .store()
        .tasks_all(&TaskFilter {
            document_id: Some(d.demo.letter),
            ..Default::default()
        })
        .await
        .unwrap()
        .remove(0);
    let changed = dondoc_domain::Task {
        title: format!("{} (đã sửa sau khi ban hành)", t.title),
        ..t
    };
    d.app
        .store()
        .update_task(
            &changed,
            dondoc_domain::audit::NewEvent::new(
                chrono::Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap(),
                None,
                "task",
                changed.id.get(),
                "edit",
            ),
        )
        .await
        .unwrap();
    let again = d.app.compose_letter(&office, d.demo.letter).await.unwrap();
    assert_eq!(again, issued);
    assert!(
        !serde_json::to_string(&again)
            .unwrap()
            .contains("đã sửa sau khi ban hành")
    );
    let files = d
        .app
        .document_attachments(&office, d.demo.letter)
        .await
        .unwrap();
    assert!(files.is_empty(), "{files:?}");
    // Kept whole, it is not a file anyone downloads…
    let kept = d
        .app
        .store()
        .attachments(Some(d.demo.letter), None)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.content_type == dondoc_app::reports::ISSUED_LETTER_TYPE)
        .unwrap();
    assert!(matches!(
        d.app.attachment(&office, kept.id).await,
        Err(dondoc_app::AppError::NotFound(_))
    ));
    // …and a reader who may not see every task of it gets the letter of what they see.
    let head = actor(&d.app, "ktht").await;
    let his = d.app.compose_letter(&head, d.demo.letter).await.unwrap();
    assert_ne!(his, issued);
    assert!(
        !serde_json::to_string(&his)
            .unwrap()
            .contains("Phòng Văn hóa - Xã hội"),
        "another unit's section"
    );
}

#[tokio::test]
async fn composed_letter_follows_the_ward_letter() {
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let letter = d.app.compose_letter(&office, d.demo.letter).await.unwrap();
    assert_eq!(letter.number.to_string(), "Số: 01/UBND-VP");
    // Issued four working days before the demo's today (27/11; 24/11 is a day off).
    assert_eq!(
        letter.place_and_date(),
        "Kiến An, ngày 20 tháng 11 năm 2026"
    );
    assert_eq!(letter.issuing_body, "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN");
    assert_eq!(
        letter.signature.lines(),
        vec![
            "TL. CHỦ TỊCH".to_owned(),
            "KT. CHÁNH VĂN PHÒNG".to_owned(),
            "PHÓ CHÁNH VĂN PHÒNG".to_owned()
        ]
    );
    let bytes = dondoc_report::docx::export(&letter).unwrap();
    let text = docx_text(&bytes);
    for needle in [
        "V/v",
        "Kính gửi",
        "Thực hiện Công văn số 7168/VP-TH",
        "Nơi nhận",
        "TL. CHỦ TỊCH",
        "Nguyễn Thị Hồng Nhung",
        "Thừa lệnh Chủ tịch UBND phường",
    ] {
        assert!(text.contains(needle), "{needle} missing");
    }
    // One numbered section per lead unit, in the letter's order: the Office, whose own
    // duty is section 5 of the original, comes last.
    let headings: Vec<String> = letter
        .body
        .iter()
        .filter_map(|b| match b {
            dondoc_report::document::Block::Heading { label, text, .. } => {
                Some(format!("{label} {text}"))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        vec![
            "1. Phòng Kinh tế - Hạ tầng và Đô thị",
            "2. Phòng Văn hóa - Xã hội",
            "3. Trung tâm Dịch vụ Sự nghiệp công",
            "4. Văn phòng HĐND và UBND",
            "5. Trung tâm Phục vụ hành chính công",
        ]
    );
    for h in &headings {
        assert!(text.contains(h.split_once(' ').unwrap().1), "{h}");
    }
    // The PDF exporter takes the same model.
    let pdf = dondoc_report::pdf::export(&letter).unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    // Only outgoing documents are composed.
    let incoming = d
        .app
        .documents(
            &office,
            dondoc_store::DocumentFilter {
                direction: Some(dondoc_domain::Direction::Incoming),
                ..Default::default()
            },
            dondoc_store::PageRequest::new(1, 10),
        )
        .await
        .unwrap()
        .items
        .remove(0);
    assert!(matches!(
        d.app.compose_letter(&office, incoming.id).await,
        Err(dondoc_app::AppError::BadInput(_))
    ));
}

/// LibreOffice must open what we write: convert both DOCX files to PDF.
#[tokio::test]
async fn libreoffice_converts_the_docx() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("SKIPPED: LibreOffice (soffice) is not installed; DOCX conversion not checked");
        return;
    };
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let letter = d.app.compose_letter(&office, d.demo.letter).await.unwrap();
    let report = d
        .app
        .progress_report(&office, ReportScopeInput::Organisation)
        .await
        .unwrap()
        .to_document(d.app.report_frame(&office).await.unwrap());
    let out = tempfile::tempdir().unwrap();
    for (name, doc) in [("cong-van", letter), ("bao-cao", report)] {
        let path = out.path().join(format!("{name}.docx"));
        std::fs::write(&path, dondoc_report::docx::export(&doc).unwrap()).unwrap();
        let status = std::process::Command::new(soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}/lo-profile",
                out.path().display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(out.path())
            .arg(&path)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        let pdf = std::fs::read(out.path().join(format!("{name}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF") && pdf.len() > 5_000, "{name}");
    }
}

/// Timing over 10,000 tasks (run in release, by hand):
/// `cargo test --release -p dondoc-app --test it reports::ten_thousand -- --ignored --nocapture`.
/// Prints the figures; no assertion on time (machines differ).
#[tokio::test]
#[ignore = "timing run: 10,000 tasks, release build"]
async fn ten_thousand_tasks_build_and_export() {
    use dondoc_app::TaskInput;
    use dondoc_domain::Deadline;
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let kt_head = actor(&d.app, "ktht").await;
    let units: Vec<_> = d
        .app
        .org_units(d.demo.ward)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    let setup = std::time::Instant::now();
    // Assigned on 2/1/2026 with deadlines through the year, so that many are overdue now.
    d.clock
        .set(Utc.with_ymd_and_hms(2026, 1, 2, 3, 0, 0).unwrap());
    let mut created = Vec::new();
    for batch in 0..20 {
        let inputs = (0..500)
            .map(|i| {
                let n = batch * 500 + i;
                TaskInput {
                    title: format!(
                        "Nhiệm vụ số {n}: rà soát, tham mưu triển khai các chỉ tiêu, giải pháp của Nghị quyết tại địa bàn tổ dân phố {}",
                        n % 40 + 1
                    ),
                    lead_unit: units[n % units.len()].get(),
                    cooperating: vec![],
                    assignee: None,
                    document_id: None,
                    section: None,
                    deadline: Deadline::OnDate {
                        date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
                            + chrono::Days::new((n % 360) as u64),
                    },
                    urgency: None,
                    parent_task: None,
                    secret: false,
                }
            })
            .collect();
        created.extend(d.app.assign(&office, inputs).await.unwrap());
    }
    // Progress reports (with difficulties) on the KT unit's first 300 tasks.
    let kt = d
        .app
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == UNITS[1])
        .unwrap()
        .id;
    for t in created.iter().filter(|t| t.lead_unit == kt).take(300) {
        d.app
            .report_progress(
                &kt_head,
                t.id,
                None,
                40,
                "Đang triển khai.",
                "Thiếu kinh phí thực hiện.",
                "Đề nghị bổ sung kinh phí.",
                &[],
            )
            .await
            .unwrap();
    }
    d.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap());
    eprintln!("setup: {} tasks in {:?}", created.len(), setup.elapsed());

    for format in ["docx", "xlsx"] {
        let t0 = std::time::Instant::now();
        let r = d
            .app
            .progress_report(&office, ReportScopeInput::Organisation)
            .await
            .unwrap();
        let built = t0.elapsed();
        let bytes = if format == "docx" {
            let doc = r.to_document(d.app.report_frame(&office).await.unwrap());
            dondoc_report::docx::export(&doc).unwrap()
        } else {
            dondoc_report::xlsx::export_report(&r, "UBND PHƯỜNG KIẾN AN").unwrap()
        };
        let total = t0.elapsed();
        assert!(r.totals.total() >= 10_000);
        eprintln!(
            "{format}: {} tasks, {} overdue listed; model {:?}, model+export {:?}, {} KB",
            r.totals.total(),
            r.overdue.len(),
            built,
            total,
            bytes.len() / 1024
        );
    }
}

/// A letter registered without addressees is addressed to the units it gives duties
/// to, whom its "Như trên" then names.
#[tokio::test]
async fn a_letter_without_addressees_is_addressed_to_its_units() {
    let d = demo().await;
    let office = actor(&d.app, "vanphong").await;
    let doc = dondoc_domain::NewDocument::new(
        office.org_id,
        dondoc_domain::Direction::Outgoing,
        dondoc_domain::DocKind::CongVan,
        "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN",
        "tổng vệ sinh môi trường",
    )
    .unwrap();
    let doc = d.app.register_document(&office, doc).await.unwrap();
    let units = d.app.units().await.unwrap();
    let id_of = |name: &str| units.iter().find(|u| u.name == name).unwrap().id.get();
    let inputs = [UNITS[1], UNITS[2]]
        .iter()
        .map(|u| dondoc_app::TaskInput {
            title: "Tổ chức tổng vệ sinh môi trường".into(),
            lead_unit: id_of(u),
            cooperating: vec![],
            assignee: None,
            document_id: Some(doc.id.get()),
            section: None,
            deadline: dondoc_domain::Deadline::OnDate {
                date: NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
            },
            urgency: None,
            parent_task: None,
            secret: false,
        })
        .collect();
    d.app.assign(&office, inputs).await.unwrap();
    let letter = d.app.compose_letter(&office, doc.id).await.unwrap();
    assert_eq!(letter.addressees.0, [UNITS[1], UNITS[2]]);
    assert_eq!(letter.recipients[0], "Như trên");
}
