//! The binary itself: --help, --version, cal, parse and the audit check on a real file.

use std::process::Command;

fn dondoc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dondoc"))
}

#[test]
fn help_and_version() {
    let out = dondoc().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for sub in [
        "serve", "demo", "migrate", "parse", "cal", "remind", "report", "audit",
    ] {
        assert!(text.contains(sub), "--help lists {sub}");
    }
    let v = dondoc().arg("--version").output().unwrap();
    assert!(String::from_utf8(v.stdout).unwrap().starts_with("dondoc "));
}

#[test]
fn bad_database_url_is_a_clear_error() {
    let out = dondoc()
        .args(["migrate", "--db", "mysql://x"])
        // Even where developers ask for backtraces, a user's mistake gets a message only.
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("Lỗi: "), "{err}");
    assert!(err.contains("URL cơ sở dữ liệu không hợp lệ"), "{err}");
    assert!(!err.contains("backtrace"), "{err}");
}

/// A mistyped database path is an error for every command that reads one, not a new
/// empty database ("no user vanphong" would then suggest the accounts were lost).
#[test]
fn a_mistyped_database_path_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nham.db");
    let db = format!("sqlite://{}", missing.display());
    for args in [
        vec!["task", "list", "--as", "vanphong"],
        vec!["unit", "list"],
        vec!["remind", "--dry-run"],
        vec!["report", "--as", "vanphong", "--format", "xlsx", "--out"],
    ] {
        let mut cmd = dondoc();
        cmd.args(&args);
        if args[0] == "report" {
            cmd.arg(dir.path().join("bc.xlsx"));
        }
        let out = cmd.args(["--db", &db]).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("không tìm thấy cơ sở dữ liệu"),
            "{args:?}: {err}"
        );
        assert!(!missing.exists(), "{args:?} created a database");
    }
}

/// The check of a database that is not there fails instead of creating an empty one
/// and calling it intact; and the newest events removed (which the database refuses
/// until its trigger is dropped, and which leaves a whole chain) are caught by the head
/// noted from an earlier check.
#[test]
fn audit_verify_needs_the_database_and_catches_a_cut_with_the_noted_head() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co.db");
    let out = dondoc()
        .args(["audit", "verify", "--db"])
        .arg(format!("sqlite://{}", missing.display()))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("không tìm thấy cơ sở dữ liệu"), "{err}");
    assert!(!missing.exists(), "no empty database was created");

    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let demo = dondoc()
        .args(["demo", "--no-serve", "--db", &db])
        .output()
        .unwrap();
    assert!(demo.status.success());
    let verify = |head: Option<&str>| {
        let mut c = dondoc();
        c.args(["audit", "verify", "--db", &db]);
        if let Some(h) = head {
            c.args(["--head", h]);
        }
        c.output().unwrap()
    };
    let ok = verify(None);
    assert!(ok.status.success());
    let text = String::from_utf8(ok.stdout).unwrap();
    let head = text
        .lines()
        .find_map(|l| l.strip_prefix("Mã băm mới nhất: "))
        .expect("the head is printed")
        .trim()
        .to_string();
    assert_eq!(head.len(), 64, "{head}");
    assert!(verify(Some(&head)).status.success());
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let s = dondoc_store_sqlite::SqliteStore::open(&db).await.unwrap();
        let newest = "DELETE FROM events WHERE id = (SELECT max(id) FROM events)";
        sqlx::query(newest)
            .execute(s.pool())
            .await
            .expect_err("the database refuses to delete an event");
        sqlx::query("DROP TRIGGER events_never_deleted")
            .execute(s.pool())
            .await
            .unwrap();
        sqlx::query(newest).execute(s.pool()).await.unwrap();
    });
    // The chain that is left is whole; only the noted head shows the cut.
    assert!(verify(None).status.success());
    let cut = verify(Some(&head));
    assert!(!cut.status.success());
    let err = String::from_utf8_lossy(&cut.stderr);
    assert!(err.contains("NHẬT KÝ BỊ CẮT"), "{err}");
}

#[test]
fn demo_then_audit_verify_detects_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let out = dondoc()
        .args(["demo", "--no-serve", "--db", &db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("vanphong") && text.contains("chutich"),
        "accounts printed"
    );
    let ok = dondoc()
        .args(["audit", "verify", "--db", &db])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8(ok.stdout).unwrap().contains("nguyên vẹn"));
    // Someone edits history behind dondoc's back: one byte of a stored event changes
    // in the database file itself (same length, so SQLite still reads the row).
    // First move the WAL into the file: a corrupted WAL frame would make SQLite drop the
    // WAL's tail, which hides the edit instead of simulating it.
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let s = dondoc_store_sqlite::SqliteStore::open(&db).await.unwrap();
        s.checkpoint().await.unwrap();
    });
    let path = dir.path().join("demo.db");
    let wal = dir.path().join("demo.db-wal");
    let mut patched = false;
    for p in [&path, &wal] {
        let Ok(mut bytes) = std::fs::read(p) else {
            continue;
        };
        // Every copy (live row, freed pages, WAL frames) so the live one is surely hit.
        let hits: Vec<usize> = bytes
            .windows(7)
            .enumerate()
            .filter(|(_, w)| *w == b"hand_to")
            .map(|(i, _)| i)
            .collect();
        for pos in &hits {
            bytes[pos + 5..pos + 7].copy_from_slice(b"xx");
        }
        if !hits.is_empty() {
            std::fs::write(p, &bytes).unwrap();
            patched = true;
        }
    }
    assert!(patched, "the event to tamper with was found");
    let bad = dondoc()
        .args(["audit", "verify", "--db", &db])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("NHẬT KÝ BỊ SỬA"));
}

/// A recorded urging run for a day after today is refused (its notices would go out
/// early and the real runs until then would find the day done); previewing it is not.
#[test]
fn remind_records_no_day_that_has_not_come() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let demo = dondoc()
        .args(["demo", "--no-serve", "--db", &db])
        .output()
        .unwrap();
    assert!(demo.status.success(), "{demo:?}");
    let future = (chrono::Utc::now().date_naive() + chrono::Days::new(30))
        .format("%Y-%m-%d")
        .to_string();
    let out = dondoc()
        .args(["remind", "--db", &db, "--today", &future])
        .env_remove("DONDOC_SMTP_URL")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("chưa đến") && err.contains("--dry-run"),
        "{err}"
    );
    let preview = dondoc()
        .args(["remind", "--db", &db, "--today", &future, "--dry-run"])
        .output()
        .unwrap();
    assert!(preview.status.success(), "{preview:?}");
    // Today's real run still evaluates: nothing was recorded for the later day.
    let now = dondoc()
        .args(["remind", "--db", &db])
        .env_remove("DONDOC_SMTP_URL")
        .output()
        .unwrap();
    assert!(now.status.success(), "{now:?}");
    let text = String::from_utf8_lossy(&now.stdout);
    assert!(!text.contains("đã chạy trong ngày"), "{text}");
    // After it, a preview of today says the real run would record only the day's new
    // work, and an earlier day is not said to have "run today".
    let preview = dondoc()
        .args(["remind", "--db", &db, "--dry-run"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&preview.stdout);
    assert!(text.contains("lần chạy thật cho ngày"), "{text}");
    assert!(
        text.contains("sẽ chỉ ghi thông báo «Nhiệm vụ mới giao»"),
        "{text}"
    );
    let past = (chrono::Utc::now().date_naive() - chrono::Days::new(10))
        .format("%Y-%m-%d")
        .to_string();
    let earlier = dondoc()
        .args(["remind", "--db", &db, "--today", &past])
        .env_remove("DONDOC_SMTP_URL")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&earlier.stdout);
    assert!(text.contains("không chạy lại cho ngày trước đó"), "{text}");
}

/// Command-line mistakes and missing files are told in Vietnamese, with clap's exit
/// status for usage errors.
#[test]
fn usage_errors_and_missing_files_are_told_in_vietnamese() {
    let out = dondoc()
        .args(["task", "list", "--page", "abc"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("giá trị \"abc\" của --page") && err.contains("số nguyên"),
        "{err}"
    );
    assert!(!err.contains("invalid digit"), "{err}");
    let out = dondoc().args(["khong-co-lenh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không có lệnh khong-co-lenh"));
    // Help still prints as clap prints it, and succeeds.
    assert!(
        dondoc()
            .args(["cal", "--help"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let out = dondoc()
        .args(["parse", "/khong/co/tep.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("không có tệp hay thư mục này"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}

/// A reader that goes away (`dondoc parse … | head -1`) ends the command quietly, as
/// Unix tools end, not with a panic on the closed pipe.
#[test]
fn a_closed_pipe_is_no_panic() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("letter.txt");
    // Large enough that the JSON does not fit in the pipe's buffer.
    let letter = include_str!("../../../dondoc-app/demo/kien-an-letter.txt");
    std::fs::write(&file, letter.repeat(40)).unwrap();
    let mut child = dondoc()
        .args(["parse", "--format", "json"])
        .arg(&file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reader is gone: its end of the pipe was dropped with it.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

/// `unit add --organ-code` sets an authority's agency code (checked first: nothing is
/// created from a bad one or for a unit inside an authority), and `unit list` shows it.
#[test]
fn an_authority_gets_its_agency_code_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("dv.db").display());
    assert!(
        dondoc()
            .args(["migrate", "--db", &db])
            .output()
            .unwrap()
            .status
            .success()
    );
    let add = |args: &[&str]| {
        dondoc()
            .args(["unit", "add", "--db", &db])
            .args(args)
            .output()
            .unwrap()
    };
    let out = add(&[
        "--kind",
        "authority",
        "--name",
        "Ủy ban nhân dân phường X",
        "--abbreviation",
        "UBND",
        "--organ-code",
        "000.00.31.h26",
    ]);
    assert!(out.status.success(), "{out:?}");
    let out = add(&[
        "--kind",
        "authority",
        "--name",
        "Ủy ban nhân dân xã Y",
        "--abbreviation",
        "UBND",
        "--organ-code",
        "mã sai",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mã định danh"));
    let out = add(&[
        "--parent",
        "1",
        "--name",
        "Văn phòng",
        "--abbreviation",
        "VP",
        "--organ-code",
        "000.00.31.H27",
    ]);
    assert!(!out.status.success());
    let list = dondoc()
        .args(["unit", "list", "--db", &db])
        .output()
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(list.contains("mã định danh 000.00.31.H26"), "{list}");
    assert_eq!(list.lines().count(), 1, "nothing else created: {list}");
}
