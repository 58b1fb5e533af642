//! Urging end to end: a SQLite store, a fixed calendar day, a real SMTP server on
//! loopback. Reminders recorded once, digests delivered once (and only once accepted),
//! catch-up after downtime, and the urging letter as DOCX.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod smtp;

use std::io::Read;
use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use dondoc_app::{App, FixedClock};
use dondoc_calendar::Calendar;
use dondoc_domain::audit::NewEvent;
use dondoc_domain::progress::NewProgressReport;
use dondoc_domain::{
    Deadline, Direction, DocKind, DocumentNumber, NewDocument, NewPerson, NewTask, NewUnit, Person,
    PersonId, Position, ReportingCycle, Role, Task, Unit, UnitKind,
};
use dondoc_store::{PageRequest, Store, TaskMove};
use dondoc_store_sqlite::SqliteStore;
use dondoc_urge::{Mailer, SmtpConfig, SmtpMailer, UrgeRules, draft_letters, run_once};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct World {
    _dir: tempfile::TempDir,
    app: App,
    clock: Arc<FixedClock>,
    kt: Unit,
    vh: Unit,
    chair: Person,
    vice: Person,
    kt_head: Person,
    kt_staff: Person,
    vh_head: Person,
    office: Person,
    /// Due Fri 4/12/2026, Phòng KT, handed to its staff member.
    t_due: Task,
    /// Due Fri 30/10/2026, Phòng VH-XH: long overdue.
    t_late: Task,
    /// Assigned Mon 23/11 to Phòng VH-XH, never received.
    t_unreceived: Task,
    /// Ongoing, monthly report by the 20th, Phòng KT; last report 15/10.
    t_ongoing: Task,
    /// Due Mon 7/12/2026, Phòng VH-XH: its "due soon" day (Wed 2/12) falls in the gap.
    t_gap: Task,
}

const DISBURSE: &str = "Quyết liệt tăng tốc, đẩy mạnh giải ngân vốn đầu tư công";
const LATE: &str = "Rà soát, tổng hợp danh sách hộ nghèo, hộ cận nghèo năm 2026";

fn ev(at: chrono::DateTime<Utc>, entity: &str) -> NewEvent {
    NewEvent::new(at, None, entity, 0, "test")
}

/// Sets the clock to 08:00 in Vietnam on `day`.
fn set_day(w: &World, day: NaiveDate) {
    let at = Utc
        .from_local_datetime(&day.and_hms_opt(1, 0, 0).unwrap())
        .unwrap();
    w.clock.set(at);
    assert_eq!(w.app.today(), day);
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("urge.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await.unwrap());
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 10, 1, 1, 0, 0).unwrap(),
    ));
    let app = App::new(store, Calendar::vietnam(), clock.clone());
    let unit = |parent, kind, name: &'static str, abbr: &'static str| {
        let app = app.clone();
        async move {
            app.create_unit(None, NewUnit::new(parent, kind, name, abbr, &[]).unwrap())
                .await
                .unwrap()
        }
    };
    let city = unit(
        None,
        UnitKind::Authority,
        "Ủy ban nhân dân thành phố Hải Phòng",
        "UBND TP",
    )
    .await;
    let ward = unit(
        Some(city.id),
        UnitKind::Authority,
        "Ủy ban nhân dân phường Kiến An",
        "UBND",
    )
    .await;
    let vp = unit(
        Some(ward.id),
        UnitKind::Unit,
        "Văn phòng HĐND và UBND",
        "VP",
    )
    .await;
    let kt = unit(
        Some(ward.id),
        UnitKind::Unit,
        "Phòng Kinh tế - Hạ tầng và Đô thị",
        "KT-HT-ĐT",
    )
    .await;
    let vh = unit(
        Some(ward.id),
        UnitKind::Unit,
        "Phòng Văn hóa - Xã hội",
        "VH-XH",
    )
    .await;
    let person = |unit: &Unit, name: &'static str, pos, role, email: Option<&'static str>| {
        let app = app.clone();
        let unit = unit.id;
        async move {
            app.create_person(
                None,
                NewPerson::new(unit, name, pos, role, None, email).unwrap(),
                None,
            )
            .await
            .unwrap()
        }
    };
    let chair = person(
        &ward,
        "Đỗ Mạnh Cường",
        Position::ChuTich,
        Role::Leader,
        Some("chutich@kienan.haiphong.gov.vn"),
    )
    .await;
    // No address: in-app only.
    let vice = person(
        &ward,
        "Vũ Thị Mai",
        Position::PhoChuTich,
        Role::Leader,
        None,
    )
    .await;
    let office = person(
        &vp,
        "Nguyễn Thị Hồng Nhung",
        Position::PhoChanhVanPhong,
        Role::Office,
        Some("vanphong@kienan.haiphong.gov.vn"),
    )
    .await;
    let kt_head = person(
        &kt,
        "Trần Quốc Bảo",
        Position::TruongPhong,
        Role::UnitHead,
        Some("ktht@kienan.haiphong.gov.vn"),
    )
    .await;
    let kt_staff = person(
        &kt,
        "Lê Thu Hà",
        Position::ChuyenVien,
        Role::UnitStaff,
        Some("ktht.cv@kienan.haiphong.gov.vn"),
    )
    .await;
    let vh_head = person(
        &vh,
        "Hoàng Minh Tuấn",
        Position::TruongPhong,
        Role::UnitHead,
        Some("vhxh@kienan.haiphong.gov.vn"),
    )
    .await;

    let store = app.store().clone();
    let at = app.now();
    let doc = store
        .insert_document(
            &NewDocument::new(
                ward.id,
                Direction::Outgoing,
                DocKind::CongVan,
                "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN",
                "triển khai thực hiện Nghị quyết Phiên họp Chính phủ thường kỳ tháng 5/2026",
            )
            .unwrap()
            .with_number(Some(DocumentNumber::parse("35/UBND-VP").unwrap()))
            .with_issued_on(Some(d(2026, 9, 30))),
            ev(at, "document"),
        )
        .await
        .unwrap();
    let cal = Calendar::vietnam();
    let on = |date| Deadline::OnDate { date };
    let new = |title: &str, lead: &Unit, deadline, assigned| {
        NewTask::new(ward.id, title, lead.id, deadline, assigned, &cal).unwrap()
    };
    let tasks = store
        .insert_tasks(
            &[
                new(DISBURSE, &kt, on(d(2026, 12, 4)), d(2026, 10, 1))
                    .from_document(doc.id, Some("2"))
                    .with_assignee(Some(kt_staff.id)),
                new(LATE, &vh, on(d(2026, 10, 30)), d(2026, 10, 1))
                    .from_document(doc.id, Some("3")),
                new(
                    "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư",
                    &vh,
                    on(d(2026, 12, 31)),
                    d(2026, 11, 23),
                ),
                new(
                    "Lồng ghép các chỉ tiêu của Nghị quyết vào kế hoạch công tác định kỳ",
                    &kt,
                    Deadline::Ongoing {
                        cycle: ReportingCycle::Monthly { day: 20 },
                    },
                    d(2026, 10, 1),
                ),
                new(
                    "Kiểm tra an toàn phòng cháy tại chợ Kiến An",
                    &vh,
                    on(d(2026, 12, 7)),
                    d(2026, 11, 2),
                ),
            ],
            at,
            None,
        )
        .await
        .unwrap();
    // Everything but the third is received; the first and the ongoing one report.
    let mut out = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        if i == 2 {
            out.push(t);
            continue;
        }
        let t = store
            .update_task(&t.receive().unwrap(), ev(at, "task"))
            .await
            .unwrap();
        out.push(t);
    }
    let report = |t: &Task, on: NaiveDate, author: PersonId| {
        NewProgressReport::new(
            t.id,
            t.lead_unit,
            author,
            on,
            40,
            "Đã triển khai thực hiện.",
            "",
            "",
        )
        .unwrap()
    };
    let moved = out[0].record_progress(40).unwrap();
    out[0] = {
        store
            .insert_report(
                &report(&out[0], d(2026, 11, 10), kt_staff.id),
                Some(&TaskMove::new(out[0].clone(), moved)),
                ev(at, "report"),
            )
            .await
            .unwrap();
        store.task(out[0].id).await.unwrap().unwrap()
    };
    store
        .insert_report(
            &report(&out[3], d(2026, 10, 15), kt_head.id),
            None,
            ev(at, "report"),
        )
        .await
        .unwrap();
    let mut it = out.into_iter();
    World {
        _dir: dir,
        app,
        clock,
        kt,
        vh,
        chair,
        vice,
        kt_head,
        kt_staff,
        vh_head,
        office,
        t_due: it.next().unwrap(),
        t_late: it.next().unwrap(),
        t_unreceived: it.next().unwrap(),
        t_ongoing: it.next().unwrap(),
        t_gap: it.next().unwrap(),
    }
}

/// `(kind, task)` of a person's notifications, sorted.
async fn inbox(w: &World, p: &Person) -> Vec<(String, i64)> {
    let page = w
        .app
        .store()
        .notifications(p.id, false, PageRequest::new(1, 500))
        .await
        .unwrap();
    let mut v: Vec<(String, i64)> = page
        .items
        .into_iter()
        .map(|n| (n.kind, n.task_id.unwrap().get()))
        .collect();
    v.sort();
    v
}

fn k(kind: &str, t: &Task) -> (String, i64) {
    (kind.to_string(), t.id.get())
}

fn mailer(sink: &smtp::Sink) -> SmtpMailer {
    SmtpMailer::new(&SmtpConfig {
        url: sink.url(),
        from: "dondoc UBND phường Kiến An <dondoc@kienan.haiphong.gov.vn>".into(),
    })
    .unwrap()
}

/// The message sent to `address`, decoded: (subject, body text, parsed).
fn message_to(sink: &smtp::Sink, address: &str) -> (String, String, smtp::Parsed) {
    let msgs: Vec<_> = sink
        .messages()
        .into_iter()
        .filter(|m| m.rcpt_to == [address.to_string()])
        .collect();
    assert_eq!(msgs.len(), 1, "one message to {address}");
    let p = smtp::parse(&msgs[0].data);
    let subject = smtp::decode_words(p.header("Subject").unwrap());
    let body = String::from_utf8(smtp::base64_decode(&p.body)).unwrap();
    (subject, body, p)
}

#[tokio::test]
async fn reminders_digests_and_catch_up_each_exactly_once() {
    let w = world().await;
    let sink = smtp::start(false).await;
    let m = mailer(&sink);
    let rules = UrgeRules::default();

    // Tuesday 1/12/2026.
    let day1 = d(2026, 12, 1);
    set_day(&w, day1);
    let s = run_once(&w.app, &rules, Some(&m as &dyn Mailer), day1)
        .await
        .unwrap();
    assert!(s.evaluated);
    assert_eq!(s.caught_up_days, 0);
    assert_eq!(s.new_notifications, 8, "{s:?}");
    assert_eq!(s.emails_sent, 5, "{s:?}");
    assert_eq!(s.no_address_items, 1, "{s:?}");
    assert_eq!(s.emails_failed, 0);

    // Each person received exactly the expected reminders.
    assert_eq!(
        inbox(&w, &w.kt_head).await,
        vec![k("due_soon", &w.t_due), k("report_missing", &w.t_ongoing)]
    );
    assert_eq!(inbox(&w, &w.kt_staff).await, vec![k("due_soon", &w.t_due)]);
    assert_eq!(
        inbox(&w, &w.vh_head).await,
        vec![k("not_received", &w.t_unreceived), k("overdue", &w.t_late)]
    );
    assert_eq!(inbox(&w, &w.chair).await, vec![k("escalation", &w.t_late)]);
    assert_eq!(inbox(&w, &w.vice).await, vec![k("escalation", &w.t_late)]);
    // The Office, which urges the units, hears of a missing periodic report.
    assert_eq!(
        inbox(&w, &w.office).await,
        vec![k("report_missing", &w.t_ongoing)]
    );

    // The digests at the sink: one per person with an address.
    let msgs = sink.messages();
    assert_eq!(msgs.len(), 5);
    let mut rcpts: Vec<String> = msgs.iter().flat_map(|m| m.rcpt_to.clone()).collect();
    rcpts.sort();
    assert_eq!(
        rcpts,
        [
            "chutich@kienan.haiphong.gov.vn",
            "ktht.cv@kienan.haiphong.gov.vn",
            "ktht@kienan.haiphong.gov.vn",
            "vanphong@kienan.haiphong.gov.vn",
            "vhxh@kienan.haiphong.gov.vn"
        ]
    );
    assert!(
        msgs.iter()
            .all(|m| m.mail_from == "dondoc@kienan.haiphong.gov.vn")
    );
    let (subject, body, p) = message_to(&sink, "ktht@kienan.haiphong.gov.vn");
    assert_eq!(
        subject,
        "[dondoc] Tổng hợp nhắc việc ngày 01/12/2026 — 2 nhiệm vụ"
    );
    let raw_subject = p.header("Subject").unwrap();
    assert!(
        raw_subject.is_ascii() && raw_subject.contains("=?utf-8?"),
        "{raw_subject}"
    );
    assert_eq!(p.header("Content-Type"), Some("text/plain; charset=utf-8"));
    assert_eq!(p.header("Content-Transfer-Encoding"), Some("base64"));
    assert_eq!(p.header("MIME-Version"), Some("1.0"));
    let to = smtp::decode_words(p.header("To").unwrap());
    assert_eq!(to, "Trần Quốc Bảo <ktht@kienan.haiphong.gov.vn>");
    assert!(
        body.starts_with("Kính gửi: Trần Quốc Bảo (Trưởng phòng),"),
        "{body}"
    );
    assert!(body.contains("NHIỆM VỤ SẮP ĐẾN HẠN (1):"), "{body}");
    assert!(body.contains(DISBURSE), "{body}");
    assert!(
        body.contains("đến hạn ngày 04/12/2026, còn 3 ngày làm việc"),
        "{body}"
    );
    assert!(
        body.contains("NHIỆM VỤ CHƯA BÁO CÁO ĐỊNH KỲ (1):"),
        "{body}"
    );
    assert!(body.contains("kỳ hạn ngày 20/11/2026"), "{body}");
    // Grouped by kind, the later group after the earlier one.
    assert!(body.find("SẮP ĐẾN HẠN").unwrap() < body.find("CHƯA BÁO CÁO").unwrap());

    let (subject, body, _) = message_to(&sink, "chutich@kienan.haiphong.gov.vn");
    assert_eq!(
        subject,
        "[dondoc] Tổng hợp nhắc việc ngày 01/12/2026 — 1 nhiệm vụ"
    );
    assert!(
        body.contains("NHIỆM VỤ QUÁ HẠN KÉO DÀI, BÁO CÁO LÃNH ĐẠO (1):"),
        "{body}"
    );
    assert!(body.contains(LATE), "{body}");
    assert!(
        body.contains("Kính báo cáo lãnh đạo xem xét, chỉ đạo."),
        "{body}"
    );
    let (_, body, _) = message_to(&sink, "vhxh@kienan.haiphong.gov.vn");
    assert!(
        body.contains("NHIỆM VỤ QUÁ HẠN (1):") && body.contains("đã quá hạn 32 ngày"),
        "{body}"
    );
    assert!(body.contains("NHIỆM VỤ CHƯA TIẾP NHẬN (1):"), "{body}");
    assert!(w.app.store().unemailed(100).await.unwrap().is_empty());
    assert_eq!(w.app.store().last_reminder_run().await.unwrap(), Some(day1));

    // Again the same day (the hourly schedule): nothing new, nothing resent.
    let s = run_once(&w.app, &rules, Some(&m as &dyn Mailer), day1)
        .await
        .unwrap();
    assert!(!s.evaluated);
    assert_eq!((s.new_notifications, s.emails_sent), (0, 0));
    assert_eq!(sink.messages().len(), 5);
    // Even re-recording the day's reminders finds every key stored already.
    let again = dondoc_urge::reminders_for(&w.app, &rules, day1)
        .await
        .unwrap();
    assert_eq!(again.len(), 8);
    assert_eq!(dondoc_urge::run::record(&w.app, &again).await.unwrap(), 0);

    // Down Wednesday and Thursday; back Friday 4/12: one catch-up evaluation.
    let day2 = d(2026, 12, 4);
    set_day(&w, day2);
    let s = run_once(&w.app, &rules, Some(&m as &dyn Mailer), day2)
        .await
        .unwrap();
    assert!(s.evaluated);
    assert_eq!(s.caught_up_days, 2);
    // New: "due today" for the task due Friday (head and staff), and the "due soon" of
    // the task due Monday 7/12, whose day (Wed 2/12) fell in the gap, sent once now.
    assert_eq!(s.new_notifications, 3, "{s:?}");
    assert_eq!(s.emails_sent, 3, "{s:?}");
    assert_eq!(
        inbox(&w, &w.kt_head).await,
        vec![
            k("due_soon", &w.t_due),
            k("due_today", &w.t_due),
            k("report_missing", &w.t_ongoing)
        ]
    );
    assert_eq!(
        inbox(&w, &w.vh_head).await,
        vec![
            k("due_soon", &w.t_gap),
            k("not_received", &w.t_unreceived),
            k("overdue", &w.t_late)
        ]
    );
    let gap_key = format!("due_soon:{}:{}:2026-12-02", w.t_gap.id, w.vh_head.id);
    let vh_items = w
        .app
        .store()
        .notifications(w.vh_head.id, false, PageRequest::new(1, 50))
        .await
        .unwrap();
    assert!(vh_items.items.iter().any(|n| n.key == gap_key), "{gap_key}");
    assert_eq!(sink.messages().len(), 8);
    let vh_msgs: Vec<_> = sink
        .messages()
        .into_iter()
        .filter(|m| m.rcpt_to == ["vhxh@kienan.haiphong.gov.vn".to_string()])
        .collect();
    assert_eq!(vh_msgs.len(), 2);
    let p = smtp::parse(&vh_msgs[1].data);
    assert_eq!(
        smtp::decode_words(p.header("Subject").unwrap()),
        "[dondoc] Tổng hợp nhắc việc ngày 04/12/2026 — 1 nhiệm vụ"
    );
    // And once more that Friday: nothing.
    let s = run_once(&w.app, &rules, Some(&m as &dyn Mailer), day2)
        .await
        .unwrap();
    assert_eq!((s.new_notifications, s.emails_sent), (0, 0));
    assert_eq!(sink.messages().len(), 8);
}

#[tokio::test]
async fn email_is_marked_only_after_the_server_accepts_it() {
    let w = world().await;
    let day = d(2026, 12, 1);
    set_day(&w, day);
    let rules = UrgeRules::default();

    // No SMTP configured: notifications recorded, no e-mail, nothing marked.
    let s = run_once(&w.app, &rules, None, day).await.unwrap();
    assert!(s.email_disabled);
    assert_eq!(s.new_notifications, 8);
    assert_eq!(w.app.store().unemailed(100).await.unwrap().len(), 8);

    // A server that refuses every message: nothing marked.
    let refusing = smtp::start(true).await;
    let s = run_once(&w.app, &rules, Some(&mailer(&refusing) as &dyn Mailer), day)
        .await
        .unwrap();
    assert_eq!(s.emails_sent, 0);
    assert_eq!(s.emails_failed, 5);
    assert!(refusing.messages().is_empty());
    // The vice chair has no address: handled in-app, the seven others wait.
    assert_eq!(w.app.store().unemailed(100).await.unwrap().len(), 7);

    // A server that is down: nothing marked either.
    let down = SmtpMailer::new(&SmtpConfig {
        url: "smtp://127.0.0.1:1".into(),
        from: "dondoc@kienan.haiphong.gov.vn".into(),
    })
    .unwrap();
    let s = run_once(&w.app, &rules, Some(&down as &dyn Mailer), day)
        .await
        .unwrap();
    assert_eq!(s.emails_failed, 5);
    assert_eq!(w.app.store().unemailed(100).await.unwrap().len(), 7);

    // The next hourly run with a working server delivers the backlog, once.
    let sink = smtp::start(false).await;
    let m = mailer(&sink);
    let s = run_once(&w.app, &rules, Some(&m as &dyn Mailer), day)
        .await
        .unwrap();
    assert!(!s.evaluated);
    assert_eq!((s.emails_sent, s.emailed_items), (5, 7));
    assert!(w.app.store().unemailed(100).await.unwrap().is_empty());
    let s = run_once(&w.app, &rules, Some(&m as &dyn Mailer), day)
        .await
        .unwrap();
    assert_eq!(s.emails_sent, 0);
    assert_eq!(sink.messages().len(), 5);
}

fn document_text(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // Paragraph ends become line breaks; other tags go.
    let xml = xml.replace("</w:p>", "\n").replace("<w:br", "\n<w:br");
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"").replace("&amp;", "&")
}

#[tokio::test]
async fn urging_letter_lists_the_units_overdue_tasks() {
    let w = world().await;
    // Friday 4/12 Phòng VH-XH reports a difficulty on its late task, which no direction
    // answers yet.
    set_day(&w, d(2026, 12, 4));
    let vh_actor = w.app.actor_for(&w.vh_head).await.unwrap();
    w.app
        .report_progress(
            &vh_actor,
            w.t_late.id,
            None,
            70,
            "Đã rà soát 9/11 tổ dân phố.",
            "Thiếu cán bộ điều tra thu nhập hộ gia đình.",
            "",
            &[],
        )
        .await
        .unwrap();
    // Monday 7/12/2026: the KT task due 4/12 and the VH task due 30/10 are overdue.
    let day = d(2026, 12, 7);
    set_day(&w, day);
    let letters = draft_letters(&w.app, &UrgeRules::default(), day)
        .await
        .unwrap();
    assert_eq!(
        letters.iter().map(|l| l.unit).collect::<Vec<_>>(),
        vec![w.kt.id, w.vh.id]
    );
    let vh = &letters[1];
    assert_eq!(
        vh.tasks.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![w.t_late.id]
    );
    assert!(
        vh.file_name().starts_with("cong-van-don-doc-") && vh.file_name().ends_with("-vh-xh.docx")
    );
    let text = document_text(&vh.docx().unwrap());
    // The ward's People's Committee stands alone: no chủ quản line above it.
    assert!(!text.contains("HẢI PHÒNG"), "{text}");
    for want in [
        "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "/UBND-VP",
        "V/v đôn đốc thực hiện nhiệm vụ quá hạn",
        "Kiến An, ngày",
        "năm 2026",
        "Kính gửi",
        "Phòng Văn hóa - Xã hội",
        LATE,
        "Công văn số 35/UBND-VP ngày 30/09/2026, mục 3",
        "30/10/2026",
        "38",
        "Nơi nhận",
        "Như trên",
        "TL. CHỦ TỊCH",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Thị Hồng Nhung",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    assert!(!text.contains(DISBURSE), "another unit's task");
    assert!(
        text.contains(
            "Đối với nhiệm vụ tại STT 1, khó khăn, vướng mắc đơn vị đã báo cáo (ngày \
             04/12/2026) đang được Văn phòng HĐND và UBND tổng hợp, báo cáo Chủ tịch UBND \
             phường Kiến An xem xét, chỉ đạo."
        ),
        "the unit's request is not asked for again as if unheard: {text}"
    );
    assert!(
        text.contains("hoàn thành dứt điểm nhiệm vụ nêu trên"),
        "one task, in the singular: {text}"
    );
    // A day later the fire check given by hand (no document) is overdue too: its source
    // is the day it was given.
    let next = draft_letters(&w.app, &UrgeRules::default(), d(2026, 12, 8))
        .await
        .unwrap();
    let vh_next = document_text(&next[1].docx().unwrap());
    assert!(
        vh_next.contains("Giao ngày 02/11/2026")
            && vh_next.contains("hoàn thành dứt điểm các nhiệm vụ nêu trên"),
        "{vh_next}"
    );
    let kt_text = document_text(&letters[0].docx().unwrap());
    assert!(
        kt_text.contains(DISBURSE) && kt_text.contains("04/12/2026"),
        "{kt_text}"
    );
    assert!(!kt_text.contains(LATE));

    // A configured signer replaces the Office deputy of the directory.
    let mut rules = UrgeRules::default();
    rules.letter.signer_name = Some("Phạm Văn Nam".into());
    rules.letter.authority = Some(vec!["TL. CHỦ TỊCH".into()]);
    rules.letter.signer_title = Some("CHÁNH VĂN PHÒNG".into());
    let letters = draft_letters(&w.app, &rules, day).await.unwrap();
    let text = document_text(&letters[0].docx().unwrap());
    assert!(
        text.contains("Phạm Văn Nam") && !text.contains("KT. CHÁNH VĂN PHÒNG"),
        "{text}"
    );
}

#[tokio::test]
async fn the_scheduler_runs_at_start_and_records_the_day() {
    let w = world().await;
    let day = d(2026, 12, 1);
    set_day(&w, day);
    let sink = smtp::start(false).await;
    let m: Arc<dyn Mailer> = Arc::new(mailer(&sink));
    let handle = dondoc_urge::spawn_scheduler(w.app.clone(), UrgeRules::default(), Some(m));
    // The first run happens at start; the next one an hour later.
    for _ in 0..100 {
        if w.app.store().last_reminder_run().await.unwrap() == Some(day)
            && sink.messages().len() == 5
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    handle.abort();
    assert_eq!(w.app.store().last_reminder_run().await.unwrap(), Some(day));
    assert_eq!(sink.messages().len(), 5);
    assert_eq!(inbox(&w, &w.chair).await, vec![k("escalation", &w.t_late)]);
}

/// A task assigned after the day's evaluation is announced to the unit's head at the
/// next (hourly) run of the same day ("Nhiệm vụ mới giao"), once, and not to its staff.
#[tokio::test]
async fn new_work_is_announced_once_at_the_next_run() {
    let w = world().await;
    let rules = UrgeRules::default();
    let day1 = d(2026, 12, 1);
    set_day(&w, day1);
    run_once(&w.app, &rules, None, day1).await.unwrap();
    let office = w.app.actor_for(&w.office).await.unwrap();
    let new = w
        .app
        .assign(
            &office,
            vec![dondoc_app::TaskInput {
                title: "Kiểm tra an toàn công trình trường học".into(),
                lead_unit: w.kt_head.unit_id.get(),
                cooperating: vec![],
                assignee: None,
                document_id: None,
                section: None,
                deadline: dondoc_domain::Deadline::OnDate {
                    date: d(2026, 12, 31),
                },
                urgency: None,
                parent_task: None,
                secret: false,
            }],
        )
        .await
        .unwrap()
        .remove(0);
    let told = |p: &Person| {
        let w = &w;
        let p = p.clone();
        let id = new.id.get();
        async move {
            inbox(w, &p)
                .await
                .into_iter()
                .filter(|(_, t)| *t == id)
                .collect::<Vec<_>>()
        }
    };
    // The day's evaluation is over: the next run, an hour later, tells the head.
    let s = run_once(&w.app, &rules, None, day1).await.unwrap();
    assert!(!s.evaluated, "the rules are evaluated once a day");
    assert_eq!(s.new_notifications, 1, "{s:?}");
    assert_eq!(told(&w.kt_head).await, vec![k("new_work", &new)]);
    assert_eq!(told(&w.kt_staff).await, vec![]);
    // Once only: not the next hour, nor at the next days' evaluations.
    let s = run_once(&w.app, &rules, None, day1).await.unwrap();
    assert_eq!(s.new_notifications, 0, "{s:?}");
    for day in [d(2026, 12, 2), d(2026, 12, 3)] {
        set_day(&w, day);
        let s = run_once(&w.app, &rules, None, day).await.unwrap();
        assert!(s.evaluated);
        assert_eq!(told(&w.kt_head).await, vec![k("new_work", &new)], "{day}");
    }
}

/// A difficulty reported after the day's evaluation is told to the leaders at the next
/// hourly run, once, not again at the next day's evaluation.
#[tokio::test]
async fn leaders_hear_of_a_difficulty_within_the_hour() {
    let w = world().await;
    let rules = UrgeRules::default();
    let day1 = d(2026, 12, 1);
    set_day(&w, day1);
    run_once(&w.app, &rules, None, day1).await.unwrap();
    let vh_actor = w.app.actor_for(&w.vh_head).await.unwrap();
    w.app
        .report_progress(
            &vh_actor,
            w.t_late.id,
            None,
            70,
            "Đã rà soát 9/11 tổ dân phố.",
            "Thiếu cán bộ điều tra thu nhập hộ gia đình",
            "",
            &[],
        )
        .await
        .unwrap();
    let waiting = |p: &Person| {
        let w = &w;
        let p = p.clone();
        async move {
            inbox(w, &p)
                .await
                .into_iter()
                .filter(|(kind, _)| kind == "awaiting_direction")
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(waiting(&w.chair).await, vec![]);
    let s = run_once(&w.app, &rules, None, day1).await.unwrap();
    assert!(!s.evaluated);
    for leader in [&w.chair, &w.vice] {
        assert_eq!(
            waiting(leader).await,
            vec![k("awaiting_direction", &w.t_late)]
        );
    }
    let s = run_once(&w.app, &rules, None, day1).await.unwrap();
    assert_eq!(s.new_notifications, 0, "once: {s:?}");
    // A second difficulty the same day is told too.
    w.app
        .report_progress(
            &vh_actor,
            w.t_late.id,
            None,
            75,
            "Đã rà soát 10/11 tổ dân phố.",
            "Tổ dân phố số 11 chưa cung cấp danh sách",
            "",
            &[],
        )
        .await
        .unwrap();
    run_once(&w.app, &rules, None, day1).await.unwrap();
    assert_eq!(waiting(&w.chair).await.len(), 2, "the second report");
    let day2 = d(2026, 12, 2);
    set_day(&w, day2);
    run_once(&w.app, &rules, None, day2).await.unwrap();
    assert_eq!(waiting(&w.chair).await.len(), 2, "not again the next day");
}

/// A unit's difficulty that no direction answers is told to the leaders at the next
/// day's evaluation, once; a direction takes it off, and a later difficulty is told anew.
#[tokio::test]
async fn leaders_hear_once_of_a_difficulty_waiting_for_direction() {
    let w = world().await;
    let rules = UrgeRules::default();
    set_day(&w, d(2026, 11, 30));
    let vh_actor = w.app.actor_for(&w.vh_head).await.unwrap();
    let report = w
        .app
        .report_progress(
            &vh_actor,
            w.t_late.id,
            None,
            70,
            "Đã rà soát 9/11 tổ dân phố.",
            "Thiếu cán bộ điều tra thu nhập hộ gia đình",
            "Đề nghị bổ sung 02 cán bộ từ Văn phòng",
            &[],
        )
        .await
        .unwrap();
    let waiting = |p: &Person| {
        let w = &w;
        let p = p.clone();
        async move {
            inbox(w, &p)
                .await
                .into_iter()
                .filter(|(kind, _)| kind == "awaiting_direction")
                .collect::<Vec<_>>()
        }
    };
    let day1 = d(2026, 12, 1);
    set_day(&w, day1);
    run_once(&w.app, &rules, None, day1).await.unwrap();
    for leader in [&w.chair, &w.vice] {
        assert_eq!(
            waiting(leader).await,
            vec![k("awaiting_direction", &w.t_late)]
        );
    }
    assert_eq!(waiting(&w.vh_head).await, vec![], "the leaders only");
    let told = w
        .app
        .store()
        .notifications(w.chair.id, false, PageRequest::new(1, 50))
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|n| n.kind == "awaiting_direction")
        .unwrap();
    assert_eq!(
        told.body,
        format!(
            "Phòng Văn hóa - Xã hội báo cáo ngày 30/11/2026 về nhiệm vụ \"{LATE}\": khó khăn, \
             vướng mắc: Thiếu cán bộ điều tra thu nhập hộ gia đình. Kiến nghị, đề xuất: Đề nghị \
             bổ sung 02 cán bộ từ Văn phòng. Kính đề nghị lãnh đạo xem xét, cho ý kiến chỉ đạo."
        )
    );
    // Once: the next day's evaluation finds it told.
    let day2 = d(2026, 12, 2);
    set_day(&w, day2);
    run_once(&w.app, &rules, None, day2).await.unwrap();
    assert_eq!(waiting(&w.chair).await.len(), 1);
    // A direction answers it; a later difficulty is told anew.
    let chair = w.app.actor_for(&w.chair).await.unwrap();
    w.app
        .give_direction(
            &chair,
            w.t_late.id,
            Some(report.id),
            "Giao Văn phòng cử 02 cán bộ hỗ trợ trong tuần.",
        )
        .await
        .unwrap();
    assert!(
        dondoc_urge::reminders_for(&w.app, &rules, day2)
            .await
            .unwrap()
            .iter()
            .all(|r| r.kind != dondoc_urge::ReminderKind::AwaitingDirection),
        "answered"
    );
    set_day(&w, d(2026, 12, 3));
    w.app
        .report_progress(
            &vh_actor,
            w.t_late.id,
            None,
            80,
            "Đã rà soát 10/11 tổ dân phố.",
            "Tổ dân phố số 7 chưa tổ chức được họp bình xét.",
            "",
            &[],
        )
        .await
        .unwrap();
    let day4 = d(2026, 12, 4);
    set_day(&w, day4);
    run_once(&w.app, &rules, None, day4).await.unwrap();
    assert_eq!(waiting(&w.chair).await.len(), 2);
}

/// A unit's proposal to close a task is told to the Office at the next run after it,
/// once, and not again at the next day's evaluation.
#[tokio::test]
async fn the_office_hears_of_a_completion_proposed_at_the_next_run() {
    let w = world().await;
    let rules = UrgeRules::default();
    let day1 = d(2026, 12, 1);
    set_day(&w, day1);
    run_once(&w.app, &rules, None, day1).await.unwrap();
    let kt_actor = w.app.actor_for(&w.kt_head).await.unwrap();
    w.app
        .report_completion(
            &kt_actor,
            w.t_due.id,
            None,
            "Đã giải ngân 100% kế hoạch vốn",
            "",
            "",
            &[],
        )
        .await
        .unwrap();
    let waiting = |p: &Person| {
        let w = &w;
        let p = p.clone();
        async move {
            inbox(w, &p)
                .await
                .into_iter()
                .filter(|(kind, _)| kind == "awaiting_confirmation")
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        waiting(&w.office).await,
        vec![],
        "not in the proposal's write"
    );
    let s = run_once(&w.app, &rules, None, day1).await.unwrap();
    assert!(!s.evaluated);
    assert_eq!(
        waiting(&w.office).await,
        vec![k("awaiting_confirmation", &w.t_due)]
    );
    assert_eq!(waiting(&w.kt_head).await, vec![], "the unit is not told");
    let s = run_once(&w.app, &rules, None, day1).await.unwrap();
    assert_eq!(s.new_notifications, 0, "once: {s:?}");
    let day2 = d(2026, 12, 2);
    set_day(&w, day2);
    run_once(&w.app, &rules, None, day2).await.unwrap();
    assert_eq!(waiting(&w.office).await.len(), 1, "not again the next day");
    // Switched off, nothing is told.
    let off = UrgeRules {
        awaiting_confirmation: false,
        ..UrgeRules::default()
    };
    let proposed = vec![w.app.store().task(w.t_due.id).await.unwrap().unwrap()];
    let people = w.app.store().people().await.unwrap();
    let units = w.app.store().units().await.unwrap();
    assert!(dondoc_urge::awaiting_confirmation(&proposed, &people, &units, &off).is_empty());
    assert_eq!(
        dondoc_urge::awaiting_confirmation(&proposed, &people, &units, &rules).len(),
        1
    );
}

/// A notice read in the application before its digest leaves (by its person, or
/// settled by a decision) is not mailed, and leaves the queue.
#[tokio::test]
async fn a_notice_read_before_the_digest_is_not_mailed() {
    let w = world().await;
    let day = d(2026, 12, 1);
    set_day(&w, day);
    let rules = UrgeRules::default();
    let s = run_once(&w.app, &rules, None, day).await.unwrap();
    assert_eq!(s.new_notifications, 8);
    // The staff member reads every notice in the application first.
    w.app
        .store()
        .mark_read(w.kt_staff.id, None, w.app.now())
        .await
        .unwrap();
    let sink = smtp::start(false).await;
    let s = run_once(&w.app, &rules, Some(&mailer(&sink) as &dyn Mailer), day)
        .await
        .unwrap();
    assert!(s.already_read_items >= 1, "{s:?}");
    assert!(
        sink.messages()
            .iter()
            .all(|m| m.rcpt_to.iter().all(|r| !r.contains("ktht.cv@"))),
        "nothing mailed to the staff member"
    );
    assert!(w.app.store().unemailed(100).await.unwrap().is_empty());
}
