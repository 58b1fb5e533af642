//! The Kiến An letter's whole cycle through the JSON API, against a server started in
//! this process on 127.0.0.1:0 with a temporary SQLite database and a fixed clock.
//!
//! Intake of the letter (its five sections assigned), a unit reports progress with an
//! obstacle, a leader gives direction, an extension is asked and granted, completion is
//! confirmed, and on a given date the four statistics buckets hold exactly the expected
//! tasks. Run with `cargo test -p dondoc`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;

use chrono::{NaiveDate, TimeZone, Utc};
use dondoc_app::{App, FixedClock};
use dondoc_calendar::Calendar;
use dondoc_domain::{NewPerson, NewUnit, Position, Role, Unit, UnitKind};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

const LETTER: &str = include_str!("../../../dondoc-app/demo/kien-an-letter.txt");
const PW: &str = "mat-khau-thu-nghiem";

struct Server {
    base: String,
    clock: Arc<FixedClock>,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// 10:00 in Vietnam on the given day.
fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 3, 0, 0).unwrap()
}

async fn start() -> (Server, Vec<Unit>) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cycle.db").display());
    let store = dondoc_store_sqlite::SqliteStore::open(&url).await.unwrap();
    let clock = Arc::new(FixedClock::new(at(2026, 7, 1)));
    let app = App::new(Arc::new(store), Calendar::vietnam(), clock.clone());

    let ward = app
        .create_unit(
            None,
            NewUnit::new(
                None,
                UnitKind::Authority,
                "Ủy ban nhân dân phường Kiến An",
                "UBND",
                &["UBND phường"],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    let mk = |n: &str, a: &str, al: &[&str]| {
        NewUnit::new(Some(ward.id), UnitKind::Unit, n, a, al).unwrap()
    };
    let vp = app
        .create_unit(
            None,
            mk(
                "Văn phòng HĐND và UBND",
                "VP",
                &["Văn phòng HĐND và UBND phường"],
            ),
        )
        .await
        .unwrap();
    let kt = app
        .create_unit(
            None,
            mk(
                "Phòng Kinh tế - Hạ tầng và Đô thị",
                "KT-HT-ĐT",
                &["Phòng Kinh tế, hạ tầng và Đô thị phường"],
            ),
        )
        .await
        .unwrap();
    let vh = app
        .create_unit(
            None,
            mk(
                "Phòng Văn hóa - Xã hội",
                "VH-XH",
                &["Phòng Văn hóa - Xã hội phường"],
            ),
        )
        .await
        .unwrap();
    let sn = app
        .create_unit(
            None,
            mk(
                "Trung tâm Dịch vụ Sự nghiệp công",
                "TTDVSNC",
                &["Trung tâm Dịch vụ Sự nghiệp công phường"],
            ),
        )
        .await
        .unwrap();
    let people = [
        (
            &ward,
            "Đỗ Mạnh Cường",
            Position::ChuTich,
            Role::Leader,
            "chutich",
        ),
        (
            &vp,
            "Nguyễn Thị Hồng Nhung",
            Position::PhoChanhVanPhong,
            Role::Office,
            "vanphong",
        ),
        (
            &kt,
            "Trần Quốc Bảo",
            Position::TruongPhong,
            Role::UnitHead,
            "ktht",
        ),
        (
            &vh,
            "Hoàng Minh Tuấn",
            Position::TruongPhong,
            Role::UnitHead,
            "vhxh",
        ),
        (
            &sn,
            "Ngô Thị Lan",
            Position::GiamDoc,
            Role::UnitHead,
            "dvsnc",
        ),
    ];
    for (u, name, pos, role, user) in people {
        app.create_person(
            None,
            NewPerson::new(u.id, name, pos, role, Some(user), None).unwrap(),
            Some(PW),
        )
        .await
        .unwrap();
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = dondoc_web::AppState {
        app,
        config: Arc::new(dondoc_web::WebConfig::default()),
    };
    tokio::spawn(dondoc_web::serve(listener, state, std::future::pending()));
    let server = Server {
        base,
        clock,
        http: reqwest::Client::new(),
        _dir: dir,
    };
    (server, vec![ward, vp, kt, vh, sn])
}

impl Server {
    async fn login(&self, user: &str) -> String {
        let r = self
            .http
            .post(format!("{}/api/v1/session", self.base))
            .json(&json!({"username": user, "password": PW}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "sign-in of {user}");
        r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }
    async fn call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self
            .http
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
    async fn get(&self, token: &str, path: &str) -> Value {
        let (s, v) = self.call(token, reqwest::Method::GET, path, None).await;
        assert_eq!(s, StatusCode::OK, "GET {path}: {v}");
        v
    }
    async fn post(&self, token: &str, path: &str, body: Value) -> Value {
        let (s, v) = self
            .call(token, reqwest::Method::POST, path, Some(body))
            .await;
        assert!(s.is_success(), "POST {path}: {s} {v}");
        v
    }
}

fn ids(v: &Value) -> Vec<i64> {
    let mut out: Vec<i64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    out.sort();
    out
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_letters_whole_cycle_through_the_api() {
    let (srv, units) = start().await;
    let (vp, kt, vh, sn) = (&units[1], &units[2], &units[3], &units[4]);
    let office = srv.login("vanphong").await;

    // 1. Intake: the parser reads the letter; five sections, four units resolved.
    let draft = srv
        .post(&office, "/intake/draft", json!({ "text": LETTER }))
        .await;
    let assignments = draft["assignments"].as_array().unwrap();
    assert_eq!(assignments.len(), 5, "five sections, five leads");
    let resolved: Vec<Option<i64>> = assignments
        .iter()
        .map(|a| a["lead_unit"].as_i64())
        .collect();
    assert_eq!(
        resolved,
        [
            None,
            Some(kt.id.get()),
            Some(vh.id.get()),
            Some(sn.id.get()),
            Some(vp.id.get())
        ]
    );
    let counts: Vec<usize> = assignments
        .iter()
        .map(|a| a["tasks"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [1, 4, 2, 2, 1]);

    // The Office confirms, giving the duties dates where the letter gives none:
    // section 1 goes to every unit; section 2 due 31/7, section 3 due 15/7.
    let mut tasks = Vec::new();
    for (i, a) in assignments.iter().enumerate() {
        let leads: Vec<i64> = match a["lead_unit"].as_i64() {
            Some(u) => vec![u],
            None => vec![vp.id.get(), kt.id.get(), vh.id.get(), sn.id.get()],
        };
        let deadline = match i {
            1 => json!({"type": "on_date", "date": "2026-07-31"}),
            2 => json!({"type": "on_date", "date": "2026-07-15"}),
            0 => json!({"type": "on_date", "date": "2026-08-31"}),
            _ => a["deadline"].clone(),
        };
        for lead in leads {
            for duty in a["tasks"].as_array().unwrap() {
                tasks.push(json!({"title": duty, "lead_unit": lead, "deadline": deadline, "section": a["section"]}));
            }
        }
    }
    assert_eq!(tasks.len(), 13, "section 1 to four units + 4 + 2 + 2 + 1");
    let d = &draft["document"];
    let confirmed = srv
        .post(&office, "/intake/confirm", json!({
            "document": {"direction": "outgoing", "kind": d["kind"], "issuer": "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN", "place": d["place"], "subject": d["subject"], "body": LETTER},
            "tasks": tasks,
        }))
        .await;
    let doc_id = confirmed["document"]["id"].as_i64().unwrap();
    let created = confirmed["tasks"].as_array().unwrap();
    assert_eq!(created.len(), 13);
    let listed = srv
        .get(&office, &format!("/tasks?document={doc_id}&per_page=100"))
        .await;
    assert_eq!(listed["total"], 13);
    let sections: std::collections::BTreeSet<String> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["section"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        sections.into_iter().collect::<Vec<_>>(),
        ["1", "2", "3", "4", "5"],
        "all five sections assigned"
    );
    let by = |lead: i64, needle: &str| -> i64 {
        created
            .iter()
            .find(|t| t["lead_unit"] == lead && t["title"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no task of {lead} with {needle}"))["id"]
            .as_i64()
            .unwrap()
    };
    let disbursement = by(kt.id.get(), "giải ngân");
    let land = by(kt.id.get(), "giải phóng mặt bằng");
    let drowning = by(vh.id.get(), "đuối nước");

    // 2. The unit receives and reports progress with an obstacle.
    let ktht = srv.login("ktht").await;
    let t = srv
        .post(
            &ktht,
            &format!("/tasks/{disbursement}/receive"),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(t["status"], "received");
    // A second receive based on the old version is a conflict, not a silent overwrite.
    let (s, v) = srv
        .call(
            &ktht,
            reqwest::Method::POST,
            &format!("/tasks/{disbursement}/receive"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let report = srv
        .post(&ktht, &format!("/tasks/{disbursement}/reports"), json!({
            "percent": 45, "narrative": "Đã giải ngân 45% kế hoạch vốn.",
            "obstacles": "Vướng mắc giải phóng mặt bằng 12 hộ dân.", "proposals": "Đề nghị chỉ đạo tổ công tác đối thoại."
        }))
        .await;
    let report_id = report["id"].as_i64().unwrap();
    // A unit cannot act on another unit's task.
    let (s, _) = srv
        .call(
            &ktht,
            reqwest::Method::POST,
            &format!("/tasks/{drowning}/receive"),
            Some(json!({})),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "another unit's task is invisible");

    // 3. The leader sees the obstacle on the dashboard and gives direction.
    let chair = srv.login("chutich").await;
    let dash = srv.get(&chair, "/dashboard").await;
    let obstacles = dash["obstacles"].as_array().unwrap();
    assert_eq!(obstacles.len(), 1);
    assert_eq!(obstacles[0][0]["id"], report_id);
    srv.post(&chair, &format!("/tasks/{disbursement}/directions"), json!({"report": report_id, "text": "Giao tổ công tác GPMB đối thoại với các hộ dân trong tháng 7."})).await;
    assert!(
        srv.get(&chair, "/dashboard").await["obstacles"]
            .as_array()
            .unwrap()
            .is_empty(),
        "answered"
    );
    let detail = srv.get(&ktht, &format!("/tasks/{disbursement}")).await;
    assert_eq!(
        detail["directions"].as_array().unwrap().len(),
        1,
        "the unit sees the direction"
    );
    // Only leaders direct.
    let (s, _) = srv
        .call(
            &office,
            reqwest::Method::POST,
            &format!("/tasks/{disbursement}/directions"),
            Some(json!({"text": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // 4. An extension is asked and granted.
    srv.post(&ktht, &format!("/tasks/{land}/receive"), json!({}))
        .await;
    let ext = srv
        .post(
            &ktht,
            &format!("/tasks/{land}/extensions"),
            json!({"new_date": "2026-08-14", "reason": "Chờ phê duyệt phương án bồi thường."}),
        )
        .await;
    let (s, _) = srv
        .call(
            &ktht,
            reqwest::Method::POST,
            &format!("/extensions/{}/decision", ext["id"]),
            Some(json!({"grant": true})),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::FORBIDDEN,
        "the unit cannot grant its own extension"
    );
    let granted = srv
        .post(
            &office,
            &format!("/extensions/{}/decision", ext["id"]),
            json!({"grant": true, "note": "Đồng ý."}),
        )
        .await;
    assert_eq!(granted["status"], "granted");
    assert_eq!(
        date(
            srv.get(&office, &format!("/tasks/{land}")).await["task"]["due_date"]
                .as_str()
                .unwrap()
        ),
        date("2026-08-14")
    );

    // 5. Completion is proposed and confirmed: one on time, one late.
    srv.clock.set(at(2026, 7, 20));
    // Sessions last a working day: sign in again on the new day.
    let (ktht, office) = (srv.login("ktht").await, srv.login("vanphong").await);
    srv.post(
        &ktht,
        &format!("/tasks/{disbursement}/propose-completion"),
        json!({}),
    )
    .await;
    let done = srv
        .post(
            &office,
            &format!("/tasks/{disbursement}/confirm-completion"),
            json!({}),
        )
        .await;
    assert_eq!(done["status"], "completed");
    let vhxh = srv.login("vhxh").await;
    srv.post(&vhxh, &format!("/tasks/{drowning}/receive"), json!({}))
        .await;
    // A completion report proposes completion in the same request; it must say 100%.
    let (s, v) = srv
        .call(
            &vhxh,
            reqwest::Method::POST,
            &format!("/tasks/{drowning}/reports"),
            Some(json!({"percent": 90, "narrative": "Gần xong", "propose_completion": true})),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let rep = srv
        .post(
            &vhxh,
            &format!("/tasks/{drowning}/reports"),
            json!({"percent": 100, "narrative": "Đã tổ chức 3 lớp dạy bơi cho 120 trẻ em.",
                   "propose_completion": true}),
        )
        .await;
    assert_eq!(rep["percent"], 100);
    let t = srv.get(&vhxh, &format!("/tasks/{drowning}")).await;
    assert_eq!(t["task"]["status"], "completion_proposed", "{t}");
    assert_eq!(t["reports"].as_array().unwrap().len(), 1);
    srv.post(
        &office,
        &format!("/tasks/{drowning}/confirm-completion"),
        json!({}),
    )
    .await;

    // 6. On 1/8/2026 the four buckets hold exactly the expected tasks.
    srv.clock.set(at(2026, 8, 1));
    let office = srv.login("vanphong").await;
    let stats = srv.get(&office, &format!("/stats?document={doc_id}")).await;
    let c = &stats["counts"];
    let expect_overdue: Vec<i64> = {
        // Section 2's other two tasks (due 31/7, not extended) and section 3's remaining one (due 15/7).
        let mut v: Vec<i64> = created
            .iter()
            .filter(|t| {
                (t["lead_unit"] == kt.id.get() || t["lead_unit"] == vh.id.get())
                    && t["section"] != "1"
            })
            .map(|t| t["id"].as_i64().unwrap())
            .filter(|id| ![disbursement, land, drowning].contains(id))
            .collect();
        v.sort();
        v
    };
    assert_eq!(expect_overdue.len(), 3);
    assert_eq!(
        (
            c["done_on_time"].as_u64(),
            c["done_late"].as_u64(),
            c["overdue"].as_u64(),
            c["in_progress"].as_u64()
        ),
        (Some(1), Some(1), Some(3), Some(8))
    );
    let bucket = |b: &'static str| {
        let srv = &srv;
        let office = office.clone();
        async move {
            ids(&srv
                .get(
                    &office,
                    &format!("/tasks?document={doc_id}&bucket={b}&per_page=100"),
                )
                .await)
        }
    };
    assert_eq!(bucket("done_on_time").await, vec![disbursement]);
    assert_eq!(bucket("done_late").await, vec![drowning]);
    assert_eq!(bucket("overdue").await, expect_overdue);
    assert!(
        bucket("in_progress").await.contains(&land),
        "extended: still on time"
    );

    // 7. Every change is in the audit chain, and the chain is intact.
    let audit = srv.get(&office, "/audit/verify").await;
    assert_eq!(audit["ok"], true, "{audit}");
    let history = srv.get(&office, &format!("/tasks/{disbursement}")).await["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert_eq!(
        history,
        [
            "assign",
            "receive",
            "propose_completion",
            "confirm_completion"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_refuses_bad_input_and_keeps_data() {
    let (srv, units) = start().await;
    let office = srv.login("vanphong").await;
    // Unauthenticated.
    let r = srv
        .http
        .get(format!("{}/api/v1/tasks", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unauthenticated");
    // Wrong password.
    let r = srv
        .http
        .post(format!("{}/api/v1/session", srv.base))
        .json(&json!({"username": "vanphong", "password": "sai"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Malformed JSON and bad values.
    let r = srv
        .http
        .post(format!("{}/api/v1/tasks", srv.base))
        .bearer_auth(&office)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    let (s, v) = srv.call(&office, reqwest::Method::POST, "/tasks", Some(json!({"title": "  ", "lead_unit": units[2].id.get(), "deadline": {"type": "on_date", "date": "2026-08-01"}}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, _) = srv.call(&office, reqwest::Method::POST, "/tasks", Some(json!([
        {"title": "hợp lệ", "lead_unit": units[2].id.get(), "deadline": {"type": "on_date", "date": "2026-08-01"}},
        {"title": "đơn vị không tồn tại", "lead_unit": 9999, "deadline": {"type": "on_date", "date": "2026-08-01"}}
    ]))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        srv.get(&office, "/tasks").await["total"],
        0,
        "a refused batch stores nothing"
    );
    let (s, _) = srv
        .call(
            &office,
            reqwest::Method::GET,
            "/tasks?status=nonsense",
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // Pagination is capped.
    let p = srv.get(&office, "/tasks?per_page=100000").await;
    assert_eq!(p["per_page"], 500);
}
