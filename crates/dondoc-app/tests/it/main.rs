//! Use-case tests: the permission matrix (every role × every action, against an explicit
//! table — not derived from the policy code), cascade, and concurrency.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod reports;

use chrono::{NaiveDate, TimeZone, Utc};
use dondoc_app::{App, AppError, FixedClock, TaskInput};
use dondoc_calendar::Calendar;
use dondoc_domain::policy::Actor;
use dondoc_domain::{Deadline, NewPerson, NewUnit, Position, Role, TaskId, UnitKind};
use std::sync::Arc;

struct World {
    app: App,
    admin: Actor,
    leader: Actor,
    office: Actor,
    head: Actor,
    staff: Actor,
    other_head: Actor,
}

async fn world() -> (World, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = app_on(&dir).await;
    let ward = app
        .create_unit(
            None,
            NewUnit::new(
                None,
                UnitKind::Authority,
                "UBND phường Kiến An",
                "UBND",
                &[],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let unit = |n: &str, a: &str| NewUnit::new(Some(ward.id), UnitKind::Unit, n, a, &[]).unwrap();
    let vp = app
        .create_unit(None, unit("Văn phòng HĐND và UBND", "VP"))
        .await
        .unwrap();
    let kt = app
        .create_unit(None, unit("Phòng Kinh tế - Hạ tầng và Đô thị", "KT"))
        .await
        .unwrap();
    let vh = app
        .create_unit(None, unit("Phòng Văn hóa - Xã hội", "VH"))
        .await
        .unwrap();
    let mut actors = Vec::new();
    for (u, pos, role, user) in [
        (&vp, Position::ChuyenVien, Role::Admin, "admin"),
        (&ward, Position::ChuTich, Role::Leader, "ct"),
        (&vp, Position::ChanhVanPhong, Role::Office, "vp"),
        (&kt, Position::TruongPhong, Role::UnitHead, "kt"),
        (&kt, Position::ChuyenVien, Role::UnitStaff, "ktcv"),
        (&vh, Position::TruongPhong, Role::UnitHead, "vh"),
    ] {
        let p = app
            .create_person(
                None,
                NewPerson::new(u.id, user, pos, role, Some(user), None).unwrap(),
                Some("mat-khau-123"),
            )
            .await
            .unwrap();
        actors.push(app.actor_for(&p).await.unwrap());
    }
    let w = World {
        app,
        admin: actors[0],
        leader: actors[1],
        office: actors[2],
        head: actors[3],
        staff: actors[4],
        other_head: actors[5],
    };
    (w, dir)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Act {
    View,
    Assign,
    Receive,
    Return,
    HandTo,
    Report,
    RequestExtension,
    DecideExtension,
    ProposeCompletion,
    ReportCompletion,
    ConfirmCompletion,
    Reopen,
    Amend,
    Stop,
    Direct,
    ReportIndicator,
    Register,
    Audit,
    Urge,
    ManageUsers,
}

/// The expected matrix: for the task led by Phòng KT, who may do what.
/// Columns: admin, leader, office, KT head, KT staff, VH head (another unit).
const MATRIX: &[(Act, [bool; 6])] = &[
    (Act::View, [true, true, true, true, true, false]),
    (Act::Assign, [false, true, true, false, false, false]),
    (Act::Receive, [false, false, false, true, false, false]),
    (Act::Return, [false, false, false, true, false, false]),
    (Act::HandTo, [false, false, false, true, false, false]),
    (Act::Report, [false, false, false, true, true, false]),
    (
        Act::RequestExtension,
        [false, false, false, true, false, false],
    ),
    (
        Act::DecideExtension,
        [false, true, true, false, false, false],
    ),
    (
        Act::ProposeCompletion,
        [false, false, false, true, false, false],
    ),
    (
        Act::ReportCompletion,
        [false, false, false, true, false, false],
    ),
    (
        Act::ConfirmCompletion,
        [false, true, true, false, false, false],
    ),
    (Act::Reopen, [false, true, true, false, false, false]),
    (Act::Amend, [false, true, true, false, false, false]),
    (Act::Stop, [false, true, true, false, false, false]),
    (Act::Direct, [false, true, false, false, false, false]),
    (
        Act::ReportIndicator,
        [false, false, false, true, true, false],
    ),
    (Act::Register, [false, true, true, false, false, false]),
    (Act::Audit, [true, true, true, false, false, false]),
    (Act::Urge, [false, true, true, false, false, false]),
    (Act::ManageUsers, [true, false, false, false, false, false]),
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn fresh_task(w: &World) -> TaskId {
    let t = w
        .app
        .assign(
            &w.office,
            vec![TaskInput {
                title: "Đẩy mạnh giải ngân vốn đầu tư công".into(),
                lead_unit: w.head.unit_id.get(),
                cooperating: vec![],
                assignee: None,
                document_id: None,
                section: None,
                deadline: Deadline::OnDate {
                    date: d(2026, 7, 31),
                },
                urgency: None,
                parent_task: None,
                secret: false,
            }],
        )
        .await
        .unwrap();
    t[0].id
}

/// Runs `act` as `who` on a task prepared into the state the action needs; `Ok(true)`
/// when permitted, `Ok(false)` when refused (forbidden or hidden).
async fn attempt(w: &World, who: &Actor, act: Act) -> bool {
    let app = &w.app;
    let t = fresh_task(w).await;
    let head = &w.head;
    // Bring the task into the state each action starts from (done by its rightful actor).
    match act {
        Act::ProposeCompletion | Act::HandTo => {
            app.receive(head, t, None).await.unwrap();
        }
        Act::ConfirmCompletion | Act::Reopen => {
            app.receive(head, t, None).await.unwrap();
            app.propose_completion(head, t, None).await.unwrap();
        }
        _ => {}
    }
    let r: Result<(), AppError> = match act {
        Act::View => app.task_detail(who, t).await.map(|_| ()),
        Act::Assign => app
            .assign(
                who,
                vec![TaskInput {
                    title: "x".into(),
                    lead_unit: w.head.unit_id.get(),
                    cooperating: vec![],
                    assignee: None,
                    document_id: None,
                    section: None,
                    deadline: Deadline::OnDate {
                        date: d(2026, 8, 1),
                    },
                    urgency: None,
                    parent_task: None,
                    secret: false,
                }],
            )
            .await
            .map(|_| ()),
        Act::Receive => app.receive(who, t, None).await.map(|_| ()),
        Act::Return => app
            .return_task(who, t, None, "không thuộc chức năng")
            .await
            .map(|_| ()),
        Act::HandTo => app
            .hand_to(who, t, None, w.staff.person_id)
            .await
            .map(|_| ()),
        Act::Report => app
            .report_progress(who, t, None, 10, "tiến độ", "", "", &[])
            .await
            .map(|_| ()),
        Act::RequestExtension => app
            .request_extension(who, t, d(2026, 8, 28), "lý do")
            .await
            .map(|_| ()),
        Act::DecideExtension => {
            let e = app
                .request_extension(head, t, d(2026, 8, 28), "lý do")
                .await
                .unwrap();
            app.decide_extension(who, e.id, true, None, "")
                .await
                .map(|_| ())
        }
        Act::ProposeCompletion => app.propose_completion(who, t, None).await.map(|_| ()),
        Act::ReportCompletion => app
            .report_completion(who, t, None, "Đã hoàn thành", "", "", &[])
            .await
            .map(|_| ()),
        Act::ConfirmCompletion => app.confirm_completion(who, t, None).await.map(|_| ()),
        Act::Reopen => app.reopen(who, t, None, "chưa đạt").await.map(|_| ()),
        Act::Amend => app
            .amend_task(
                who,
                t,
                None,
                &dondoc_domain::Amendment {
                    title: Some("Đẩy mạnh giải ngân vốn đầu tư công năm 2026".into()),
                    ..Default::default()
                },
                "ghi rõ năm",
            )
            .await
            .map(|_| ()),
        Act::Stop => app.stop(who, t, None, "không còn cần").await.map(|_| ()),
        Act::Direct => app
            .give_direction(who, t, None, "chỉ đạo")
            .await
            .map(|_| ()),
        Act::ReportIndicator => {
            let i = app
                .add_indicator(&w.office, t, "Tỷ lệ giải ngân", "%", 100.0, None)
                .await
                .unwrap();
            app.report_indicator(who, i.id, "Tháng 7/2026", 30.0).await
        }
        Act::Register => {
            let doc = dondoc_domain::NewDocument::new(
                who.org_id,
                dondoc_domain::Direction::Incoming,
                dondoc_domain::DocKind::CongVan,
                "VĂN PHÒNG UBND THÀNH PHỐ",
                // One letter each: the same one twice would be refused as sent twice.
                &format!("v/v thử của {:?}", who.person_id),
            )
            .unwrap();
            app.register_document(who, doc).await.map(|_| ())
        }
        Act::Audit => app.check_action(who, dondoc_domain::policy::Action::ViewAudit),
        Act::Urge => app.check_action(who, dondoc_domain::policy::Action::UrgeUnit),
        Act::ManageUsers => app
            .create_person(
                Some(who),
                NewPerson::new(
                    who.unit_id,
                    "Người mới",
                    Position::ChuyenVien,
                    Role::UnitStaff,
                    None,
                    None,
                )
                .unwrap(),
                None,
            )
            .await
            .map(|_| ()),
    };
    match r {
        Ok(()) => true,
        Err(AppError::Forbidden(_)) | Err(AppError::NotFound(_)) => false,
        // A unit head assigning outside a parent task is refused as bad input by design.
        Err(AppError::BadInput(m)) if act == Act::Assign => {
            assert!(m.contains("nhiệm vụ con"), "{m}");
            false
        }
        Err(e) => panic!("{act:?} as {:?}: unexpected error {e}", who.role),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_matrix_every_role_every_action() {
    let (w, _dir) = world().await;
    let who = [w.admin, w.leader, w.office, w.head, w.staff, w.other_head];
    let mut mismatches = Vec::new();
    for (act, expected) in MATRIX {
        for (i, actor) in who.iter().enumerate() {
            let got = attempt(&w, actor, *act).await;
            if got != expected[i] {
                mismatches.push(format!(
                    "{act:?} by {:?} (column {i}): expected {}, got {got}",
                    actor.role, expected[i]
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "permission matrix mismatches:\n{}",
        mismatches.join("\n")
    );
}

/// A task is handed to a person who carries it out, never to the system's administrator
/// (who sits in the Office's unit in the demo).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_task_is_handed_to_the_administrator() {
    let (w, _dir) = world().await;
    let t = w
        .app
        .assign(
            &w.leader,
            vec![TaskInput {
                deadline: Deadline::OnDate {
                    date: w.app.today() + chrono::Duration::days(20),
                },
                ..input("Tổng hợp báo cáo tháng", w.office.unit_id, None, None)
            }],
        )
        .await
        .unwrap()
        .remove(0);
    assert_eq!(w.admin.unit_id, w.office.unit_id);
    w.app.receive(&w.office, t.id, None).await.unwrap();
    let e = w
        .app
        .hand_to(&w.office, t.id, None, w.admin.person_id)
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("quản trị hệ thống"), "{e}");
    let stored = w.app.store().task(t.id).await.unwrap().unwrap();
    assert_eq!(stored.assignee, None, "nothing stored");
}

/// Among several tasks given at once, a refused one is named by its title, and a last
/// day before the assignment says both days.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_task_among_several_is_named() {
    let (w, _dir) = world().await;
    let today = w.app.today();
    let task = |title: &str, date: chrono::NaiveDate| TaskInput {
        deadline: Deadline::OnDate { date },
        ..input(title, w.head.unit_id, None, None)
    };
    let late = today - chrono::Duration::days(10);
    let e = w
        .app
        .assign(
            &w.leader,
            vec![
                task("Rà soát hồ sơ", today + chrono::Duration::days(10)),
                task("Báo cáo kết quả", late),
            ],
        )
        .await
        .unwrap_err()
        .to_string();
    let want = format!(
        "nhiệm vụ \"Báo cáo kết quả\": hạn xử lý ({}) trước ngày giao ({})",
        late.format("%d/%m/%Y"),
        today.format("%d/%m/%Y")
    );
    assert!(e.contains(&want), "{e}");
    // Alone, it needs no number.
    let e = w
        .app
        .assign(&w.leader, vec![task("Báo cáo kết quả", late)])
        .await
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("hạn xử lý ("), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_tasks_only_for_those_assigned() {
    let (w, _dir) = world().await;
    let doc = dondoc_domain::NewDocument::new(
        w.office.org_id,
        dondoc_domain::Direction::Incoming,
        dondoc_domain::DocKind::CongVan,
        "CÔNG AN THÀNH PHỐ",
        "bảo vệ bí mật",
    )
    .unwrap()
    .with_marks(dondoc_domain::Urgency::Normal, dondoc_domain::Secrecy::Mat);
    let doc = w.app.register_document(&w.leader, doc).await.unwrap();
    let t = w
        .app
        .assign(
            &w.leader,
            vec![TaskInput {
                title: "Rà soát tài liệu mật".into(),
                lead_unit: w.head.unit_id.get(),
                cooperating: vec![],
                assignee: None,
                document_id: Some(doc.id.get()),
                section: None,
                deadline: Deadline::OnDate {
                    date: d(2026, 7, 31),
                },
                urgency: None,
                parent_task: None,
                secret: false,
            }],
        )
        .await
        .unwrap()
        .remove(0);
    assert!(t.secret, "a task from a secret document is secret");
    assert!(
        w.app.task_detail(&w.head, t.id).await.is_ok(),
        "the assigned unit sees it"
    );
    assert!(
        w.app.task_detail(&w.leader, t.id).await.is_ok(),
        "leaders see it"
    );
    assert!(
        matches!(
            w.app.task_detail(&w.office, t.id).await,
            Err(AppError::NotFound(_))
        ),
        "the Office does not"
    );
    assert!(matches!(
        w.app.task_detail(&w.other_head, t.id).await,
        Err(AppError::NotFound(_))
    ));
    assert!(matches!(
        w.app.document(&w.office, doc.id).await,
        Err(AppError::NotFound(_))
    ));
    assert!(w.app.document(&w.head, doc.id).await.is_ok());
    let office_list = w
        .app
        .tasks(&w.office, Default::default(), Default::default())
        .await
        .unwrap();
    assert_eq!(office_list.total, 0);
}

/// A task may be marked secret on its own account, without a secret document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_marked_secret_is_secret() {
    let (w, _dir) = world().await;
    let mut i = input("Xác minh đơn thư tố cáo", w.head.unit_id, None, None);
    i.secret = true;
    let t = w.app.assign(&w.leader, vec![i]).await.unwrap().remove(0);
    assert!(t.secret, "the mark is kept, not ignored");
    assert!(w.app.task_detail(&w.head, t.id).await.is_ok());
    assert!(matches!(
        w.app.task_detail(&w.other_head, t.id).await,
        Err(AppError::NotFound(_))
    ));
    let plain = w
        .app
        .assign(
            &w.leader,
            vec![input("Việc thường", w.head.unit_id, None, None)],
        )
        .await
        .unwrap()
        .remove(0);
    assert!(!plain.secret);
}

/// The dashboard lists the ongoing tasks whose lead unit missed the latest periodic
/// report (the reminders' rule), and drops one once its unit reports.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_lists_missed_periodic_reports() {
    let (w, _dir) = world().await;
    let cal = Calendar::vietnam();
    let monthly = Deadline::Ongoing {
        cycle: dondoc_domain::ReportingCycle::Monthly { day: 20 },
    };
    let new = |title: &str, lead, assigned| {
        dondoc_domain::NewTask::new(
            w.office.org_id,
            title,
            lead,
            monthly.clone(),
            assigned,
            &cal,
        )
        .unwrap()
    };
    let at = Utc.with_ymd_and_hms(2026, 5, 4, 3, 0, 0).unwrap();
    let tasks = w
        .app
        .store()
        .insert_tasks(
            &[
                // Assigned in May: the period to 20/6 closed, no report since 21/5.
                new("Cập nhật dữ liệu dân cư", w.head.unit_id, d(2026, 5, 4)),
                // Assigned in late June: no period has closed on 1/7.
                new("Theo dõi giá cả thị trường", w.head.unit_id, d(2026, 6, 25)),
            ],
            at,
            None,
        )
        .await
        .unwrap();
    let dash = w.app.dashboard(&w.leader).await.unwrap();
    assert_eq!(dash.missed_total, 1);
    let missed = dash.missed_reports;
    assert_eq!(
        missed
            .iter()
            .map(|(t, due)| (t.id, *due))
            .collect::<Vec<_>>(),
        [(tasks[0].id, d(2026, 6, 20))]
    );
    // The same for the Office.
    assert_eq!(
        w.app
            .dashboard(&w.office)
            .await
            .unwrap()
            .missed_reports
            .len(),
        1
    );
    w.app.receive(&w.head, tasks[0].id, None).await.unwrap();
    w.app
        .report_progress(
            &w.head,
            tasks[0].id,
            None,
            30,
            "Đã cập nhật 30%",
            "",
            "",
            &[],
        )
        .await
        .unwrap();
    let dash = w.app.dashboard(&w.leader).await.unwrap();
    assert!(dash.missed_reports.is_empty());
    assert_eq!(dash.missed_total, 0);
}

fn input(
    title: &str,
    lead: dondoc_domain::UnitId,
    doc: Option<i64>,
    parent: Option<TaskId>,
) -> TaskInput {
    TaskInput {
        title: title.into(),
        lead_unit: lead.get(),
        cooperating: vec![],
        assignee: None,
        document_id: doc,
        section: None,
        deadline: Deadline::OnDate {
            date: d(2026, 7, 31),
        },
        urgency: None,
        parent_task: parent.map(|p| p.get()),
        secret: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_page_shows_only_the_linked_tasks_its_reader_may_see() {
    let (w, _dir) = world().await;
    let secret_doc = dondoc_domain::NewDocument::new(
        w.office.org_id,
        dondoc_domain::Direction::Incoming,
        dondoc_domain::DocKind::CongVan,
        "CÔNG AN THÀNH PHỐ",
        "bảo vệ bí mật",
    )
    .unwrap()
    .with_marks(dondoc_domain::Urgency::Normal, dondoc_domain::Secrecy::Mat);
    let secret_doc = w
        .app
        .register_document(&w.leader, secret_doc)
        .await
        .unwrap();
    // A secret task for KT; a sub-task of it for VH (secret too).
    let kt = w.head.unit_id;
    let vh = w.other_head.unit_id;
    let secret = w
        .app
        .assign(
            &w.leader,
            vec![input(
                "Rà soát tài liệu mật",
                kt,
                Some(secret_doc.id.get()),
                None,
            )],
        )
        .await
        .unwrap()
        .remove(0);
    let secret_sub = w
        .app
        .assign(
            &w.leader,
            vec![input("Phần việc mật của VH", vh, None, Some(secret.id))],
        )
        .await
        .unwrap()
        .remove(0);
    assert!(secret_sub.secret);
    let kt_view = w.app.task_detail(&w.head, secret.id).await.unwrap();
    assert!(
        kt_view.sub_tasks.is_empty(),
        "KT does not see VH's secret sub-task: {:?}",
        kt_view.sub_tasks
    );
    let leader_view = w.app.task_detail(&w.leader, secret.id).await.unwrap();
    assert_eq!(
        leader_view
            .sub_tasks
            .iter()
            .map(|t| t.id)
            .collect::<Vec<_>>(),
        [secret_sub.id]
    );
    // A public directive implementing the secret task, with a task for VH: VH
    // does not see the secret task above it, nor KT's directive below.
    let directive = dondoc_domain::NewDocument::new(
        w.office.org_id,
        dondoc_domain::Direction::Outgoing,
        dondoc_domain::DocKind::CongVan,
        "UBND PHƯỜNG KIẾN AN",
        "triển khai",
    )
    .unwrap()
    .implementing(Some(secret.id));
    let directive = w.app.register_document(&w.leader, directive).await.unwrap();
    let below = w
        .app
        .assign(
            &w.leader,
            vec![input("Tuyên truyền", vh, Some(directive.id.get()), None)],
        )
        .await
        .unwrap()
        .remove(0);
    assert!(!below.secret);
    let vh_view = w.app.task_detail(&w.other_head, below.id).await.unwrap();
    assert!(
        vh_view.implements.is_none(),
        "the secret task above stays hidden"
    );
    let leader_view = w.app.task_detail(&w.leader, below.id).await.unwrap();
    assert_eq!(leader_view.implements.map(|t| t.id), Some(secret.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_goes_only_to_the_own_organisation_and_below() {
    let (w, _dir) = world().await;
    // Another ward, and a unit of it.
    let other = w
        .app
        .create_unit(
            None,
            NewUnit::new(
                None,
                UnitKind::Authority,
                "UBND phường Lê Chân",
                "UBND",
                &[],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let foreign = w
        .app
        .create_unit(
            None,
            NewUnit::new(Some(other.id), UnitKind::Unit, "Phòng Kinh tế", "KT", &[]).unwrap(),
        )
        .await
        .unwrap();
    let lead_abroad = w
        .app
        .assign(&w.office, vec![input("Việc", foreign.id, None, None)])
        .await;
    assert!(
        matches!(lead_abroad, Err(AppError::BadInput(_))),
        "{lead_abroad:?}"
    );
    let mut coop_abroad = input("Việc", w.head.unit_id, None, None);
    coop_abroad.cooperating = vec![foreign.id.get()];
    let coop_abroad = w.app.assign(&w.office, vec![coop_abroad]).await;
    assert!(
        matches!(coop_abroad, Err(AppError::BadInput(_))),
        "{coop_abroad:?}"
    );
    let none = w
        .app
        .tasks(&w.leader, Default::default(), Default::default())
        .await
        .unwrap();
    assert_eq!(none.total, 0, "nothing was stored");
    // The organisation itself (the cascade from above) and its units may.
    w.app
        .assign(&w.office, vec![input("Việc", w.office.org_id, None, None)])
        .await
        .unwrap();
}

/// The city gives work to a ward (an authority below it), never straight to one of the
/// ward's departments: the ward's leaders would neither see nor assign it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_level_above_tasks_the_ward_not_its_departments() {
    let (w, _dir) = world().await;
    let unit =
        |parent, kind, name: &str, abbr: &str| NewUnit::new(parent, kind, name, abbr, &[]).unwrap();
    let city = w
        .app
        .create_unit(
            None,
            unit(
                None,
                UnitKind::Authority,
                "UBND thành phố Hải Phòng",
                "UBND",
            ),
        )
        .await
        .unwrap();
    let city_office = w
        .app
        .create_unit(
            None,
            unit(
                Some(city.id),
                UnitKind::Unit,
                "Văn phòng UBND thành phố",
                "VP",
            ),
        )
        .await
        .unwrap();
    let ward = w
        .app
        .create_unit(
            None,
            unit(
                Some(city.id),
                UnitKind::Authority,
                "UBND phường Lê Chân",
                "UBND",
            ),
        )
        .await
        .unwrap();
    let ward_dept = w
        .app
        .create_unit(
            None,
            unit(Some(ward.id), UnitKind::Unit, "Phòng Kinh tế", "KT"),
        )
        .await
        .unwrap();
    let p = w
        .app
        .create_person(
            None,
            NewPerson::new(
                city_office.id,
                "vptp",
                Position::ChanhVanPhong,
                Role::Office,
                Some("vptp"),
                None,
            )
            .unwrap(),
            Some("mat-khau-123"),
        )
        .await
        .unwrap();
    let city_actor = w.app.actor_for(&p).await.unwrap();
    assert_eq!(city_actor.org_id, city.id);
    // The department of the ward, as lead or as co-operating unit: refused, in words.
    let e = w
        .app
        .assign(&city_actor, vec![input("Việc", ward_dept.id, None, None)])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("cơ quan cấp dưới"), "{e}");
    let mut coop = input("Việc", city_office.id, None, None);
    coop.cooperating = vec![ward_dept.id.get()];
    let e = w.app.assign(&city_actor, vec![coop]).await.unwrap_err();
    assert!(e.to_string().contains("phối hợp"), "{e}");
    // The ward itself and the city's own office: given.
    let mut both = input("Việc", ward.id, None, None);
    both.cooperating = vec![city_office.id.get()];
    w.app.assign(&city_actor, vec![both]).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_head_gives_sub_tasks_to_the_own_unit_only() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let to_other = w
        .app
        .assign(
            &w.head,
            vec![input(
                "Việc cho phòng khác",
                w.other_head.unit_id,
                None,
                Some(t),
            )],
        )
        .await;
    assert!(
        matches!(to_other, Err(AppError::BadInput(_))),
        "{to_other:?}"
    );
    let own = w
        .app
        .assign(
            &w.head,
            vec![input("Việc trong phòng", w.head.unit_id, None, Some(t))],
        )
        .await
        .unwrap();
    assert_eq!(own[0].lead_unit, w.head.unit_id);
    // The parent's document is the sub-task's; another is refused, not replaced.
    let other_doc = dondoc_domain::NewDocument::new(
        w.office.org_id,
        dondoc_domain::Direction::Incoming,
        dondoc_domain::DocKind::CongVan,
        "SỞ TÀI CHÍNH",
        "khác",
    )
    .unwrap();
    let other_doc = w.app.register_document(&w.office, other_doc).await.unwrap();
    let wrong_doc = w
        .app
        .assign(
            &w.office,
            vec![input(
                "Việc",
                w.head.unit_id,
                Some(other_doc.id.get()),
                Some(t),
            )],
        )
        .await;
    assert!(
        matches!(wrong_doc, Err(AppError::BadInput(_))),
        "{wrong_doc:?}"
    );
    assert_eq!(
        w.app
            .task_detail(&w.office, t)
            .await
            .unwrap()
            .sub_tasks
            .len(),
        1
    );
    // Nothing more under a task that is over.
    w.app
        .stop(&w.office, t, None, "chủ trương thay đổi")
        .await
        .unwrap();
    let e = w
        .app
        .assign(
            &w.head,
            vec![input("Việc thêm", w.head.unit_id, None, Some(t))],
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("nhiệm vụ cha đã kết thúc"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_editing_one_task_the_second_gets_a_conflict() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let seen = w.app.task_detail(&w.head, t).await.unwrap().task.version;
    w.app.receive(&w.head, t, Some(seen)).await.unwrap();
    let second = w.app.stop(&w.office, t, Some(seen), "trùng").await;
    assert!(matches!(second, Err(AppError::Conflict)), "{second:?}");
    assert_eq!(
        w.app.task_detail(&w.head, t).await.unwrap().task.status,
        dondoc_domain::TaskStatus::Received
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_completion_report_is_a_report_and_a_proposal_in_one_write() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    // Staff may report progress but not propose completion: nothing is stored.
    let refused = w
        .app
        .report_completion(&w.staff, t, None, "Xong", "", "", &[])
        .await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    let seen = w.app.task_detail(&w.head, t).await.unwrap();
    assert!(seen.reports.is_empty());
    // A stale version is a conflict, and nothing is stored either.
    let stale = w
        .app
        .report_completion(&w.head, t, Some(seen.task.version + 1), "Xong", "", "", &[])
        .await;
    assert!(matches!(stale, Err(AppError::Conflict)), "{stale:?}");
    let rep = w
        .app
        .report_completion(
            &w.head,
            t,
            Some(seen.task.version),
            "Đã giải ngân 100% kế hoạch vốn",
            "",
            "",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rep.percent, 100);
    let after = w.app.task_detail(&w.head, t).await.unwrap();
    assert_eq!(
        (
            after.task.status,
            after.task.progress,
            after.task.completed_on,
            after.task.version
        ),
        (
            dondoc_domain::TaskStatus::CompletionProposed,
            100,
            Some(d(2026, 7, 1)),
            seen.task.version + 1
        )
    );
    assert_eq!(after.reports, vec![rep]);
    assert_eq!(
        after
            .history
            .iter()
            .map(|e| e.body.action.as_str())
            .collect::<Vec<_>>(),
        ["assign", "propose_completion"]
    );
    // The Office confirms as after a separate proposal.
    w.app.confirm_completion(&w.office, t, None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cascade_links_both_ways() {
    let (w, _dir) = world().await;
    // The level above assigns the ward itself; the ward's Office turns it into a directive.
    let upper = w
        .app
        .assign(
            &w.leader,
            vec![TaskInput {
                title: "Triển khai Nghị quyết 148/NQ-CP".into(),
                lead_unit: w.office.org_id.get(),
                cooperating: vec![],
                assignee: None,
                document_id: None,
                section: None,
                deadline: Deadline::OnDate {
                    date: d(2026, 9, 30),
                },
                urgency: None,
                parent_task: None,
                secret: false,
            }],
        )
        .await
        .unwrap()
        .remove(0);
    let directive = dondoc_domain::NewDocument::new(
        w.office.org_id,
        dondoc_domain::Direction::Outgoing,
        dondoc_domain::DocKind::CongVan,
        "UBND PHƯỜNG KIẾN AN",
        "triển khai Nghị quyết 148/NQ-CP",
    )
    .unwrap()
    .implementing(Some(upper.id));
    let directive = w.app.register_document(&w.office, directive).await.unwrap();
    let below = w
        .app
        .assign(
            &w.office,
            vec![TaskInput {
                title: "Giải ngân vốn đầu tư công".into(),
                lead_unit: w.head.unit_id.get(),
                cooperating: vec![],
                assignee: None,
                document_id: Some(directive.id.get()),
                section: Some("2".into()),
                deadline: Deadline::OnDate {
                    date: d(2026, 9, 15),
                },
                urgency: None,
                parent_task: None,
                secret: false,
            }],
        )
        .await
        .unwrap()
        .remove(0);
    let up = w.app.task_detail(&w.leader, upper.id).await.unwrap();
    assert_eq!(
        up.implemented_by.len(),
        1,
        "the parent shows its children's directive"
    );
    assert_eq!(up.implemented_by[0].1.in_progress, 1, "with their progress");
    let down = w.app.task_detail(&w.head, below.id).await.unwrap();
    assert_eq!(
        down.implements.map(|t| t.id),
        Some(upper.id),
        "the child links up"
    );
    // Its outline reads back as the ward's own letter: subject, date, and the Office's
    // follow-up due the working day before the task.
    let outline = w
        .app
        .implementing_outline(&w.office, upper.id)
        .await
        .unwrap();
    assert!(
        outline.contains("Kính gửi: Các phòng, đơn vị thuộc"),
        "{outline}"
    );
    let draft = w.app.draft(&w.office, &outline).await.unwrap();
    assert_eq!(
        draft.document.subject, "triển khai Nghị quyết 148/NQ-CP",
        "{outline}"
    );
    assert_eq!(draft.document.issued_on, Some(d(2026, 7, 1)));
    let follow_up = draft
        .assignments
        .iter()
        .find(|a| a.lead_unit == Some(w.office.unit_id.get()))
        .unwrap_or_else(|| panic!("the Office's follow-up: {outline}\n{:?}", draft.assignments));
    assert_eq!(follow_up.due_date, Some(d(2026, 9, 29)), "{outline}");
    // A directive carrying it out gives no work due after its last day (30/9): refused
    // before anything is registered.
    let confirm = |due: NaiveDate| dondoc_app::IntakeConfirm {
        document: dondoc_app::NewDocumentInput {
            direction: "outgoing".into(),
            kind: "cong_van".into(),
            number: None,
            issued_on: Some(d(2026, 7, 1)),
            issuer: "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".into(),
            place: "Kiến An".into(),
            subject: "rà soát dự án đầu tư công".into(),
            body: String::new(),
            addressees: vec![],
            distribution: vec![],
            references: vec![],
            signature: None,
            urgency: None,
            secrecy: None,
            implements_task: Some(upper.id.get()),
            exchange: None,
        },
        tasks: vec![TaskInput {
            deadline: Deadline::OnDate { date: due },
            ..input("Rà soát dự án", w.head.unit_id, None, None)
        }],
    };
    let late = w
        .app
        .confirm_intake(&w.office, confirm(d(2026, 10, 1)))
        .await;
    assert!(
        matches!(&late, Err(AppError::BadInput(m)) if m.contains("sau hạn của nhiệm vụ cấp trên giao (30/09/2026)")),
        "{late:?}"
    );
    let mut ongoing = confirm(d(2026, 9, 25));
    ongoing.tasks[0].deadline = Deadline::Ongoing {
        cycle: dondoc_domain::ReportingCycle::Monthly { day: 20 },
    };
    let open_ended = w.app.confirm_intake(&w.office, ongoing).await;
    assert!(
        matches!(&open_ended, Err(AppError::BadInput(m)) if m.contains("thường xuyên")),
        "{open_ended:?}"
    );
    let (_, given) = w
        .app
        .confirm_intake(&w.office, confirm(d(2026, 9, 25)))
        .await
        .unwrap();
    // Nor does an extension move it past that day: the unit may ask, the Office may
    // grant up to 30/9, and no later.
    let t = given[0].id;
    w.app.receive(&w.head, t, None).await.unwrap();
    let e = w
        .app
        .request_extension(&w.head, t, d(2026, 10, 15), "chờ số liệu")
        .await
        .unwrap();
    let past = w
        .app
        .decide_extension(&w.office, e.id, true, None, "")
        .await;
    assert!(
        matches!(&past, Err(AppError::BadInput(m)) if m.contains("đề nghị cấp trên gia hạn")),
        "{past:?}"
    );
    w.app
        .decide_extension(&w.office, e.id, true, Some(d(2026, 9, 30)), "")
        .await
        .unwrap();
    // The Office works the task given to the ward itself: its report moves it, as a
    // lead unit's does.
    w.app.receive(&w.office, upper.id, None).await.unwrap();
    w.app
        .report_progress(
            &w.office,
            upper.id,
            None,
            30,
            "Đã ban hành văn bản triển khai",
            "",
            "",
            &[],
        )
        .await
        .unwrap();
    let moved = w.app.task_visible(&w.leader, upper.id).await.unwrap();
    assert_eq!(
        (moved.progress, moved.status),
        (30, dondoc_domain::TaskStatus::InProgress)
    );
    // The level above moves its task earlier than the work given under it: the Office
    // that carries it out is told how many of its tasks now fall due after it.
    w.app
        .amend_task(
            &w.leader,
            upper.id,
            None,
            &dondoc_domain::Amendment {
                due_date: Some(d(2026, 9, 10)),
                ..Default::default()
            },
            "Thành phố yêu cầu hoàn thành sớm",
        )
        .await
        .unwrap();
    let told = w
        .app
        .my_notifications(&w.office, true, dondoc_store::PageRequest::new(1, 50))
        .await
        .unwrap()
        .items;
    let n = told
        .iter()
        .find(|n| n.kind == "task_amended")
        .expect("the Office of the authority given the work is told");
    assert!(
        n.body
            .contains("2 nhiệm vụ đã giao tiếp ở cấp dưới có hạn sau ngày 10/09/2026"),
        "{}",
        n.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_throttles_after_repeated_failures() {
    let (w, _dir) = world().await;
    for _ in 0..5 {
        assert!(matches!(
            w.app.sign_in("vp", "sai").await,
            Err(AppError::BadCredentials)
        ));
    }
    assert!(matches!(
        w.app.sign_in("vp", "sai").await,
        Err(AppError::Throttled { .. })
    ));
    assert!(
        matches!(
            w.app.sign_in("vp", "mat-khau-123").await,
            Err(AppError::Throttled { .. })
        ),
        "even the right password waits"
    );
    assert!(
        w.app.sign_in("kt", "mat-khau-123").await.is_ok(),
        "others are not affected"
    );
}

/// With the client's address known, wrong passwords typed on one machine do not lock
/// the account's owner out at another; many machines together are still stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_throttles_per_address_and_for_all_addresses() {
    let (w, _dir) = world().await;
    for _ in 0..6 {
        let _ = w.app.sign_in_from("kt", "sai", "10.0.0.66").await;
    }
    assert!(matches!(
        w.app.sign_in_from("kt", "mat-khau-123", "10.0.0.66").await,
        Err(AppError::Throttled { .. })
    ));
    assert!(
        w.app
            .sign_in_from("kt", "mat-khau-123", "10.0.0.7")
            .await
            .is_ok(),
        "the owner, at their own machine, still signs in"
    );
    // Spread over many addresses, the failures still add up for the account.
    for i in 0..dondoc_app::MAX_FAILURES_ANY_SOURCE {
        let _ = w
            .app
            .sign_in_from("vp", "sai", &format!("10.1.{}.{}", i / 4, i % 4))
            .await;
    }
    assert!(matches!(
        w.app.sign_in_from("vp", "sai", "10.2.0.1").await,
        Err(AppError::Throttled { .. })
    ));
}

/// Sessions are served from a cache (`dondoc_app::cache`): a change made through the app
/// must still take effect on the very next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_session_follows_sign_out_password_and_role_changes() {
    let (w, _dir) = world().await;
    // Signed out: refused at once, though the session was just read (and cached).
    let t = w.app.sign_in("kt", "mat-khau-123").await.unwrap().token;
    assert!(w.app.session(&t).await.is_ok());
    assert!(w.app.session(&t).await.is_ok());
    w.app.sign_out(&t).await.unwrap();
    assert!(matches!(
        w.app.session(&t).await,
        Err(AppError::Unauthenticated)
    ));
    // A password reset ends the person's sessions.
    let t = w.app.sign_in("kt", "mat-khau-123").await.unwrap().token;
    assert!(w.app.session(&t).await.is_ok());
    w.app
        .reset_password(&w.admin, w.head.person_id, "mat-khau-moi-456")
        .await
        .unwrap();
    assert!(matches!(
        w.app.session(&t).await,
        Err(AppError::Unauthenticated)
    ));
    // A role change is seen by the next request of a session that stays.
    let t = w.app.sign_in("ktcv", "mat-khau-123").await.unwrap().token;
    let (_, actor, _) = w.app.session(&t).await.unwrap();
    assert_eq!(actor.role, Role::UnitStaff);
    w.app
        .set_role(&w.admin, w.staff.person_id, Role::UnitHead, w.staff.unit_id)
        .await
        .unwrap();
    let (_, actor, _) = w.app.session(&t).await.unwrap();
    assert_eq!(actor.role, Role::UnitHead);
}

/// An `App` on the world's database in `dir`, with caches of its own: called again, a
/// second server (or the CLI) on the same database.
async fn app_on(dir: &tempfile::TempDir) -> App {
    let store = dondoc_store_sqlite::SqliteStore::open(&format!(
        "sqlite://{}",
        dir.path().join("w.db").display()
    ))
    .await
    .unwrap();
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 7, 1, 3, 0, 0).unwrap(),
    ));
    App::new(Arc::new(store), Calendar::vietnam(), clock)
}

/// A lead's report starts from the task as this process last wrote it; when a change
/// made elsewhere has outdated that copy, the report is made from the stored task: not
/// refused as a conflict, the report's move applied to what is stored, the audit chain
/// whole. Without the retry the second and third reports below fail with a conflict.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_after_a_change_made_elsewhere_starts_from_the_stored_task() {
    let (w, dir) = world().await;
    let other = app_on(&dir).await;
    let t = fresh_task(&w).await;
    let first = |p: u8| format!("Đạt {p}% kế hoạch");
    w.app
        .report_progress(&w.head, t, None, 10, &first(10), "", "", &[])
        .await
        .unwrap();
    other
        .report_progress(&w.head, t, None, 40, &first(40), "", "", &[])
        .await
        .unwrap();
    w.app
        .report_progress(&w.head, t, None, 50, &first(50), "", "", &[])
        .await
        .unwrap();
    let seen = w.app.task_detail(&w.head, t).await.unwrap();
    assert_eq!((seen.task.progress, seen.task.version), (50, 4));
    assert_eq!(
        seen.reports.iter().map(|r| r.percent).collect::<Vec<_>>(),
        [10, 40, 50]
    );
    // The completion report too, and its event's "before" is the stored task.
    other
        .report_progress(&w.head, t, None, 80, &first(80), "", "", &[])
        .await
        .unwrap();
    let before = other.task_detail(&w.head, t).await.unwrap().task;
    w.app
        .report_completion(&w.head, t, None, "Hoàn thành", "", "", &[])
        .await
        .unwrap();
    let done = w.app.task_detail(&w.head, t).await.unwrap();
    assert_eq!(
        (done.task.status, done.task.version),
        (dondoc_domain::TaskStatus::CompletionProposed, 6)
    );
    let proposal = done.history.last().unwrap();
    assert_eq!(proposal.body.action, "propose_completion");
    assert_eq!(
        proposal.body.before,
        Some(serde_json::to_value(&before).unwrap())
    );
    assert_eq!(
        proposal.body.after,
        Some(serde_json::to_value(&done.task).unwrap())
    );
    assert!(w.app.verify_audit(None).await.unwrap().is_ok());
    // Stopped elsewhere: the outdated copy says "in progress", the stored task says
    // stopped, and the answer is the stored task's.
    let t = fresh_task(&w).await;
    w.app
        .report_progress(&w.head, t, None, 10, &first(10), "", "", &[])
        .await
        .unwrap();
    other
        .stop(&w.office, t, None, "Trùng nhiệm vụ")
        .await
        .unwrap();
    let refused = w
        .app
        .report_progress(&w.head, t, None, 20, &first(20), "", "", &[])
        .await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    assert_eq!(
        w.app.task_detail(&w.head, t).await.unwrap().reports.len(),
        1
    );
    // A version the client read is still checked against the stored task.
    let t = fresh_task(&w).await;
    other
        .report_progress(&w.head, t, None, 30, &first(30), "", "", &[])
        .await
        .unwrap();
    let stale = w
        .app
        .report_progress(&w.head, t, Some(1), 40, &first(40), "", "", &[])
        .await;
    assert!(matches!(stale, Err(AppError::Conflict)), "{stale:?}");
}

/// A directive registered after its deadlines passed: the draft cannot carry a past
/// date (no task is due before it is assigned), but it says what the document set and
/// that a new date is needed; a date still ahead is carried as it is.
#[tokio::test]
async fn a_draft_shows_a_deadline_that_has_passed() {
    let (w, _dir) = world().await;
    let text = |date: &str| {
        format!(
            "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nSố: 12/UBND-VP\nV/v triển khai nhiệm vụ\n\n\
             1. Giao Phòng Kinh tế - Hạ tầng và Đô thị chủ trì rà soát các công trình, \
             hoàn thành trước ngày {date}.\n"
        )
    };
    let draft = w.app.draft(&w.office, &text("05/01/2026")).await.unwrap();
    let a = &draft.assignments[0];
    assert!(
        a.deadline_text.contains("05/01/2026") && a.deadline_text.contains("đã qua"),
        "{}",
        a.deadline_text
    );
    let draft = w.app.draft(&w.office, &text("05/09/2026")).await.unwrap();
    let a = &draft.assignments[0];
    assert_eq!(
        a.deadline,
        dondoc_domain::Deadline::OnDate {
            date: d(2026, 9, 5)
        }
    );
    assert!(!a.deadline_text.contains("đã qua"), "{}", a.deadline_text);
}

/// The marks above the number and a count of working days reach the draft, and the
/// marks the register: a secret letter confirmed from intake stays secret.
#[tokio::test]
async fn a_draft_keeps_the_marks_and_counts_working_days() {
    let (w, _dir) = world().await;
    let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nMẬT\nSố: 12/UBND-VP\nV/v triển khai nhiệm vụ\nKHẨN\n\
                Kiến An, ngày 01 tháng 7 năm 2026\n\n\
                1. Giao Phòng Kinh tế - Hạ tầng và Đô thị chủ trì rà soát các công trình, \
                hoàn thành trong thời hạn 10 ngày làm việc kể từ ngày ký.\n";
    let draft = w.app.draft(&w.office, text).await.unwrap();
    assert_eq!(draft.document.secrecy, "mat");
    assert_eq!(draft.document.urgency, "khan");
    let a = &draft.assignments[0];
    assert_eq!(
        a.deadline,
        dondoc_domain::Deadline::WorkingDays {
            days: 10,
            from: d(2026, 7, 1)
        }
    );
    // 1/7/2026 is a Wednesday: ten working days later is Wednesday 15/7.
    assert_eq!(a.due_date, Some(d(2026, 7, 15)));
    let confirm = dondoc_app::IntakeConfirm {
        document: dondoc_app::NewDocumentInput {
            direction: "incoming".into(),
            kind: draft.document.kind.clone(),
            number: Some(draft.document.number.clone()),
            issued_on: draft.document.issued_on,
            issuer: draft.document.issuer.clone(),
            place: draft.document.place.clone(),
            subject: draft.document.subject.clone(),
            body: String::new(),
            addressees: vec![],
            distribution: vec![],
            references: vec![],
            signature: None,
            urgency: Some(draft.document.urgency.clone()),
            secrecy: Some(draft.document.secrecy.clone()),
            implements_task: None,
            exchange: None,
        },
        tasks: vec![input("Rà soát các công trình", w.head.unit_id, None, None)],
    };
    let (doc, tasks) = w.app.confirm_intake(&w.leader, confirm).await.unwrap();
    assert!(doc.secrecy.is_secret());
    assert!(tasks[0].secret, "its tasks are secret too");
    assert!(matches!(
        w.app.document(&w.other_head, doc.id).await,
        Err(AppError::NotFound(_))
    ));
}

/// An outgoing letter registered through intake with its number is issued: its letter
/// is kept as it was, whatever its tasks become.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outgoing_letter_confirmed_with_its_number_is_kept_as_issued() {
    let (w, _dir) = world().await;
    let confirm = dondoc_app::IntakeConfirm {
        document: dondoc_app::NewDocumentInput {
            direction: "outgoing".into(),
            kind: "cong_van".into(),
            number: Some("07/UBND-VP".into()),
            issued_on: Some(d(2026, 7, 1)),
            issuer: "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".into(),
            place: "Kiến An".into(),
            subject: "rà soát công trình xây dựng".into(),
            body: String::new(),
            addressees: vec![],
            distribution: vec![],
            references: vec![],
            signature: None,
            urgency: None,
            secrecy: None,
            implements_task: None,
            exchange: None,
        },
        tasks: vec![input("Rà soát các công trình", w.head.unit_id, None, None)],
    };
    let (doc, tasks) = w.app.confirm_intake(&w.office, confirm).await.unwrap();
    let issued = w.app.compose_letter(&w.office, doc.id).await.unwrap();
    let t = &tasks[0];
    w.app
        .store()
        .update_task(
            &dondoc_domain::Task {
                title: "Rà soát lại toàn bộ".into(),
                ..t.clone()
            },
            dondoc_domain::audit::NewEvent::new(w.app.now(), None, "task", t.id.get(), "edit"),
        )
        .await
        .unwrap();
    assert_eq!(
        w.app.compose_letter(&w.office, doc.id).await.unwrap(),
        issued
    );
}

async fn documents(w: &World) -> u64 {
    w.app
        .documents(&w.leader, Default::default(), Default::default())
        .await
        .unwrap()
        .total
}

/// Intake writes all or nothing: a task the checks refuse leaves no document behind,
/// so the corrected form goes through; and the Office may register a secret directive
/// it will not read afterwards, its tasks given and secret.
#[tokio::test]
async fn intake_registers_all_or_nothing() {
    let (w, _dir) = world().await;
    let doc = |secrecy: &str| dondoc_app::NewDocumentInput {
        direction: "incoming".into(),
        kind: "cong_van".into(),
        number: Some("88/UBND-VP".into()),
        issued_on: Some(d(2026, 6, 30)),
        issuer: "UBND THÀNH PHỐ HẢI PHÒNG".into(),
        place: "Hải Phòng".into(),
        subject: "rà soát công trình".into(),
        secrecy: Some(secrecy.into()),
        ..Default::default()
    };
    let before = documents(&w).await;
    let mut bad = input("Rà soát các công trình", w.head.unit_id, None, None);
    bad.cooperating = vec![999];
    let refused = w
        .app
        .confirm_intake(
            &w.office,
            dondoc_app::IntakeConfirm {
                document: doc("normal"),
                tasks: vec![
                    input("Kiểm tra hồ sơ", w.head.unit_id, None, None),
                    bad.clone(),
                ],
            },
        )
        .await;
    assert!(matches!(refused, Err(AppError::BadInput(_))), "{refused:?}");
    assert_eq!(documents(&w).await, before, "nothing registered");
    bad.cooperating = vec![];
    let (_, tasks) = w
        .app
        .confirm_intake(
            &w.office,
            dondoc_app::IntakeConfirm {
                document: doc("normal"),
                tasks: vec![bad],
            },
        )
        .await
        .expect("the corrected form is not taken for a double submission");
    assert_eq!(tasks.len(), 1);
    // A directive received from above with tasks given straight from it is followed on
    // the dashboard like one issued here.
    let d = w.app.dashboard(&w.leader).await.unwrap();
    assert!(
        d.directives
            .iter()
            .any(|(doc, c)| Some(doc.id) == tasks[0].document_id && c.total() == 1),
        "{:?}",
        d.directives
    );

    let mut secret = doc("mat");
    secret.number = Some("89/UBND-VP".into());
    let (doc, tasks) = w
        .app
        .confirm_intake(
            &w.office,
            dondoc_app::IntakeConfirm {
                document: secret,
                tasks: vec![input("Việc mật", w.head.unit_id, None, None)],
            },
        )
        .await
        .expect("the Office registers a secret directive");
    assert!(doc.secrecy.is_secret() && tasks[0].secret);
    assert_eq!(tasks[0].document_id, Some(doc.id));
    assert!(w.app.task_detail(&w.head, tasks[0].id).await.is_ok());
    assert!(w.app.document(&w.leader, doc.id).await.is_ok());
}

/// An empty file is refused as an attachment (nothing is stored), a real one kept.
#[tokio::test]
async fn an_empty_attachment_is_refused() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let e = w
        .app
        .attach(
            &w.head,
            None,
            Some(t),
            "minh-chung.pdf",
            "application/pdf",
            Vec::new(),
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("rỗng"), "{e}");
    let ok = w
        .app
        .attach(
            &w.head,
            None,
            Some(t),
            "minh-chung.txt",
            "text/plain",
            b"x".to_vec(),
        )
        .await
        .unwrap();
    assert_eq!(ok.file_name, "minh-chung.txt");
}

/// The same incoming letter (number, date, issuer) is registered once; another letter
/// of that issuer, or the same number on another date, is a different document.
#[tokio::test]
async fn an_incoming_document_is_registered_once() {
    let (w, _dir) = world().await;
    let doc = |number: &str, on: NaiveDate, issuer: &str| {
        dondoc_domain::NewDocument::new(
            w.office.org_id,
            dondoc_domain::Direction::Incoming,
            dondoc_domain::DocKind::CongVan,
            issuer,
            "v/v triển khai nhiệm vụ",
        )
        .unwrap()
        .with_number(Some(dondoc_domain::DocumentNumber::parse(number).unwrap()))
        .with_issued_on(Some(on))
    };
    let first = w
        .app
        .register_document(
            &w.office,
            doc("7168/VP-TH", d(2026, 6, 16), "VĂN PHÒNG UBND THÀNH PHỐ"),
        )
        .await
        .unwrap();
    let e = w
        .app
        .register_document(
            &w.office,
            doc("7168/VP-TH", d(2026, 6, 16), "Văn phòng UBND thành phố"),
        )
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("đã được vào sổ")
            && e.to_string().contains(&format!("“{}”", first.subject))
            && !e.to_string().contains('#'),
        "{e}"
    );
    // A date whose year was mistyped is refused.
    let e = w
        .app
        .register_document(&w.office, doc("7170/VP-TH", d(3026, 1, 1), "SỞ NỘI VỤ"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("01/01/3026"), "{e}");
    for other in [
        doc("7168/VP-TH", d(2026, 6, 17), "VĂN PHÒNG UBND THÀNH PHỐ"),
        doc("7169/VP-TH", d(2026, 6, 16), "VĂN PHÒNG UBND THÀNH PHỐ"),
        doc("7168/VP-TH", d(2026, 6, 16), "SỞ XÂY DỰNG"),
    ] {
        w.app.register_document(&w.office, other).await.unwrap();
    }
}

/// Whoever must act next hears of the step in the app: the staff member handed a
/// task, the Office asked for an extension, the requester of its decision, the lead
/// unit of a leader's direction, the Office of a returned task.
#[tokio::test]
async fn the_workflow_notifies_whoever_acts_next() {
    let (w, _dir) = world().await;
    let kinds = |who: Actor| {
        let app = &w.app;
        async move {
            app.my_notifications(&who, false, dondoc_store::PageRequest::new(1, 50))
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|n| n.kind)
                .collect::<Vec<_>>()
        }
    };
    let t = fresh_task(&w).await;
    w.app.receive(&w.head, t, None).await.unwrap();
    w.app
        .hand_to(&w.head, t, None, w.staff.person_id)
        .await
        .unwrap();
    assert_eq!(kinds(w.staff).await, ["task_handed"]);
    let e = w
        .app
        .request_extension(&w.head, t, d(2026, 8, 28), "chờ kinh phí")
        .await
        .unwrap();
    assert_eq!(kinds(w.office).await, ["extension_requested"]);
    w.app
        .decide_extension(&w.office, e.id, false, None, "")
        .await
        .unwrap();
    assert_eq!(kinds(w.head).await, ["extension_decided"]);
    w.app
        .give_direction(&w.leader, t, None, "Tập trung giải ngân.")
        .await
        .unwrap();
    assert_eq!(
        kinds(w.head).await,
        ["direction_given", "extension_decided"]
    );
    assert!(
        kinds(w.staff)
            .await
            .contains(&"direction_given".to_string()),
        "the assignee too"
    );
    assert!(kinds(w.other_head).await.is_empty(), "no one else");
    let t2 = fresh_task(&w).await;
    w.app
        .return_task(&w.head, t2, None, "không thuộc chức năng của phòng")
        .await
        .unwrap();
    assert_eq!(
        kinds(w.office).await,
        ["task_returned", "extension_requested"]
    );
}

/// The Office's decision on a unit's proposal to close a task reaches the unit (the
/// proposals wait in the Office's inbox, "Chờ xác nhận hoàn thành"); a secret task's notices reach only those who may see it (the leaders, not the
/// Office) and name it by number only, since notices also go out by e-mail.
#[tokio::test]
async fn completion_and_secret_notices() {
    let (w, _dir) = world().await;
    let notes = |who: Actor| {
        let app = &w.app;
        async move {
            app.my_notifications(&who, false, dondoc_store::PageRequest::new(1, 50))
                .await
                .unwrap()
                .items
        }
    };
    let t = fresh_task(&w).await;
    w.app.receive(&w.head, t, None).await.unwrap();
    w.app.propose_completion(&w.head, t, None).await.unwrap();
    w.app
        .reopen(&w.office, t, None, "Chưa có biên bản nghiệm thu")
        .await
        .unwrap();
    let head = notes(w.head).await;
    assert_eq!(head[0].kind, "completion_refused");
    assert!(head[0].body.contains("Chưa có biên bản nghiệm thu"));

    let mut i = input("Xác minh đơn thư tố cáo", w.head.unit_id, None, None);
    i.secret = true;
    let s = w.app.assign(&w.leader, vec![i]).await.unwrap().remove(0);
    w.app
        .return_task(&w.head, s.id, None, "nội dung liên quan an ninh")
        .await
        .unwrap();
    let office = notes(w.office).await;
    assert!(
        office.iter().all(|n| n.task_id != Some(s.id)),
        "the Office may not see the secret task: {office:?}"
    );
    let leader = notes(w.leader).await;
    let returned = leader
        .iter()
        .find(|n| n.task_id == Some(s.id))
        .expect("the leaders hear of it instead");
    assert_eq!(returned.kind, "task_returned");
    assert!(
        !returned.body.contains("đơn thư") && !returned.body.contains("an ninh"),
        "{}",
        returned.body
    );
    assert!(returned.body.contains(&format!("mật số {}", s.id)));
}

/// The dashboard's table by unit counts what its reader may see, as its headline does:
/// the Office's leaves secret tasks out, a unit sees its own row only.
#[tokio::test]
async fn the_dashboard_by_unit_matches_its_headline() {
    let (w, _dir) = world().await;
    let mut secret = input("Xác minh đơn thư", w.head.unit_id, None, None);
    secret.secret = true;
    w.app
        .assign(
            &w.leader,
            vec![
                secret,
                input("Việc thường", w.head.unit_id, None, None),
                input("Việc của VH", w.other_head.unit_id, None, None),
            ],
        )
        .await
        .unwrap();
    for (who, total) in [(w.leader, 3), (w.office, 2)] {
        let d = w.app.dashboard(&who).await.unwrap();
        let by_unit: u64 = d.per_unit.iter().map(|(_, c)| c.total()).sum();
        assert_eq!(
            (d.counts.total(), by_unit),
            (total, total),
            "{:?}",
            who.role
        );
    }
    let d = w.app.dashboard(&w.other_head).await.unwrap();
    assert_eq!(
        d.per_unit.iter().map(|(u, _)| u.id).collect::<Vec<_>>(),
        [w.other_head.unit_id]
    );
}

/// Reports sent at once without a version (the reporter read nothing first) are all
/// kept, not refused as conflicts with each other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_reports_without_a_version_are_all_kept() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    w.app.receive(&w.head, t, None).await.unwrap();
    let mut handles = Vec::new();
    for i in 0..12u8 {
        let app = w.app.clone();
        let head = w.head;
        handles.push(tokio::spawn(async move {
            app.report_progress(&head, t, None, 10 + i, &format!("Báo cáo {i}"), "", "", &[])
                .await
        }));
    }
    for h in handles {
        h.await.unwrap().expect("kept");
    }
    assert_eq!(
        w.app.task_detail(&w.head, t).await.unwrap().reports.len(),
        12
    );
}

/// A report that counts secret tasks is itself marked secret ("MẬT"); one over public
/// tasks only is not.
#[tokio::test]
async fn a_report_with_secret_tasks_is_marked_secret() {
    use dondoc_app::reports::ReportScopeInput;
    let (w, _dir) = world().await;
    let mut secret = input("Xác minh đơn thư", w.head.unit_id, None, None);
    secret.secret = true;
    w.app
        .assign(
            &w.leader,
            vec![secret, input("Việc thường", w.head.unit_id, None, None)],
        )
        .await
        .unwrap();
    for (who, marked) in [(w.leader, true), (w.office, false)] {
        let r = w
            .app
            .progress_report(&who, ReportScopeInput::Organisation)
            .await
            .unwrap();
        let frame = w.app.report_frame(&who).await.unwrap();
        let doc = r.to_document(frame);
        assert_eq!(
            doc.secrecy.is_some(),
            marked,
            "{:?}: {:?}",
            who.role,
            doc.secrecy
        );
    }
}

/// One parent does not get two units of one name (case and diacritics aside).
#[tokio::test]
async fn a_unit_name_is_not_repeated_under_one_parent() {
    let (w, _dir) = world().await;
    let ward = w.office.org_id;
    let dup = w
        .app
        .create_unit(
            Some(&w.admin),
            NewUnit::new(
                Some(ward),
                UnitKind::Unit,
                "PHÒNG VĂN HÓA - XÃ HỘI",
                "VH2",
                &[],
            )
            .unwrap(),
        )
        .await;
    assert!(matches!(dup, Err(AppError::BadInput(_))), "{dup:?}");
    // Under another parent it is another unit.
    let other = w
        .app
        .create_unit(
            None,
            NewUnit::new(
                None,
                UnitKind::Authority,
                "UBND phường Lê Chân",
                "UBND",
                &[],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    w.app
        .create_unit(
            Some(&w.admin),
            NewUnit::new(
                Some(other.id),
                UnitKind::Unit,
                "Phòng Văn hóa - Xã hội",
                "VH",
                &[],
            )
            .unwrap(),
        )
        .await
        .unwrap();
}

/// An indicator takes one value per period; the same period again is refused.
#[tokio::test]
async fn an_indicator_takes_one_value_per_period() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let i = w
        .app
        .add_indicator(&w.office, t, "Tỷ lệ giải ngân", "%", 100.0, None)
        .await
        .unwrap();
    w.app
        .report_indicator(&w.head, i.id, "Tháng 7/2026", 30.0)
        .await
        .unwrap();
    // The same month typed another way is the same period.
    for same in ["tháng 7/2026", "T07/2026", "2026-07"] {
        let e = w
            .app
            .report_indicator(&w.head, i.id, same, 35.0)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("đã có số liệu"), "{same}: {e}");
    }
    // Another kind of period is another period, stored under its own label.
    w.app
        .report_indicator(&w.head, i.id, "quý 3/2026", 45.0)
        .await
        .unwrap();
    let periods: Vec<String> = w
        .app
        .store()
        .indicator_values(i.id)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.period)
        .collect();
    assert_eq!(periods, ["Tháng 7/2026", "Quý III/2026"]);
    // A period that has not begun (today is 1 July 2026) has no figure yet.
    let e = w
        .app
        .report_indicator(&w.head, i.id, "Tháng 8/2026", 45.0)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("chưa bắt đầu"), "{e}");
    for bad in [" ", "đợt cuối"] {
        let e = w
            .app
            .report_indicator(&w.head, i.id, bad, 45.0)
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("không hiểu kỳ báo cáo"),
            "{bad:?}: {e}"
        );
    }
    // A slip of the keyboard is refused, not shown as "inf%".
    for v in [1e308, 5_000.0] {
        let e = w
            .app
            .report_indicator(&w.head, i.id, "Năm 2026", v)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("quá lớn"), "{e}");
    }
}

/// The task's history shows the decision on an extension request, not only the request.
#[tokio::test]
async fn an_extension_decision_is_in_the_task_history() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let e = w
        .app
        .request_extension(&w.head, t, d(2026, 8, 28), "chờ kinh phí")
        .await
        .unwrap();
    w.app
        .decide_extension(&w.office, e.id, true, None, "đồng ý")
        .await
        .unwrap();
    let detail = w.app.task_detail(&w.leader, t).await.unwrap();
    let decision = detail
        .history
        .iter()
        .find(|ev| ev.body.entity == "extension" && ev.body.action == "grant")
        .expect("the decision is in the history");
    assert_eq!(decision.body.actor, Some(w.office.person_id));
    assert!(
        detail
            .history
            .windows(2)
            .all(|p| p[0].body.at <= p[1].body.at),
        "in time order"
    );
}

/// The assigner may grant another last day than the one asked for: a later working day,
/// not yet past. A refused choice leaves the request pending and the task as it was.
#[tokio::test]
async fn an_extension_may_be_granted_to_another_date() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let e = w
        .app
        .request_extension(&w.head, t, d(2026, 8, 28), "chờ kinh phí")
        .await
        .unwrap();
    for (until, why) in [
        (d(2026, 8, 15), "thứ Bảy"),
        (d(2026, 7, 31), "phải sau hạn xử lý hiện tại"),
        (d(2026, 6, 30), "phải sau hạn xử lý hiện tại"),
    ] {
        let err = w
            .app
            .decide_extension(&w.office, e.id, true, Some(until), "")
            .await
            .unwrap_err();
        assert!(err.to_string().contains(why), "{until}: {err}");
    }
    let err = w
        .app
        .decide_extension(&w.office, e.id, false, Some(d(2026, 8, 21)), "")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("không chọn hạn mới"), "{err}");
    let still = w.app.task_visible(&w.office, t).await.unwrap();
    assert_eq!(still.due_date, Some(d(2026, 7, 31)));
    let granted = w
        .app
        .decide_extension(&w.office, e.id, true, Some(d(2026, 8, 21)), "rút ngắn")
        .await
        .unwrap();
    assert_eq!(
        (granted.new_date, granted.granted_date),
        (d(2026, 8, 28), Some(d(2026, 8, 21)))
    );
    assert_eq!(
        w.app.task_visible(&w.office, t).await.unwrap().due_date,
        Some(d(2026, 8, 21))
    );
    // The unit hears of the three dates: the old last day, the new, the one asked.
    let told = w
        .app
        .my_notifications(&w.head, false, dondoc_store::PageRequest::new(1, 50))
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|n| n.kind == "extension_decided")
        .expect("the decision is told");
    assert!(
        told.body
            .contains("hạn xử lý 31/07/2026 → 21/08/2026 (đơn vị đề nghị đến 28/08/2026)"),
        "{}",
        told.body
    );
}

/// A direction sent twice is recorded once; the same words later, or another, are new.
#[tokio::test]
async fn a_direction_sent_twice_is_recorded_once() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    w.app
        .give_direction(&w.leader, t, None, "Tập trung giải ngân trong tháng 7.")
        .await
        .unwrap();
    let e = w
        .app
        .give_direction(&w.leader, t, None, "Tập trung giải ngân trong tháng 7.")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("gửi hai lần"), "{e}");
    w.app
        .give_direction(&w.leader, t, None, "Báo cáo trước ngày 25/7.")
        .await
        .unwrap();
    assert_eq!(
        w.app
            .task_detail(&w.leader, t)
            .await
            .unwrap()
            .directions
            .len(),
        2
    );
}

/// A form sent twice registers its document once; an outgoing number is used once a
/// year.
#[tokio::test]
async fn a_document_sent_twice_is_registered_once() {
    let (w, _dir) = world().await;
    let outgoing = |subject: &str, number: Option<&str>, on: Option<NaiveDate>| {
        dondoc_domain::NewDocument::new(
            w.office.org_id,
            dondoc_domain::Direction::Outgoing,
            dondoc_domain::DocKind::CongVan,
            "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN",
            subject,
        )
        .unwrap()
        .with_number(number.map(|n| dondoc_domain::DocumentNumber::parse(n).unwrap()))
        .with_issued_on(on)
        .with_body("1. Giao Phòng Kinh tế rà soát.")
        .unwrap()
    };
    let first = w
        .app
        .register_document(&w.office, outgoing("tổng vệ sinh", None, None))
        .await
        .unwrap();
    let e = w
        .app
        .register_document(&w.office, outgoing("tổng vệ sinh", None, None))
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("gửi hai lần")
            && e.to_string().contains(&format!("“{}”", first.subject)),
        "{e}"
    );
    // Another letter is another letter.
    w.app
        .register_document(&w.office, outgoing("phòng chống dịch", None, None))
        .await
        .unwrap();
    // An outgoing number once a year.
    w.app
        .register_document(
            &w.office,
            outgoing("a", Some("215/UBND-VP"), Some(d(2026, 6, 1))),
        )
        .await
        .unwrap();
    let e = w
        .app
        .register_document(
            &w.office,
            outgoing("b", Some("215/UBND-VP"), Some(d(2026, 6, 2))),
        )
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("số 215 của sổ văn bản đi năm 2026"),
        "{e}"
    );
    // The serial is the register's, whatever the notation: 215/KH-UBND is refused too.
    let e = w
        .app
        .register_document(
            &w.office,
            outgoing("b", Some("215/KH-UBND"), Some(d(2026, 6, 2))),
        )
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("đã dùng cho văn bản 215/UBND-VP"),
        "{e}"
    );
    w.app
        .register_document(
            &w.office,
            outgoing("c", Some("215/UBND-VP"), Some(d(2025, 6, 2))),
        )
        .await
        .unwrap();
    // The typed 215 raised the 2026 register: the next number issued is 216, not 01.
    let next = w
        .app
        .register_document(&w.office, outgoing("d", None, None))
        .await
        .unwrap();
    let issued = w.app.issue_document(&w.office, next.id, "").await.unwrap();
    assert_eq!(issued.number.unwrap().as_str(), "216/UBND-VP");
}

/// A unit without a head or deputy cannot sign its report, but its spreadsheet needs no
/// signer: the issuer is known without one.
#[tokio::test]
async fn a_unit_without_a_head_still_exports_its_spreadsheet() {
    let (w, _dir) = world().await;
    let team = w
        .app
        .create_unit(
            None,
            NewUnit::new(
                Some(w.leader.org_id),
                UnitKind::Unit,
                "Đội Quản lý trật tự đô thị",
                "QLTTĐT",
                &[],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let p = w
        .app
        .create_person(
            None,
            NewPerson::new(
                team.id,
                "Lê Văn Tâm",
                Position::ChuyenVien,
                Role::UnitStaff,
                Some("tam"),
                None,
            )
            .unwrap(),
            Some("mat-khau-123"),
        )
        .await
        .unwrap();
    let staff = w.app.actor_for(&p).await.unwrap();
    let e = w.app.report_frame(&staff).await.unwrap_err();
    assert!(
        e.to_string().contains("chưa có trưởng hay phó đơn vị"),
        "{e}"
    );
    assert_eq!(
        w.app.report_issuer(&staff).await.unwrap(),
        "ĐỘI QUẢN LÝ TRẬT TỰ ĐÔ THỊ"
    );
    assert_eq!(
        w.app.report_issuer(&w.office).await.unwrap(),
        "UBND PHƯỜNG KIẾN AN"
    );
    let r = w
        .app
        .progress_report(&staff, dondoc_app::reports::ReportScopeInput::Organisation)
        .await
        .unwrap();
    let author = w.app.report_issuer(&staff).await.unwrap();
    assert!(dondoc_report::xlsx::export_report(&r, &author).is_ok());
}

/// The Office urges a unit on its task (đôn đốc): the unit's head hears of it with the
/// Office's words, the history keeps it, and the same task is urged once a day; a unit
/// may not urge, nor may anyone urge a task that is finished.
#[tokio::test]
async fn the_office_urges_a_unit_once_a_day() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let refused = w.app.urge_task(&w.head, t, "").await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    w.app
        .urge_task(
            &w.office,
            t,
            "Đề nghị báo cáo tiến độ giải ngân trước 16 giờ hôm nay",
        )
        .await
        .unwrap();
    let told = w
        .app
        .my_notifications(&w.head, false, dondoc_store::PageRequest::new(1, 50))
        .await
        .unwrap()
        .items;
    let urged = told
        .iter()
        .find(|n| n.kind == "urged")
        .expect("the head hears of it");
    assert_eq!(urged.task_id, Some(t));
    assert!(
        urged.body.contains("trước 16 giờ hôm nay"),
        "{}",
        urged.body
    );
    let again = w.app.urge_task(&w.leader, t, "").await;
    assert!(
        matches!(&again, Err(AppError::BadInput(m)) if m.contains("đã được đôn đốc hôm nay")),
        "{again:?}"
    );
    let detail = w.app.task_detail(&w.office, t).await.unwrap();
    let urge = detail
        .history
        .iter()
        .find(|e| e.body.action == "urge")
        .expect("in the history");
    assert_eq!(urge.body.actor, Some(w.office.person_id));
    // A task waiting for its completion to be confirmed, or finished, is not urged.
    let other = fresh_task(&w).await;
    w.app.receive(&w.head, other, None).await.unwrap();
    w.app
        .propose_completion(&w.head, other, None)
        .await
        .unwrap();
    let waiting = w.app.urge_task(&w.office, other, "").await;
    assert!(matches!(waiting, Err(AppError::BadInput(_))), "{waiting:?}");
    w.app
        .confirm_completion(&w.office, other, None)
        .await
        .unwrap();
    let done = w.app.urge_task(&w.office, other, "").await;
    assert!(matches!(done, Err(AppError::BadInput(_))), "{done:?}");
}

/// The Office corrects a task already given: the new wording is what is stored and
/// found, the new last day is what the statistics count against, the history keeps the
/// old values and the reason, and the lead unit's head is told. A reason is required,
/// and a task awaiting confirmation is not corrected.
#[tokio::test]
async fn the_office_corrects_a_task_with_its_reason() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let fix = dondoc_domain::Amendment {
        title: Some("Đẩy mạnh giải ngân vốn đầu tư công, vốn sự nghiệp".into()),
        urgency: Some(dondoc_domain::Urgency::Khan),
        due_date: Some(d(2026, 7, 15)),
    };
    let no_reason = w.app.amend_task(&w.leader, t, None, &fix, "  ").await;
    assert!(
        matches!(no_reason, Err(AppError::Invalid(_))),
        "{no_reason:?}"
    );
    // The last day is the leaders' to move, not the Office's.
    let office = w
        .app
        .amend_task(&w.office, t, None, &fix, "vào sổ nhầm hạn xử lý")
        .await;
    assert!(
        matches!(&office, Err(AppError::BadInput(m)) if m.contains("lãnh đạo")),
        "{office:?}"
    );
    let stored = w
        .app
        .amend_task(&w.leader, t, None, &fix, "vào sổ nhầm hạn xử lý")
        .await
        .unwrap();
    assert_eq!(stored.due_date, Some(d(2026, 7, 15)));
    assert_eq!(stored.urgency, dondoc_domain::Urgency::Khan);
    let found = w
        .app
        .tasks(
            &w.office,
            dondoc_store::TaskFilter {
                search: Some("sự nghiệp".into()),
                ..Default::default()
            },
            dondoc_store::PageRequest::new(1, 10),
        )
        .await
        .unwrap();
    assert_eq!(found.items.iter().map(|x| x.id).collect::<Vec<_>>(), [t]);
    let detail = w.app.task_detail(&w.office, t).await.unwrap();
    let ev = detail
        .history
        .iter()
        .find(|e| e.body.action == "amend")
        .expect("in the history");
    assert_eq!(ev.body.note(), Some("vào sổ nhầm hạn xử lý"));
    assert_eq!(
        ev.body.before.as_ref().unwrap()["title"],
        "Đẩy mạnh giải ngân vốn đầu tư công"
    );
    assert_eq!(ev.body.before.as_ref().unwrap()["due_date"], "2026-07-31");
    let told = w
        .app
        .my_notifications(&w.head, false, dondoc_store::PageRequest::new(1, 50))
        .await
        .unwrap()
        .items;
    let n = told
        .iter()
        .find(|n| n.kind == "task_amended")
        .expect("the head is told");
    assert!(n.body.contains("31/07/2026 → 15/07/2026"), "{}", n.body);
    assert!(n.body.contains("độ khẩn thường → khẩn"), "{}", n.body);
    // The unit works it and proposes completion: no correction while the Office decides.
    w.app.receive(&w.head, t, None).await.unwrap();
    w.app.propose_completion(&w.head, t, None).await.unwrap();
    let waiting = w
        .app
        .amend_task(
            &w.leader,
            t,
            None,
            &dondoc_domain::Amendment {
                due_date: Some(d(2026, 7, 31)),
                ..Default::default()
            },
            "lùi hạn",
        )
        .await;
    assert!(
        matches!(waiting, Err(AppError::BadInput(_) | AppError::Invalid(_))),
        "{waiting:?}"
    );
}

/// A request the Office was told of stops being "new" once it is decided, whoever of
/// the assigners decides it: the leader's grant settles the Office's notice.
#[tokio::test]
async fn a_decided_request_is_no_longer_new_for_the_office() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let unread = |who| {
        let app = w.app.clone();
        async move {
            app.my_notifications(&who, true, dondoc_store::PageRequest::new(1, 50))
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|n| n.kind)
                .collect::<Vec<_>>()
        }
    };
    let e = w
        .app
        .request_extension(&w.head, t, d(2026, 8, 28), "chờ số liệu của Sở")
        .await
        .unwrap();
    assert!(
        unread(w.office)
            .await
            .contains(&"extension_requested".to_owned())
    );
    w.app
        .decide_extension(&w.leader, e.id, true, None, "")
        .await
        .unwrap();
    assert!(
        !unread(w.office)
            .await
            .contains(&"extension_requested".to_owned()),
        "settled by the leader's decision"
    );
    // A returned task: the Office's notice is settled when the task is given again.
    let r = fresh_task(&w).await;
    w.app
        .return_task(&w.head, r, None, "không đúng chức năng")
        .await
        .unwrap();
    assert!(unread(w.office).await.contains(&"task_returned".to_owned()));
    w.app
        .reopen(&w.leader, r, None, "đúng chức năng theo quy chế")
        .await
        .unwrap();
    assert!(!unread(w.office).await.contains(&"task_returned".to_owned()));
    // The unit hears it is given the task again, not that a completion was refused.
    let heard = unread(w.head).await;
    assert!(heard.contains(&"task_handed_again".to_owned()), "{heard:?}");
    assert!(
        !heard.contains(&"completion_refused".to_owned()),
        "{heard:?}"
    );
    // A request still pending when its task is finished no longer waits for anyone.
    let f = fresh_task(&w).await;
    w.app
        .request_extension(&w.head, f, d(2026, 8, 28), "chờ số liệu")
        .await
        .unwrap();
    assert!(
        unread(w.office)
            .await
            .contains(&"extension_requested".to_owned())
    );
    w.app.receive(&w.head, f, None).await.unwrap();
    w.app.propose_completion(&w.head, f, None).await.unwrap();
    w.app.confirm_completion(&w.office, f, None).await.unwrap();
    assert!(
        !unread(w.office)
            .await
            .contains(&"extension_requested".to_owned()),
        "settled when the task was confirmed"
    );
}

/// A person locked out by wrong passwords is let in again by the administrator: by an
/// unlock (the password unchanged) or by a new password, from every machine; both are
/// the administrator's alone, and the unlock is audited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_lifts_a_sign_in_lock() {
    let (w, _dir) = world().await;
    let lock = |source: &'static str| {
        let app = w.app.clone();
        async move {
            for _ in 0..6 {
                let _ = app.sign_in_from("kt", "sai", source).await;
            }
            assert!(matches!(
                app.sign_in_from("kt", "mat-khau-123", source).await,
                Err(AppError::Throttled { .. })
            ));
        }
    };
    lock("10.0.0.66").await;
    lock("").await;
    let failures = w.app.recent_sign_in_failures(&w.admin).await.unwrap();
    assert!(failures["kt"] >= dondoc_app::MAX_FAILURES, "{failures:?}");
    let refused = w.app.unlock_sign_in(&w.office, w.head.person_id).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    w.app
        .unlock_sign_in(&w.admin, w.head.person_id)
        .await
        .unwrap();
    for source in ["10.0.0.66", ""] {
        assert!(
            w.app
                .sign_in_from("kt", "mat-khau-123", source)
                .await
                .is_ok(),
            "{source}"
        );
    }
    let audit = w
        .app
        .store()
        .events_for("person", w.head.person_id.get())
        .await
        .unwrap();
    assert!(audit.iter().any(|e| e.body.action == "unlock_sign_in"));
    // Locked again, a new password lets the person in at once.
    lock("10.0.0.66").await;
    w.app
        .reset_password(&w.admin, w.head.person_id, "mat-khau-moi-456")
        .await
        .unwrap();
    assert!(
        w.app
            .sign_in_from("kt", "mat-khau-moi-456", "10.0.0.66")
            .await
            .is_ok()
    );
}

/// A file attached by mistake is withdrawn with a reason: by whoever attached it or
/// those who answer for the task, not by a co-worker who only reports; it is no longer
/// served, still listed as withdrawn, and cannot be withdrawn twice.
#[tokio::test]
async fn a_file_attached_by_mistake_is_withdrawn() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let file = |who| {
        let app = w.app.clone();
        async move {
            app.attach(
                &who,
                None,
                Some(t),
                "bang-luong.xlsx",
                "application/vnd.ms-excel",
                b"PK..".to_vec(),
            )
            .await
            .unwrap()
        }
    };
    let by_staff = file(w.staff).await;
    let by_head = file(w.head).await;
    // The head of the unit answers for the task: may withdraw the staff's file; the
    // staff member may withdraw their own, not the head's.
    let refused = w
        .app
        .withdraw_attachment(&w.staff, by_head.id, "nhầm")
        .await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "{refused:?}"
    );
    let empty = w.app.withdraw_attachment(&w.staff, by_staff.id, " ").await;
    assert!(matches!(empty, Err(AppError::Invalid(_))), "{empty:?}");
    let gone = w
        .app
        .withdraw_attachment(&w.staff, by_staff.id, "tệp có thông tin cá nhân")
        .await
        .unwrap();
    assert_eq!(gone.withdrawn.unwrap().by, Some(w.staff.person_id));
    let served = w.app.attachment(&w.office, by_staff.id).await;
    assert!(
        matches!(&served, Err(AppError::Gone(m)) if m.contains("đã được gỡ")),
        "{served:?}"
    );
    let again = w
        .app
        .withdraw_attachment(&w.office, by_staff.id, "lần nữa")
        .await;
    assert!(matches!(again, Err(AppError::BadInput(_))), "{again:?}");
    let listed = w.app.task_attachments(&w.office, t).await.unwrap();
    assert_eq!(listed.len(), 2, "both still listed");
    assert_eq!(
        w.app.withdrawable_attachments(&w.office, t).await.unwrap(),
        [by_head.id]
    );
    w.app
        .withdraw_attachment(&w.office, by_head.id, "đính kèm nhầm nhiệm vụ")
        .await
        .unwrap();
    assert!(w.app.attachment(&w.head, by_head.id).await.is_err());
}

/// A sub-task the unit head gave inside the unit is the head's to correct, not the
/// Office's.
#[tokio::test]
async fn a_sub_task_is_corrected_by_the_head_who_gave_it() {
    let (w, _dir) = world().await;
    let parent = fresh_task(&w).await;
    w.app.receive(&w.head, parent, None).await.unwrap();
    let sub = staff_sub_task(&w, parent, "Lập danh sách dự án chậm giải ngân").await;
    let fix = dondoc_domain::Amendment {
        due_date: Some(d(2026, 7, 17)),
        ..Default::default()
    };
    let office = w
        .app
        .amend_task(&w.office, sub.id, None, &fix, "sớm hơn")
        .await;
    assert!(matches!(office, Err(AppError::Forbidden(_))), "{office:?}");
    let moved = w
        .app
        .amend_task(&w.head, sub.id, None, &fix, "cần số liệu sớm hơn")
        .await
        .unwrap();
    assert_eq!(moved.due_date, Some(d(2026, 7, 17)));
    // Not past the parent's last day (31/07), as when it was given.
    let late = w
        .app
        .amend_task(
            &w.head,
            sub.id,
            None,
            &dondoc_domain::Amendment {
                due_date: Some(d(2026, 8, 14)),
                ..Default::default()
            },
            "lùi hạn",
        )
        .await;
    assert!(
        matches!(&late, Err(AppError::BadInput(m)) if m.contains("nhiệm vụ cha")),
        "{late:?}"
    );
    let told = w
        .app
        .my_notifications(&w.staff, false, dondoc_store::PageRequest::new(1, 50))
        .await
        .unwrap()
        .items;
    assert!(
        told.iter().any(|n| n.kind == "task_amended"),
        "the assignee is told"
    );
}

/// A staff member's report on a task the unit has not received yet is kept, and leaves
/// the task new for the head to receive or return; a sub-task handed to a person tells
/// them at once.
#[tokio::test]
async fn staff_report_new_work_without_taking_it_on() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    w.app
        .report_progress(&w.staff, t, None, 10, "đã xem hồ sơ", "", "", &[])
        .await
        .unwrap();
    let stored = w.app.task_visible(&w.head, t).await.unwrap();
    assert_eq!(stored.status, dondoc_domain::TaskStatus::Assigned);
    w.app.receive(&w.head, t, None).await.unwrap();
    let sub = staff_sub_task(&w, t, "Tổng hợp hồ sơ giải ngân").await;
    let told = w
        .app
        .my_notifications(&w.staff, true, dondoc_store::PageRequest::new(1, 50))
        .await
        .unwrap()
        .items;
    assert!(
        told.iter()
            .any(|n| n.kind == "task_handed" && n.task_id == Some(sub.id)),
        "{told:?}"
    );
}

/// A sub-task of `parent` the unit head hands to the staff member, due 20/07/2026.
async fn staff_sub_task(w: &World, parent: TaskId, title: &str) -> dondoc_domain::Task {
    w.app
        .assign(
            &w.head,
            vec![TaskInput {
                title: title.into(),
                lead_unit: w.head.unit_id.get(),
                cooperating: vec![],
                assignee: Some(w.staff.person_id.get()),
                document_id: None,
                section: None,
                deadline: Deadline::OnDate {
                    date: d(2026, 7, 20),
                },
                urgency: None,
                parent_task: Some(parent.get()),
                secret: false,
            }],
        )
        .await
        .unwrap()
        .remove(0)
}

/// The latest figure is the latest period's, whatever order the periods were reported
/// in: on the task and on the dashboard.
#[tokio::test]
async fn the_latest_indicator_value_is_the_latest_periods() {
    let (w, _dir) = world().await;
    let t = fresh_task(&w).await;
    let i = w
        .app
        .add_indicator(&w.office, t, "Tỷ lệ giải ngân", "%", 100.0, None)
        .await
        .unwrap();
    w.app
        .report_indicator(&w.head, i.id, "Tháng 7/2026", 45.0)
        .await
        .unwrap();
    w.app
        .report_indicator(&w.head, i.id, "Tháng 6/2026", 30.0)
        .await
        .unwrap();
    let detail = w.app.task_detail(&w.office, t).await.unwrap();
    let vals = &detail.indicators[0].1;
    assert_eq!(vals.last().unwrap().value, 45.0, "{vals:?}");
    let dash = w.app.dashboard(&w.office).await.unwrap();
    let latest = dash
        .indicators
        .iter()
        .find(|(ind, _, _)| ind.id == i.id)
        .map(|(_, latest, _)| *latest);
    assert_eq!(latest, Some(Some(45.0)));
}
