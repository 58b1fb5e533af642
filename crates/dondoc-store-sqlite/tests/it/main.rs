//! The storage conformance suite against SQLite (a fresh temporary file per test).

use dondoc_store::Store;
use dondoc_store_sqlite::SqliteStore;
use std::sync::Arc;

async fn fresh() -> Option<Arc<dyn Store>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.keep().join("test.db");
    let store = SqliteStore::open(&format!("sqlite://{}", path.display()))
        .await
        .expect("open sqlite");
    Some(Arc::new(store))
}

dondoc_store_conformance::conformance_tests!(fresh);

#[tokio::test]
async fn integrity_check_passes_on_a_fresh_file() {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
    s.integrity_check().await.unwrap();
    // Reopening applies no migration twice.
    drop(s);
    SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
}

/// A ward with one unit, and a maker of tasks led by that unit (due 31/08/2026).
async fn ward_with_unit(
    s: &SqliteStore,
) -> (
    chrono::DateTime<chrono::Utc>,
    impl Fn(&str) -> dondoc_domain::NewTask,
) {
    use chrono::{NaiveDate, TimeZone, Utc};
    use dondoc_calendar::Calendar;
    use dondoc_domain::{Deadline, NewTask, NewUnit, UnitKind};
    let at = Utc
        .with_ymd_and_hms(2026, 7, 1, 3, 0, 0)
        .single()
        .expect("instant");
    let ev = || dondoc_domain::audit::NewEvent::new(at, None, "unit", 0, "create");
    let ward = s
        .insert_unit(
            &NewUnit::new(None, UnitKind::Authority, "UBND phường", "UBND", &[]).expect("ward"),
            ev(),
        )
        .await
        .expect("unit stored");
    let unit = s
        .insert_unit(
            &NewUnit::new(Some(ward.id), UnitKind::Unit, "Phòng KT", "KT", &[]).expect("unit"),
            ev(),
        )
        .await
        .expect("unit stored");
    let day = NaiveDate::from_ymd_opt(2026, 7, 1).expect("date");
    let mk = move |title: &str| {
        NewTask::new(
            ward.id,
            title,
            unit.id,
            Deadline::OnDate {
                date: NaiveDate::from_ymd_opt(2026, 8, 31).expect("date"),
            },
            day,
            &Calendar::vietnam(),
        )
        .expect("task")
    };
    (at, mk)
}

/// The list reads a page as one JSON value; a row whose instant is stored in another
/// form sqlx accepts ("YYYY-MM-DD HH:MM:SS") is read row by row, with the same result.
#[tokio::test]
async fn task_page_falls_back_to_rows_for_other_stored_forms() {
    use dondoc_store::{PageRequest, TaskFilter};
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
    let (at, mk) = ward_with_unit(&s).await;
    let tasks = s
        .insert_tasks(&[mk("một"), mk("hai")], at, None)
        .await
        .unwrap();
    let all = TaskFilter::default();
    let page = s.tasks(&all, PageRequest::new(1, 10)).await.unwrap();
    assert_eq!((page.items.clone(), page.total), (tasks.clone(), 2));
    // (A change must move the version: migration 0010.)
    sqlx::query(
        "UPDATE tasks SET updated_at = '2026-07-01 03:00:00', version = version + 1 WHERE id = ?",
    )
    .bind(tasks[1].id.get())
    .execute(s.pool())
    .await
    .unwrap();
    let mut expected = tasks;
    expected[1].version += 1;
    let again = s.tasks(&all, PageRequest::new(1, 10)).await.unwrap();
    assert_eq!((again.items, again.total), (expected, 2));
}

/// Committed writes reach the database file without the writer checkpointing: the
/// checkpointer copies them from the WAL shortly after, long before the WAL reaches the
/// writers' own checkpoint mark (`checkpoint::FALLBACK_PAGES`).
#[tokio::test]
async fn the_wal_is_checkpointed_beside_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.db");
    let s = SqliteStore::open(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let (at, mk) = ward_with_unit(&s).await;
    let size = || std::fs::metadata(&file).unwrap().len();
    let before = size();
    for i in 0..20 {
        let batch: Vec<_> = (0..10).map(|j| mk(&format!("việc {i}-{j}"))).collect();
        s.insert_tasks(&batch, at, None).await.unwrap();
    }
    // Far below the writers' own mark: 200 tasks fill a few hundred pages of WAL.
    let wal = std::fs::metadata(dir.path().join("x.db-wal"))
        .unwrap()
        .len();
    assert!(wal < 4_000 * 4_096, "WAL of {wal} bytes");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while size() <= before {
        assert!(
            std::time::Instant::now() < deadline,
            "the database file stayed at {before} bytes: nothing was checkpointed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// Two stores on one file, as two processes would be (the server and the command line).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_writers_share_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("x.db").display());
    let a = SqliteStore::open(&url).await.unwrap();
    let b = SqliteStore::open(&url).await.unwrap();
    dondoc_store_conformance::two_writers_share_one_chain(Arc::new(a), Arc::new(b)).await;
}

/// Two stores on one file: a list page follows the other's writes (`src/known.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_follow_other_writers() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("x.db").display());
    let a = SqliteStore::open(&url).await.unwrap();
    let b = SqliteStore::open(&url).await.unwrap();
    dondoc_store_conformance::lists_follow_other_writers(Arc::new(a), Arc::new(b)).await;
}

/// What the kept rows of `src/known.rs` rest on, held by the database (migration 0010):
/// a change to a task row that keeps its version, deleting a task, and changing its
/// co-operating units are refused, whoever writes; nothing of them is stored.
#[tokio::test]
async fn the_database_keeps_task_rows_at_their_version() {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
    let pool = s.pool().clone();
    let s: Arc<dyn Store> = Arc::new(s);
    let (t, coop) = dondoc_store_conformance::one_task_with_a_cooperator(&s).await;
    for (sql, why) in [
        (
            "UPDATE tasks SET title = 'x' WHERE id = ?",
            "every change to a task must increase its version",
        ),
        (
            "UPDATE tasks SET title = 'x', version = version - 1 WHERE id = ?",
            "must increase its version",
        ),
        ("DELETE FROM tasks WHERE id = ?", "never deleted"),
        (
            "DELETE FROM task_cooperators WHERE task_id = ?",
            "written once",
        ),
        (
            "UPDATE task_cooperators SET unit_id = unit_id WHERE task_id = ?",
            "written once",
        ),
    ] {
        let err = sqlx::query(sql)
            .bind(t.id.get())
            .execute(&pool)
            .await
            .expect_err(sql);
        assert!(err.to_string().contains(why), "{sql}: {err}");
    }
    let now = s.task(t.id).await.unwrap().unwrap();
    assert_eq!(now, t, "nothing changed");
    assert_eq!(now.cooperating, [coop]);
    sqlx::query("UPDATE tasks SET title = 'Đã sửa', version = version + 1 WHERE id = ?")
        .bind(t.id.get())
        .execute(&pool)
        .await
        .expect("a change that moves the version");
    assert_eq!(s.task(t.id).await.unwrap().unwrap().version, t.version + 1);
}

/// The audit trail is append-only (migration 0011): no event is changed or deleted,
/// whoever asks, and the events stay as they were.
#[tokio::test]
async fn the_database_refuses_to_change_or_remove_events() {
    use chrono::Utc;
    use dondoc_domain::audit::NewEvent;
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
    let ev = s
        .append_event(NewEvent::new(Utc::now(), None, "unit", 1, "create"))
        .await
        .unwrap();
    for sql in ["UPDATE events SET action = 'x'", "DELETE FROM events"] {
        let err = sqlx::query(sql).execute(s.pool()).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let events = s.events(None, 10).await.unwrap();
    assert_eq!(events, vec![ev]);
}

/// The database itself keeps the audit chain linear: an event that does not follow the
/// newest one is refused, whoever inserts it.
#[tokio::test]
async fn the_database_refuses_an_event_off_the_head() {
    use chrono::Utc;
    use dondoc_domain::audit::NewEvent;
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
    let head = s
        .append_event(NewEvent::new(Utc::now(), None, "unit", 1, "create"))
        .await
        .unwrap();
    let insert = |prev: &str| {
        sqlx::query(
            "INSERT INTO events (at, actor, entity, entity_id, action, before, after, prev_hash, hash)
             VALUES ('2026-07-01T03:00:00Z', NULL, 'unit', 2, 'create', NULL, NULL, ?, 'h')",
        )
        .bind(prev.to_string())
    };
    let err = insert("not the head")
        .execute(s.pool())
        .await
        .expect_err("an event off the head");
    assert!(err.to_string().contains("audit chain"), "{err}");
    let genesis = dondoc_domain::audit::GENESIS;
    insert(genesis)
        .execute(s.pool())
        .await
        .expect_err("the genesis hash once there is a head");
    insert(&head.hash).execute(s.pool()).await.unwrap();
}

/// The counters' bookkeeping (migration 0005): see the conformance crate.
#[tokio::test]
async fn totals_match_their_counters_and_no_counter_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
    let pool = s.pool().clone();
    dondoc_store_conformance::counters_and_totals_agree(Arc::new(s), |sql| {
        let pool = pool.clone();
        async move { sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap() }
    })
    .await;
}

/// A database made before the last migrations, with a task and a sub-task, upgrades
/// when the store opens it: the task reads back as stored (given on its assignment day),
/// and the statistics counters, which counted the sub-task, are counted again without it;
/// an extension granted before `granted_date` existed reads as granting the date asked.
#[tokio::test]
async fn an_older_database_upgrades_with_its_tasks_and_exact_counters() {
    use dondoc_store::TaskFilter;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use std::str::FromStr;

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("old.db").display());
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::from_str(&url)
                .unwrap()
                .create_if_missing(true),
        )
        .await
        .unwrap();
    // The schema as of migration 0014 (before handed_again_on and the sub-task rule).
    let all = sqlx::migrate!("./migrations");
    let old = sqlx::migrate::Migrator {
        migrations: all
            .migrations
            .iter()
            .filter(|m| m.version <= 14)
            .cloned()
            .collect::<Vec<_>>()
            .into(),
        ..sqlx::migrate!("./migrations")
    };
    old.run(&pool).await.unwrap();
    sqlx::raw_sql(
        "INSERT INTO units (id, parent_id, kind, name, abbreviation)
             VALUES (1, NULL, 'authority', 'Ủy ban nhân dân phường Kiến An', 'UBND'),
                    (2, 1, 'unit', 'Phòng Văn hóa - Xã hội', 'VH-XH');
         INSERT INTO tasks (id, org_id, title, lead_unit, parent_task, deadline, due_date,
                            assigned_on, status, is_open, urgency, updated_at, search)
             VALUES (1, 1, 'Rà soát hộ nghèo', 2, NULL,
                     '{\"type\":\"on_date\",\"date\":\"2026-08-31\"}', '2026-08-31',
                     '2026-07-01', 'received', 1, 'normal', '2026-07-01T02:00:00Z', 'ra soat'),
                    (2, 1, 'Phần việc của chuyên viên', 2, 1,
                     '{\"type\":\"on_date\",\"date\":\"2026-07-20\"}', '2026-07-20',
                     '2026-07-02', 'assigned', 1, 'normal', '2026-07-02T02:00:00Z', 'phan viec');
         INSERT INTO people (id, unit_id, full_name, position, role)
             VALUES (1, 2, 'Trần Văn Bình', 'Trưởng phòng', 'unit_head');
         INSERT INTO extensions (id, task_id, requested_by, old_date, new_date, reason,
                                 status, decided_by, created_at)
             VALUES (1, 1, 1, '2026-08-14', '2026-08-31', 'chờ vốn', 'granted', 1,
                     '2026-08-03T02:00:00Z'),
                    (2, 1, 1, '2026-08-31', '2026-09-30', 'chờ vốn', 'refused', 1,
                     '2026-08-20T02:00:00Z');
         INSERT INTO documents (id, org_id, direction, kind, issuer, subject, urgency, secrecy,
                                registered_at)
             VALUES (1, 1, 'incoming', 'cong_van', 'SỞ NỘI VỤ', 'a', 'normal', 'normal',
                     '2026-03-02T02:00:00Z'),
                    (2, 1, 'outgoing', 'cong_van', 'UBND', 'b', 'normal', 'normal',
                     '2026-03-03T02:00:00Z'),
                    (3, 1, 'incoming', 'cong_van', 'SỞ Y TẾ', 'c', 'normal', 'normal',
                     '2026-03-04T02:00:00Z'),
                    (4, 1, 'incoming', 'thong_bao', 'SỞ NỘI VỤ', 'd', 'normal', 'normal',
                     '2026-12-31T18:00:00Z');",
    )
    .execute(&pool)
    .await
    .unwrap();
    let counted: i64 = sqlx::query_scalar("SELECT SUM(n) FROM task_totals")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(counted, 2, "before: the sub-task was counted");
    pool.close().await;

    let s = SqliteStore::open(&url).await.unwrap();
    let t = s
        .task(dondoc_domain::TaskId::new(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.title, "Rà soát hộ nghèo");
    assert_eq!(t.handed_again_on, None);
    assert_eq!(t.handed_on(), t.assigned_on);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
    let ward = TaskFilter {
        org_id: Some(dondoc_domain::UnitId::new(1)),
        ..Default::default()
    };
    let c = s.bucket_counts(&ward, day).await.unwrap();
    assert_eq!((c.total(), c.in_progress, c.overdue), (1, 1, 0));
    let per_unit = s
        .unit_bucket_counts(dondoc_domain::UnitId::new(1), day)
        .await
        .unwrap();
    assert_eq!(per_unit.len(), 1);
    assert_eq!(per_unit[0].counts.total(), 1);
    // An extension granted before granted_date existed granted the date asked for.
    let granted = s
        .extensions(dondoc_domain::TaskId::new(1))
        .await
        .unwrap()
        .iter()
        .map(|e| e.granted_date)
        .collect::<Vec<_>>();
    assert_eq!(
        granted,
        vec![
            Some(chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap()),
            None
        ]
    );
    // Incoming documents registered before the register of incoming documents are
    // numbered in order, per year of Vietnam's time; the register goes on after them.
    let mut serials = Vec::new();
    for id in 1..=4 {
        serials.push(
            s.document(dondoc_domain::DocumentId::new(id))
                .await
                .unwrap()
                .unwrap()
                .received_serial,
        );
    }
    assert_eq!(serials, [Some(1), None, Some(2), Some(1)]);
    let next = dondoc_domain::NewDocument::new(
        dondoc_domain::UnitId::new(1),
        dondoc_domain::Direction::Incoming,
        dondoc_domain::DocKind::CongVan,
        "SỞ TÀI CHÍNH",
        "e",
    )
    .unwrap();
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 9, 1, 2, 0, 0).unwrap();
    let ev = dondoc_domain::audit::NewEvent::new(at, None, "document", 0, "register");
    assert_eq!(
        s.insert_document(&next, ev).await.unwrap().received_serial,
        Some(3)
    );
    s.integrity_check().await.unwrap();
}
