//! The storage conformance suite against PostgreSQL, plus checks only a server backend
//! needs: many concurrent writers, a write seen from a new pool, bulk loading.
//!
//! Set `DONDOC_TEST_PG_URL` (e.g. `postgres://postgres@127.0.0.1:5432/test`) to run them.
//! Each test gets its own freshly created database, so tests can run in parallel; without
//! the variable every test says SKIPPED and passes, but with it an unreachable server is
//! a failure.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use dondoc_calendar::Calendar;
use dondoc_domain::audit::{GENESIS, NewEvent, verify_chain};
use dondoc_domain::{Deadline, Direction, DocKind, NewDocument, NewTask, UnitId};
use dondoc_store::{PageRequest, Store, StoreError, TaskFilter};
use dondoc_store_conformance::fixture;
use dondoc_store_postgres::PostgresStore;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::hash::{BuildHasher, Hasher};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Scratch databases older than this are dropped by later runs (tests never take this long).
const STALE_AFTER_SECS: u64 = 3600;

fn base_url() -> Option<String> {
    match std::env::var("DONDOC_TEST_PG_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!("SKIPPED: PostgreSQL conformance — set DONDOC_TEST_PG_URL to run it");
            None
        }
    }
}

fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // RandomState is seeded per process; the counter separates tests within one.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    format!("{:016x}", h.finish())
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Creates an empty database on the server named by `DONDOC_TEST_PG_URL` and returns
/// options that point at it; `None` (after saying so) when the variable is unset.
async fn scratch_db() -> Option<PgConnectOptions> {
    let url = base_url()?;
    let base = PgConnectOptions::from_str(&url)
        .unwrap_or_else(|e| panic!("DONDOC_TEST_PG_URL is not a PostgreSQL URL: {e}"));
    let mut admin = tokio::time::timeout(Duration::from_secs(15), base.connect())
        .await
        .unwrap_or_else(|_| panic!("PostgreSQL at {url} did not answer within 15 s"))
        .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL at {url}: {e}"));
    sweep_stale(&mut admin).await;
    // The creation time in the name lets later runs drop what this one leaves behind.
    let name = format!("dondoc_t_{}_{}", now_secs(), unique_suffix());
    let mut tries = 0;
    loop {
        // CREATE DATABASE copies template1 and fails if another session is in it at that
        // moment (e.g. a parallel CREATE on some versions): retry a few times.
        match sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .await
        {
            Ok(_) => break,
            Err(e) if tries < 10 => {
                eprintln!("CREATE DATABASE {name} failed ({e}); retrying");
                tries += 1;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("CREATE DATABASE {name}: {e}"),
        }
    }
    admin.close().await.ok();
    Some(base.database(&name))
}

/// Drops scratch databases from earlier runs; best effort, errors ignored (another test
/// process may be dropping the same one).
async fn sweep_stale(admin: &mut PgConnection) {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'dondoc\\_t\\_%'")
            .fetch_all(&mut *admin)
            .await
            .unwrap_or_default();
    let cutoff = now_secs().saturating_sub(STALE_AFTER_SECS);
    for name in names {
        let created = name
            .strip_prefix("dondoc_t_")
            .and_then(|rest| rest.split('_').next())
            .and_then(|secs| secs.parse::<u64>().ok());
        if created.is_some_and(|c| c < cutoff) {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut *admin)
                .await;
        }
    }
}

async fn fresh() -> Option<Arc<dyn Store>> {
    let opts = scratch_db().await?;
    let store = PostgresStore::open_with(opts)
        .await
        .expect("open the scratch PostgreSQL database");
    Some(Arc::new(store))
}

dondoc_store_conformance::conformance_tests!(fresh);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, 3, 0, 0).unwrap()
}

fn ev(entity: &str, action: &str) -> NewEvent {
    NewEvent::new(at(2026, 7, 1), None, entity, 0, action)
}

fn new_task(org: UnitId, title: &str, lead: UnitId, coop: &[UnitId], due: NaiveDate) -> NewTask {
    NewTask::new(
        org,
        title,
        lead,
        Deadline::OnDate { date: due },
        d(2026, 7, 1),
        &Calendar::vietnam(),
    )
    .unwrap()
    .with_cooperating(coop)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_concurrent_writers_issue_numbers_and_insert_tasks() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let store: Arc<dyn Store> = Arc::new(PostgresStore::open_with(opts).await.unwrap());
    let f = fixture(&store).await;
    let (ward, kt, vp) = (f.ward.id, f.kt.id, f.vp.id);
    const WRITERS: usize = 8;
    const ROUNDS: usize = 6;
    let mut handles = Vec::new();
    for w in 0..WRITERS {
        let s = store.clone();
        handles.push(tokio::spawn(async move {
            let mut serials = Vec::new();
            for r in 0..ROUNDS {
                let doc = NewDocument::new(
                    ward,
                    Direction::Outgoing,
                    DocKind::CongVan,
                    "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN",
                    &format!("công văn {w}-{r}"),
                )
                .unwrap();
                let doc = s
                    .insert_document(&doc, ev("document", "register"))
                    .await
                    .unwrap();
                let issued = s
                    .issue_document(
                        doc.id,
                        "normal",
                        "UBND-VP",
                        d(2026, 9, 1),
                        ev("document", "issue"),
                    )
                    .await
                    .unwrap();
                serials.push(issued.number.unwrap().serial().parse::<u32>().unwrap());
                let tasks = [
                    new_task(
                        ward,
                        &format!("nhiệm vụ {w}-{r} a"),
                        kt,
                        &[vp],
                        d(2026, 9, 30),
                    )
                    .from_document(doc.id, Some("1")),
                    new_task(
                        ward,
                        &format!("nhiệm vụ {w}-{r} b"),
                        vp,
                        &[],
                        d(2026, 8, 15),
                    ),
                ];
                let created = s.insert_tasks(&tasks, at(2026, 9, 1), None).await.unwrap();
                let received = created[0].receive().unwrap();
                s.update_task(&received, ev("task", "receive"))
                    .await
                    .unwrap();
            }
            serials
        }));
    }
    let mut serials = Vec::new();
    for h in handles {
        serials.extend(h.await.unwrap());
    }
    serials.sort_unstable();
    let n = (WRITERS * ROUNDS) as u32;
    assert_eq!(serials, (1..=n).collect::<Vec<_>>(), "unique and gap-free");

    let all = store
        .tasks(&TaskFilter::default(), PageRequest::new(1, 500))
        .await
        .unwrap();
    assert_eq!(all.total, 2 * u64::from(n));
    assert_eq!(
        all.items.iter().filter(|t| t.version == 2).count(),
        n as usize,
        "every update landed once"
    );
    let events = store.events(None, 100_000).await.unwrap();
    let (verified, _) = verify_chain(&events, GENESIS.to_string()).expect("one linear chain");
    // fixture: 4 units + 3 people; per round: register, issue, 2 assigns, receive.
    assert_eq!(verified as usize, 7 + WRITERS * ROUNDS * 5);
}

#[tokio::test]
async fn a_committed_write_is_visible_from_a_new_pool() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let first = PostgresStore::open_with(opts.clone()).await.unwrap();
    let s: Arc<dyn Store> = Arc::new(first.clone());
    let f = fixture(&s).await;
    let t = s
        .insert_tasks(
            &[new_task(
                f.ward.id,
                "Lưu bền",
                f.kt.id,
                &[f.vp.id],
                d(2026, 9, 30),
            )],
            at(2026, 7, 1),
            None,
        )
        .await
        .unwrap()
        .remove(0);
    first.pool().close().await;
    drop(s);

    // A brand-new pool (and a second, idempotent migration run).
    let second = PostgresStore::open_with(opts).await.unwrap();
    assert_eq!(second.task(t.id).await.unwrap(), Some(t));
    assert_eq!(second.units().await.unwrap().len(), 4);
    let events = second.events(None, 1000).await.unwrap();
    verify_chain(&events, GENESIS.to_string()).unwrap();
}

/// The group writer owns its connection: when the server drops it (a restart, an
/// administrator), the next write makes a new one instead of failing.
#[tokio::test]
async fn the_writer_reconnects_after_its_connection_is_killed() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let store = PostgresStore::open_with(opts.clone()).await.unwrap();
    let s: Arc<dyn Store> = Arc::new(store.clone());
    let f = fixture(&s).await;
    let task = |title: &str| new_task(f.ward.id, title, f.kt.id, &[], d(2026, 9, 30));
    let first = s
        .insert_tasks(&[task("Trước")], at(2026, 7, 1), None)
        .await
        .unwrap()
        .remove(0);
    // Every other session of this database, the writer's among them.
    let mut admin = opts.connect().await.unwrap();
    let killed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(!killed.is_empty());
    // The backends end asynchronously; give them a moment.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = s
        .insert_tasks(&[task("Sau")], at(2026, 7, 2), None)
        .await
        .expect("a write after the connection was killed");
    // The writer sent the second task at once on the dead connection, asked the database
    // whether that landed (no), and ran it again with fresh ids: the ids the lost
    // statement carried are not used again, since a session still running it would hold
    // them.
    assert!(second[0].id.get() > first.id.get());
    // Both are stored and the chain is whole.
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM tasks")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(count, 2);
    let events = {
        let fresh = PostgresStore::open_with(opts).await.unwrap();
        fresh.events(None, 1000).await.unwrap()
    };
    verify_chain(&events, GENESIS.to_string()).unwrap();
}

#[tokio::test]
async fn bulk_insert_spans_chunks_and_keeps_cooperators() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let store = PostgresStore::open_with(opts).await.unwrap();
    let s: Arc<dyn Store> = Arc::new(store.clone());
    let f = fixture(&s).await;
    let cal = Calendar::vietnam();
    // More than one chunk, with a mix of due dates, co-operators and secret tasks.
    let tasks: Vec<NewTask> = (0..12_003)
        .map(|i| {
            let lead = if i % 2 == 0 { f.kt.id } else { f.vhxh.id };
            let coop: &[UnitId] = if i % 3 == 0 { &[f.vp.id] } else { &[] };
            let deadline = if i % 5 == 0 {
                Deadline::Ongoing {
                    cycle: dondoc_domain::ReportingCycle::Quarterly,
                }
            } else {
                Deadline::OnDate {
                    date: d(2026, 7, 1) + chrono::Days::new((i % 120) as u64),
                }
            };
            NewTask::new(
                f.ward.id,
                &format!("Việc số {i}"),
                lead,
                deadline,
                d(2026, 7, 1),
                &cal,
            )
            .unwrap()
            .with_cooperating(coop)
            .unwrap()
            .secret(i % 7 == 0)
        })
        .collect();
    store
        .bulk_insert_tasks(&tasks, at(2026, 7, 1))
        .await
        .unwrap();

    let count = |filter: TaskFilter| {
        let s = s.clone();
        async move {
            s.tasks(&filter, PageRequest::new(1, 1))
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(count(TaskFilter::default()).await, 12_003);
    assert_eq!(
        count(TaskFilter {
            involving_unit: Some(f.vp.id),
            ..Default::default()
        })
        .await,
        4_001
    );
    assert_eq!(
        count(TaskFilter {
            exclude_secret: true,
            ..Default::default()
        })
        .await,
        12_003 - 1_715
    );
    assert_eq!(
        count(TaskFilter {
            search: Some("viec so 12002".into()),
            ..Default::default()
        })
        .await,
        1
    );
    let c = s
        .bucket_counts(&TaskFilter::default(), d(2026, 7, 1))
        .await
        .unwrap();
    assert_eq!((c.in_progress, c.overdue, c.total()), (12_003, 0, 12_003));
    // A bulk-loaded task reads back like any other, co-operators included.
    let first = s
        .tasks(
            &TaskFilter {
                search: Some("viec so 3".into()),
                due_from: Some(d(2026, 7, 4)),
                due_to: Some(d(2026, 7, 4)),
                ..Default::default()
            },
            PageRequest::new(1, 500),
        )
        .await
        .unwrap();
    let t3 = first.items.iter().find(|t| t.title == "Việc số 3").unwrap();
    assert_eq!(t3.cooperating, vec![f.vp.id]);
    assert_eq!((t3.version, t3.due_date), (1, Some(d(2026, 7, 4))));
    assert!(
        s.events(None, 100).await.unwrap().len() == 7,
        "bulk loading writes no events"
    );
}

/// PostgreSQL text cannot hold NUL (SQLite's can): such input is refused as invalid data,
/// not reported as a broken database, and the refused write leaves no event behind.
#[tokio::test]
async fn nul_in_text_is_refused_as_invalid_input() {
    let Some(s) = fresh().await else {
        return;
    };
    let r = s.append_event(ev("unit\0x", "create")).await;
    assert!(matches!(r, Err(StoreError::Constraint(_))), "{r:?}");
    assert!(s.events(None, 10).await.unwrap().is_empty());
    s.append_event(ev("unit", "create")).await.unwrap();
}

#[tokio::test]
async fn bad_url_is_an_error_not_a_panic() {
    let r = PostgresStore::open("mysql://nope").await;
    assert!(r.is_err());
}

/// The benchmark's load, timed: `cargo test -p dondoc-store-postgres --release -- --ignored`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "loads a million rows; run by hand"]
async fn bulk_load_a_million_tasks() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let store = PostgresStore::open_with(opts).await.unwrap();
    let s: Arc<dyn Store> = Arc::new(store.clone());
    let f = fixture(&s).await;
    let cal = Calendar::vietnam();
    let units = [f.kt.id, f.vhxh.id, f.vp.id];
    let tasks: Vec<NewTask> = (0..1_000_000u64)
        .map(|i| {
            let deadline = Deadline::OnDate {
                date: d(2026, 7, 1) + chrono::Days::new(i % 365),
            };
            NewTask::new(
                f.ward.id,
                &format!("Nhiệm vụ số {i}"),
                units[(i % 3) as usize],
                deadline,
                d(2026, 7, 1),
                &cal,
            )
            .unwrap()
        })
        .collect();
    let t0 = std::time::Instant::now();
    store
        .bulk_insert_tasks(&tasks, at(2026, 7, 1))
        .await
        .unwrap();
    eprintln!("bulk_insert_tasks: 1,000,000 tasks in {:?}", t0.elapsed());
    sqlx::query("ANALYZE tasks")
        .execute(store.pool())
        .await
        .unwrap();
    let t1 = std::time::Instant::now();
    let c = s
        .bucket_counts(
            &TaskFilter {
                org_id: Some(f.ward.id),
                ..Default::default()
            },
            d(2026, 12, 1),
        )
        .await
        .unwrap();
    eprintln!("bucket_counts over 1,000,000 tasks: {:?}", t1.elapsed());
    assert_eq!(c.total(), 1_000_000);
}

/// Two stores on one database, as two servers would be.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_writers_share_one_chain() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let a = PostgresStore::open_with(opts.clone()).await.unwrap();
    let b = PostgresStore::open_with(opts).await.unwrap();
    dondoc_store_conformance::two_writers_share_one_chain(Arc::new(a), Arc::new(b)).await;
}

/// Two stores on one database: a list page follows the other's writes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_follow_other_writers() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let a = PostgresStore::open_with(opts.clone()).await.unwrap();
    let b = PostgresStore::open_with(opts).await.unwrap();
    dondoc_store_conformance::lists_follow_other_writers(Arc::new(a), Arc::new(b)).await;
}

/// The database itself keeps the audit chain linear: an event that does not follow the
/// newest one is refused, whoever inserts it; and the trigger takes the same advisory
/// lock as the store's writers.
#[tokio::test]
async fn the_database_refuses_an_event_off_the_head() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let s = PostgresStore::open_with(opts.clone()).await.unwrap();
    let head = s
        .append_event(NewEvent::new(at(2026, 7, 1), None, "unit", 1, "create"))
        .await
        .unwrap();
    let mut conn = opts.connect().await.unwrap();
    let insert = |prev: &str| {
        sqlx::query(
            "INSERT INTO events (at, actor, entity, entity_id, action, before, after, prev_hash, hash)
             VALUES (now(), NULL, 'unit', 2, 'create', NULL, NULL, $1, 'h')",
        )
        .bind(prev.to_string())
    };
    let err = insert("not the head")
        .execute(&mut conn)
        .await
        .expect_err("an event off the head");
    assert!(err.to_string().contains("audit chain"), "{err}");
    insert(GENESIS)
        .execute(&mut conn)
        .await
        .expect_err("the genesis hash once there is a head");
    insert(&head.hash).execute(&mut conn).await.unwrap();
    let migration = include_str!("../../migrations/0004_events_follow_head.sql");
    assert!(
        migration.contains(&format!(
            "pg_advisory_xact_lock({})",
            dondoc_store_postgres::WRITE_LOCK
        )),
        "the trigger's lock is WRITE_LOCK"
    );
}

/// The audit trail is append-only (migration 0007): no event is changed, deleted or
/// truncated away, whoever asks, and the events stay as they were.
#[tokio::test]
async fn the_database_refuses_to_change_or_remove_events() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let s = PostgresStore::open_with(opts.clone()).await.unwrap();
    let ev = s
        .append_event(NewEvent::new(at(2026, 7, 1), None, "unit", 1, "create"))
        .await
        .unwrap();
    let mut conn = opts.connect().await.unwrap();
    for sql in [
        "UPDATE events SET action = 'x'",
        "DELETE FROM events",
        "TRUNCATE events",
    ] {
        let err = sqlx::query(sql).execute(&mut conn).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let events = s.events(None, 10).await.unwrap();
    assert_eq!(events, vec![ev]);
}

/// The counters' bookkeeping (migration 0005): see the conformance crate.
#[tokio::test]
async fn totals_match_their_counters_and_no_counter_stays_empty() {
    let Some(opts) = scratch_db().await else {
        return;
    };
    let s = PostgresStore::open_with(opts).await.unwrap();
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
    let Some(opts) = scratch_db().await else {
        return;
    };
    let mut conn = opts.connect().await.unwrap();
    // The schema as of migration 0010 (before handed_again_on and the sub-task rule).
    let all = sqlx::migrate!("./migrations");
    let old = sqlx::migrate::Migrator {
        migrations: all
            .migrations
            .iter()
            .filter(|m| m.version <= 10)
            .cloned()
            .collect::<Vec<_>>()
            .into(),
        ..sqlx::migrate!("./migrations")
    };
    old.run(&mut conn).await.unwrap();
    sqlx::raw_sql(
        "INSERT INTO units (id, parent_id, kind, name, abbreviation)
             VALUES (1, NULL, 'authority', 'Ủy ban nhân dân phường Kiến An', 'UBND'),
                    (2, 1, 'unit', 'Phòng Văn hóa - Xã hội', 'VH-XH');
         INSERT INTO tasks (id, org_id, title, lead_unit, parent_task, deadline, due_date,
                            assigned_on, status, is_open, urgency, updated_at, search)
             VALUES (1, 1, 'Rà soát hộ nghèo', 2, NULL,
                     '{\"type\":\"on_date\",\"date\":\"2026-08-31\"}', '2026-08-31',
                     '2026-07-01', 'received', TRUE, 'normal', '2026-07-01T02:00:00Z', 'ra soat'),
                    (2, 1, 'Phần việc của chuyên viên', 2, 1,
                     '{\"type\":\"on_date\",\"date\":\"2026-07-20\"}', '2026-07-20',
                     '2026-07-02', 'assigned', TRUE, 'normal', '2026-07-02T02:00:00Z', 'phan viec');
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
                     '2026-12-31T18:00:00Z');
         SELECT setval('documents_id_seq', 4);",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let counted: i64 = sqlx::query_scalar("SELECT SUM(n)::BIGINT FROM task_totals")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(counted, 2, "before: the sub-task was counted");
    conn.close().await.unwrap();

    let s = PostgresStore::open_with(opts).await.unwrap();
    let t = s
        .task(dondoc_domain::TaskId::new(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.title, "Rà soát hộ nghèo");
    assert_eq!(t.handed_again_on, None);
    assert_eq!(t.handed_on(), t.assigned_on);
    let day = d(2026, 8, 1);
    let ward = TaskFilter {
        org_id: Some(UnitId::new(1)),
        ..Default::default()
    };
    let c = s.bucket_counts(&ward, day).await.unwrap();
    assert_eq!((c.total(), c.in_progress, c.overdue), (1, 1, 0));
    let per_unit = s.unit_bucket_counts(UnitId::new(1), day).await.unwrap();
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
    assert_eq!(granted, vec![Some(d(2026, 8, 31)), None]);
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
}
