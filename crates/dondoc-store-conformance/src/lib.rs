//! The storage conformance suite: one set of behaviour checks that every backend runs.
//!
//! A backend's test file calls [`conformance_tests!`] with an async factory returning
//! `Option<Arc<dyn Store>>` (a fresh, empty, migrated store; `None` to skip, after saying
//! so loudly). Each check below becomes one `#[tokio::test]`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use dondoc_calendar::Calendar;
use dondoc_domain::audit::{GENESIS, NewEvent, verify_chain};
use dondoc_domain::progress::{ExtensionStatus, IndicatorValue, NewIndicator, NewProgressReport};
use dondoc_domain::stats::{Bucket, BucketCounts};
use dondoc_domain::{
    Deadline, Direction, DocKind, DocumentNumber, NewDocument, NewPerson, NewTask, NewUnit, Person,
    Position, ReportingCycle, Role, Secrecy, SignatureBlock, TaskStatus, Unit, UnitKind, Urgency,
};
use dondoc_store::{
    DocumentFilter, NewAttachment, NewNotification, PageRequest, Session, Store, StoreError,
    TaskFilter, TaskMove,
};
use std::sync::Arc;

#[doc(hidden)]
pub use tokio;

/// Generates one test per conformance check for a backend.
#[macro_export]
macro_rules! conformance_tests {
    ($make:expr) => {
        $crate::conformance_tests!(@each $make;
            units_tree, people_and_credentials, sessions_and_login_failures, api_tokens_listed_and_revoked, documents_roundtrip_and_search,
            register_numbering, register_numbering_parallel, incoming_register_restarts_each_year, tasks_insert_list_filter, optimistic_versioning,
            bucket_statistics, reassigned_task_moves_to_its_new_unit, reports_directions_obstacles, extensions_flow, indicators_flow,
            completion_report_audited, attachments_roundtrip, audit_chain_verifies,
            notifications_idempotent, settled_notices_are_read_for_everyone, reminder_runs,
            bad_references_leave_data_intact, concurrent_writes_group_commit);
    };
    (@each $make:expr; $($name:ident),* $(,)?) => {
        $(
            #[$crate::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(store) = ($make)().await else { return };
                $crate::$name(store).await;
            }
        )*
    };
}

pub type S = Arc<dyn Store>;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn at(y: i32, m: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, 3, 0, 0).unwrap()
}

fn ev(entity: &str, action: &str) -> NewEvent {
    NewEvent::new(at(2026, 7, 1), None, entity, 0, action)
}

/// A small organisation: ward + three units + a few people.
pub struct Fixture {
    pub ward: Unit,
    pub kt: Unit,
    pub vhxh: Unit,
    pub vp: Unit,
    pub leader: Person,
    pub office: Person,
    pub kt_head: Person,
}

pub async fn fixture(s: &S) -> Fixture {
    let ward = s
        .insert_unit(
            &NewUnit::new(
                None,
                UnitKind::Authority,
                "UBND phường Kiến An",
                "UBND",
                &[],
            )
            .unwrap(),
            ev("unit", "create"),
        )
        .await
        .unwrap();
    let mk = |name: &'static str, abbr: &'static str, aliases: &'static [&'static str]| {
        NewUnit::new(Some(ward.id), UnitKind::Unit, name, abbr, aliases).unwrap()
    };
    let kt = s
        .insert_unit(
            &mk(
                "Phòng Kinh tế - Hạ tầng và Đô thị",
                "KT-HT-ĐT",
                &["Phòng KT-HT-ĐT"],
            ),
            ev("unit", "create"),
        )
        .await
        .unwrap();
    let vhxh = s
        .insert_unit(
            &mk("Phòng Văn hóa - Xã hội", "VH-XH", &[]),
            ev("unit", "create"),
        )
        .await
        .unwrap();
    let vp = s
        .insert_unit(
            &mk("Văn phòng HĐND và UBND", "VP", &[]),
            ev("unit", "create"),
        )
        .await
        .unwrap();
    let person = |unit: &Unit, name: &str, pos, role, user: &str| {
        NewPerson::new(
            unit.id,
            name,
            pos,
            role,
            Some(user),
            Some(&format!("{user}@kienan.example")),
        )
        .unwrap()
    };
    let leader = s
        .insert_person(
            &person(
                &ward,
                "Trần Văn Chủ",
                Position::ChuTich,
                Role::Leader,
                "chutich",
            ),
            Some("h1"),
            ev("person", "create"),
        )
        .await
        .unwrap();
    let office = s
        .insert_person(
            &person(
                &vp,
                "Nguyễn Thị Hồng Nhung",
                Position::PhoChanhVanPhong,
                Role::Office,
                "vanphong",
            ),
            Some("h2"),
            ev("person", "create"),
        )
        .await
        .unwrap();
    let kt_head = s
        .insert_person(
            &person(
                &kt,
                "Lê Văn Kinh",
                Position::TruongPhong,
                Role::UnitHead,
                "ktht",
            ),
            Some("h3"),
            ev("person", "create"),
        )
        .await
        .unwrap();
    Fixture {
        ward,
        kt,
        vhxh,
        vp,
        leader,
        office,
        kt_head,
    }
}

fn task(f: &Fixture, title: &str, lead: &Unit, deadline: Deadline) -> NewTask {
    NewTask::new(
        f.ward.id,
        title,
        lead.id,
        deadline,
        d(2026, 7, 1),
        &Calendar::vietnam(),
    )
    .unwrap()
}

fn on(date: NaiveDate) -> Deadline {
    Deadline::OnDate { date }
}

pub async fn units_tree(s: S) {
    let f = fixture(&s).await;
    let units = s.units().await.unwrap();
    assert_eq!(units.len(), 4);
    assert_eq!(units[0].kind, UnitKind::Authority);
    let kt = s.unit(f.kt.id).await.unwrap().unwrap();
    assert_eq!(kt.parent_id, Some(f.ward.id));
    assert_eq!(kt.name, "Phòng Kinh tế - Hạ tầng và Đô thị");
    assert_eq!(kt.aliases, vec!["Phòng KT-HT-ĐT".to_string()]);
    let kt2 = s
        .set_unit_aliases(
            f.kt.id,
            &[
                "Phòng KT-HT-ĐT".into(),
                "Phòng Kinh tế, hạ tầng và Đô thị phường".into(),
            ],
            ev("unit", "aliases"),
        )
        .await
        .unwrap();
    assert_eq!(kt2.aliases.len(), 2);
    // An authority's agency code: set, read back, cleared.
    assert_eq!(s.unit(f.ward.id).await.unwrap().unwrap().organ_code, None);
    let ward = s
        .set_unit_organ_code(f.ward.id, Some("000.00.31.H26"), ev("unit", "organ_code"))
        .await
        .unwrap();
    assert_eq!(ward.organ_code.as_deref(), Some("000.00.31.H26"));
    assert_eq!(s.unit(f.ward.id).await.unwrap().unwrap(), ward);
    assert_eq!(
        s.set_unit_organ_code(f.ward.id, None, ev("unit", "organ_code"))
            .await
            .unwrap()
            .organ_code,
        None
    );
    assert!(matches!(
        s.set_unit_organ_code(
            dondoc_domain::UnitId::new(9999),
            Some("1"),
            ev("unit", "organ_code")
        )
        .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(
        s.unit(dondoc_domain::UnitId::new(9999))
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn people_and_credentials(s: S) {
    let f = fixture(&s).await;
    assert_eq!(s.people().await.unwrap().len(), 3);
    let (p, hash) = s.credentials("  VanPhong ").await.unwrap().unwrap();
    assert_eq!(p.id, f.office.id);
    assert_eq!(hash.as_deref(), Some("h2"));
    assert!(s.credentials("nobody").await.unwrap().is_none());
    let dup = NewPerson::new(
        f.vp.id,
        "X",
        Position::ChuyenVien,
        Role::UnitStaff,
        Some("vanphong"),
        None,
    )
    .unwrap();
    let err = s
        .insert_person(&dup, None, ev("person", "create"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Constraint(_)), "{err:?}");
    assert_eq!(
        s.people().await.unwrap().len(),
        3,
        "a refused insert leaves data intact"
    );
    s.set_password_hash(f.office.id, "h2b", ev("person", "password"))
        .await
        .unwrap();
    assert_eq!(
        s.credentials("vanphong")
            .await
            .unwrap()
            .unwrap()
            .1
            .as_deref(),
        Some("h2b")
    );
    let moved = s
        .update_person_role(
            f.kt_head.id,
            Role::UnitStaff,
            f.vhxh.id,
            ev("person", "role"),
        )
        .await
        .unwrap();
    assert_eq!((moved.role, moved.unit_id), (Role::UnitStaff, f.vhxh.id));
    assert_eq!(
        s.person(f.leader.id).await.unwrap().unwrap().full_name,
        "Trần Văn Chủ"
    );
}

/// A person sees and ends only their own live API tokens; a new password ends them all.
pub async fn api_tokens_listed_and_revoked(s: S) {
    let f = fixture(&s).await;
    let token = |hash: &str, person: &Person, api: bool, expires: DateTime<Utc>| Session {
        token_hash: hash.into(),
        person_id: person.id,
        csrf: String::new(),
        expires_at: expires,
        api,
        label: format!("nhãn {hash}"),
    };
    let mine_late = token("tk-late", &f.office, true, at(2027, 7, 1));
    let mine_soon = token("tk-soon", &f.office, true, at(2026, 12, 1));
    let expired = token("tk-old", &f.office, true, at(2026, 6, 1));
    let browser = token("br-office", &f.office, false, at(2026, 7, 2));
    let theirs = token("tk-theirs", &f.kt_head, true, at(2027, 1, 1));
    for t in [&mine_late, &mine_soon, &expired, &browser, &theirs] {
        s.insert_session(t).await.unwrap();
    }
    let now = at(2026, 7, 1);
    assert_eq!(
        s.api_tokens(f.office.id, now).await.unwrap(),
        vec![mine_soon.clone(), mine_late.clone()],
        "own live API tokens, soonest to expire first; no browser session, no expired one"
    );
    assert_eq!(
        s.api_tokens(f.kt_head.id, now).await.unwrap(),
        vec![theirs.clone()]
    );

    // Someone else's token, a browser session, an unknown hash: refused, nothing ends.
    let events_before = s.events(None, 1000).await.unwrap().len();
    for hash in ["tk-theirs", "br-office", "nope"] {
        let e = s
            .revoke_api_token(f.office.id, hash, ev("api_token", "revoke"))
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::NotFound(_)), "{hash}: {e:?}");
    }
    assert_eq!(s.events(None, 1000).await.unwrap().len(), events_before);
    assert!(s.session("tk-theirs", now).await.unwrap().is_some());
    assert!(s.session("br-office", now).await.unwrap().is_some());

    s.revoke_api_token(f.office.id, "tk-soon", ev("api_token", "revoke"))
        .await
        .unwrap();
    assert_eq!(s.session("tk-soon", now).await.unwrap(), None);
    assert_eq!(
        s.api_tokens(f.office.id, now).await.unwrap(),
        vec![mine_late.clone()]
    );
    assert_eq!(
        s.events(None, 1000).await.unwrap().len(),
        events_before + 1,
        "the revocation is audited"
    );

    // A new password ends the person's browser sessions and API tokens, no one else's.
    s.set_password_hash(f.office.id, "new", ev("person", "password"))
        .await
        .unwrap();
    assert_eq!(s.api_tokens(f.office.id, now).await.unwrap(), vec![]);
    assert_eq!(s.session("tk-late", now).await.unwrap(), None);
    assert_eq!(s.session("br-office", now).await.unwrap(), None);
    assert_eq!(s.api_tokens(f.kt_head.id, now).await.unwrap(), vec![theirs]);
}

pub async fn sessions_and_login_failures(s: S) {
    let f = fixture(&s).await;
    let sess = Session {
        token_hash: "abc".into(),
        person_id: f.office.id,
        csrf: "c".into(),
        expires_at: at(2026, 7, 2),
        api: false,
        label: String::new(),
    };
    s.insert_session(&sess).await.unwrap();
    assert_eq!(
        s.session("abc", at(2026, 7, 1)).await.unwrap(),
        Some(sess.clone())
    );
    assert_eq!(
        s.session("abc", at(2026, 7, 3)).await.unwrap(),
        None,
        "expired"
    );
    // The session with its person and organisation in one read.
    assert_eq!(
        s.session_person("abc", at(2026, 7, 1)).await.unwrap(),
        Some((sess.clone(), f.office.clone(), Some(f.ward.id)))
    );
    assert_eq!(
        s.session_person("abc", at(2026, 7, 3)).await.unwrap(),
        None,
        "expired"
    );
    assert_eq!(s.session_person("zzz", at(2026, 7, 1)).await.unwrap(), None);
    // A person of the authority itself, and one of a unit two levels below it, and one
    // of a unit under no authority at all.
    let team = s
        .insert_unit(
            &NewUnit::new(Some(f.kt.id), UnitKind::Unit, "Tổ quy hoạch", "QH", &[]).unwrap(),
            ev("unit", "create"),
        )
        .await
        .unwrap();
    let loose = s
        .insert_unit(
            &NewUnit::new(None, UnitKind::Unit, "Ban lâm thời", "BLT", &[]).unwrap(),
            ev("unit", "create"),
        )
        .await
        .unwrap();
    for (unit, user, org) in [
        (f.ward.id, "p_ward", Some(f.ward.id)),
        (team.id, "p_team", Some(f.ward.id)),
        (loose.id, "p_loose", None),
    ] {
        let p = s
            .insert_person(
                &NewPerson::new(
                    unit,
                    "Người thử",
                    Position::ChuyenVien,
                    Role::UnitStaff,
                    Some(user),
                    None,
                )
                .unwrap(),
                None,
                ev("person", "create"),
            )
            .await
            .unwrap();
        let ss = Session {
            token_hash: format!("t-{user}"),
            person_id: p.id,
            ..sess.clone()
        };
        s.insert_session(&ss).await.unwrap();
        assert_eq!(
            s.session_person(&ss.token_hash, at(2026, 7, 1))
                .await
                .unwrap(),
            Some((ss, p, org)),
            "{user}"
        );
    }
    s.set_password_hash(f.office.id, "new", ev("person", "password"))
        .await
        .unwrap();
    assert_eq!(
        s.session("abc", at(2026, 7, 1)).await.unwrap(),
        None,
        "a new password ends sessions"
    );
    s.insert_session(&Session {
        token_hash: "def".into(),
        ..sess
    })
    .await
    .unwrap();
    s.delete_session("def").await.unwrap();
    assert_eq!(s.session("def", at(2026, 7, 1)).await.unwrap(), None);

    let t0 = at(2026, 7, 1);
    for i in 1..=3 {
        let n = s
            .record_login_failure(
                "VanPhong",
                t0 + chrono::Duration::seconds(i),
                t0 - chrono::Duration::minutes(15),
            )
            .await
            .unwrap();
        assert_eq!(n, i as u32);
    }
    s.clear_login_failures("vanphong").await.unwrap();
    assert_eq!(
        s.record_login_failure("vanphong", t0, t0 - chrono::Duration::minutes(15))
            .await
            .unwrap(),
        1
    );

    // An administrator's unlock forgets the failures of every address, and no other
    // account's ("vanphong2" starts with the same letters).
    let since = t0 - chrono::Duration::minutes(15);
    for key in [
        "vanphong\u{1f}10.0.0.7",
        "vanphong\u{1f}10.0.0.8",
        "vanphong2",
        "vanphong2\u{1f}10.0.0.7",
    ] {
        s.record_login_failure(key, t0, since).await.unwrap();
    }
    assert_eq!(
        s.login_failures_since(since).await.unwrap(),
        vec![("vanphong".to_string(), 1), ("vanphong2".to_string(), 1)],
        "bare usernames only"
    );
    assert_eq!(s.lift_sign_in_lock("VanPhong").await.unwrap(), 3);
    assert_eq!(
        s.login_failures_since(since).await.unwrap(),
        vec![("vanphong2".to_string(), 1)]
    );
    assert_eq!(
        s.record_login_failure("vanphong2\u{1f}10.0.0.7", t0, since)
            .await
            .unwrap(),
        2,
        "the other account keeps its count"
    );
}

fn letter(f: &Fixture) -> NewDocument {
    NewDocument::new(
        f.ward.id,
        Direction::Outgoing,
        DocKind::CongVan,
        "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN",
        "triển khai thực hiện Nghị quyết Phiên họp Chính phủ thường kỳ tháng 5/2026",
    )
    .unwrap()
    .with_place("Kiến An")
    .with_body("Thực hiện Công văn số 7168/VP-TH ...\n1. Các phòng, đơn vị")
    .unwrap()
    .with_addressees(&["Các phòng, đơn vị thuộc UBND phường".into()])
    .with_distribution(&["Như trên".into(), "Lưu: VT".into()])
    .with_references(&["7168/VP-TH".into(), "148/NQ-CP".into()])
    .with_signature(Some(SignatureBlock {
        authority: vec!["TL. CHỦ TỊCH".into(), "KT. CHÁNH VĂN PHÒNG".into()],
        title: "PHÓ CHÁNH VĂN PHÒNG".into(),
        name: "Nguyễn Thị Hồng Nhung".into(),
    }))
}

pub async fn documents_roundtrip_and_search(s: S) {
    let f = fixture(&s).await;
    let incoming = NewDocument::new(
        f.ward.id,
        Direction::Incoming,
        DocKind::CongVan,
        "VĂN PHÒNG UBND THÀNH PHỐ HẢI PHÒNG",
        "triển khai Nghị quyết 148/NQ-CP",
    )
    .unwrap()
    .with_number(Some(DocumentNumber::parse("7168/VP-TH").unwrap()))
    .with_issued_on(Some(d(2026, 6, 16)))
    .with_marks(Urgency::Khan, Secrecy::Normal)
    .with_exchange(Some(dondoc_domain::ExchangeRef {
        organ_id: "000.00.31.H26".into(),
        document_id: "000.00.31.H26,2026/06/16,7168/VP-TH".into(),
    }))
    .unwrap();
    let inc = s
        .insert_document(&incoming, ev("document", "register"))
        .await
        .unwrap();
    // A package's sender ids come back as stored; other documents have none.
    assert_eq!(
        s.document(inc.id).await.unwrap().unwrap().exchange,
        Some(dondoc_domain::ExchangeRef {
            organ_id: "000.00.31.H26".into(),
            document_id: "000.00.31.H26,2026/06/16,7168/VP-TH".into(),
        })
    );
    let out = s
        .insert_document(&letter(&f), ev("document", "register"))
        .await
        .unwrap();
    let secret = NewDocument::new(
        f.ward.id,
        Direction::Incoming,
        DocKind::BaoCao,
        "CÔNG AN PHƯỜNG",
        "tình hình an ninh",
    )
    .unwrap()
    .with_marks(Urgency::Normal, Secrecy::Mat);
    let sec = s
        .insert_document(&secret, ev("document", "register"))
        .await
        .unwrap();
    // The register of incoming documents numbers them in order; an outgoing one has no
    // such number.
    assert_eq!(
        (
            inc.received_serial,
            out.received_serial,
            sec.received_serial
        ),
        (Some(1), None, Some(2))
    );
    assert_eq!(
        s.document(sec.id).await.unwrap().unwrap().received_serial,
        Some(2)
    );

    let got = s.document(out.id).await.unwrap().unwrap();
    assert_eq!(got, out);
    assert_eq!(got.exchange, None);
    assert_eq!(got.signature.as_ref().unwrap().authority.len(), 2);
    assert_eq!(
        got.references,
        vec!["7168/VP-TH".to_string(), "148/NQ-CP".to_string()]
    );
    assert_eq!(got.number, None);
    let inc2 = s.document(inc.id).await.unwrap().unwrap();
    assert_eq!(inc2.number.as_ref().map(|n| n.as_str()), Some("7168/VP-TH"));
    assert_eq!(inc2.urgency, Urgency::Khan);
    assert_eq!(inc2.issued_on, Some(d(2026, 6, 16)));

    let all = s
        .documents(&DocumentFilter::default(), PageRequest::new(1, 2))
        .await
        .unwrap();
    assert_eq!((all.total, all.items.len()), (3, 2));
    let page2 = s
        .documents(&DocumentFilter::default(), PageRequest::new(2, 2))
        .await
        .unwrap();
    assert_eq!(page2.items.len(), 1);
    let incoming_only = DocumentFilter {
        direction: Some(Direction::Incoming),
        exclude_secret: true,
        ..Default::default()
    };
    assert_eq!(
        s.documents(&incoming_only, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
    let search = DocumentFilter {
        search: Some("trien khai nghi quyet".into()),
        ..Default::default()
    };
    assert_eq!(
        s.documents(&search, PageRequest::default())
            .await
            .unwrap()
            .total,
        2,
        "search ignores diacritics"
    );
    let by_number = DocumentFilter {
        search: Some("7168".into()),
        ..Default::default()
    };
    assert_eq!(
        s.documents(&by_number, PageRequest::default())
            .await
            .unwrap()
            .items[0]
            .id,
        inc.id
    );
    // Cascade: a directive that implements a task of the level above.
    let upper = s
        .insert_tasks(
            &[task(
                &f,
                "Triển khai Nghị quyết 148/NQ-CP",
                &f.kt,
                on(d(2026, 9, 30)),
            )],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    let below = s
        .insert_document(
            &letter(&f).implementing(Some(upper.id)),
            ev("document", "register"),
        )
        .await
        .unwrap();
    assert_eq!(below.implements_task, Some(upper.id));
    let implementing = DocumentFilter {
        implements_task: Some(upper.id),
        ..Default::default()
    };
    let found = s
        .documents(&implementing, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [below.id]
    );
    // The directives: every outgoing document, and the incoming ones tasks were given
    // from (here `inc`, once a task names it); not the other incoming ones.
    let directives = DocumentFilter {
        directives: true,
        ..Default::default()
    };
    let ids = |p: dondoc_store::Page<dondoc_domain::Document>| {
        let mut v: Vec<_> = p.items.iter().map(|d| d.id).collect();
        v.sort_unstable_by_key(|d| d.get());
        v
    };
    let mut want = vec![out.id, below.id];
    want.sort_unstable_by_key(|d| d.get());
    assert_eq!(
        ids(s
            .documents(&directives, PageRequest::default())
            .await
            .unwrap()),
        want
    );
    s.insert_tasks(
        &[task(&f, "Rà soát", &f.kt, on(d(2026, 9, 30))).from_document(inc.id, None)],
        at(2026, 7, 1),
        None,
    )
    .await
    .unwrap();
    let mut want = vec![inc.id, out.id, below.id];
    want.sort_unstable_by_key(|d| d.get());
    let found = s
        .documents(&directives, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(found.total, 3);
    assert_eq!(ids(found), want);
    let hostile = DocumentFilter {
        search: Some("%' OR 1=1 --".into()),
        ..Default::default()
    };
    assert_eq!(
        s.documents(&hostile, PageRequest::default())
            .await
            .unwrap()
            .total,
        0
    );
}

pub async fn register_numbering(s: S) {
    let f = fixture(&s).await;
    let mut numbers = Vec::new();
    for day in [d(2026, 7, 1), d(2026, 7, 2), d(2026, 12, 31), d(2027, 1, 1)] {
        let doc = s
            .insert_document(&letter(&f), ev("document", "register"))
            .await
            .unwrap();
        let issued = s
            .issue_document(doc.id, "normal", "UBND-VP", day, ev("document", "issue"))
            .await
            .unwrap();
        assert_eq!(issued.issued_on, Some(day));
        numbers.push(issued.number.unwrap().to_string());
    }
    assert_eq!(
        numbers,
        ["01/UBND-VP", "02/UBND-VP", "03/UBND-VP", "01/UBND-VP"],
        "from 01 each 1 January"
    );
    let secret = s
        .insert_document(&letter(&f), ev("document", "register"))
        .await
        .unwrap();
    let n = s
        .issue_document(
            secret.id,
            "secret",
            "UBND-VP",
            d(2026, 8, 1),
            ev("document", "issue"),
        )
        .await
        .unwrap();
    assert_eq!(
        n.number.unwrap().as_str(),
        "01/UBND-VP",
        "secret documents have their own series"
    );
    let again = s
        .issue_document(
            secret.id,
            "secret",
            "UBND-VP",
            d(2026, 8, 1),
            ev("document", "issue"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Constraint(_))));

    // A number typed for an outgoing document (issued outside dondoc) raises its
    // register, never lowers it; incoming numbers and other series are not touched.
    let typed = |number: &str, on: NaiveDate| {
        letter(&f)
            .with_number(Some(DocumentNumber::parse(number).unwrap()))
            .with_issued_on(Some(on))
    };
    let issue_next = |on: NaiveDate| {
        let s = s.clone();
        let doc = letter(&f);
        async move {
            let doc = s
                .insert_document(&doc, ev("document", "register"))
                .await
                .unwrap();
            s.issue_document(doc.id, "normal", "UBND-VP", on, ev("document", "issue"))
                .await
                .unwrap()
                .number
                .unwrap()
                .to_string()
        }
    };
    s.insert_document(
        &typed("40/UBND-VP", d(2026, 9, 1)),
        ev("document", "register"),
    )
    .await
    .unwrap();
    s.insert_document(
        &typed("07/KH-UBND", d(2026, 9, 2)),
        ev("document", "register"),
    )
    .await
    .unwrap();
    let incoming = NewDocument::new(
        f.ward.id,
        Direction::Incoming,
        DocKind::CongVan,
        "VĂN PHÒNG UBND THÀNH PHỐ",
        "chỉ đạo",
    )
    .unwrap()
    .with_number(Some(DocumentNumber::parse("900/VP-TH").unwrap()))
    .with_issued_on(Some(d(2026, 9, 3)));
    s.insert_document(&incoming, ev("document", "register"))
        .await
        .unwrap();
    s.insert_document(
        &typed("60/UBND-VP", d(2026, 9, 4)).with_marks(Urgency::Normal, Secrecy::Mat),
        ev("document", "register"),
    )
    .await
    .unwrap();
    assert_eq!(issue_next(d(2026, 9, 5)).await, "41/UBND-VP");
    // A typed number of another year starts that year's register there.
    s.insert_document(
        &typed("05/UBND-VP", d(2027, 2, 1)),
        ev("document", "register"),
    )
    .await
    .unwrap();
    assert_eq!(issue_next(d(2027, 2, 2)).await, "06/UBND-VP");
    assert_eq!(issue_next(d(2026, 9, 6)).await, "42/UBND-VP");
}

pub async fn register_numbering_parallel(s: S) {
    let f = fixture(&s).await;
    let mut ids = Vec::new();
    for _ in 0..24 {
        ids.push(
            s.insert_document(&letter(&f), ev("document", "register"))
                .await
                .unwrap()
                .id,
        );
    }
    let mut handles = Vec::new();
    for chunk in ids.chunks(6) {
        let s = s.clone();
        let chunk = chunk.to_vec();
        handles.push(tokio::spawn(async move {
            let mut got = Vec::new();
            for id in chunk {
                let doc = s
                    .issue_document(
                        id,
                        "normal",
                        "UBND-VP",
                        d(2026, 9, 1),
                        ev("document", "issue"),
                    )
                    .await
                    .unwrap();
                got.push(doc.number.unwrap().serial().parse::<u32>().unwrap());
            }
            got
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    all.sort();
    assert_eq!(
        all,
        (1..=24).collect::<Vec<_>>(),
        "unique and without gaps under parallel writers"
    );
}

pub async fn tasks_insert_list_filter(s: S) {
    let f = fixture(&s).await;
    let doc = s
        .insert_document(&letter(&f), ev("document", "register"))
        .await
        .unwrap();
    let tasks = vec![
        task(
            &f,
            "Đẩy mạnh giải ngân vốn đầu tư công",
            &f.kt,
            on(d(2026, 7, 31)),
        )
        .from_document(doc.id, Some("2"))
        .with_cooperating(&[f.vp.id, f.vhxh.id])
        .unwrap(),
        task(&f, "Giải phóng mặt bằng", &f.kt, on(d(2026, 9, 30))).from_document(doc.id, Some("2")),
        task(
            &f,
            "Phòng, chống đuối nước",
            &f.vhxh,
            Deadline::Ongoing {
                cycle: ReportingCycle::Monthly { day: 20 },
            },
        ),
        task(
            &f,
            "Báo cáo trong 5 ngày làm việc",
            &f.vp,
            Deadline::WorkingDays {
                days: 5,
                from: d(2026, 7, 3),
            },
        )
        .secret(true),
    ];
    let created = s
        .insert_tasks(&tasks, at(2026, 7, 1), Some(f.office.id))
        .await
        .unwrap();
    assert_eq!(created.len(), 4);
    let t0 = s.task(created[0].id).await.unwrap().unwrap();
    assert_eq!(t0, created[0]);
    assert_eq!(t0.cooperating.len(), 2);
    assert_eq!(t0.status, TaskStatus::Assigned);
    assert_eq!(t0.section.as_deref(), Some("2"));
    assert_eq!(t0.version, 1);
    assert_eq!(
        created[3].due_date,
        Some(d(2026, 7, 10)),
        "5 working days after Friday 3/7"
    );
    assert_eq!(created[2].due_date, None);
    // By id: in the order asked, with their co-operating units; a missing id is left out.
    let by_id = s
        .tasks_by_id(&[
            created[2].id,
            dondoc_domain::TaskId::new(999_999),
            created[0].id,
        ])
        .await
        .unwrap();
    assert_eq!(by_id, vec![created[2].clone(), t0.clone()]);
    assert!(s.tasks_by_id(&[]).await.unwrap().is_empty());

    let list = |f: TaskFilter| {
        let s = s.clone();
        async move { s.tasks(&f, PageRequest::default()).await.unwrap() }
    };
    assert_eq!(
        list(TaskFilter {
            unit_id: Some(f.kt.id),
            ..Default::default()
        })
        .await
        .total,
        2
    );
    let vp_inbox = list(TaskFilter {
        involving_unit: Some(f.vp.id),
        ..Default::default()
    })
    .await;
    assert_eq!(vp_inbox.total, 2, "lead of one, co-operating in another");
    let ranged = list(TaskFilter {
        due_from: Some(d(2026, 7, 1)),
        due_to: Some(d(2026, 7, 31)),
        ..Default::default()
    })
    .await;
    assert_eq!(ranged.total, 2);
    assert_eq!(
        ranged.items[0].due_date,
        Some(d(2026, 7, 10)),
        "ordered by due date"
    );
    for (from, n) in [(d(2026, 7, 1), 4), (d(2026, 7, 2), 0)] {
        let assigned = list(TaskFilter {
            handed_from: Some(from),
            ..Default::default()
        })
        .await;
        assert_eq!(assigned.total, n, "assigned from {from}");
    }
    let by_doc = list(TaskFilter {
        document_id: Some(doc.id),
        ..Default::default()
    })
    .await;
    assert_eq!(by_doc.total, 2);
    assert_eq!(
        list(TaskFilter {
            exclude_secret: true,
            ..Default::default()
        })
        .await
        .total,
        3
    );
    assert_eq!(
        list(TaskFilter {
            search: Some("giai ngan".into()),
            ..Default::default()
        })
        .await
        .total,
        1
    );
    // Words anywhere in the title; a quoted phrase as written.
    for (q, n) in [
        ("giai mat", 1),
        ("\"giai mat\"", 0),
        ("\"phong mat\" bang", 1),
        ("“Phóng mặt”", 1),
        // Whole words: a word's beginning is not the word ("gia" is not "giải"),
        // punctuation is an edge ("phong" finds "Phòng, chống"), and the characters
        // of patterns are letters like any other.
        ("gia", 0),
        ("giai ngan von", 1),
        ("phong", 2),
        ("chong", 1),
        ("ngay lam", 1),
        ("ngay lam viec", 1),
        ("*", 0),
        ("[a-z]", 0),
        ("5", 1),
        ("%", 0),
    ] {
        let found = list(TaskFilter {
            search: Some(q.into()),
            ..Default::default()
        })
        .await;
        assert_eq!(found.total, n, "{q}");
    }
    assert_eq!(
        list(TaskFilter {
            statuses: vec![TaskStatus::Completed],
            ..Default::default()
        })
        .await
        .total,
        0
    );
    let ongoing = list(TaskFilter {
        ongoing: true,
        ..Default::default()
    })
    .await;
    assert_eq!(
        ongoing.items.iter().map(|t| t.id).collect::<Vec<_>>(),
        [created[2].id],
        "only the task without a last day"
    );
    let ongoing_kt = s
        .tasks_all(&TaskFilter {
            ongoing: true,
            involving_unit: Some(f.kt.id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(ongoing_kt.is_empty());
    let p = s
        .tasks(&TaskFilter::default(), PageRequest::new(2, 3))
        .await
        .unwrap();
    assert_eq!((p.total, p.items.len(), p.page), (4, 1, 2));
    assert_eq!(p.items[0].due_date, None, "ongoing tasks sort last");
    // The total is right whether the page is short, exactly full or past the end.
    for (page, per, items) in [(1, 4, 4), (1, 3, 3), (3, 3, 0), (1, 50, 4)] {
        let p = s
            .tasks(&TaskFilter::default(), PageRequest::new(page, per))
            .await
            .unwrap();
        assert_eq!((p.total, p.items.len()), (4, items), "page {page} of {per}");
    }
    // `tasks_all` is the whole list, unpaged, in the same order, with co-operators.
    let all = s.tasks_all(&TaskFilter::default()).await.unwrap();
    let paged = s
        .tasks(&TaskFilter::default(), PageRequest::new(1, 50))
        .await
        .unwrap();
    assert_eq!(all, paged.items);
    assert_eq!(all.len(), 4);
    // Pages of one and of three, put together, are that list too (the page is chosen on
    // keys and its rows fetched afterwards: the order must survive both steps).
    for per in [1, 3] {
        let mut joined = Vec::new();
        for page in 1..=4u32.div_ceil(per) {
            let p = s
                .tasks(&TaskFilter::default(), PageRequest::new(page, per))
                .await
                .unwrap();
            assert_eq!(p.total, 4);
            joined.extend(p.items);
        }
        assert_eq!(joined, all, "pages of {per}");
    }
    let inbox_all = s
        .tasks_all(&TaskFilter {
            involving_unit: Some(f.vp.id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(inbox_all, vp_inbox.items);
    // The inbox too, a page of one at a time (its page is chosen on keys on PostgreSQL).
    let inbox = TaskFilter {
        involving_unit: Some(f.vp.id),
        ..Default::default()
    };
    let mut joined = Vec::new();
    for page in 1..=inbox_all.len() as u32 {
        let p = s.tasks(&inbox, PageRequest::new(page, 1)).await.unwrap();
        assert_eq!(p.total, inbox_all.len() as u64);
        joined.extend(p.items);
    }
    assert_eq!(joined, inbox_all, "inbox pages of one");
}

pub async fn optimistic_versioning(s: S) {
    let f = fixture(&s).await;
    let t = s
        .insert_tasks(
            &[task(&f, "Nhiệm vụ", &f.kt, on(d(2026, 8, 31)))],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    let a = t.receive().unwrap();
    let b = t.return_to_assigner("không thuộc chức năng").unwrap();
    let saved = s.update_task(&a, ev("task", "receive")).await.unwrap();
    assert_eq!(saved.version, 2);
    assert_eq!(saved.status, TaskStatus::Received);
    let err = s.update_task(&b, ev("task", "return")).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    let now = s.task(t.id).await.unwrap().unwrap();
    assert_eq!(
        (now.status, now.version),
        (TaskStatus::Received, 2),
        "the loser changed nothing"
    );
    let mut ghost = now.clone();
    ghost.id = dondoc_domain::TaskId::new(999_999);
    assert!(matches!(
        s.update_task(&ghost, ev("task", "x")).await,
        Err(StoreError::NotFound(_))
    ));
}

/// A returned task given to another unit: stored with its new lead and the day it was
/// given, listed under that unit and no longer under the old one, found as handed that
/// day, and counted there by the statistics.
pub async fn reassigned_task_moves_to_its_new_unit(s: S) {
    let f = fixture(&s).await;
    let t = s
        .insert_tasks(
            &[task(&f, "Rà soát hồ sơ", &f.kt, on(d(2026, 8, 31)))],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    let returned = s
        .update_task(
            &t.return_to_assigner("không đúng chức năng").unwrap(),
            ev("task", "return"),
        )
        .await
        .unwrap();
    let moved = returned
        .reassign(f.vhxh.id, "thuộc lĩnh vực văn hóa", d(2026, 7, 20))
        .unwrap();
    let saved = s.update_task(&moved, ev("task", "reassign")).await.unwrap();
    assert_eq!(saved.lead_unit, f.vhxh.id);
    assert_eq!(
        (saved.assigned_on, saved.handed_on()),
        (d(2026, 7, 1), d(2026, 7, 20))
    );
    assert_eq!(s.task(t.id).await.unwrap().unwrap(), saved);
    for (from, n) in [(d(2026, 7, 20), 1), (d(2026, 7, 21), 0)] {
        let handed = TaskFilter {
            handed_from: Some(from),
            ..Default::default()
        };
        assert_eq!(
            s.tasks_all(&handed).await.unwrap().len(),
            n,
            "handed from {from}"
        );
    }
    let of = |u: dondoc_domain::UnitId| TaskFilter {
        unit_id: Some(u),
        ..Default::default()
    };
    let ids = |p: dondoc_store::Page<dondoc_domain::Task>| {
        p.items.into_iter().map(|t| t.id).collect::<Vec<_>>()
    };
    let page = PageRequest::new(1, 50);
    assert_eq!(
        ids(s.tasks(&of(f.vhxh.id), page).await.unwrap()),
        vec![t.id]
    );
    assert!(ids(s.tasks(&of(f.kt.id), page).await.unwrap()).is_empty());
    let today = d(2026, 7, 2);
    let new_unit = s.bucket_counts(&of(f.vhxh.id), today).await.unwrap();
    let old_unit = s.bucket_counts(&of(f.kt.id), today).await.unwrap();
    assert_eq!((new_unit.in_progress, old_unit.in_progress), (1, 0));
}

pub async fn bucket_statistics(s: S) {
    let f = fixture(&s).await;
    let mk = |title: &str, lead: &Unit, due: NaiveDate| task(&f, title, lead, on(due));
    let ts = s
        .insert_tasks(
            &[
                mk("đúng hạn", &f.kt, d(2026, 7, 31)),
                mk("quá hạn hoàn thành", &f.kt, d(2026, 7, 10)),
                mk("trong hạn", &f.vhxh, d(2026, 8, 31)),
                mk("quá hạn", &f.vhxh, d(2026, 7, 15)),
                task(
                    &f,
                    "thường xuyên",
                    &f.vp,
                    Deadline::Ongoing {
                        cycle: ReportingCycle::Quarterly,
                    },
                ),
                mk("dừng", &f.vp, d(2026, 7, 5)),
            ],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap();
    let finish = |t: &dondoc_domain::Task, on: NaiveDate| {
        t.receive()
            .unwrap()
            .propose_completion(on)
            .unwrap()
            .confirm_completion()
            .unwrap()
    };
    s.update_task(&finish(&ts[0], d(2026, 7, 31)), ev("task", "complete"))
        .await
        .unwrap();
    s.update_task(&finish(&ts[1], d(2026, 7, 20)), ev("task", "complete"))
        .await
        .unwrap();
    s.update_task(
        &ts[5].stop("không còn cần thiết").unwrap(),
        ev("task", "stop"),
    )
    .await
    .unwrap();

    let today = d(2026, 8, 1);
    let c = s
        .bucket_counts(
            &TaskFilter {
                org_id: Some(f.ward.id),
                ..Default::default()
            },
            today,
        )
        .await
        .unwrap();
    assert_eq!(
        (c.done_on_time, c.done_late, c.in_progress, c.overdue),
        (1, 1, 2, 1)
    );
    let c_kt = s
        .bucket_counts(
            &TaskFilter {
                unit_id: Some(f.kt.id),
                ..Default::default()
            },
            today,
        )
        .await
        .unwrap();
    assert_eq!(c_kt.total(), 2);
    let on_due_day = s
        .bucket_counts(&TaskFilter::default(), d(2026, 7, 15))
        .await
        .unwrap();
    assert_eq!(on_due_day.overdue, 0, "the due day itself is on time");

    let overdue = s
        .tasks(
            &TaskFilter {
                bucket: Some((Bucket::Overdue, today)),
                ..Default::default()
            },
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        overdue
            .items
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        ["quá hạn"]
    );
    let per_unit = s.unit_bucket_counts(f.ward.id, today).await.unwrap();
    let vh = per_unit.iter().find(|u| u.unit_id == f.vhxh.id).unwrap();
    assert_eq!((vh.counts.in_progress, vh.counts.overdue), (1, 1));
    let vp = per_unit.iter().find(|u| u.unit_id == f.vp.id).unwrap();
    assert_eq!(vp.counts.total(), 1, "stopped tasks are not counted");

    // The statistics counters (kept by triggers in the write transaction) agree with the
    // tasks themselves, judged one by one by the domain, for every scope they answer: after
    // a secret task, a due date moved (extension), a reopened task, a progress report and
    // a unit's sub-task for its staff (not counted: the authority gave one task).
    let more = s
        .insert_tasks(
            &[
                mk("mật", &f.kt, d(2026, 7, 25)).secret(true),
                mk("gia hạn", &f.vhxh, d(2026, 7, 20)),
                mk("phần việc của chuyên viên", &f.vhxh, d(2026, 7, 18)).sub_task_of(ts[2].id),
            ],
            at(2026, 7, 2),
            None,
        )
        .await
        .unwrap();
    let sub = s
        .bucket_counts(
            &TaskFilter {
                parent_task: Some(ts[2].id),
                ..Default::default()
            },
            d(2026, 8, 1),
        )
        .await
        .unwrap();
    assert_eq!((sub.total(), sub.overdue), (1, 1), "a task's own sub-tasks");
    s.update_task(&more[2].receive().unwrap(), ev("task", "receive"))
        .await
        .unwrap();
    let mut extended = more[1].clone();
    extended.deadline = on(d(2026, 9, 30));
    extended.due_date = Some(d(2026, 9, 30));
    s.update_task(&extended, ev("task", "extend"))
        .await
        .unwrap();
    let done = s.task(ts[0].id).await.unwrap().unwrap();
    s.update_task(
        &done.reopen("làm lại", d(2026, 7, 20)).unwrap(),
        ev("task", "reopen"),
    )
    .await
    .unwrap();
    let running = s.task(ts[2].id).await.unwrap().unwrap();
    let r = NewProgressReport::new(
        running.id,
        f.vhxh.id,
        f.kt_head.id,
        d(2026, 7, 20),
        30,
        "Đang làm",
        "",
        "",
    )
    .unwrap();
    s.insert_report(
        &r,
        Some(&TaskMove::new(
            running.clone(),
            running.record_progress(30).unwrap(),
        )),
        ev("report", "x"),
    )
    .await
    .unwrap();
    let all = s.tasks_all(&TaskFilter::default()).await.unwrap();
    for day in [d(2026, 7, 15), d(2026, 8, 1), d(2026, 10, 1)] {
        for lead in [None, Some(f.kt.id), Some(f.vhxh.id), Some(f.vp.id)] {
            for exclude_secret in [false, true] {
                let filter = TaskFilter {
                    org_id: Some(f.ward.id),
                    unit_id: lead,
                    exclude_secret,
                    ..Default::default()
                };
                assert!(filter.counted_scope().is_some());
                let mut want = BucketCounts::default();
                for t in all.iter().filter(|t| t.parent_task.is_none()) {
                    if lead.is_some_and(|u| u != t.lead_unit) || (exclude_secret && t.secret) {
                        continue;
                    }
                    if let Some(b) = dondoc_domain::stats::bucket(t, day) {
                        want.add(b);
                    }
                }
                let got = s.bucket_counts(&filter, day).await.unwrap();
                assert_eq!(
                    got, want,
                    "{day} {lead:?} secret excluded: {exclude_secret}"
                );
                // The same numbers counted over the tasks (a filter the counters do not
                // answer: every status spelled out).
                let scanned = s
                    .bucket_counts(
                        &TaskFilter {
                            statuses: TaskStatus::ALL.to_vec(),
                            ..filter
                        },
                        day,
                    )
                    .await
                    .unwrap();
                assert_eq!(scanned, want, "scan {day} {lead:?} {exclude_secret}");
            }
        }
        let per_unit = s.unit_bucket_counts(f.ward.id, day).await.unwrap();
        for u in &per_unit {
            let mut want = BucketCounts::default();
            for t in all
                .iter()
                .filter(|t| t.lead_unit == u.unit_id && t.parent_task.is_none())
            {
                if let Some(b) = dondoc_domain::stats::bucket(t, day) {
                    want.add(b);
                }
            }
            assert_eq!(u.counts, want, "unit {} on {day}", u.unit_id);
        }
        let leads: std::collections::BTreeSet<_> = all.iter().map(|t| t.lead_unit).collect();
        assert_eq!(per_unit.len(), leads.len(), "every leading unit, once");
    }
}

/// The statistics counters' own bookkeeping, which the `Store` trait does not show: after
/// [`bucket_statistics`] (creates, completions, an extension, a reopened task, a progress
/// report), no counter of `task_counts` is left at zero, and each `task_totals` row is
/// the sum of its counters (migration 0005 of both backends). `scalar` runs one query
/// on the backend's database and returns its one integer; the SQL is the same on SQLite
/// and PostgreSQL.
pub async fn counters_and_totals_agree<F, Fut>(s: S, scalar: F)
where
    F: Fn(&'static str) -> Fut,
    Fut: std::future::Future<Output = i64>,
{
    bucket_statistics(s).await;
    assert!(
        scalar("SELECT COUNT(*) FROM task_counts").await > 0,
        "the scenario leaves counters to check"
    );
    assert_eq!(
        scalar("SELECT COUNT(*) FROM task_counts WHERE n = 0").await,
        0,
        "empty counters are deleted"
    );
    let drifted = scalar(
        "SELECT COUNT(*) FROM task_totals t
         FULL JOIN (SELECT org_id, kind, lead_unit, secret, SUM(n) AS n FROM task_counts
                    GROUP BY org_id, kind, lead_unit, secret) c
           USING (org_id, kind, lead_unit, secret)
         WHERE COALESCE(t.n, 0) <> COALESCE(c.n, 0)",
    )
    .await;
    assert_eq!(drifted, 0, "every total is the sum of its counters");
}

pub async fn reports_directions_obstacles(s: S) {
    let f = fixture(&s).await;
    let t = s
        .insert_tasks(
            &[task(&f, "Giải ngân", &f.kt, on(d(2026, 9, 30)))],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    let moved = t.record_progress(45).unwrap();
    let r = NewProgressReport::new(
        t.id,
        f.kt.id,
        f.kt_head.id,
        d(2026, 7, 20),
        45,
        "Đã giải ngân 45%",
        "Vướng mặt bằng dự án A",
        "Đề nghị hỗ trợ",
    )
    .unwrap();
    let rep = s
        .insert_report(
            &r,
            Some(&TaskMove::new(t.clone(), moved)),
            ev("report", "create"),
        )
        .await
        .unwrap();
    assert_eq!(rep.percent, 45);
    assert_eq!(
        s.reports(t.id).await.unwrap(),
        vec![rep.clone()],
        "what the write returns is what a read returns"
    );
    let after = s.task(t.id).await.unwrap().unwrap();
    assert_eq!(
        (after.status, after.progress, after.version),
        (TaskStatus::InProgress, 45, 2)
    );
    // A stale task in a report is a conflict, and the report is not stored.
    let stale = t.record_progress(50).unwrap();
    let r2 = NewProgressReport::new(t.id, f.kt.id, f.kt_head.id, d(2026, 7, 21), 50, "x", "", "")
        .unwrap();
    assert!(matches!(
        s.insert_report(
            &r2,
            Some(&TaskMove::new(t.clone(), stale)),
            ev("report", "create")
        )
        .await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(s.reports(t.id).await.unwrap().len(), 1);
    // A co-operating report without moving the task.
    let r3 = NewProgressReport::new(
        t.id,
        f.vp.id,
        f.office.id,
        d(2026, 7, 22),
        0,
        "Đã phối hợp",
        "",
        "",
    )
    .unwrap();
    s.insert_report(&r3, None, ev("report", "create"))
        .await
        .unwrap();

    let open = s.open_obstacles(f.ward.id, 10).await.unwrap();
    assert_eq!(open.iter().map(|r| r.id).collect::<Vec<_>>(), [rep.id]);
    let dir = s
        .insert_direction(
            t.id,
            Some(rep.id),
            f.leader.id,
            "Giao Phòng KT-HT-ĐT phối hợp giải quyết",
            ev("direction", "create"),
        )
        .await
        .unwrap();
    assert_eq!(s.directions(t.id).await.unwrap(), vec![dir.clone()]);

    // The bulk readers agree with the per-task ones, across tasks and in order.
    let other = s
        .insert_tasks(
            &[task(&f, "Không có báo cáo", &f.vhxh, on(d(2026, 9, 30)))],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    let missing = dondoc_domain::TaskId::new(i64::MAX);
    let bulk = s
        .reports_of(&[other.id, t.id, missing, t.id])
        .await
        .unwrap();
    assert_eq!(bulk, s.reports(t.id).await.unwrap());
    assert_eq!(
        s.directions_of(&[missing, t.id, other.id]).await.unwrap(),
        vec![dir]
    );
    assert!(s.reports_of(&[]).await.unwrap().is_empty());
    // The lead unit's latest report up to a day: the co-operating unit's (r3, 22/7)
    // does not count, a report after the day neither, a task without one is absent.
    let lead_dates: Vec<_> = s
        .reports(t.id)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.unit_id == t.lead_unit)
        .map(|r| r.reported_on)
        .collect();
    let latest = *lead_dates.iter().max().unwrap();
    assert!(
        latest < r3.reported_on(),
        "the co-operating report is later"
    );
    assert_eq!(
        s.last_lead_reports(&[other.id, t.id, missing, t.id], d(2026, 12, 31))
            .await
            .unwrap(),
        vec![(t.id, latest)]
    );
    assert_eq!(
        s.last_lead_reports(&[t.id], latest).await.unwrap(),
        vec![(t.id, latest)]
    );
    assert!(
        s.last_lead_reports(&[t.id], latest.pred_opt().unwrap())
            .await
            .unwrap()
            .iter()
            .all(|(_, day)| *day < latest)
    );
    assert!(
        s.last_lead_reports(&[], d(2026, 12, 31))
            .await
            .unwrap()
            .is_empty()
    );
    // The same date through a task filter, with what the missed-report rule needs.
    let duties = s
        .report_duties(&TaskFilter::default(), d(2026, 12, 31))
        .await
        .unwrap();
    let all = s.tasks_all(&TaskFilter::default()).await.unwrap();
    assert_eq!(
        duties.iter().map(|x| x.task).collect::<Vec<_>>(),
        all.iter().map(|t| t.id).collect::<Vec<_>>(),
        "every task of the filter, in the list's order"
    );
    for (duty, task) in duties.iter().zip(&all) {
        assert_eq!(duty.deadline, task.deadline);
        assert_eq!(duty.assigned_on, task.assigned_on);
        let want = if task.id == t.id { Some(latest) } else { None };
        assert_eq!(duty.last_report, want, "{}", task.title);
    }
    let before = s
        .report_duties(&TaskFilter::default(), latest.pred_opt().unwrap())
        .await
        .unwrap();
    assert!(before.iter().all(|x| x.last_report.is_none()));
    // A unit's inbox filter (the co-operating branch) reads the same.
    let inbox = s
        .report_duties(
            &TaskFilter {
                involving_unit: Some(t.lead_unit),
                ..Default::default()
            },
            d(2026, 12, 31),
        )
        .await
        .unwrap();
    assert!(
        inbox
            .iter()
            .any(|x| x.task == t.id && x.last_report == Some(latest))
    );
    // More ids than one statement may bind.
    let many: Vec<dondoc_domain::TaskId> = (1..=40_000).map(dondoc_domain::TaskId::new).collect();
    assert_eq!(s.reports_of(&many).await.unwrap().len(), 2);
    assert_eq!(
        s.last_lead_reports(&many, d(2026, 12, 31))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(s.directions_of(&many).await.unwrap().len(), 1);
    assert!(
        s.open_obstacles(f.ward.id, 10).await.unwrap().is_empty(),
        "answered obstacles leave the list"
    );
    // An obstacle of a task that is no longer open waits for no direction.
    let done = s
        .insert_tasks(
            &[task(&f, "Báo cáo đã hoàn thành", &f.kt, on(d(2026, 7, 31)))],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    let r4 = NewProgressReport::new(
        done.id,
        f.kt.id,
        f.kt_head.id,
        d(2026, 7, 21),
        100,
        "Đã hoàn thành",
        "Thiếu kinh phí in ấn",
        "",
    )
    .unwrap();
    s.insert_report(&r4, None, ev("report", "create"))
        .await
        .unwrap();
    let completed = dondoc_domain::Task {
        status: TaskStatus::Completed,
        completed_on: Some(d(2026, 7, 22)),
        progress: 100,
        ..done.clone()
    };
    s.update_task(&completed, ev("task", "confirm"))
        .await
        .unwrap();

    assert!(
        s.open_obstacles(f.ward.id, 10).await.unwrap().is_empty(),
        "a finished task's obstacle is not on the list"
    );
}

/// The register of incoming documents starts again at 1 each year, the year being the
/// day of registration in Vietnam's time (31/12 17:30 UTC is 1/1 00:30 there).
pub async fn incoming_register_restarts_each_year(s: S) {
    let f = fixture(&s).await;
    let new = |subject: &str| {
        NewDocument::new(
            f.ward.id,
            Direction::Incoming,
            DocKind::ThongBao,
            "SỞ NỘI VỤ",
            subject,
        )
        .unwrap()
    };
    let at = |y, m, d, h| {
        NewEvent::new(
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, y, m, d, h, 30, 0).unwrap(),
            None,
            "document",
            0,
            "register",
        )
    };
    let mut got = Vec::new();
    for (subject, when) in [
        ("lịch làm việc", at(2026, 12, 30, 2)),
        ("lịch trực", at(2026, 12, 31, 16)),
        ("lịch nghỉ Tết", at(2026, 12, 31, 17)),
        ("lịch nghỉ bù", at(2027, 1, 2, 2)),
    ] {
        let doc = s.insert_document(&new(subject), when).await.unwrap();
        got.push(doc.received_serial);
    }
    assert_eq!(got, [Some(1), Some(2), Some(1), Some(2)]);
}

pub async fn extensions_flow(s: S) {
    let f = fixture(&s).await;
    let t = s
        .insert_tasks(
            &[task(&f, "Gia hạn", &f.kt, on(d(2026, 7, 31)))],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    let e = s
        .insert_extension(
            t.id,
            f.kt_head.id,
            t.due_date,
            d(2026, 8, 31),
            "chờ vốn",
            ev("extension", "request"),
        )
        .await
        .unwrap();
    assert_eq!(e.status, ExtensionStatus::Pending);
    // The Office's queue: this organisation's pending requests only.
    let queue = s.pending_extensions(f.ward.id, 10).await.unwrap();
    assert_eq!(queue.iter().map(|x| x.id).collect::<Vec<_>>(), vec![e.id]);
    assert!(s.pending_extensions(f.kt.id, 10).await.unwrap().is_empty());
    let second = s
        .insert_extension(
            t.id,
            f.kt_head.id,
            t.due_date,
            d(2026, 9, 30),
            "x",
            ev("extension", "request"),
        )
        .await;
    assert!(
        matches!(second, Err(StoreError::Constraint(_))),
        "one pending request at a time"
    );
    assert_eq!(e.granted_date, None);
    // Granted for less time than asked: the request keeps the date asked for.
    let extended = t.extend(d(2026, 8, 21)).unwrap();
    let granted = s
        .decide_extension(
            e.id,
            ExtensionStatus::Granted,
            f.office.id,
            Some("đồng ý"),
            Some(&extended),
            ev("extension", "grant"),
        )
        .await
        .unwrap();
    assert_eq!(
        (granted.status, granted.decided_by),
        (ExtensionStatus::Granted, Some(f.office.id))
    );
    assert_eq!(
        (granted.new_date, granted.granted_date),
        (d(2026, 8, 31), Some(d(2026, 8, 21)))
    );
    assert_eq!(
        s.task(t.id).await.unwrap().unwrap().due_date,
        Some(d(2026, 8, 21))
    );
    let twice = s
        .decide_extension(
            e.id,
            ExtensionStatus::Refused,
            f.office.id,
            None,
            None,
            ev("extension", "refuse"),
        )
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict)), "decided once");
    assert!(
        s.pending_extensions(f.ward.id, 10)
            .await
            .unwrap()
            .is_empty(),
        "a decided request leaves the queue"
    );
    assert_eq!(s.extensions(t.id).await.unwrap().len(), 1);
    let read = s.extension(e.id).await.unwrap().unwrap();
    assert_eq!(
        (read.status, read.granted_date),
        (ExtensionStatus::Granted, Some(d(2026, 8, 21)))
    );
}

pub async fn indicators_flow(s: S) {
    let f = fixture(&s).await;
    let t = s
        .insert_tasks(
            &[task(
                &f,
                "Giải ngân vốn đầu tư công",
                &f.kt,
                on(d(2026, 12, 31)),
            )],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    let i = s
        .insert_indicator(
            &NewIndicator::new(
                t.id,
                "Tỷ lệ giải ngân vốn đầu tư công",
                "%",
                100.0,
                Some(d(2026, 12, 31)),
            )
            .unwrap(),
            ev("indicator", "create"),
        )
        .await
        .unwrap();
    for (period, v) in [("Tháng 7/2026", 30.0), ("Tháng 8/2026", 45.0)] {
        let val = IndicatorValue {
            indicator_id: i.id,
            period: period.into(),
            value: v,
            reported_on: d(2026, 8, 14),
            reported_by: f.kt_head.id,
        };
        s.insert_indicator_value(&val, ev("indicator_value", "report"))
            .await
            .unwrap();
    }
    let vals = s.indicator_values(i.id).await.unwrap();
    assert_eq!(
        vals.iter().map(|v| v.value).collect::<Vec<_>>(),
        [30.0, 45.0]
    );
    assert_eq!(i.progress(vals.last().map(|v| v.value)), 45.0);
    assert_eq!(s.indicators(Some(t.id)).await.unwrap(), vec![i.clone()]);
    assert_eq!(s.indicators(None).await.unwrap().len(), 1);
}

pub async fn attachments_roundtrip(s: S) {
    let f = fixture(&s).await;
    let doc = s
        .insert_document(&letter(&f), ev("document", "register"))
        .await
        .unwrap();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let meta = s
        .insert_attachment(
            &NewAttachment {
                document_id: Some(doc.id),
                task_id: None,
                file_name: "Công văn 7168.pdf".into(),
                content_type: "application/pdf".into(),
                bytes: bytes.clone(),
            },
            ev("attachment", "create"),
        )
        .await
        .unwrap();
    assert_eq!(meta.size, 70_000);
    let (m2, b2) = s.attachment(meta.id).await.unwrap().unwrap();
    assert_eq!((m2, b2), (meta.clone(), bytes));
    assert_eq!(
        s.attachments(Some(doc.id), None).await.unwrap(),
        vec![meta.clone()]
    );
    assert!(
        s.attachments(None, Some(dondoc_domain::TaskId::new(1)))
            .await
            .unwrap()
            .is_empty()
    );

    // Withdrawn: marked with who, when and why, audited; the bytes kept; once only.
    let mut gone = ev("attachment", "withdraw");
    gone.actor = Some(f.office.id);
    let withdrawn = s
        .withdraw_attachment(meta.id, "đính kèm nhầm tệp", gone.clone())
        .await
        .unwrap();
    let w = withdrawn.withdrawn.clone().expect("marked");
    assert_eq!(
        (w.by, w.reason.as_str(), w.at),
        (Some(f.office.id), "đính kèm nhầm tệp", gone.at)
    );
    let (m3, b3) = s.attachment(meta.id).await.unwrap().unwrap();
    assert_eq!((m3, b3.len()), (withdrawn.clone(), 70_000));
    assert_eq!(
        s.attachments(Some(doc.id), None).await.unwrap(),
        vec![withdrawn]
    );
    let hist = s.events_for("attachment", meta.id.get()).await.unwrap();
    let last = hist.last().unwrap();
    assert_eq!(last.body.action, "withdraw");
    assert!(
        last.body
            .before
            .as_ref()
            .unwrap()
            .get("withdrawn")
            .is_none()
    );
    assert_eq!(
        last.body.after.as_ref().unwrap()["withdrawn"]["reason"],
        "đính kèm nhầm tệp"
    );
    assert!(matches!(
        s.withdraw_attachment(meta.id, "lần nữa", gone.clone())
            .await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        s.withdraw_attachment(dondoc_domain::AttachmentId::new(999_999), "x", gone)
            .await,
        Err(StoreError::NotFound(_))
    ));
}

/// A report that also proposes completion: the task, the report and both events (the
/// report's, then the task's) in one write; a stale one stores nothing.
pub async fn completion_report_audited(s: S) {
    let f = fixture(&s).await;
    let t = s
        .insert_tasks(
            &[task(&f, "Báo cáo hoàn thành", &f.kt, on(d(2026, 8, 31)))],
            at(2026, 7, 1),
            Some(f.office.id),
        )
        .await
        .unwrap()
        .remove(0);
    let done = d(2026, 7, 20);
    let r =
        NewProgressReport::new(t.id, f.kt.id, f.kt_head.id, done, 100, "Đã xong", "", "").unwrap();
    let when = at(2026, 7, 20);
    let moved = TaskMove {
        before: t.clone(),
        after: t
            .record_progress(100)
            .unwrap()
            .propose_completion(done)
            .unwrap(),
        event: Some(NewEvent::new(
            when,
            Some(f.kt_head.id),
            "task",
            t.id.get(),
            "propose_completion",
        )),
    };
    let report_event = NewEvent::new(when, Some(f.kt_head.id), "report", 0, "report_progress");
    let events_before = s.events(None, 10_000).await.unwrap().len();
    let rep = s
        .insert_report(&r, Some(&moved), report_event.clone())
        .await
        .unwrap();
    assert_eq!(s.reports(t.id).await.unwrap(), vec![rep.clone()]);
    let stored = s.task(t.id).await.unwrap().unwrap();
    assert_eq!(
        (
            stored.status,
            stored.progress,
            stored.completed_on,
            stored.version
        ),
        (TaskStatus::CompletionProposed, 100, Some(done), 2)
    );
    let all = s.events(None, 10_000).await.unwrap();
    assert_eq!(all.len(), events_before + 2);
    verify_chain(&all, GENESIS.to_string()).unwrap();
    let (report_ev, task_ev) = (&all[all.len() - 2], &all[all.len() - 1]);
    assert_eq!(
        (report_ev.body.entity.as_str(), report_ev.body.entity_id),
        ("report", rep.id.get())
    );
    assert_eq!(
        report_ev.body.after,
        Some(serde_json::to_value(&rep).unwrap())
    );
    assert_eq!(task_ev.body.action, "propose_completion");
    assert_eq!(task_ev.body.before, Some(serde_json::to_value(&t).unwrap()));
    assert_eq!(
        task_ev.body.after,
        Some(serde_json::to_value(&stored).unwrap()),
        "the event describes the stored task"
    );
    // What the application keeps of its own writes (dondoc-app's task cache).
    assert_eq!(
        stored,
        dondoc_store::group::updated_task(&moved.after, rep.created_at),
        "the stored task is the move's, at the report's time"
    );
    assert_eq!(
        s.events_for("task", t.id.get())
            .await
            .unwrap()
            .iter()
            .map(|e| e.body.action.as_str())
            .collect::<Vec<_>>(),
        ["assign", "propose_completion"]
    );
    // The same move again is stale: nothing of it is stored.
    let r2 =
        NewProgressReport::new(t.id, f.kt.id, f.kt_head.id, done, 100, "Lần hai", "", "").unwrap();
    assert!(matches!(
        s.insert_report(&r2, Some(&moved), report_event).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(s.reports(t.id).await.unwrap(), vec![rep]);
    assert_eq!(s.task(t.id).await.unwrap().unwrap(), stored);
    assert_eq!(
        s.events(None, 10_000).await.unwrap().len(),
        events_before + 2
    );
}

pub async fn audit_chain_verifies(s: S) {
    let f = fixture(&s).await;
    let t = s
        .insert_tasks(
            &[task(&f, "Theo dõi", &f.kt, on(d(2026, 8, 31)))],
            at(2026, 7, 1),
            Some(f.office.id),
        )
        .await
        .unwrap()
        .remove(0);
    s.update_task(
        &t.receive().unwrap(),
        NewEvent::new(
            at(2026, 7, 2),
            Some(f.kt_head.id),
            "task",
            t.id.get(),
            "receive",
        ),
    )
    .await
    .unwrap();
    s.append_event(NewEvent::new(
        at(2026, 7, 2),
        Some(f.leader.id),
        "session",
        f.leader.id.get(),
        "sign_in",
    ))
    .await
    .unwrap();
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let batch = s.events(after, 5).await.unwrap();
        if batch.is_empty() {
            break;
        }
        after = batch.last().map(|e| e.id);
        all.extend(batch);
    }
    assert!(all.len() >= 9, "every change left an event ({})", all.len());
    let (n, _) = verify_chain(&all, GENESIS.to_string()).unwrap();
    assert_eq!(n as usize, all.len());
    let hist = s.events_for("task", t.id.get()).await.unwrap();
    assert_eq!(
        hist.iter()
            .map(|e| e.body.action.as_str())
            .collect::<Vec<_>>(),
        ["assign", "receive"]
    );
    let before = hist[1].body.before.as_ref().unwrap();
    assert_eq!(before["status"], "assigned");
    assert_eq!(hist[1].body.after.as_ref().unwrap()["status"], "received");
    assert_eq!(hist[1].body.actor, Some(f.kt_head.id));
}

pub async fn notifications_idempotent(s: S) {
    let f = fixture(&s).await;
    let n = NewNotification {
        person_id: f.kt_head.id,
        task_id: None,
        key: "due_soon:1:2026-07-28".into(),
        kind: "due_soon".into(),
        title: "Nhiệm vụ sắp đến hạn".into(),
        body: "Còn 3 ngày làm việc".into(),
    };
    assert!(
        s.insert_notification(&n, at(2026, 7, 28))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        s.insert_notification(&n, at(2026, 7, 28))
            .await
            .unwrap()
            .is_none(),
        "same key twice: recorded once"
    );
    let n2 = NewNotification {
        key: "overdue:1:2026-08-01".into(),
        ..n.clone()
    };
    let second = s
        .insert_notification(&n2, at(2026, 8, 1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.unread_count(f.kt_head.id).await.unwrap(), 2);
    assert_eq!(
        s.notifications(f.kt_head.id, false, PageRequest::default())
            .await
            .unwrap()
            .items[0]
            .id,
        second.id,
        "newest first"
    );
    assert_eq!(
        s.mark_read(f.kt_head.id, Some(second.id), at(2026, 8, 1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        s.mark_read(f.leader.id, None, at(2026, 8, 1))
            .await
            .unwrap(),
        0,
        "only one's own"
    );
    assert_eq!(s.unread_count(f.kt_head.id).await.unwrap(), 1);
    assert_eq!(
        s.notifications(f.kt_head.id, true, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
    let pending = s.unemailed(10).await.unwrap();
    assert_eq!(pending.len(), 2);
    s.mark_emailed(&[pending[0].id], at(2026, 8, 1))
        .await
        .unwrap();
    assert_eq!(s.unemailed(10).await.unwrap().len(), 1);
}

/// A settled matter's notices are marked read for everyone told, by the key's prefix
/// compared as text (`_` and `%` are no patterns), and no other notice.
pub async fn settled_notices_are_read_for_everyone(s: S) {
    let f = fixture(&s).await;
    let notice = |person: &Person, key: &str| NewNotification {
        person_id: person.id,
        task_id: None,
        key: key.into(),
        kind: "extension_requested".into(),
        title: "Đề nghị gia hạn chờ xử lý".into(),
        body: "…".into(),
    };
    for n in [
        notice(&f.office, "extension_request:5:1"),
        notice(&f.leader, "extension_request:5:2"),
        notice(&f.office, "extension_request:55:1"),
        notice(&f.leader, "extensionXrequest:5:2"),
        notice(&f.office, "extension_request%5:1"),
    ] {
        s.insert_notification(&n, at(2026, 7, 28)).await.unwrap();
    }
    assert_eq!(
        s.settle_notices("extension_request:5:", at(2026, 7, 29))
            .await
            .unwrap(),
        2
    );
    assert_eq!(s.unread_count(f.office.id).await.unwrap(), 2);
    assert_eq!(s.unread_count(f.leader.id).await.unwrap(), 1);
    let read = s
        .notifications(f.office.id, false, PageRequest::default())
        .await
        .unwrap()
        .items;
    let settled = read
        .iter()
        .find(|n| n.key == "extension_request:5:1")
        .unwrap();
    assert!(settled.read_at.is_some());
    // Settled again: nothing left to mark.
    assert_eq!(
        s.settle_notices("extension_request:5:", at(2026, 7, 30))
            .await
            .unwrap(),
        0
    );
}

pub async fn reminder_runs(s: S) {
    assert_eq!(s.last_reminder_run().await.unwrap(), None);
    s.record_reminder_run(d(2026, 7, 1), at(2026, 7, 1))
        .await
        .unwrap();
    s.record_reminder_run(d(2026, 7, 3), at(2026, 7, 3))
        .await
        .unwrap();
    s.record_reminder_run(d(2026, 7, 3), at(2026, 7, 3))
        .await
        .unwrap();
    assert_eq!(s.last_reminder_run().await.unwrap(), Some(d(2026, 7, 3)));
}

pub async fn bad_references_leave_data_intact(s: S) {
    let f = fixture(&s).await;
    let bad = NewTask::new(
        f.ward.id,
        "x",
        dondoc_domain::UnitId::new(424_242),
        on(d(2026, 8, 1)),
        d(2026, 7, 1),
        &Calendar::vietnam(),
    )
    .unwrap();
    let good = task(&f, "ok", &f.kt, on(d(2026, 8, 1)));
    let r = s.insert_tasks(&[good, bad], at(2026, 7, 1), None).await;
    assert!(matches!(r, Err(StoreError::Constraint(_))), "{r:?}");
    assert_eq!(
        s.tasks(&TaskFilter::default(), PageRequest::default())
            .await
            .unwrap()
            .total,
        0,
        "all or nothing"
    );
    let events_before = s.events(None, 1000).await.unwrap().len();
    let r = s
        .insert_direction(
            dondoc_domain::TaskId::new(777),
            None,
            f.leader.id,
            "x",
            ev("direction", "create"),
        )
        .await;
    assert!(r.is_err());
    assert_eq!(
        s.events(None, 1000).await.unwrap().len(),
        events_before,
        "no event for a refused write"
    );
}

/// Many concurrent writes (which the stores run by group commit): every acknowledged
/// write is there, each conflicting or invalid one fails alone and changes nothing, and
/// the audit chain stays linear with one event per successful write.
pub async fn concurrent_writes_group_commit(s: S) {
    let f = fixture(&s).await;
    let events_before = s.events(None, 10_000).await.unwrap().len();
    // 1. Concurrent creates, one of them invalid (an unknown lead unit).
    let mut handles = Vec::new();
    for i in 0..41 {
        let s = s.clone();
        let nt = if i == 20 {
            NewTask::new(
                f.ward.id,
                "đơn vị không tồn tại",
                dondoc_domain::UnitId::new(424_242),
                on(d(2026, 8, 1)),
                d(2026, 7, 1),
                &Calendar::vietnam(),
            )
            .unwrap()
        } else {
            let lead = if i % 2 == 0 { &f.kt } else { &f.vhxh };
            task(&f, &format!("Việc số {i}"), lead, on(d(2026, 8, 31)))
                .with_cooperating(&[f.vp.id])
                .unwrap()
        };
        let by = Some(f.office.id);
        handles.push(tokio::spawn(async move {
            (i, s.insert_tasks(&[nt], at(2026, 7, 1), by).await)
        }));
    }
    let mut created = Vec::new();
    for h in handles {
        let (i, r) = h.await.unwrap();
        if i == 20 {
            assert!(matches!(r, Err(StoreError::Constraint(_))), "{r:?}");
        } else {
            created.push(r.unwrap().remove(0));
        }
    }
    assert_eq!(created.len(), 40);
    for t in &created {
        assert_eq!(
            s.task(t.id).await.unwrap().as_ref(),
            Some(t),
            "acknowledged, stored"
        );
    }
    let all = s
        .tasks(&TaskFilter::default(), PageRequest::new(1, 500))
        .await
        .unwrap();
    assert_eq!(all.total, 40, "the invalid create left nothing");
    for t in &all.items {
        assert_eq!(
            s.task(t.id).await.unwrap().as_ref(),
            Some(t),
            "a page reads as a task does"
        );
    }

    // 2. Two concurrent updates of every task from the same version (one must lose),
    //    and progress reports, one of them on a task that does not exist.
    let mut handles = Vec::new();
    for t in &created {
        for (k, next) in [t.receive().unwrap(), t.return_to_assigner("sai").unwrap()]
            .into_iter()
            .enumerate()
        {
            let s = s.clone();
            handles.push(tokio::spawn(async move {
                let r = s.update_task(&next, ev("task", "x")).await;
                (next.id, k, r)
            }));
        }
    }
    let mut reports = Vec::new();
    for (i, t) in created.iter().take(10).enumerate() {
        let task_id = if i == 5 {
            dondoc_domain::TaskId::new(999_999)
        } else {
            t.id
        };
        let r = NewProgressReport::new(
            task_id,
            f.vp.id,
            f.office.id,
            d(2026, 7, 2),
            0,
            &format!("phối hợp {i}"),
            "",
            "",
        )
        .unwrap();
        let s = s.clone();
        reports.push(tokio::spawn(async move {
            (i, s.insert_report(&r, None, ev("report", "create")).await)
        }));
    }
    let mut winners = std::collections::HashMap::new();
    for h in handles {
        let (id, k, r) = h.await.unwrap();
        match r {
            Ok(saved) => {
                assert_eq!(saved.version, 2);
                assert!(
                    winners.insert(id, (k, saved)).is_none(),
                    "one winner per task"
                );
            }
            Err(e) => assert!(matches!(e, StoreError::Conflict), "{e:?}"),
        }
    }
    assert_eq!(winners.len(), 40, "every task has its one winner");
    for (id, (_, saved)) in &winners {
        assert_eq!(s.task(*id).await.unwrap().as_ref(), Some(saved));
    }
    let mut good_reports = 0;
    for h in reports {
        let (i, r) = h.await.unwrap();
        if i == 5 {
            assert!(matches!(r, Err(StoreError::Constraint(_))), "{r:?}");
        } else {
            let rep = r.unwrap();
            assert_eq!(s.reports(rep.task_id).await.unwrap(), vec![rep]);
            good_reports += 1;
        }
    }
    assert_eq!(good_reports, 9);

    // 3. One event per successful write, in one verifiable chain.
    let events = s.events(None, 10_000).await.unwrap();
    assert_eq!(events.len() - events_before, 40 + 40 + 9);
    let (n, _) = verify_chain(&events, GENESIS.to_string()).unwrap();
    assert_eq!(n as usize, events.len());
}

/// Two stores (two processes, say) writing to one database: each group writer sends a
/// group at once from the chain head its own last commit left, so after the other
/// store wrote, that head is stale. The database must refuse it (nothing of the group
/// stays) and the group must run again from the real head, without an error to the
/// caller; every write is stored once, ids never clash and the chain stays one chain.
/// Not in [`conformance_tests!`]: the caller opens both stores on the same database.
pub async fn two_writers_share_one_chain(a: S, b: S) {
    let f = fixture(&a).await;
    let new = |title: &str| task(&f, title, &f.kt, on(d(2026, 9, 30)));
    let create = |s: &S, title: &str| {
        let (s, t) = (s.clone(), new(title));
        async move {
            s.insert_tasks(&[t], at(2026, 7, 1), None)
                .await
                .unwrap()
                .remove(0)
        }
    };
    let report = |s: &S, t: &dondoc_domain::Task, percent: u8| {
        let s = s.clone();
        let t = t.clone();
        async move {
            let moved = t.record_progress(percent).unwrap();
            let r = NewProgressReport::new(
                t.id,
                f.kt.id,
                f.kt_head.id,
                d(2026, 7, 20),
                percent,
                "Đang thực hiện",
                "",
                "",
            )
            .unwrap();
            s.insert_report(&r, Some(&TaskMove::new(t, moved)), ev("report", "create"))
                .await
        }
    };
    // A writes (the second and third time from its remembered head).
    let t1 = create(&a, "Một").await;
    let t2 = create(&a, "Hai").await;
    report(&a, &t1, 20).await.unwrap();
    // B appends an event only: A's next ids are still free, its head is not.
    b.append_event(ev("unit", "note")).await.unwrap();
    let t3 = create(&a, "Ba").await;
    // B creates; A's remembered head is stale again, and so, once A has written, is B's.
    let t4 = create(&b, "Bốn").await;
    let (t5, r2) = tokio::join!(create(&a, "Năm"), report(&a, &t2, 30));
    r2.expect("a report after another writer wrote");
    let t6 = create(&b, "Sáu").await;
    let t1_now = a.task(t1.id).await.unwrap().unwrap();
    report(&b, &t1_now, 60).await.unwrap();
    // A stale task in a report is still a conflict, and stores nothing.
    assert!(matches!(
        report(&a, &t1, 90).await,
        Err(StoreError::Conflict)
    ));

    let all = [&t1, &t2, &t3, &t4, &t5, &t6];
    let mut ids: Vec<i64> = all.iter().map(|t| t.id.get()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "six tasks, six ids");
    for t in all {
        let stored = b.task(t.id).await.unwrap().expect("every task is stored");
        assert_eq!(stored.title, t.title);
    }
    assert_eq!(a.reports(t1.id).await.unwrap().len(), 2);
    assert_eq!(a.reports(t2.id).await.unwrap().len(), 1);
    let t1_end = b.task(t1.id).await.unwrap().unwrap();
    assert_eq!((t1_end.progress, t1_end.version), (60, 3));
    let events = a.events(None, 10_000).await.unwrap();
    verify_chain(&events, GENESIS.to_string()).expect("one chain");
    let assigned = events
        .iter()
        .filter(|e| e.body.entity == "task" && e.body.action == "assign")
        .count();
    assert_eq!(assigned, 6, "one assign event per task, none twice");
}

/// Two stores on one database (two processes, say): a list page read through one shows
/// the other's writes at once, whatever the first keeps of rows it has read (the SQLite
/// store answers pages from rows read before at the same version). Every row of every
/// page must equal a fresh read of that task.
/// Not in [`conformance_tests!`]: the caller opens both stores on the same database.
pub async fn lists_follow_other_writers(a: S, b: S) {
    let f = fixture(&a).await;
    let mut created = Vec::new();
    for (title, day) in [("Một", 10), ("Hai", 20), ("Ba", 30)] {
        let t = task(&f, title, &f.kt, on(d(2026, 9, day)));
        created.push(
            a.insert_tasks(&[t], at(2026, 7, 1), None)
                .await
                .unwrap()
                .remove(0),
        );
    }
    let inbox = TaskFilter {
        involving_unit: Some(f.kt.id),
        statuses: vec![
            TaskStatus::Assigned,
            TaskStatus::Received,
            TaskStatus::InProgress,
        ],
        ..Default::default()
    };
    let page = PageRequest::new(1, 100);
    // Each page as `s` shows it: (title, status, progress, version), and the total.
    let shown = |s: S| {
        let (inbox, other) = (inbox.clone(), b.clone());
        async move {
            let p = s.tasks(&inbox, page).await.unwrap();
            for t in &p.items {
                let fresh = other.task(t.id).await.unwrap().unwrap();
                assert_eq!(t, &fresh, "a listed row equals a fresh read");
            }
            let rows: Vec<(String, TaskStatus, u8, i64)> = p
                .items
                .iter()
                .map(|t| (t.title.clone(), t.status, t.progress, t.version))
                .collect();
            (rows, p.total)
        }
    };
    let row =
        |title: &str, status, progress, version| (title.to_string(), status, progress, version);
    let before = (
        vec![
            row("Một", TaskStatus::Assigned, 0, 1),
            row("Hai", TaskStatus::Assigned, 0, 1),
            row("Ba", TaskStatus::Assigned, 0, 1),
        ],
        3,
    );
    assert_eq!(shown(a.clone()).await, before);
    assert_eq!(shown(a.clone()).await, before, "the same page twice");

    // B moves one task within the page, one out of it, and adds one.
    let one = created[0].receive().unwrap();
    b.update_task(&one, ev("task", "receive")).await.unwrap();
    let three = created[2].stop("không còn cần thiết").unwrap();
    b.update_task(&three, ev("task", "stop")).await.unwrap();
    let four = task(&f, "Bốn", &f.kt, on(d(2026, 9, 5)));
    b.insert_tasks(&[four], at(2026, 7, 2), None).await.unwrap();
    let after_b = (
        vec![
            row("Bốn", TaskStatus::Assigned, 0, 1),
            row("Một", TaskStatus::Received, 0, 2),
            row("Hai", TaskStatus::Assigned, 0, 1),
        ],
        3,
    );
    assert_eq!(shown(a.clone()).await, after_b, "A sees B's writes");

    // And the other way round, after both have read the page.
    assert_eq!(shown(b.clone()).await, after_b);
    let one_now = a.task(created[0].id).await.unwrap().unwrap();
    let moved = one_now.record_progress(40).unwrap();
    a.update_task(&moved, ev("task", "progress")).await.unwrap();
    let after_a = (
        vec![
            row("Bốn", TaskStatus::Assigned, 0, 1),
            row("Một", TaskStatus::InProgress, 40, 3),
            row("Hai", TaskStatus::Assigned, 0, 1),
        ],
        3,
    );
    assert_eq!(shown(b.clone()).await, after_a, "B sees A's write");
    assert_eq!(shown(a.clone()).await, after_a);
}

/// A fresh fixture and one task led by the economic unit with the culture unit
/// co-operating: the task as stored, and the co-operating unit. For a backend's own
/// tests of what its database refuses.
pub async fn one_task_with_a_cooperator(s: &S) -> (dondoc_domain::Task, dondoc_domain::UnitId) {
    let f = fixture(s).await;
    let t = task(&f, "Phối hợp rà soát", &f.kt, on(d(2026, 9, 30)))
        .with_cooperating(&[f.vhxh.id])
        .unwrap();
    let stored = s
        .insert_tasks(&[t], at(2026, 7, 1), None)
        .await
        .unwrap()
        .remove(0);
    (stored, f.vhxh.id)
}
