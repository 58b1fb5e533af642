//! The pages over plain HTTP: CSRF, sign-in throttling, escaping, the 404 page, unit
//! isolation, and the OpenAPI document against the API's routes.

use crate::spawn;
use dondoc_app::TaskInput;
use dondoc_domain::{Deadline, ReportingCycle, Role};
use reqwest::StatusCode;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn sign_in(base: &str, user: &str) -> reqwest::Client {
    let c = client();
    let r = c
        .post(format!("{base}/dang-nhap"))
        .form(&[
            ("username", user),
            ("password", "kienan2026"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in of {user}");
    c
}

/// The CSRF secret of the signed-in session, as the pages print it.
async fn csrf_of(c: &reqwest::Client, base: &str) -> String {
    let html = html_of(c, format!("{base}/tai-khoan")).await;
    let at = html.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

/// Posts the task page's progress-report form of task `id` with `fields`.
async fn post_report(
    c: &reqwest::Client,
    base: &str,
    id: i64,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    c.post(format!("{base}/nhiem-vu/{id}/bao-cao"))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// The text of the page at `url`, as `c` gets it.
async fn html_of(c: &reqwest::Client, url: impl reqwest::IntoUrl) -> String {
    c.get(url).send().await.unwrap().text().await.unwrap()
}

/// One task given by `actor`, as stored.
async fn assign_one(
    s: &crate::TestServer,
    actor: &dondoc_domain::policy::Actor,
    input: TaskInput,
) -> dondoc_domain::Task {
    s.app.assign(actor, vec![input]).await.unwrap().remove(0)
}

async fn person(s: &crate::TestServer, user: &str) -> dondoc_domain::policy::Actor {
    let people = s.app.people().await.unwrap();
    let p = people
        .iter()
        .find(|p| p.username.as_deref() == Some(user))
        .unwrap();
    s.app.actor_for(p).await.unwrap()
}

/// A task of the letter led by the unit of `unit_user`.
async fn task_of_unit(s: &crate::TestServer, unit_user: &str) -> i64 {
    let actor = person(s, unit_user).await;
    let office = person(s, "vanphong").await;
    s.app
        .tasks(
            &office,
            // One of the letter's (ongoing) tasks: the demo's earlier ones may be done.
            dondoc_store::TaskFilter {
                unit_id: Some(actor.unit_id),
                ongoing: true,
                ..Default::default()
            },
            dondoc_store::PageRequest::new(1, 1),
        )
        .await
        .unwrap()
        .items[0]
        .id
        .get()
}

/// An ongoing task (monthly report by the 20th) for `lead`, as the Office gives one.
fn ongoing_task(title: &str, lead: dondoc_domain::UnitId) -> TaskInput {
    TaskInput {
        title: title.into(),
        lead_unit: lead.get(),
        cooperating: vec![],
        assignee: None,
        document_id: None,
        section: None,
        deadline: Deadline::Ongoing {
            cycle: ReportingCycle::Monthly { day: 20 },
        },
        urgency: None,
        parent_task: None,
        secret: false,
    }
}

/// A browser signed in through the form carries its session cookie to the API as well:
/// the API's writes then need the session's CSRF secret in `X-CSRF-Token`, or a page of
/// another site could post through that cookie. Nothing is written without it.
#[tokio::test]
async fn api_writes_with_the_session_cookie_need_the_csrf_header() {
    let s = spawn().await;
    let c = sign_in(&s.base, "ktht").await;
    let id = task_of_unit(&s, "ktht").await;
    let url = format!("{}/api/v1/tasks/{id}/reports", s.base);
    let body = serde_json::json!({"percent": 5, "narrative": "qua cookie"});
    let reports_before = s
        .app
        .store()
        .reports(dondoc_domain::TaskId::new(id))
        .await
        .unwrap()
        .len();
    for token in [None, Some("sai")] {
        let mut r = c.post(&url).json(&body);
        if let Some(t) = token {
            r = r.header("x-csrf-token", t);
        }
        let r = r.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "token {token:?}");
    }
    let reports = s
        .app
        .store()
        .reports(dondoc_domain::TaskId::new(id))
        .await
        .unwrap();
    assert_eq!(
        reports.len(),
        reports_before,
        "a refused write wrote nothing"
    );
    // Reading needs no token; writing with the right one goes through.
    let r = c
        .get(format!("{}/api/v1/tasks/{id}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csrf = csrf_of(&c, &s.base).await;
    let r = c
        .post(&url)
        .header("x-csrf-token", csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn forms_without_the_csrf_field_are_refused() {
    let s = spawn().await;
    let c = sign_in(&s.base, "ktht").await;
    let id = task_of_unit(&s, "ktht").await;
    let r = post_report(
        &c,
        &s.base,
        id,
        &[("percent", "50"), ("narrative", "đã làm")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body = r.text().await.unwrap();
    assert!(body.contains("Phiên biểu mẫu không hợp lệ"), "{body}");
    // A wrong token is refused too; the right one passes.
    let r = post_report(
        &c,
        &s.base,
        id,
        &[("csrf", "sai"), ("percent", "50"), ("narrative", "đã làm")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let csrf = csrf_of(&c, &s.base).await;
    let r = post_report(
        &c,
        &s.base,
        id,
        &[
            ("csrf", csrf.as_str()),
            ("percent", "50"),
            ("narrative", "đã làm"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Signing out is a form as well.
    let r = c
        .post(format!("{}/dang-xuat", s.base))
        .form(&[("csrf", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Its address opened as a page offers the button, and does not sign out by itself.
    let r = c.get(format!("{}/dang-xuat", s.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("kết thúc phiên làm việc"), "{html}");
    let r = c.get(format!("{}/hop-viec", s.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "still signed in");
}

#[tokio::test]
async fn sign_in_is_throttled_after_too_many_failures() {
    let s = spawn().await;
    let c = client();
    let mut last = StatusCode::OK;
    let mut body = String::new();
    for _ in 0..7 {
        let r = c
            .post(format!("{}/dang-nhap", s.base))
            .form(&[("username", "chutich"), ("password", "sai-mat-khau")])
            .send()
            .await
            .unwrap();
        last = r.status();
        body = r.text().await.unwrap();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("Đăng nhập sai quá nhiều lần"), "{body}");
    // The typed user name is kept in the form.
    assert!(body.contains("value=\"chutich\""));
    // Even the right password is refused for now.
    let r = c
        .post(format!("{}/dang-nhap", s.base))
        .form(&[("username", "chutich"), ("password", "kienan2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn user_content_is_escaped() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let kt = person(&s, "ktht").await;
    let evil = "<script>alert('x')</script> & <b>đậm</b>";
    let t = assign_one(&s, &office, ongoing_task(evil, kt.unit_id)).await;
    let c = sign_in(&s.base, "ktht").await;
    for path in [
        format!("/nhiem-vu/{}", t.id.get()),
        "/hop-viec?muc=moi".to_string(),
        "/tim-kiem?q=alert".to_string(),
    ] {
        let html = html_of(&c, format!("{}{path}", s.base)).await;
        // askama writes `<` as `&#60;` (or `&lt;`): either way, text, not markup.
        assert!(
            html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
            "{path}: title missing"
        );
        assert!(!html.contains("<script>alert"), "{path}: not escaped");
        assert!(!html.contains("<b>đậm</b>"), "{path}: not escaped");
    }
}

#[tokio::test]
async fn unknown_pages_answer_in_vietnamese() {
    let s = spawn().await;
    let r = client()
        .get(format!("{}/khong-co-trang-nay", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(html.contains("lang=\"vi\""));
    assert!(html.contains("Không tìm thấy trang"), "{html}");
    // Nobody signed in: no menu.
    assert!(!html.contains("class=\"mainnav\""), "{html}");
    // Under the API the answer stays JSON.
    let r = client()
        .get(format!("{}/api/v1/khong-co", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "not_found");
    // A missing task is a Vietnamese page too.
    let c = sign_in(&s.base, "vanphong").await;
    let r = c
        .get(format!("{}/nhiem-vu/999999", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(html.contains("Không tìm thấy nhiệm vụ"), "{html}");
    // Signed in, the error page keeps the menu (and the sign-out form's token).
    assert!(html.contains("class=\"mainnav\""), "{html}");
    assert!(html.contains("Đăng xuất"), "{html}");
    let r = c
        .get(format!("{}/khong-co-trang-nay", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("class=\"mainnav\""));
    // A form's address opened again (after a validation error) explains itself.
    let r = c
        .get(format!("{}/nhiem-vu/20/bao-cao", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let html = r.text().await.unwrap();
    assert!(html.contains("chỉ nhận dữ liệu gửi từ biểu mẫu"), "{html}");
    assert!(html.contains("Hãy quay lại trang trước"), "{html}");
    assert!(html.contains("class=\"mainnav\""), "{html}");
    let r = c
        .get(format!("{}/api/v1/session", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "method_not_allowed");
}

/// Signed out, a page asks for the sign-in and comes back to itself, query included
/// (the report the person clicked, not the default one).
#[tokio::test]
async fn sign_in_comes_back_to_the_page_with_its_query() {
    let s = spawn().await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_redirects
        .get(format!(
            "{}/bao-cao/tai-ve?scope=unit&unit=5&format=pdf",
            s.base
        ))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let to = r.headers()["location"].to_str().unwrap();
    assert_eq!(
        to,
        "/dang-nhap?next=/bao-cao/tai-ve%3Fscope%3Dunit%26unit%3D5%26format%3Dpdf"
    );
}

#[tokio::test]
async fn a_unit_cannot_open_another_units_task() {
    let s = spawn().await;
    let other = task_of_unit(&s, "vhxh").await;
    let own = task_of_unit(&s, "ktht").await;
    let c = sign_in(&s.base, "ktht").await;
    let r = c
        .get(format!("{}/nhiem-vu/{other}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = c
        .get(format!("{}/nhiem-vu/{own}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Nor act on it.
    let csrf = csrf_of(&c, &s.base).await;
    let r = c
        .post(format!("{}/nhiem-vu/{other}/tiep-nhan", s.base))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Nor open the leaders' dashboard or intake.
    for p in ["/bang-dieu-khien", "/tiep-nhan", "/quan-tri"] {
        let r = c.get(format!("{}{p}", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{p}");
        assert!(r.text().await.unwrap().contains("Không thực hiện được"));
    }
}

#[tokio::test]
async fn pages_answer_for_each_role() {
    let s = spawn().await;
    for (user, role) in [
        ("chutich", Role::Leader),
        ("vanphong", Role::Office),
        ("ktht", Role::UnitHead),
        ("admin", Role::Admin),
    ] {
        let c = sign_in(&s.base, user).await;
        let r = c.get(format!("{}/", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let mut pages = vec![
            "/van-ban",
            "/tim-kiem?q=giai+ngan",
            "/thong-bao",
            "/tai-khoan",
            "/chi-dao",
        ];
        match role {
            Role::Leader | Role::Office => pages.extend([
                "/bang-dieu-khien",
                "/tiep-nhan",
                "/hop-viec",
                "/hop-viec?muc=cho",
            ]),
            Role::Admin => pages.push("/quan-tri"),
            _ => pages.push("/hop-viec"),
        }
        for p in pages {
            let r = c.get(format!("{}{p}", s.base)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{user} {p}");
            let html = r.text().await.unwrap();
            assert!(html.contains("Đăng xuất"), "{user} {p}");
            if p == "/hop-viec?muc=cho" {
                assert!(
                    html.contains("<h2 id=\"h-list\">Chờ xác nhận hoàn thành"),
                    "{user}: the queue of completions to confirm"
                );
            }
            if p == "/bang-dieu-khien" {
                assert!(
                    html.contains("Nhiệm vụ thường xuyên chưa báo cáo định kỳ ("),
                    "{user}: the dashboard counts missed periodic reports"
                );
                assert!(
                    html.contains("href=\"/bao-cao/tai-ve?scope=organisation&amp;format=docx\""),
                    "{user}: the dashboard leads to its report"
                );
            }
        }
    }
}

/// The inbox offers an extension for a task with a last day only: an ongoing task has
/// none to move (its page would offer no form, and the request would be refused).
#[tokio::test]
async fn the_inbox_offers_extensions_for_tasks_with_a_last_day_only() {
    let s = spawn().await;
    let (office, kt) = (person(&s, "vanphong").await, person(&s, "ktht").await);
    let due = s.app.today() + chrono::Duration::days(30);
    s.app
        .assign(
            &office,
            vec![TaskInput {
                deadline: Deadline::OnDate { date: due },
                ..ongoing_task("Báo cáo kết quả rà soát hồ sơ đất đai", kt.unit_id)
            }],
        )
        .await
        .unwrap();
    let c = sign_in(&s.base, "ktht").await;
    let mut html = String::new();
    for tab in ["moi", "dang"] {
        let r = c
            .get(format!("{}/hop-viec?muc={tab}&per_page=200", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        html.push_str(&r.text().await.unwrap());
    }
    let tasks = s
        .app
        .store()
        .tasks(
            &dondoc_store::TaskFilter::default(),
            dondoc_store::PageRequest::new(1, 500),
        )
        .await
        .unwrap()
        .items;
    let shown = |id: i64| html.contains(&format!("href=\"/nhiem-vu/{id}\""));
    let offered = |id: i64| html.contains(&format!("/nhiem-vu/{id}#h-ext"));
    let (mut dated, mut ongoing) = (0, 0);
    let today = s.app.today();
    for t in tasks.iter().filter(|t| shown(t.id.get())) {
        if t.due_date.is_some_and(|d| d < today) {
            assert!(!offered(t.id.get()), "task {} is overdue", t.id);
        } else if t.due_date.is_some() {
            dated += 1;
            assert!(offered(t.id.get()), "task {} has a last day", t.id);
        } else {
            ongoing += 1;
            assert!(!offered(t.id.get()), "task {} is ongoing", t.id);
        }
    }
    assert!(
        dated > 0 && ongoing > 0,
        "{dated} dated, {ongoing} ongoing: the test checks less than it says"
    );
}

/// The dashboard offers the urging letter (công văn đôn đốc) to each unit with overdue
/// tasks: the Office downloads it as Word and PDF, listing the overdue task; a unit head
/// may not, and a unit of no concern or a format it has not gives a clear error.
#[tokio::test]
async fn the_office_downloads_the_urging_letter_to_a_unit_with_overdue_tasks() {
    let s = spawn().await;
    let (office, kt) = (person(&s, "vanphong").await, person(&s, "ktht").await);
    let title = "Rà soát hồ sơ cấp phép xây dựng trên địa bàn";
    let due = s.app.today() + chrono::Duration::days(3);
    s.app
        .assign(
            &office,
            vec![TaskInput {
                deadline: Deadline::OnDate { date: due },
                ..ongoing_task(title, kt.unit_id)
            }],
        )
        .await
        .unwrap();
    let secret = assign_one(
        &s,
        &office,
        TaskInput {
            deadline: Deadline::OnDate { date: due },
            secret: true,
            ..ongoing_task("Rà soát hồ sơ đất quốc phòng", kt.unit_id)
        },
    )
    .await;
    s.clock.set(crate::test_now() + chrono::Duration::days(20));
    let letter = |who| {
        let app = s.app.clone();
        let unit = kt.unit_id;
        async move {
            dondoc_urge::unit_letter(&app, &who, unit, &Default::default())
                .await
                .unwrap()
        }
    };
    // The Office's letter lists the task, and leaves the secret one out, as its
    // dashboard does; the leader's names the secret one by its number only.
    let by_office = letter(office).await;
    assert!(by_office.tasks.iter().any(|t| t.title == title));
    assert!(!by_office.tasks.iter().any(|t| t.id == secret.id));
    let by_chair = letter(person(&s, "chutich").await).await;
    assert!(by_chair.tasks.iter().any(|t| t.id == secret.id));

    let c = sign_in(&s.base, "vanphong").await;
    let get = |c: &reqwest::Client, path: String| c.get(format!("{}{path}", s.base)).send();
    let html = get(&c, "/bang-dieu-khien".into())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let docx = format!("/don-vi/{}/don-doc.docx", kt.unit_id.get());
    assert!(html.contains(&docx), "the dashboard offers the letter");
    let r = get(&c, docx.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("cong-van-don-doc-phong-kinh-te"),
        "{disposition}"
    );
    assert!(r.bytes().await.unwrap().starts_with(b"PK"), "a Word file");
    let r = get(&c, format!("/don-vi/{}/don-doc.pdf", kt.unit_id.get()))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"), "a PDF file");

    // The API answers the same; a spreadsheet is no letter.
    let api = format!("/api/v1/units/{}/urging-letter", kt.unit_id.get());
    let r = get(&c, format!("{api}?format=pdf")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = get(&c, format!("{api}?format=xlsx")).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // No unit, or one of the city above: a page that says so.
    let city_office = person(&s, "vptp").await.unit_id;
    for unit in [999_999, city_office.get()] {
        let r = get(&c, format!("/don-vi/{unit}/don-doc.docx"))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(r.text().await.unwrap().contains("Không tìm thấy đơn vị"));
    }
    // The chair may download it too.
    let chair = sign_in(&s.base, "chutich").await;
    let r = get(&chair, docx.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // The demo's read-only guest reads the lists, but drafts no letter in the Office's
    // name: only a signed-in person does.
    let guest = crate::spawn_with(true).await;
    let r = client()
        .get(format!("{}/api/v1/tasks", guest.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "the guest reads");
    let r = client()
        .get(format!(
            "{}/api/v1/units/{}/urging-letter",
            guest.base,
            kt.unit_id.get()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // The unit itself may not draft the letter that urges it.
    let unit = sign_in(&s.base, "ktht").await;
    let r = get(&unit, docx).await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("đôn đốc đơn vị"));
}

/// A unit with no overdue task gets no letter: the dashboard offers none, and the
/// address says why.
#[tokio::test]
async fn a_unit_without_overdue_tasks_gets_no_urging_letter() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let units = s.app.org_units(office.org_id).await.unwrap();
    let tasks = s
        .app
        .store()
        .tasks_all(&dondoc_store::TaskFilter::default())
        .await
        .unwrap();
    let today = s.app.today();
    let calm = units
        .iter()
        .find(|u| {
            u.id != office.org_id
                && !tasks.iter().any(|t| {
                    t.lead_unit == u.id && dondoc_domain::stats::overdue_days(t, today) > 0
                })
        })
        .expect("a unit with no overdue task");
    // It has work in hand, so it has its row on the dashboard.
    s.app
        .assign(
            &office,
            vec![TaskInput {
                deadline: Deadline::OnDate {
                    date: today + chrono::Duration::days(30),
                },
                ..ongoing_task("Tổng hợp số liệu dân cư quý III", calm.id)
            }],
        )
        .await
        .unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let path = format!("/don-vi/{}/don-doc.docx", calm.id.get());
    let html = html_of(&c, format!("{}/bang-dieu-khien", s.base)).await;
    assert!(
        html.contains(&format!("<tr><td>{}</td>", calm.name)),
        "its row"
    );
    assert!(!html.contains(&path), "no letter offered");
    let r = c.get(format!("{}{path}", s.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Không tìm thấy nhiệm vụ quá hạn nào của đơn vị này")
    );
}

/// A task returned keeps why in its history, and its statistics line says why it counts
/// no more.
#[tokio::test]
async fn a_returned_task_shows_why_in_its_history() {
    let s = spawn().await;
    let (office, kt) = (person(&s, "vanphong").await, person(&s, "ktht").await);
    let t = assign_one(
        &s,
        &office,
        ongoing_task("Kiểm tra an toàn công trình.", kt.unit_id),
    )
    .await;
    s.app
        .return_task(&kt, t.id, None, "Không thuộc chức năng của phòng")
        .await
        .unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let html = html_of(&c, format!("{}/nhiem-vu/{}", s.base, t.id.get())).await;
    assert!(
        html.contains("trả lại nhiệm vụ: Không thuộc chức năng của phòng"),
        "{html}"
    );
    assert!(html.contains("Không tính (nhiệm vụ đã trả lại"), "{html}");
    // The Office's notice names the task without its full stop before the reason.
    let notices = s
        .app
        .my_notifications(&office, false, dondoc_store::PageRequest::new(1, 20))
        .await
        .unwrap()
        .items;
    assert!(
        notices
            .iter()
            .any(|n| n.body == "Kiểm tra an toàn công trình: Không thuộc chức năng của phòng"),
        "{:?}",
        notices.iter().map(|n| &n.body).collect::<Vec<_>>()
    );
    // Given to another unit, the history names both units.
    let vh = person(&s, "vhxh").await;
    s.app
        .reassign(&office, t.id, None, vh.unit_id, "Thuộc lĩnh vực văn hóa")
        .await
        .unwrap();
    let html = html_of(&c, format!("{}/nhiem-vu/{}", s.base, t.id.get())).await;
    assert!(
        html.contains(
            "giao lại từ Phòng Kinh tế - Hạ tầng và Đô thị cho Phòng Văn hóa - Xã hội: \
             Thuộc lĩnh vực văn hóa"
        ),
        "{html}"
    );
}

/// While a request for more time waits for its decision, the task page says so instead
/// of offering a second one (which would be refused once filled in).
#[tokio::test]
async fn a_pending_extension_is_not_asked_twice() {
    let s = spawn().await;
    let (office, kt) = (person(&s, "vanphong").await, person(&s, "ktht").await);
    let due = s.app.today() + chrono::Duration::days(10);
    let t = assign_one(
        &s,
        &office,
        TaskInput {
            deadline: Deadline::OnDate { date: due },
            ..ongoing_task("Hoàn thiện hồ sơ thu hồi đất", kt.unit_id)
        },
    )
    .await;
    s.app.receive(&kt, t.id, None).await.unwrap();
    let c = sign_in(&s.base, "ktht").await;
    let page = || async { html_of(&c, format!("{}/nhiem-vu/{}", s.base, t.id.get())).await };
    let form = format!("action=\"/nhiem-vu/{}/gia-han\"", t.id.get());
    assert!(page().await.contains(&form));
    s.app
        .request_extension(
            &kt,
            t.id,
            s.app.calendar().add_working_days(due, 10),
            "chờ kinh phí",
        )
        .await
        .unwrap();
    let html = page().await;
    assert!(!html.contains(&form), "{html}");
    assert!(html.contains("Đề nghị gia hạn đang chờ duyệt"), "{html}");
}

/// The Office may grant less time than asked: the form offers the date asked for, the
/// chosen one moves the task, and the page says both.
#[tokio::test]
async fn an_extension_is_granted_to_the_date_the_office_chooses() {
    let s = spawn().await;
    let (office, kt) = (person(&s, "vanphong").await, person(&s, "ktht").await);
    let cal = s.app.calendar();
    let due = cal.add_working_days(s.app.today(), 5);
    let t = assign_one(
        &s,
        &office,
        TaskInput {
            deadline: Deadline::OnDate { date: due },
            ..ongoing_task("Hoàn thiện hồ sơ thu hồi đất", kt.unit_id)
        },
    )
    .await;
    s.app.receive(&kt, t.id, None).await.unwrap();
    let (asked, chosen) = (cal.add_working_days(due, 10), cal.add_working_days(due, 4));
    let e = s
        .app
        .request_extension(&kt, t.id, asked, "chờ kinh phí")
        .await
        .unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let url = format!("{}/nhiem-vu/{}", s.base, t.id.get());
    let html = html_of(&c, &url).await;
    let offered = format!(
        "name=\"granted_date\" type=\"date\" min=\"{}\" value=\"{asked}\"",
        due.succ_opt().unwrap()
    );
    assert!(html.contains(&offered), "{html}");
    let csrf = csrf_of(&c, &s.base).await;
    let decide = |task_url: String| {
        c.post(format!("{task_url}/xu-ly-gia-han"))
            .form(&[
                ("csrf", csrf.clone()),
                ("extension", e.id.get().to_string()),
                ("granted_date", chosen.to_string()),
                ("decision", "grant".into()),
            ])
            .send()
    };
    // The form of another task's page does not decide this task's request.
    let other = task_of_unit(&s, "ktht").await;
    let r = decide(format!("{}/nhiem-vu/{other}", s.base))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("không thuộc nhiệm vụ đang mở")
    );
    assert_eq!(
        s.app.task_visible(&office, t.id).await.unwrap().due_date,
        Some(due)
    );
    let r = decide(url.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        s.app.task_visible(&office, t.id).await.unwrap().due_date,
        Some(chosen)
    );
    let html = html_of(&c, &url).await;
    let dmy = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let line = format!(
        "đồng ý gia hạn: hạn xử lý {} → {} (đơn vị đề nghị đến {})",
        dmy(due),
        dmy(chosen),
        dmy(asked)
    );
    assert!(html.contains(&line), "{html}");
    // The title may still quote the first last day: the page says it was moved.
    let first = format!("(đã gia hạn; hạn ban đầu {})", dmy(due));
    assert!(html.contains(&first), "{html}");
}

/// A report that gives less than the unit's previous one says so beside its percentage;
/// a co-operating unit's lower figure is its own, not a fall.
#[tokio::test]
async fn a_lowered_percentage_is_pointed_out() {
    let s = spawn().await;
    let (office, kt, vh) = (
        person(&s, "vanphong").await,
        person(&s, "ktht").await,
        person(&s, "vhxh").await,
    );
    let t = assign_one(
        &s,
        &office,
        TaskInput {
            cooperating: vec![vh.unit_id.get()],
            ..ongoing_task("Chỉnh trang đô thị", kt.unit_id)
        },
    )
    .await;
    s.app.receive(&kt, t.id, None).await.unwrap();
    for (who, pct) in [(&kt, 60), (&vh, 20), (&kt, 40)] {
        s.app
            .report_progress(who, t.id, None, pct, "Đang thực hiện", "", "", &[])
            .await
            .unwrap();
    }
    let c = sign_in(&s.base, "vanphong").await;
    let html = html_of(&c, format!("{}/nhiem-vu/{}", s.base, t.id.get())).await;
    // Once beside the report, once in the history.
    assert_eq!(html.matches("giảm từ").count(), 2, "{html}");
    assert!(
        html.contains("40% <strong>(giảm từ 60%)</strong>"),
        "{html}"
    );
    assert!(html.contains("báo cáo tiến độ 40% (giảm từ 60%)"), "{html}");
    // A file attached is in the history too, by name.
    s.app
        .attach(
            &kt,
            None,
            Some(t.id),
            "bien-ban-kiem-tra.pdf",
            "application/pdf",
            b"%PDF-1.4".to_vec(),
        )
        .await
        .unwrap();
    let html = html_of(&c, format!("{}/nhiem-vu/{}", s.base, t.id.get())).await;
    assert!(
        html.contains("đính kèm tệp bien-ban-kiem-tra.pdf"),
        "{html}"
    );
}

/// The task the city gave the ward itself is in the Office's inbox, to receive, and
/// counted in the menu's badge; a unit head does not see it.
#[tokio::test]
async fn work_from_above_is_in_the_offices_inbox() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let from_city = s
        .app
        .store()
        .tasks_all(&dondoc_store::TaskFilter {
            unit_id: Some(office.org_id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(from_city.len(), 1, "the demo's task of the city");
    let t = &from_city[0];
    assert_ne!(t.org_id, office.org_id);
    let inbox = |user: &'static str| {
        let base = s.base.clone();
        async move {
            sign_in(&base, user)
                .await
                .get(format!("{base}/hop-viec"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let html = inbox("vanphong").await;
    let above = &html[html.find("id=\"h-above\"").expect("the section")..];
    let above = &above[..above.find("</section>").unwrap()];
    assert!(
        above.contains("Nhiệm vụ cấp trên giao cho cơ quan (1)"),
        "{above}"
    );
    assert!(
        above.contains(&format!("action=\"/nhiem-vu/{}/tiep-nhan\"", t.id.get())),
        "{above}"
    );
    assert!(
        html.contains("nhiệm vụ mới giao chưa tiếp nhận"),
        "the badge"
    );
    assert!(!inbox("ktht").await.contains("id=\"h-above\""));
}

/// What waits for the Office — an extension request, a returned task — is listed on
/// the dashboard with a link to where it is decided.
#[tokio::test]
async fn the_dashboard_lists_what_waits_for_the_office() {
    let s = spawn().await;
    let (office, kt) = (person(&s, "vanphong").await, person(&s, "ktht").await);
    let due = s.app.calendar().add_working_days(s.app.today(), 10);
    let mut made = s
        .app
        .assign(
            &office,
            vec![
                TaskInput {
                    deadline: Deadline::OnDate { date: due },
                    ..ongoing_task("Lập hồ sơ thu hồi đất khu tái định cư", kt.unit_id)
                },
                ongoing_task("Thống kê hộ nghèo năm 2027", kt.unit_id),
            ],
        )
        .await
        .unwrap();
    let (later, not_ours) = (made.remove(0), made.remove(0));
    s.app.receive(&kt, later.id, None).await.unwrap();
    s.app
        .request_extension(
            &kt,
            later.id,
            s.app.calendar().add_working_days(due, 5),
            "Chờ ý kiến của Sở Nông nghiệp và Môi trường",
        )
        .await
        .unwrap();
    s.app
        .return_task(&kt, not_ours.id, None, "Thuộc lĩnh vực văn hóa - xã hội")
        .await
        .unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let html = html_of(&c, format!("{}/bang-dieu-khien", s.base)).await;
    let waiting = &html[html.find("id=\"h-waiting\"").expect("the list")..];
    let waiting = &waiting[..waiting.find("</section>").unwrap()];
    assert!(waiting.contains("Việc chờ xử lý (2)"), "{waiting}");
    assert!(
        waiting.contains(&format!("/nhiem-vu/{}#h-ext", later.id.get())),
        "{waiting}"
    );
    assert!(
        waiting.contains("Chờ ý kiến của Sở Nông nghiệp"),
        "{waiting}"
    );
    assert!(
        waiting.contains(&format!("/nhiem-vu/{}#h-assigner", not_ours.id.get())),
        "{waiting}"
    );
    assert!(
        waiting.contains("Thuộc lĩnh vực văn hóa - xã hội"),
        "{waiting}"
    );
}

/// Proposing completion goes with a report of the result: where the unit may write one,
/// the task page points to the report form (its "Báo cáo hoàn thành" box) instead of
/// proposing in one click.
#[tokio::test]
async fn completion_is_proposed_with_a_report() {
    let s = spawn().await;
    let (office, kt) = (person(&s, "vanphong").await, person(&s, "ktht").await);
    let t = assign_one(
        &s,
        &office,
        ongoing_task("Tổng hợp kết quả giải ngân vốn đầu tư công", kt.unit_id),
    )
    .await;
    s.app.receive(&kt, t.id, None).await.unwrap();
    let c = sign_in(&s.base, "ktht").await;
    let html = html_of(&c, format!("{}/nhiem-vu/{}", s.base, t.id.get())).await;
    assert!(
        html.contains("Đề xuất hoàn thành (kèm báo cáo kết quả)"),
        "{html}"
    );
    assert!(html.contains("name=\"propose_completion\""), "{html}");
    assert!(
        !html.contains(&format!("/nhiem-vu/{}/de-xuat-hoan-thanh", t.id.get())),
        "{html}"
    );
    // Proposed: the Office confirms, or refuses with a reason, from the same box.
    s.app.propose_completion(&kt, t.id, None).await.unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let html = html_of(&c, format!("{}/nhiem-vu/{}", s.base, t.id.get())).await;
    let act = &html[html.find("id=\"h-act\"").unwrap()..];
    let act = &act[..act.find("</section>").unwrap()];
    assert!(act.contains("Xác nhận hoàn thành"), "{act}");
    assert!(act.contains("Không xác nhận, trả về đơn vị"), "{act}");
    assert!(
        act.contains(&format!("action=\"/nhiem-vu/{}/mo-lai\"", t.id.get())),
        "{act}"
    );
}

#[tokio::test]
async fn search_ignores_diacritics() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let html = html_of(&c, format!("{}/tim-kiem?q=giai+ngan", s.base)).await;
    assert!(html.contains("giải ngân"), "{html}");
    // Quotes alone search for nothing, rather than listing everything.
    let html = html_of(&c, format!("{}/tim-kiem?q=%22%22", s.base)).await;
    assert!(!html.contains("giải ngân"), "{html}");
    assert!(!html.contains("id=\"h-docs\">Văn bản ("), "{html}");
    // The work the city gave the ward itself is found too, in a list of its own; a
    // unit head, who does not carry it out, does not find it.
    let office = person(&s, "vanphong").await;
    let up = s
        .app
        .work_from_above(
            &office,
            Default::default(),
            dondoc_store::PageRequest::new(1, 1),
        )
        .await
        .unwrap()
        .items
        .remove(0);
    let words: Vec<&str> = up.title.split_whitespace().take(4).collect();
    let q = words.join("+");
    let link = format!("href=\"/nhiem-vu/{}\"", up.id.get());
    let html = html_of(&c, format!("{}/tim-kiem?q={q}", s.base)).await;
    assert!(html.contains("Nhiệm vụ cấp trên giao (1)"), "{html}");
    assert!(html.contains(&link), "{html}");
    let head = sign_in(&s.base, "ktht").await;
    let html = html_of(&head, format!("{}/tim-kiem?q={q}", s.base)).await;
    assert!(!html.contains(&link), "{html}");
}

/// Every route of the JSON API is described in openapi.json, with each of its methods.
#[test]
fn openapi_describes_every_api_route() {
    let src = include_str!("../../src/api.rs");
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../src/openapi.json")).unwrap();
    assert_eq!(doc["openapi"].as_str().unwrap_or("").get(..3), Some("3.1"));
    let paths = doc["paths"].as_object().expect("paths");
    // The router is the body of `routes()`: one `.route(PATH, METHODS)` call per path,
    // however rustfmt wraps it.
    let body = src
        .split("pub fn routes()")
        .nth(1)
        .and_then(|r| r.split("\n}").next())
        .expect("routes() in api.rs");
    let mut n = 0;
    for call in body.split(".route(").skip(1) {
        let path = call.split('"').nth(1).expect("a path literal");
        let item = paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing from openapi.json"));
        for method in ["get", "post", "delete", "put", "patch"] {
            let used = call.contains(&format!(" {method}("))
                || call.contains(&format!("({method}("))
                || call.contains(&format!(".{method}("));
            if used {
                assert!(item.get(method).is_some(), "{method} {path} not documented");
            }
        }
        n += 1;
    }
    // Report downloads mount their API paths in reports.rs, under /api/v1.
    let reports = include_str!("../../src/reports.rs");
    for call in reports.split(".route(\"/api/v1").skip(1) {
        let path = call.split('"').next().expect("a path literal");
        let item = paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing from openapi.json"));
        assert!(item.get("get").is_some(), "get {path} not documented");
        n += 1;
    }
    assert_eq!(
        n,
        paths.len(),
        "openapi.json documents routes that api.rs lacks"
    );
}

/// A directive of the city, as the ward receives it.
const CITY_LETTER: &str = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\n\nSố: 7168/VP-TH\n\nHải Phòng, ngày 16 tháng 6 năm 2026\n\nV/v triển khai Nghị quyết\n\nKính gửi: Ủy ban nhân dân các phường.\n\n1. Ủy ban nhân dân các phường rà soát, báo cáo trước ngày 30/7/2026.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nNguyễn Văn An";

/// The draft page for `text` pasted into the intake form, its "Vào sổ" left as it is.
async fn draft_of(c: &reqwest::Client, base: &str, csrf: &str, text: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .text("text", text.to_string());
    let r = c
        .post(format!("{base}/tiep-nhan"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap()
}

/// A last day in the text that has already passed leaves the row with a fixed deadline
/// and no date, for the Office to set: confirming without one is refused (the task
/// used to turn ongoing unnoticed).
#[tokio::test]
async fn a_passed_deadline_is_left_for_the_office_to_set() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let text = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\nSố: 46/UBND-VP\nV/v rà soát hộ nghèo\n\n\
        Kính gửi: Ủy ban nhân dân các phường.\n\n\
        1. Giao UBND các phường rà soát hộ nghèo, hoàn thành trước ngày 05/12/2025.\n";
    let html = draft_of(&c, &s.base, &csrf, text).await;
    assert!(
        html.contains("ngày 05/12/2025, đã qua: hãy đặt hạn mới"),
        "{html}"
    );
    assert!(
        html.contains("name=\"dkind_0\" value=\"date\" checked"),
        "{html}"
    );
    assert!(
        html.contains("name=\"due_0\" type=\"date\" value=\"\""),
        "{html}"
    );
    let kt = person(&s, "ktht").await.unit_id.get().to_string();
    let before = s
        .app
        .store()
        .tasks_all(&Default::default())
        .await
        .unwrap()
        .len();
    let r = c
        .post(format!("{}/tiep-nhan/xac-nhan", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("direction", "incoming"),
            ("kind", "cong_van"),
            ("number", "46/UBND-VP"),
            ("issuer", "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"),
            ("subject", "rà soát hộ nghèo"),
            ("rows", "1"),
            ("keep_0", "1"),
            ("title_0", "Rà soát hộ nghèo"),
            ("lead_0", kt.as_str()),
            ("dkind_0", "date"),
            ("due_0", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("nhiệm vụ thứ 1 chưa có hạn xử lý: hãy chọn ngày"),
        "{html}"
    );
    let after = s
        .app
        .store()
        .tasks_all(&Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(before, after, "nothing stored");
}

/// Two duties of one unit with a date each: each row of the draft takes its own date,
/// not the later one for both.
#[tokio::test]
async fn each_duty_of_a_draft_keeps_its_own_date() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nSố: 15/UBND-VP\n\
        V/v chuẩn bị Tết Nguyên đán\n\nKiến An, ngày 26 tháng 11 năm 2026\n\n\
        Kính gửi: Các phòng, đơn vị thuộc UBND phường.\n\n\
        1. Phòng Kinh tế - Hạ tầng và Đô thị:\n\
        a) Rà soát, chỉnh trang đô thị trên các tuyến phố chính, hoàn thành trước ngày 20/12/2026;\n\
        b) Tổng hợp tình hình thị trường hàng hóa dịp Tết, gửi Văn phòng trước ngày 15/01/2027.\n";
    let html = draft_of(&c, &s.base, &csrf, text).await;
    for (row, due) in [(0, "2026-12-20"), (1, "2027-01-15")] {
        let field = format!("name=\"due_{row}\" type=\"date\" value=\"{due}\"");
        assert!(html.contains(&field), "row {row}: {field}\n{html}");
    }
    assert!(!html.contains("trước ngày ban hành văn bản"), "{html}");
    // A duty's own date on a Sunday is pointed out on its own row.
    let sunday = text.replace("trước ngày 20/12/2026", "trước ngày 27/12/2026");
    let html = draft_of(&c, &s.base, &csrf, &sunday).await;
    assert!(
        html.contains("Hạn xử lý 27/12/2026 là Chủ nhật, không phải ngày làm việc"),
        "{html}"
    );
    // A last day before the document's own date is pointed out.
    let text = text.replace("ngày 26 tháng 11 năm 2026", "ngày 22 tháng 12 năm 2026");
    let html = draft_of(&c, &s.base, &csrf, &text).await;
    assert!(
        html.contains("Hạn xử lý 20/12/2026 trước ngày ban hành văn bản (22/12/2026)"),
        "{html}"
    );
}

/// Each duty keeps the deadline of its own words, whatever its kind: a date with an
/// hour, a count of working days from the document's date, a periodic report; a duty
/// with no deadline the reader could read says so instead of turning ongoing unnoticed.
#[tokio::test]
async fn each_duty_keeps_its_own_kind_of_deadline() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nSố: 16/UBND-VP\n\
        V/v phòng cháy, chữa cháy\n\nKiến An, ngày 30 tháng 6 năm 2026\n\n\
        Kính gửi: Các phòng, đơn vị thuộc UBND phường.\n\n\
        1. Phòng Kinh tế - Hạ tầng và Đô thị:\n\
        a) Rà soát các cơ sở kinh doanh có nguy cơ cháy nổ, hoàn thành trước ngày 25/7/2026;\n\
        b) Lập danh sách hộ dân cần hỗ trợ, báo cáo UBND phường trong 10 ngày làm việc kể từ \
        ngày ký văn bản này.\n\
        2. Phòng Văn hóa - Xã hội:\n\
        a) Tuyên truyền về phòng cháy, chữa cháy trên hệ thống loa truyền thanh trước 17 giờ \
        ngày 15/7/2026;\n\
        b) Báo cáo kết quả thực hiện trước ngày 20 hằng tháng.\n\
        3. Văn phòng HĐND và UBND phường theo dõi, đôn đốc việc thực hiện.\n";
    let html = draft_of(&c, &s.base, &csrf, text).await;
    let dated = |row: usize, due: &str| {
        assert!(
            html.contains(&format!("name=\"due_{row}\" type=\"date\" value=\"{due}\"")),
            "row {row}: {due}\n{html}"
        );
        assert!(
            html.contains(&format!("name=\"dkind_{row}\" value=\"date\" checked")),
            "row {row} dated\n{html}"
        );
    };
    dated(0, "2026-07-25");
    // Ten working days from Tuesday 30/6/2026.
    dated(1, "2026-07-14");
    dated(2, "2026-07-15");
    assert!(
        html.contains("name=\"dkind_3\" value=\"ongoing\" checked"),
        "the monthly report is ongoing\n{html}"
    );
    assert!(
        html.contains("name=\"dkind_4\" value=\"ongoing\" checked"),
        "{html}"
    );
    assert_eq!(
        html.matches("Không đọc được thời hạn trong văn bản")
            .count(),
        1,
        "only the Office's duty, which has none\n{html}"
    );
}

/// A draft warns of what the Office should check before confirming: a co-operating
/// unit the directory lacks (it would otherwise silently not be recorded) and a last
/// day that is no working day.
#[tokio::test]
async fn a_draft_warns_of_an_unknown_partner_and_a_deadline_on_a_day_off() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nSố: 05/UBND-VP\n\
        V/v rà soát hộ kinh doanh lấn chiếm vỉa hè\n\nKiến An, ngày 01 tháng 7 năm 2026\n\n\
        Kính gửi: Phòng Kinh tế - Hạ tầng và Đô thị\n\n\
        1. Giao Phòng Kinh tế - Hạ tầng và Đô thị chủ trì, phối hợp với Công an phường rà \
        soát các hộ kinh doanh lấn chiếm vỉa hè, lòng đường; báo cáo UBND phường trước ngày \
        19/7/2026.\n";
    let html = draft_of(&c, &s.base, &csrf, text).await;
    assert!(
        html.contains("Đơn vị phối hợp chưa có trong danh bạ: Công an phường."),
        "{html}"
    );
    assert!(
        html.contains("Hạn xử lý 19/07/2026 là Chủ nhật, không phải ngày làm việc"),
        "{html}"
    );
    // "các đơn vị có liên quan" is no unit to look up in the directory.
    let related = text.replace("Công an phường rà", "các đơn vị có liên quan rà");
    let html = draft_of(&c, &s.base, &csrf, &related).await;
    assert!(!html.contains("chưa có trong danh bạ"), "{html}");
    // The letter of the demo names known units and working days: no such warning.
    let html = draft_of(&c, &s.base, &csrf, dondoc_app::demo::LETTER).await;
    assert!(!html.contains("chưa có trong danh bạ"));
    assert!(!html.contains("không phải ngày làm việc"));
}

/// A directive already registered is said to be so on its draft, with a link to it,
/// before the whole form is filled in.
#[tokio::test]
async fn a_draft_says_its_directive_is_already_registered() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let draft = || draft_of(&c, &s.base, &csrf, CITY_LETTER);
    assert!(!draft().await.contains("Đã vào sổ"));
    let doc = dondoc_domain::NewDocument::new(
        office.org_id,
        dondoc_domain::Direction::Incoming,
        dondoc_domain::DocKind::CongVan,
        "Ủy ban nhân dân thành phố Hải Phòng",
        "triển khai Nghị quyết",
    )
    .unwrap()
    .with_number(Some(
        dondoc_domain::DocumentNumber::parse("7168/VP-TH").unwrap(),
    ))
    .with_issued_on(chrono::NaiveDate::from_ymd_opt(2026, 6, 16));
    let doc = s.app.register_document(&office, doc).await.unwrap();
    let html = draft().await;
    assert!(html.contains("<strong>Đã vào sổ:</strong>"), "{html}");
    assert!(
        html.contains(&format!("<a href=\"/van-ban/{}\">", doc.id.get())),
        "{html}"
    );
}

/// Left to the text, a directive of another body is registered as incoming, the
/// ward's own letter (no header here) as outgoing.
#[tokio::test]
async fn intake_tells_incoming_from_outgoing_by_the_issuer() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    for (text, want) in [
        (CITY_LETTER, "incoming"),
        (dondoc_app::demo::LETTER, "outgoing"),
    ] {
        let html = draft_of(&c, &s.base, &csrf, text).await;
        assert!(
            html.contains(&format!("<option value=\"{want}\" selected>")),
            "{want}: {html}"
        );
        assert!(
            !html.contains("nếu đây là văn bản cấp trên gửi đến"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn intake_reads_an_uploaded_file_and_confirms() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("direction", "outgoing")
        .text("text", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(dondoc_app::demo::LETTER.as_bytes().to_vec())
                .file_name("cong-van-kien-an.txt")
                .mime_str("text/plain")
                .unwrap(),
        );
    let r = c
        .post(format!("{}/tiep-nhan", s.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert_eq!(html.matches("<li><strong>").count(), 5, "five lead units");
    assert!(html.contains("Phòng Kinh tế - Hạ tầng và Đô thị"));
    assert!(
        !html.contains("nếu đây là văn bản cấp trên gửi đến"),
        "the ward's own letter, as văn bản đi, raises no doubt"
    );
    assert!(html.contains("<select id=\"direction\" name=\"direction\">"));
    // A directive from above pasted as văn bản đi is questioned on the draft page,
    // where the register can be changed.
    let city = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\nSố: 45/UBND-VP\nV/v phòng chống lụt bão\n\n\
                1. Giao UBND các phường rà soát phương án, hoàn thành trước ngày 30/12/2026.\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("direction", "outgoing")
        .text("text", city);
    let html = c
        .post(format!("{}/tiep-nhan", s.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("nếu đây là văn bản cấp trên gửi đến, hãy chọn"),
        "{html}"
    );
    // An unsupported file is refused with a message, not a crash.
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"GIF89a".to_vec()).file_name("anh.gif"),
        );
    let r = c
        .post(format!("{}/tiep-nhan", s.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Không đọc được tệp"));
    // Confirming without a lead unit keeps what was typed and explains.
    let kt = person(&s, "ktht").await.unit_id.get().to_string();
    let fields = vec![
        ("csrf", csrf.as_str()),
        ("direction", "outgoing"),
        ("kind", "cong_van"),
        ("issuer", "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN"),
        ("subject", "kiểm tra tiếp nhận"),
        ("rows", "2"),
        ("keep_0", "1"),
        ("title_0", "Rà soát hồ sơ đất đai"),
        ("lead_0", kt.as_str()),
        ("dkind_0", "date"),
        ("due_0", "2026-07-31"),
        ("keep_1", "1"),
        ("title_1", "Việc chưa có đơn vị"),
        ("lead_1", ""),
        ("dkind_1", "ongoing"),
        ("cycle_1", "monthly"),
        ("day_1", "20"),
    ];
    let r = c
        .post(format!("{}/tiep-nhan/xac-nhan", s.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(html.contains("chưa chọn đơn vị chủ trì cho nhiệm vụ thứ 2"));
    assert!(html.contains("Rà soát hồ sơ đất đai"), "typed text kept");
    // Dropping the second row registers the document with one task.
    let fields: Vec<_> = fields.into_iter().filter(|(k, _)| *k != "keep_1").collect();
    let r = c
        .post(format!("{}/tiep-nhan/xac-nhan", s.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/van-ban/"), "{to}");
    let html = html_of(&c, format!("{}{to}", s.base)).await;
    assert!(html.contains("Nhiệm vụ được giao (1)"));
    assert!(html.contains("Hạn 31/07/2026"));
}

#[tokio::test]
async fn a_stale_form_reports_a_conflict() {
    let s = spawn().await;
    let c = sign_in(&s.base, "ktht").await;
    let csrf = csrf_of(&c, &s.base).await;
    let id = task_of_unit(&s, "ktht").await;
    let office = person(&s, "vanphong").await;
    let t = s
        .app
        .task_visible(&office, dondoc_domain::TaskId::new(id))
        .await
        .unwrap();
    let stale = (t.version - 1).to_string();
    let r = post_report(
        &c,
        &s.base,
        id,
        &[
            ("csrf", csrf.as_str()),
            ("version", stale.as_str()),
            ("percent", "60"),
            ("narrative", "Nội dung tôi vừa gõ"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("Nhiệm vụ đã thay đổi kể từ khi trang này được mở"));
    assert!(html.contains(&format!("href=\"/nhiem-vu/{id}\"")));
    assert!(html.contains("Nội dung tôi vừa gõ"), "typed text kept");
    // A garbled version does not skip the check: refused, nothing stored.
    let r = post_report(
        &c,
        &s.base,
        id,
        &[
            ("csrf", csrf.as_str()),
            ("version", "abc"),
            ("percent", "60"),
            ("narrative", "Nội dung tôi vừa gõ"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let after = s
        .app
        .task_visible(&office, dondoc_domain::TaskId::new(id))
        .await
        .unwrap();
    assert_eq!(after.version, t.version, "nothing was written");
}

#[tokio::test]
async fn the_report_form_can_propose_completion_at_once() {
    let s = spawn().await;
    let c = sign_in(&s.base, "ktht").await;
    let csrf = csrf_of(&c, &s.base).await;
    let id = task_of_unit(&s, "ktht").await;
    let tid = dondoc_domain::TaskId::new(id);
    let head = person(&s, "ktht").await;
    let before = s.app.task_detail(&head, tid).await.unwrap();
    let reports_before = before.reports.len();
    let page = html_of(&c, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(
        page.contains("name=\"propose_completion\""),
        "the checkbox is offered"
    );
    // Proposing completion with less than 100% is refused, and nothing is stored.
    let r = post_report(
        &c,
        &s.base,
        id,
        &[
            ("csrf", csrf.as_str()),
            ("percent", "80"),
            ("narrative", "Gần xong"),
            ("propose_completion", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("100%"));
    assert_eq!(
        s.app.task_detail(&head, tid).await.unwrap().reports.len(),
        reports_before
    );
    let r = post_report(
        &c,
        &s.base,
        id,
        &[
            ("csrf", csrf.as_str()),
            ("percent", "100"),
            ("narrative", "Đã hoàn thành toàn bộ nội dung"),
            ("propose_completion", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let d = s.app.task_detail(&head, tid).await.unwrap();
    assert_eq!(d.task.status, dondoc_domain::TaskStatus::CompletionProposed);
    assert_eq!(d.reports.len(), reports_before + 1);
}

/// What a malformed API request gets: the API's JSON error, with the status axum chose
/// and a Vietnamese message that names the problem; pages get the Vietnamese error page.
/// Nothing is written.
#[tokio::test]
async fn malformed_requests_get_vietnamese_errors() {
    let s = spawn().await;
    let c = reqwest::Client::new();
    let api = format!("{}/api/v1", s.base);
    let token = c
        .post(format!("{api}/session"))
        .json(&serde_json::json!({"username": "vanphong", "password": "kienan2026"}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let tasks_before = s
        .app
        .store()
        .tasks_all(&Default::default())
        .await
        .unwrap()
        .len();
    let raw = |path: &str, ct: Option<&str>, body: &'static [u8]| {
        let mut r = c
            .post(format!("{api}{path}"))
            .bearer_auth(&token)
            .body(body);
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        r.send()
    };
    let get = |path: &str| c.get(format!("{api}{path}")).bearer_auth(&token).send();
    let json = Some("application/json");
    let cases: Vec<(reqwest::Response, StatusCode, &str)> = vec![
        (
            raw("/session", json, b"{\"username\": \"vanphong\", ")
                .await
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "không phải JSON hợp lệ",
        ),
        (
            raw("/session", json, b"{\"username\": \"vanphong\"}")
                .await
                .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "thiếu trường `password`",
        ),
        (
            raw("/tasks", None, b"{}").await.unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type: application/json",
        ),
        (
            raw("/tasks", json, b"{\"title\": \"\xff\xfe\"}")
                .await
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "không phải JSON hợp lệ",
        ),
        (
            get("/tasks?page=-3").await.unwrap(),
            StatusCode::BAD_REQUEST,
            "tham số trên địa chỉ không hợp lệ",
        ),
        (
            get("/tasks/abc").await.unwrap(),
            StatusCode::BAD_REQUEST,
            "mã số trong địa chỉ phải là số nguyên",
        ),
    ];
    for (r, status, words) in cases {
        assert_eq!(r.status(), status, "{words}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"], "invalid", "{v}");
        let m = v["message"].as_str().unwrap();
        assert!(m.contains(words), "{m}");
        assert!(!m.contains("Failed to"), "{m}");
    }
    let tasks = s
        .app
        .store()
        .tasks_all(&Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(tasks, tasks_before);
    // A page whose path does not parse is a page that does not exist.
    let c = sign_in(&s.base, "vanphong").await;
    let r = c
        .get(format!("{}/nhiem-vu/abc", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(html.contains("Không tìm thấy trang"), "{html}");
}

/// A task its unit returned is not a dead end: the Office's page offers to send it back
/// to the unit with a reason, and the unit then has it to receive again.
#[tokio::test]
async fn the_office_sends_a_returned_task_back_to_its_unit() {
    let s = spawn().await;
    let id = task_of_unit(&s, "ktht").await;
    let head = person(&s, "ktht").await;
    let tid = dondoc_domain::TaskId::new(id);
    s.app
        .return_task(&head, tid, None, "không đúng chức năng của phòng")
        .await
        .unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let html = html_of(&c, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(html.contains("Giao lại cho đơn vị"), "{html}");
    let csrf = csrf_of(&c, &s.base).await;
    let r = c
        .post(format!("{}/nhiem-vu/{id}/mo-lai", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("reason", "đúng chức năng của phòng theo quy chế"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let t = s.app.store().task(tid).await.unwrap().unwrap();
    assert_eq!(t.status, dondoc_domain::TaskStatus::Assigned);
    s.app.receive(&head, tid, None).await.unwrap();

    // Returned again, it goes to another unit of the ward from the same page.
    s.app
        .return_task(&head, tid, None, "vẫn không đúng chức năng")
        .await
        .unwrap();
    let html = html_of(&c, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(html.contains("Giao cho đơn vị chủ trì khác"), "{html}");
    let other = person(&s, "vhxh").await.unit_id;
    let r = c
        .post(format!("{}/nhiem-vu/{id}/giao-don-vi-khac", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("lead_unit", other.get().to_string().as_str()),
            ("reason", "thuộc lĩnh vực văn hóa - xã hội"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let t = s.app.store().task(tid).await.unwrap().unwrap();
    assert_eq!(
        (t.lead_unit, t.status),
        (other, dondoc_domain::TaskStatus::Assigned)
    );
    // The old unit no longer has it; the new one receives it.
    assert!(s.app.receive(&head, tid, None).await.is_err());
    s.app
        .receive(&person(&s, "vhxh").await, tid, None)
        .await
        .unwrap();
}

/// A refused input reads as a sentence for people; the field it concerns comes apart,
/// for programs.
#[tokio::test]
async fn an_invalid_input_names_its_field_apart_from_the_message() {
    let s = spawn().await;
    let c = reqwest::Client::new();
    let api = format!("{}/api/v1", s.base);
    let v: serde_json::Value = c
        .post(format!("{api}/session"))
        .json(&serde_json::json!({"username": "vanphong", "password": "kienan2026"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = v["token"].as_str().unwrap();
    let unit = task_of_unit(&s, "ktht").await;
    let lead = s
        .app
        .store()
        .task(dondoc_domain::TaskId::new(unit))
        .await
        .unwrap()
        .unwrap()
        .lead_unit;
    let r = c
        .post(format!("{api}/tasks"))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "title": "Kiểm tra",
            "lead_unit": lead.get(),
            "deadline": {"type": "on_date", "date": "9999-12-31"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["field"], "deadline", "{v}");
    let m = v["message"].as_str().unwrap();
    assert!(m.starts_with("hạn xử lý quá xa"), "{m}");
}

/// The reports page offers the letter and report downloads only for outgoing
/// documents that have tasks; one without any says so instead of linking to a refusal.
#[tokio::test]
async fn the_reports_page_links_letters_only_for_documents_with_tasks() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let empty = dondoc_domain::NewDocument::new(
        office.org_id,
        dondoc_domain::Direction::Outgoing,
        dondoc_domain::DocKind::CongVan,
        "UBND PHƯỜNG KIẾN AN",
        "một văn bản chưa giao việc",
    )
    .unwrap();
    let empty = s.app.register_document(&office, empty).await.unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let html = html_of(&c, format!("{}/bao-cao", s.base)).await;
    let id = empty.id.get();
    assert!(
        !html.contains(&format!("/van-ban/{id}/cong-van.docx")),
        "no letter link for a document without tasks"
    );
    let row = html
        .split("<tr>")
        .find(|r| r.contains(&format!("href=\"/van-ban/{id}\"")))
        .unwrap();
    assert!(row.contains("chưa giao nhiệm vụ nào"), "{row}");
    // The demo letter, which has tasks, keeps its links.
    assert!(html.contains("cong-van.docx"));
}

/// The intake page keeps the marks read above the number for the register.
#[tokio::test]
async fn the_draft_page_keeps_a_secret_mark() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nMẬT\nSố: 12/UBND-VP\nV/v triển khai\nHỎA TỐC\n\n1. Giao Phòng Kinh tế - Hạ tầng và Đô thị chủ trì rà soát các công trình.\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("direction", "incoming")
        .text("text", text);
    let r = c
        .post(format!("{}/tiep-nhan", s.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"<option value="mat" selected>"#),
        "secrecy kept"
    );
    assert!(
        html.contains(r#"<option value="hoa_toc" selected>"#),
        "urgency kept"
    );
}

/// One JSON API call with a bearer token: its status and its JSON body (`Null` if none).
async fn api_call(
    c: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: String,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut r = c.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// API tokens: the owner lists them (never the token itself) and revokes one, through
/// the API and on the account page; no one else can; a new password ends the rest.
#[tokio::test]
async fn api_tokens_are_listed_and_revoked_by_their_owner_only() {
    use reqwest::Method;
    let s = spawn().await;
    let c = reqwest::Client::new();
    let api = format!("{}/api/v1", s.base);
    let call = |method: Method, path: &str, token: &str, body: Option<serde_json::Value>| {
        api_call(&c, method, format!("{api}{path}"), token.to_string(), body)
    };
    let session = |user: &str| {
        let body = serde_json::json!({"username": user, "password": "kienan2026"});
        api_call(
            &c,
            Method::POST,
            format!("{api}/session"),
            String::new(),
            Some(body),
        )
    };
    let office = session("vanphong").await.1["token"]
        .as_str()
        .unwrap()
        .to_string();
    let other = session("ktht").await.1["token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut made = Vec::new();
    for (label, days) in [("Phần mềm một cửa", 30), ("Bảng tin", 400)] {
        let body = serde_json::json!({"label": label, "days": days});
        let (_, t) = call(Method::POST, "/tokens", &office, Some(body)).await;
        made.push(t["token"].as_str().unwrap().to_string());
    }
    let status_with = |token: String| async move { call(Method::GET, "/me", &token, None).await.0 };
    assert_eq!(status_with(made[0].clone()).await, StatusCode::OK);
    // A token cannot mint another (which would outlive it and its revocation).
    let body = serde_json::json!({"label": "con", "days": 3650});
    let (status, body) = call(Method::POST, "/tokens", &made[0], Some(body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body.to_string().contains("không tạo được mã API khác"),
        "{body}"
    );

    let (_, list) = call(Method::GET, "/tokens", &office, None).await;
    let list = list.as_array().unwrap();
    let labels: Vec<&str> = list.iter().map(|t| t["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        ["Phần mềm một cửa", "Bảng tin"],
        "soonest to expire first"
    );
    let text = serde_json::to_string(list).unwrap();
    assert!(
        !made.iter().any(|t| text.contains(t.as_str())),
        "the list never shows a token: {text}"
    );
    let first = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(first.len(), 16);
    let (_, other_list) = call(Method::GET, "/tokens", &other, None).await;
    assert_eq!(other_list, serde_json::json!([]), "only one's own tokens");

    // Someone else cannot revoke it; a malformed id is refused in words.
    let revoke = |id: String, token: String| async move {
        call(Method::DELETE, &format!("/tokens/{id}"), &token, None).await
    };
    let (status, _) = revoke(first.clone(), other.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = revoke("xyz".into(), office.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.to_string().contains("thập lục phân"), "{body}");
    assert_eq!(status_with(made[0].clone()).await, StatusCode::OK);

    // The owner revokes it: that token stops working at once, the other goes on.
    let (status, _) = revoke(first.clone(), office.clone()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(status_with(made[0].clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_with(made[1].clone()).await, StatusCode::OK);

    // The account page lists the one left and revokes it with its form.
    let web = sign_in(&s.base, "vanphong").await;
    let account = |q: &'static str| {
        let web = web.clone();
        let base = s.base.clone();
        async move {
            let r = web
                .get(format!("{base}/tai-khoan{q}"))
                .send()
                .await
                .unwrap();
            r.text().await.unwrap()
        }
    };
    let html = account("").await;
    assert!(html.contains("Bảng tin"), "{html}");
    assert!(!html.contains("Phần mềm một cửa"), "revoked: {html}");
    let second = list[1]["id"].as_str().unwrap();
    assert!(html.contains(second));
    let csrf = csrf_of(&web, &s.base).await;
    let r = web
        .post(format!("{}/tai-khoan/thu-hoi-ma-api", s.base))
        .form(&[("csrf", csrf.as_str()), ("id", second)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(status_with(made[1].clone()).await, StatusCode::UNAUTHORIZED);
    let html = account("?tb=revoked").await;
    assert!(html.contains("Đã thu hồi mã API"), "{html}");
    assert!(html.contains("chưa có mã API nào"), "{html}");

    // A new password ends every token of the person.
    let body = serde_json::json!({"label": "Tích hợp"});
    let (_, t) = call(Method::POST, "/tokens", &office, Some(body)).await;
    let third = t["token"].as_str().unwrap().to_string();
    assert_eq!(status_with(third.clone()).await, StatusCode::OK);
    // A wrong current password says so (no user name was typed here), and ends nothing.
    let body = serde_json::json!({"old": "sai", "new": "mat-khau-moi-2026"});
    let (status, v) = call(Method::POST, "/me/password", &office, Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["message"], "mật khẩu hiện tại không đúng", "{v}");
    assert_eq!(status_with(third.clone()).await, StatusCode::OK);
    // A token needs a name, asked for in words.
    let body = serde_json::json!({"label": "  "});
    let (status, v) = call(Method::POST, "/tokens", &office, Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("tên gợi nhớ của mã API"),
        "{v}"
    );
    let body = serde_json::json!({"old": "kienan2026", "new": "mat-khau-moi-2026"});
    let (status, _) = call(Method::POST, "/me/password", &office, Some(body)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(status_with(third).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        status_with(other).await,
        StatusCode::OK,
        "others keep theirs"
    );
}

/// Cấp số on the document page: the Office numbers an outgoing document from the
/// register (the next number, the kind's notation by default); a unit head sees no form
/// and is refused; a numbered document cannot be numbered again.
#[tokio::test]
async fn the_office_issues_a_number_from_the_document_page() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let new = |subject: &str, kind| {
        dondoc_domain::NewDocument::new(
            office.org_id,
            dondoc_domain::Direction::Outgoing,
            kind,
            "UBND PHƯỜNG KIẾN AN",
            subject,
        )
        .unwrap()
    };
    let letter = s
        .app
        .register_document(
            &office,
            new("triển khai kế hoạch", dondoc_domain::DocKind::CongVan),
        )
        .await
        .unwrap();
    let plan = s
        .app
        .register_document(
            &office,
            new("kế hoạch năm", dondoc_domain::DocKind::KeHoach),
        )
        .await
        .unwrap();
    let head = sign_in(&s.base, "ktht").await;
    let html = html_of(&head, format!("{}/van-ban/{}", s.base, letter.id.get())).await;
    assert!(html.contains("chưa cấp số"), "{html}");
    assert!(
        !html.contains("Cấp số và ban hành"),
        "not the unit's register"
    );
    let csrf = csrf_of(&head, &s.base).await;
    let r = head
        .post(format!("{}/van-ban/{}/cap-so", s.base, letter.id.get()))
        .form(&[("csrf", csrf.as_str()), ("notation", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let page = |id: i64| {
        let c = c.clone();
        let base = s.base.clone();
        async move { html_of(&c, format!("{base}/van-ban/{id}")).await }
    };
    let html = page(letter.id.get()).await;
    assert!(html.contains("Cấp số và ban hành"), "{html}");
    assert!(
        !html.contains("cong-van.docx"),
        "no tasks, no letter to download"
    );
    assert!(html.contains("để trống: UBND-VP"), "{html}");
    assert!(page(plan.id.get()).await.contains("để trống: KH-UBND"));

    let issue = |id: i64, notation: &'static str| {
        let c = c.clone();
        let base = s.base.clone();
        let csrf = csrf.clone();
        async move {
            c.post(format!("{base}/van-ban/{id}/cap-so"))
                .form(&[("csrf", csrf.as_str()), ("notation", notation)])
                .send()
                .await
                .unwrap()
        }
    };
    let r = issue(letter.id.get(), "").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = issue(plan.id.get(), "UBND").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let letter = s.app.document(&office, letter.id).await.unwrap();
    let plan = s.app.document(&office, plan.id).await.unwrap();
    let (a, b) = (letter.number.unwrap(), plan.number.unwrap());
    assert!(a.as_str().ends_with("/UBND-VP"), "{a:?}");
    assert!(b.as_str().ends_with("/KH-UBND"), "{b:?}");
    let n = |x: &dondoc_domain::DocumentNumber| {
        x.as_str()
            .split('/')
            .next()
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    assert_eq!(n(&b), n(&a) + 1, "one register, consecutive numbers");
    let html = page(letter.id.get()).await;
    assert!(html.contains(a.as_str()), "{html}");
    assert!(!html.contains("Cấp số và ban hành"), "numbered: no form");

    // Numbering it again is refused, and the number stays.
    let r = issue(letter.id.get(), "").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("đã được cấp số"));
    let again = s.app.document(&office, letter.id).await.unwrap();
    assert_eq!(again.number.unwrap(), a);
}

/// The ward's letter as dondoc writes it, in Word (header and signature in tables, as
/// Word letters are) and as PDF, reads back through intake with its number, issuer,
/// date and signer.
#[tokio::test]
async fn dondoc_letters_in_word_and_pdf_read_back_through_intake() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let letter = s
        .app
        .documents(
            &office,
            dondoc_store::DocumentFilter {
                direction: Some(dondoc_domain::Direction::Outgoing),
                ..Default::default()
            },
            dondoc_store::PageRequest::new(1, 10),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|d| d.number.is_some())
        .expect("the demo's numbered letter");
    let number = letter.number.clone().unwrap();
    let issued = letter.issued_on.unwrap().format("%Y-%m-%d").to_string();
    let c = sign_in(&s.base, "vanphong").await;
    // The document's page offers the letter in both formats.
    let page = html_of(&c, format!("{}/van-ban/{}", s.base, letter.id.get())).await;
    for ext in ["docx", "pdf"] {
        let link = format!("href=\"/van-ban/{}/cong-van.{ext}\"", letter.id.get());
        assert!(page.contains(&link), "{link} not in {page}");
    }
    for (ext, mime) in [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("pdf", "application/pdf"),
    ] {
        let file = c
            .get(format!(
                "{}/van-ban/{}/cong-van.{ext}",
                s.base,
                letter.id.get()
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(file.status(), StatusCode::OK, "{ext}");
        let file = file.bytes().await.unwrap().to_vec();
        let csrf = csrf_of(&c, &s.base).await;
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf)
            .text("direction", "outgoing")
            .text("text", "")
            .part(
                "file",
                reqwest::multipart::Part::bytes(file)
                    .file_name(format!("cong-van.{ext}"))
                    .mime_str(mime)
                    .unwrap(),
            );
        let html = c
            .post(format!("{}/tiep-nhan", s.base))
            .multipart(form)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for (what, expected) in [
            (
                "number",
                format!("name=\"number\" value=\"{}\"", number.as_str()),
            ),
            (
                "date",
                format!("name=\"issued_on\" type=\"date\" value=\"{issued}\""),
            ),
            (
                "issuer",
                "value=\"ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN\"".to_string(),
            ),
            (
                "signer",
                "name=\"sig_name\" value=\"Nguyễn Thị Hồng Nhung\"".to_string(),
            ),
            (
                "title",
                "name=\"sig_title\" value=\"PHÓ CHÁNH VĂN PHÒNG\"".to_string(),
            ),
        ] {
            assert!(
                html.contains(&expected),
                "{ext} {what}: {expected} not in {html}"
            );
        }
        assert!(html.contains("Phòng Kinh tế - Hạ tầng và Đô thị"), "{ext}");
    }
}

/// A unit head sees how many tasks wait for the unit to receive them, on the menu's
/// "Hộp việc", and the number falls as they are received.
#[tokio::test]
async fn the_inbox_entry_counts_new_work_for_a_unit_head() {
    let s = spawn().await;
    let head = person(&s, "ktht").await;
    let waiting = |s: &crate::TestServer| {
        let app = s.app.clone();
        async move {
            app.tasks(
                &head,
                dondoc_store::TaskFilter {
                    unit_id: Some(head.unit_id),
                    statuses: vec![dondoc_domain::TaskStatus::Assigned],
                    ..Default::default()
                },
                dondoc_store::PageRequest::new(1, 100),
            )
            .await
            .unwrap()
            .items
        }
    };
    // Two new tasks for the unit, as the Office gives them.
    let office_actor = person(&s, "vanphong").await;
    let new_task = |title: &str| ongoing_task(title, head.unit_id);
    s.app
        .assign(
            &office_actor,
            vec![
                new_task("Rà soát hồ sơ đất đai"),
                new_task("Kiểm tra công trình"),
            ],
        )
        .await
        .unwrap();
    let before = waiting(&s).await;
    assert!(before.len() >= 2, "{before:?}");
    let c = sign_in(&s.base, "ktht").await;
    let badge =
        |n: usize| format!("aria-label=\"{n} nhiệm vụ mới giao chưa tiếp nhận\">{n}</span>");
    let page = || {
        let c = c.clone();
        let base = s.base.clone();
        async move {
            let r = c.get(format!("{base}/hop-viec")).send().await.unwrap();
            r.text().await.unwrap()
        }
    };
    let html = page().await;
    assert!(html.contains(&badge(before.len())), "{html}");
    s.app.receive(&head, before[0].id, None).await.unwrap();
    let html = page().await;
    assert!(html.contains(&badge(before.len() - 1)), "{html}");
    // The Office counts what it receives itself: its own unit's new work and what the
    // level above gave the ward (the demo's task of the city), not the other units'.
    let vp = person(&s, "vanphong").await;
    let mut mine = 0;
    for lead in [vp.unit_id, vp.org_id] {
        mine += s
            .app
            .store()
            .tasks_all(&dondoc_store::TaskFilter {
                unit_id: Some(lead),
                statuses: vec![dondoc_domain::TaskStatus::Assigned],
                ..Default::default()
            })
            .await
            .unwrap()
            .len();
    }
    assert!(mine > 1, "the city's task and the Office's own");
    let office = sign_in(&s.base, "vanphong").await;
    let html = html_of(&office, format!("{}/hop-viec", s.base)).await;
    assert!(html.contains(&badge(mine)), "{html}");
}

/// "Chỉ đạo" lists the ward's own directives and a directive of the level above that
/// the ward gave tasks from directly, but not an incoming letter that gave no work.
#[tokio::test]
async fn the_directives_page_lists_directives_from_above_worked_directly() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let incoming = |subject: &str| {
        dondoc_domain::NewDocument::new(
            office.org_id,
            dondoc_domain::Direction::Incoming,
            dondoc_domain::DocKind::CongVan,
            "VĂN PHÒNG UBND THÀNH PHỐ",
            subject,
        )
        .unwrap()
    };
    let worked = s
        .app
        .register_document(&office, incoming("phòng chống lụt bão năm 2026"))
        .await
        .unwrap();
    s.app
        .register_document(&office, incoming("mời họp giao ban"))
        .await
        .unwrap();
    let kt = person(&s, "ktht").await;
    s.app
        .assign(
            &office,
            vec![TaskInput {
                document_id: Some(worked.id.get()),
                ..ongoing_task("Rà soát phương án phòng chống lụt bão", kt.unit_id)
            }],
        )
        .await
        .unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let html = html_of(&c, format!("{}/chi-dao", s.base)).await;
    assert!(html.contains("phòng chống lụt bão năm 2026"), "{html}");
    assert!(html.contains("văn bản đến, giao việc trực tiếp"), "{html}");
    assert!(
        html.contains("Rà soát phương án phòng chống lụt bão"),
        "{html}"
    );
    assert!(!html.contains("mời họp giao ban"), "no work given: {html}");
    // Each directive and task links to its page.
    assert!(
        html.contains(&format!("href=\"/van-ban/{}\"", worked.id.get())),
        "{html}"
    );
    assert!(html.contains("href=\"/nhiem-vu/"), "{html}");
    // The ward's own letter is still there.
    assert!(
        html.contains("triển khai thực hiện Nghị quyết Phiên họp Chính phủ"),
        "{html}"
    );
}

/// A numbered directive goes out as an edXML package (its letter in Word inside), and
/// the same package uploaded to intake comes back as a draft with the envelope's
/// number and subject, as an incoming directive. Hostile and wrong packages are
/// refused with a message, and only a numbered outgoing document can be sent.
#[tokio::test]
async fn edxml_packages_go_out_and_come_back_through_intake() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let docs = |direction| {
        let app = s.app.clone();
        async move {
            app.documents(
                &office,
                dondoc_store::DocumentFilter {
                    direction: Some(direction),
                    ..Default::default()
                },
                dondoc_store::PageRequest::new(1, 10),
            )
            .await
            .unwrap()
            .items
        }
    };
    let letter = docs(dondoc_domain::Direction::Outgoing)
        .await
        .into_iter()
        .find(|d| d.number.is_some())
        .expect("the demo's numbered letter");
    let number = letter.number.clone().unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let page = html_of(&c, format!("{}/van-ban/{}", s.base, letter.id.get())).await;
    let link = format!("href=\"/van-ban/{}/lien-thong.xml\"", letter.id.get());
    assert!(page.contains(&link), "{link} not in {page}");
    let r = c
        .get(format!(
            "{}/van-ban/{}/lien-thong.xml",
            s.base,
            letter.id.get()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let package = r.bytes().await.unwrap().to_vec();
    let dondoc_edxml::Edxml::Message(m) = dondoc_edxml::read(&package).unwrap() else {
        panic!("not a document message")
    };
    assert_eq!(m.number(), number.as_str());
    assert_eq!(m.subject, letter.subject);
    assert_eq!(m.promulgation_date, letter.issued_on);
    assert_eq!(
        m.steering_type,
        Some(dondoc_edxml::SteeringType::Steering),
        "it gives work"
    );
    let tasks = s
        .app
        .tasks(
            &office,
            dondoc_store::TaskFilter {
                document_id: Some(letter.id),
                ..Default::default()
            },
            dondoc_store::PageRequest::new(1, 100),
        )
        .await
        .unwrap()
        .items;
    assert!(!tasks.is_empty());
    assert_eq!(
        m.due_date,
        tasks.iter().filter_map(|t| t.due_date).max(),
        "its tasks' last due date"
    );
    assert_eq!(m.attachments.len(), 1, "{:?}", m.attachments);
    assert!(m.attachments[0].name.ends_with(".docx"));
    let text = dondoc_extract::extract(&m.attachments[0].data, &m.attachments[0].name).unwrap();
    assert!(text.contains("Phòng Kinh tế - Hạ tầng và Đô thị"), "{text}");

    let upload = |bytes: Vec<u8>, name: &'static str| {
        let c = c.clone();
        let base = s.base.clone();
        async move {
            let csrf = csrf_of(&c, &base).await;
            let form = reqwest::multipart::Form::new()
                .text("csrf", csrf)
                .text("direction", "outgoing")
                .text("text", "")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(bytes)
                        .file_name(name)
                        .mime_str("application/xml")
                        .unwrap(),
                );
            let r = c
                .post(format!("{base}/tiep-nhan"))
                .multipart(form)
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) = upload(package, "goi-lien-thong.xml").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for expected in [
        format!("name=\"number\" value=\"{}\"", number.as_str()),
        "Gói edXML".to_string(),
        "văn bản chỉ đạo".to_string(),
        "<option value=\"incoming\" selected>".to_string(),
        "Phòng Kinh tế - Hạ tầng và Đô thị".to_string(),
        // The sender's ids ride with the form, for the status answer.
        format!("name=\"exchange_document_id\" value=\"{}\"", m.document_id),
    ] {
        assert!(html.contains(&expected), "{expected} not in {html}");
    }

    let registered = docs(dondoc_domain::Direction::Incoming).await.len();
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><edXMLEnvelope><edXMLHeader><MessageHeader><Subject>&b;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope>";
    let (status, html) = upload(bomb.as_bytes().to_vec(), "bom.xml").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("DOCTYPE"), "{html}");
    let status_answer = dondoc_edxml::write_status(&dondoc_edxml::Status {
        response_for: dondoc_edxml::ResponseFor {
            code: number.to_string(),
            ..Default::default()
        },
        from: dondoc_edxml::Organ::default(),
        code: dondoc_edxml::StatusCode::Received,
        description: String::new(),
        timestamp: chrono::NaiveDate::from_ymd_opt(2026, 7, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        staff: dondoc_edxml::StaffInfo::default(),
    });
    let (status, html) = upload(status_answer, "trang-thai.xml").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("gói trạng thái (mã 03"), "{html}");
    let (status, html) = upload(b"<ok>not edxml</ok>".to_vec(), "x.xml").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("không phải gói edXML"), "{html}");
    assert_eq!(
        docs(dondoc_domain::Direction::Incoming).await.len(),
        registered,
        "nothing registered by a refused package"
    );

    // Only a numbered outgoing document goes out.
    let incoming = &docs(dondoc_domain::Direction::Incoming).await[0];
    let r = c
        .get(format!(
            "{}/van-ban/{}/lien-thong.xml",
            s.base,
            incoming.id.get()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Chỉ gửi liên thông"));

    // The ward's agency code, set by the administrator, is the package's From.
    let admin = sign_in(&s.base, "admin").await;
    let csrf_admin = csrf_of(&admin, &s.base).await;
    let set_code = |unit: i64, code: &'static str| {
        let admin = admin.clone();
        let base = s.base.clone();
        let csrf = csrf_admin.clone();
        async move {
            let r = admin
                .post(format!("{base}/quan-tri/ma-dinh-danh"))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("unit", unit.to_string().as_str()),
                    ("organ_code", code),
                ])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) = set_code(office.org_id.get(), "000.00.31.h26").await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {html}"
    );
    let (status, html) = set_code(office.org_id.get(), "000 00").await;
    assert!(status.is_client_error(), "{status}");
    assert!(html.contains("mã định danh"), "{html}");
    let (status, _) = set_code(office.unit_id.get(), "000.00.31.H27").await;
    assert!(
        status.is_client_error(),
        "a unit inside the ward has no code"
    );
    let package = c
        .get(format!(
            "{}/van-ban/{}/lien-thong.xml",
            s.base,
            letter.id.get()
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let dondoc_edxml::Edxml::Message(m) = dondoc_edxml::read(&package).unwrap() else {
        panic!("not a document message")
    };
    assert_eq!(m.from.id, "000.00.31.H26");

    // A unit head speaks for no one to another agency: no link, and refused.
    let head = sign_in(&s.base, "ktht").await;
    let page = html_of(&head, format!("{}/van-ban/{}", s.base, letter.id.get())).await;
    assert!(!page.contains("lien-thong.xml"), "{page}");
    for url in [
        format!("{}/van-ban/{}/lien-thong.xml", s.base, letter.id.get()),
        format!("{}/api/v1/documents/{}/edxml", s.base, letter.id.get()),
    ] {
        let r = head.get(url.clone()).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{url}");
    }

    // A secret document never goes through the axis.
    let secret = s
        .app
        .register_document(
            &office,
            dondoc_domain::NewDocument::new(
                office.org_id,
                dondoc_domain::Direction::Outgoing,
                dondoc_domain::DocKind::CongVan,
                "UBND PHƯỜNG KIẾN AN",
                "phương án bảo vệ",
            )
            .unwrap()
            .with_number(Some(
                dondoc_domain::DocumentNumber::parse("3/UBND-VP").unwrap(),
            ))
            .with_marks(dondoc_domain::Urgency::Normal, dondoc_domain::Secrecy::Mat),
        )
        .await
        .unwrap();
    let leader = sign_in(&s.base, "chutich").await;
    let page = html_of(&leader, format!("{}/van-ban/{}", s.base, secret.id.get())).await;
    assert!(!page.contains("lien-thong.xml"), "{page}");
    let r = leader
        .get(format!(
            "{}/van-ban/{}/lien-thong.xml",
            s.base,
            secret.id.get()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Văn bản mật không gửi qua Trục liên thông")
    );
}

/// An incoming document's page offers its edXML status answer, which follows the work
/// given from it: received (03) before any task, assigned (05) while a task is open,
/// done (06) once every task is completed. An outgoing document has none.
#[tokio::test]
async fn an_incoming_documents_status_answer_follows_its_work() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let head = person(&s, "ktht").await;
    let doc = s
        .app
        .register_document(
            &office,
            dondoc_domain::NewDocument::new(
                office.org_id,
                dondoc_domain::Direction::Incoming,
                dondoc_domain::DocKind::CongVan,
                "UBND THÀNH PHỐ HẢI PHÒNG",
                "triển khai Tháng hành động",
            )
            .unwrap()
            .with_number(Some(
                dondoc_domain::DocumentNumber::parse("4085/UBND-ĐT").unwrap(),
            ))
            .with_issued_on(chrono::NaiveDate::from_ymd_opt(2026, 6, 20)),
        )
        .await
        .unwrap();
    let c = sign_in(&s.base, "vanphong").await;
    let page = html_of(&c, format!("{}/van-ban/{}", s.base, doc.id.get())).await;
    assert!(
        page.contains(&format!(
            "href=\"/van-ban/{}/trang-thai.xml\"",
            doc.id.get()
        )),
        "{page}"
    );
    let status = || {
        let c = c.clone();
        let url = format!("{}/van-ban/{}/trang-thai.xml", s.base, doc.id.get());
        async move {
            let r = c.get(url).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            let bytes = r.bytes().await.unwrap();
            match dondoc_edxml::read(&bytes).unwrap() {
                dondoc_edxml::Edxml::Status(st) => *st,
                other => panic!("{other:?}"),
            }
        }
    };
    let st = status().await;
    assert_eq!(st.code, dondoc_edxml::StatusCode::Received);
    assert_eq!(st.response_for.code, "4085/UBND-ĐT");
    assert_eq!(
        st.response_for.promulgation_date,
        chrono::NaiveDate::from_ymd_opt(2026, 6, 20)
    );
    assert!(st.from.name.contains("Kiến An"), "{st:?}");

    let mut input = ongoing_task("Ra quân Tháng hành động", head.unit_id);
    input.document_id = Some(doc.id.get());
    let task = assign_one(&s, &office, input).await;
    let st = status().await;
    assert_eq!(st.code, dondoc_edxml::StatusCode::Assigned);
    assert!(st.description.contains("1 đang thực hiện"), "{st:?}");

    s.app.receive(&head, task.id, None).await.unwrap();
    s.app
        .report_completion(&head, task.id, None, "Đã ra quân", "", "", &[])
        .await
        .unwrap();
    s.app
        .confirm_completion(&office, task.id, None)
        .await
        .unwrap();
    let st = status().await;
    assert_eq!(st.code, dondoc_edxml::StatusCode::Done, "{st:?}");

    // A document confirmed from a package keeps its sender's ids, and its status
    // answer names them.
    let csrf = csrf_of(&c, &s.base).await;
    let r = c
        .post(format!("{}/tiep-nhan/xac-nhan", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("direction", "incoming"),
            ("kind", "cong_van"),
            ("number", "77/UBND-VX"),
            ("issuer", "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"),
            ("subject", "văn bản nhận qua trục"),
            ("rows", "0"),
            ("exchange_organ_id", "000.00.00.H26"),
            (
                "exchange_document_id",
                "000.00.00.H26,2026/06/20,77/UBND-VX",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let page = to.split('?').next().unwrap();
    let r = c
        .get(format!("{}{page}/trang-thai.xml", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{to}");
    let dondoc_edxml::Edxml::Status(st) = dondoc_edxml::read(&r.bytes().await.unwrap()).unwrap()
    else {
        panic!("not a status")
    };
    assert_eq!(st.response_for.organ_id, "000.00.00.H26");
    assert_eq!(
        st.response_for.document_id,
        "000.00.00.H26,2026/06/20,77/UBND-VX"
    );
    assert_eq!(st.response_for.code, "77/UBND-VX");

    // An outgoing document has no status answer to send.
    let outgoing = s
        .app
        .documents(
            &office,
            dondoc_store::DocumentFilter {
                direction: Some(dondoc_domain::Direction::Outgoing),
                ..Default::default()
            },
            dondoc_store::PageRequest::new(1, 1),
        )
        .await
        .unwrap()
        .items
        .remove(0);
    let r = c
        .get(format!(
            "{}/api/v1/documents/{}/edxml-status",
            s.base,
            outgoing.id.get()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("chỉ gửi trạng thái"));
}

/// The task the city gave the ward is carried out by the ward's own directive, drafted
/// from the task's page: the link to it goes through the intake form and its draft,
/// and the task then lists the new document (and not the city's letter it came in).
#[tokio::test]
async fn the_office_drafts_a_directive_implementing_work_from_above() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let up = s
        .app
        .store()
        .tasks_all(&dondoc_store::TaskFilter {
            unit_id: Some(office.org_id),
            ..Default::default()
        })
        .await
        .unwrap()
        .remove(0);
    let c = sign_in(&s.base, "vanphong").await;
    let get = |path: String| {
        let c = c.clone();
        let base = s.base.clone();
        async move { html_of(&c, format!("{base}{path}")).await }
    };
    let page = get(format!("/nhiem-vu/{}", up.id.get())).await;
    let link = format!("href=\"/tiep-nhan?trien_khai={}\"", up.id.get());
    assert!(page.contains(&link), "{page}");
    assert!(
        page.contains("<dt>Cơ quan giao</dt><dd>Ủy ban nhân dân thành phố Hải Phòng</dd>"),
        "{page}"
    );
    assert!(
        !page.contains("7168/VP-TH"),
        "the city's letter gives the task"
    );
    let form = get(format!("/tiep-nhan?trien_khai={}", up.id.get())).await;
    let hidden = format!("name=\"implements_task\" value=\"{}\"", up.id.get());
    assert!(form.contains(&hidden), "{form}");
    assert!(form.contains(&up.title), "{form}");
    // The text box starts from the outline of the ward's letter.
    assert!(form.contains("Số:      /UBND-VP\nV/v "), "{form}");
    assert!(
        form.contains("Kính gửi: Các phòng, đơn vị thuộc Ủy ban nhân dân phường Kiến An."),
        "{form}"
    );
    // The draft carries it on.
    let csrf = csrf_of(&c, &s.base).await;
    let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nSố: /UBND-VP\nV/v triển khai Nghị quyết 148/NQ-CP\n\n\
        Kính gửi: Các phòng, đơn vị thuộc UBND phường.\n\n\
        1. Phòng Kinh tế - Hạ tầng và Đô thị rà soát các dự án, hoàn thành trước ngày 30/12/2026.\n";
    let draft = c
        .post(format!("{}/tiep-nhan", s.base))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf", csrf.clone())
                .text("implements_task", up.id.get().to_string())
                .text("text", text),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(draft.contains(&hidden), "{draft}");
    let kt = person(&s, "ktht").await.unit_id.get().to_string();
    let confirm = |due: String| {
        c.post(format!("{}/tiep-nhan/xac-nhan", s.base))
            .form(&[
                ("csrf", csrf.clone()),
                ("direction", "outgoing".into()),
                ("kind", "cong_van".into()),
                ("issuer", "ỦY BAN NHÂN DÂN PHƯỜNG KIẾN AN".into()),
                ("subject", "triển khai Nghị quyết 148/NQ-CP".into()),
                ("implements_task", up.id.get().to_string()),
                ("rows", "1".into()),
                ("keep_0", "1".into()),
                ("title_0", "Rà soát các dự án".into()),
                ("lead_0", kt.clone()),
                ("dkind_0", "date".into()),
                ("due_0", due),
            ])
            .send()
    };
    let r = confirm("2026-12-30".into()).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = r.headers()["location"].to_str().unwrap().to_string();
    let html = get(doc.clone()).await;
    assert!(html.contains("Triển khai nhiệm vụ cấp trên"), "{html}");
    let path = doc.split('?').next().unwrap();
    let page = get(format!("/nhiem-vu/{}", up.id.get())).await;
    assert!(page.contains(&format!("href=\"{path}\"")), "{page}");
    // A unit head neither drafts directives nor sees the link.
    let kc = sign_in(&s.base, "ktht").await;
    let r = kc
        .get(format!("{}/tiep-nhan?trien_khai={}", s.base, up.id.get()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A task id that is not one is refused with a message.
    let r = c
        .get(format!("{}/tiep-nhan?trien_khai=abc", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// Each inbox row names the document (and its section) its task came from.
#[tokio::test]
async fn inbox_rows_name_their_source_document() {
    let s = spawn().await;
    let c = sign_in(&s.base, "ktht").await;
    let html = html_of(&c, format!("{}/hop-viec?muc=dang", s.base)).await;
    assert!(
        html.contains("<span class=\"meta\">Công văn số 01/UBND-VP, mục "),
        "{html}"
    );
}

/// An incoming document carries its number in the register of incoming documents (số
/// đến), on its page and in the list.
#[tokio::test]
async fn incoming_documents_show_their_register_number() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let get = |path: &str| {
        let c = c.clone();
        let url = format!("{}{path}", s.base);
        async move { html_of(&c, url).await }
    };
    let list = get("/van-ban?huong=incoming").await;
    assert!(list.contains("Văn bản đến, số đến 1"), "{list}");
    let id = s
        .app
        .store()
        .documents(
            &dondoc_store::DocumentFilter {
                direction: Some(dondoc_domain::Direction::Incoming),
                ..Default::default()
            },
            dondoc_store::PageRequest::new(1, 10),
        )
        .await
        .unwrap()
        .items[0]
        .id;
    let page = get(&format!("/van-ban/{}", id.get())).await;
    assert!(page.contains("<dt>Số đến</dt><dd>1</dd>"), "{page}");
}

/// An upload that cannot be attached (no file chosen, an empty file) shows the task
/// again with the reason, not a page with no way back to it.
#[tokio::test]
async fn a_refused_attachment_shows_the_task_again() {
    let s = spawn().await;
    let id = task_of_unit(&s, "ktht").await;
    let c = sign_in(&s.base, "ktht").await;
    let csrf = csrf_of(&c, &s.base).await;
    for (name, bytes, said) in [
        ("", Vec::new(), "chưa chọn tệp để đính kèm"),
        ("bien-ban.pdf", Vec::new(), "rỗng (0 byte)"),
    ] {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
            );
        let r = c
            .post(format!("{}/nhiem-vu/{id}/dinh-kem", s.base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let html = r.text().await.unwrap();
        assert!(html.contains(said), "{html}");
        assert!(
            html.contains(&format!("action=\"/nhiem-vu/{id}/dinh-kem\"")),
            "the task's forms are there: {html}"
        );
    }
}

/// The city's Office gives work to the ward itself: its intake reads the ward's name in
/// the directive, offers the ward among the leads, and confirms the task to it.
#[tokio::test]
async fn the_city_drafts_work_for_the_ward() {
    let s = spawn().await;
    let ward = s
        .app
        .units()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == "Ủy ban nhân dân phường Kiến An")
        .unwrap();
    let c = sign_in(&s.base, "vptp").await;
    let csrf = csrf_of(&c, &s.base).await;
    let text = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\nSố: 8200/UBND-VP\n\
        V/v rà soát hộ nghèo\n\nHải Phòng, ngày 30 tháng 6 năm 2026\n\n\
        Kính gửi: Ủy ban nhân dân phường Kiến An.\n\n\
        1. Ủy ban nhân dân phường Kiến An rà soát hộ nghèo, hộ cận nghèo trên địa bàn, báo \
        cáo trước ngày 30/7/2026.\n";
    let html = draft_of(&c, &s.base, &csrf, text).await;
    let chosen = format!("<option value=\"{}\" selected>", ward.id.get());
    assert!(html.contains(&chosen), "{html}");
    assert!(!html.contains("chưa xác định"), "{html}");
    // The city's Office issues under the city's name: its own letter, not one received.
    let by_office = text.replace(
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG",
        "UBND THÀNH PHỐ HẢI PHÒNG\nVĂN PHÒNG",
    );
    let html = draft_of(&c, &s.base, &csrf, &by_office).await;
    assert!(
        html.contains("<option value=\"outgoing\" selected>"),
        "{html}"
    );
}

/// The Office urges a unit from the task's page: the form is there for the Office (not
/// for the unit), and the task's history then says who urged and with what words.
#[tokio::test]
async fn the_office_urges_from_the_task_page() {
    let s = spawn().await;
    let id = task_of_unit(&s, "ktht").await;
    let form = format!("action=\"/nhiem-vu/{id}/don-doc\"");
    let unit = sign_in(&s.base, "ktht").await;
    assert!(
        !html_of(&unit, format!("{}/nhiem-vu/{id}", s.base))
            .await
            .contains(&form)
    );
    let c = sign_in(&s.base, "vanphong").await;
    let url = format!("{}/nhiem-vu/{id}", s.base);
    assert!(html_of(&c, &url).await.contains(&form));
    let csrf = csrf_of(&c, &s.base).await;
    let r = c
        .post(format!("{url}/don-doc"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("note", "Đề nghị báo cáo trước 16 giờ"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = html_of(&c, &url).await;
    assert!(
        html.contains("đôn đốc đơn vị: Đề nghị báo cáo trước 16 giờ"),
        "{html}"
    );
    // A second urge the same day is refused with the time of the first.
    let r = c
        .post(format!("{url}/don-doc"))
        .form(&[("csrf", csrf.as_str()), ("note", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("đã được đôn đốc hôm nay"));
}

/// The city's letter giving the ward work is open to the ward's Office and leaders,
/// with the work it gives them listed.
#[tokio::test]
async fn the_ward_reads_the_citys_letter_that_gives_it_work() {
    let s = spawn().await;
    let city = person(&s, "vptp").await;
    let office = person(&s, "vanphong").await;
    let (doc, tasks) = s
        .app
        .confirm_intake(
            &city,
            dondoc_app::IntakeConfirm {
                document: dondoc_app::NewDocumentInput {
                    direction: "outgoing".into(),
                    kind: "cong_van".into(),
                    number: Some("8200/UBND-VP".into()),
                    issued_on: Some(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
                    issuer: "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG".into(),
                    place: "Hải Phòng".into(),
                    subject: "rà soát hộ nghèo".into(),
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
                tasks: vec![TaskInput {
                    deadline: Deadline::OnDate {
                        date: chrono::NaiveDate::from_ymd_opt(2026, 7, 30).unwrap(),
                    },
                    ..ongoing_task("Rà soát hộ nghèo, hộ cận nghèo", office.org_id)
                }],
            },
        )
        .await
        .unwrap();
    for user in ["vanphong", "chutich"] {
        let c = sign_in(&s.base, user).await;
        let r = c
            .get(format!("{}/van-ban/{}", s.base, doc.id.get()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{user}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains(&format!("href=\"/nhiem-vu/{}\"", tasks[0].id.get())),
            "{user}: {html}"
        );
    }
    // A unit of the ward, given nothing by it, does not read it.
    let c = sign_in(&s.base, "ktht").await;
    let r = c
        .get(format!("{}/van-ban/{}", s.base, doc.id.get()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// The Office corrects a task from its page ("Điều chỉnh nhiệm vụ"): the new wording
/// and last day are stored, the history says what changed and why; a unit's head sees
/// no such form, and a refused correction shows the page again with what was typed.
#[tokio::test]
async fn the_office_corrects_a_task_from_its_page() {
    let s = spawn().await;
    let office = person(&s, "vanphong").await;
    let kt = person(&s, "ktht").await;
    let t = assign_one(
        &s,
        &office,
        TaskInput {
            deadline: Deadline::OnDate {
                date: chrono::NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(),
            },
            ..ongoing_task("Kiểm tra trật tự xây dựng tuyến phố", kt.unit_id)
        },
    )
    .await;
    let id = t.id.get();
    let head = sign_in(&s.base, "ktht").await;
    let html = html_of(&head, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(
        !html.contains("Điều chỉnh nhiệm vụ"),
        "not the unit's to correct"
    );
    // The Office corrects the wording; the date is the leaders' (no field for it).
    let office = sign_in(&s.base, "vanphong").await;
    let html = html_of(&office, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(html.contains("Điều chỉnh nhiệm vụ"), "{html}");
    assert!(!html.contains("id=\"amend-due\""), "{html}");
    assert!(html.contains("do lãnh đạo điều chỉnh"), "{html}");
    let c = sign_in(&s.base, "chutich").await;
    let html = html_of(&c, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(
        html.contains("Hạn xử lý mới (để trống: giữ hạn"),
        "the chair's form has the date, empty: {html}"
    );
    let csrf = csrf_of(&c, &s.base).await;
    let version = t.version.to_string();
    let post = |due: &'static str, reason: &'static str| {
        c.post(format!("{}/nhiem-vu/{id}/dieu-chinh", s.base))
            .form(&[
                ("csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("title", "Kiểm tra trật tự xây dựng các tuyến phố chính"),
                ("urgency", "khan"),
                ("due_date", due),
                ("reason", reason),
            ])
            .send()
    };
    // 18/07/2026 is a Saturday: refused, the page again with the reason typed.
    let r = post("2026-07-18", "vào sổ nhầm hạn").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("không phải ngày làm việc"), "{html}");
    assert!(html.contains("vào sổ nhầm hạn"), "what was typed is kept");
    let r = post("2026-07-17", "vào sổ nhầm hạn").await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let stored = s.app.store().task(t.id).await.unwrap().unwrap();
    assert_eq!(
        stored.title,
        "Kiểm tra trật tự xây dựng các tuyến phố chính"
    );
    assert_eq!(
        stored.due_date,
        chrono::NaiveDate::from_ymd_opt(2026, 7, 17)
    );
    let html = html_of(&c, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(
        html.contains(
            "điều chỉnh nhiệm vụ: nội dung «Kiểm tra trật tự xây dựng tuyến phố» → «Kiểm tra \
             trật tự xây dựng các tuyến phố chính»; hạn xử lý 31/07/2026 → 17/07/2026; độ \
             khẩn thường → khẩn (lý do: vào sổ nhầm hạn)"
        ),
        "{html}"
    );
}

/// A unit given work in two sections is read as one lead: the draft lists it once
/// (it has a row for each of its tasks below).
#[tokio::test]
async fn a_lead_given_two_sections_is_listed_once() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vanphong").await;
    let csrf = csrf_of(&c, &s.base).await;
    let text = "ỦY BAN NHÂN DÂN\nPHƯỜNG KIẾN AN\nSố: /UBND-VP\nV/v kiểm tra trật tự đô thị\n\n\
                1. Giao Phòng Kinh tế - Hạ tầng và Đô thị kiểm tra trật tự xây dựng, \
                hoàn thành trước ngày 30/12/2026.\n\
                2. Giao Phòng Văn hóa - Xã hội tuyên truyền nếp sống văn minh đô thị.\n\
                3. Giao Phòng Kinh tế - Hạ tầng và Đô thị tổng hợp kết quả, báo cáo \
                trước ngày 31/12/2026.\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .text("direction", "outgoing")
        .text("text", text);
    let html = c
        .post(format!("{}/tiep-nhan", s.base))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Đơn vị chủ trì đọc được (2)"), "{html}");
    assert_eq!(
        html.matches("<li><strong>Phòng Kinh tế - Hạ tầng và Đô thị</strong>")
            .count(),
        1,
        "{html}"
    );
}

/// The administrators' list says who typed wrong passwords, offers to unlock a locked
/// account, and the unlock lets its owner in.
#[tokio::test]
async fn the_administrator_unlocks_an_account_from_the_list() {
    let s = spawn().await;
    for _ in 0..6 {
        let _ = s.app.sign_in("ktht", "sai-mat-khau").await;
    }
    assert!(s.app.sign_in("ktht", "kienan2026").await.is_err(), "locked");
    let c = sign_in(&s.base, "admin").await;
    let html = html_of(&c, format!("{}/quan-tri", s.base)).await;
    assert!(
        html.contains("đang bị khóa đăng nhập, ít nhất ở máy"),
        "{html}"
    );
    assert_eq!(html.matches("Mở khóa đăng nhập").count(), 1, "one row only");
    let kt = person(&s, "ktht").await;
    let csrf = csrf_of(&c, &s.base).await;
    let r = c
        .post(format!("{}/quan-tri/mo-khoa", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("person", kt.person_id.get().to_string().as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(s.app.sign_in("ktht", "kienan2026").await.is_ok());
    let html = html_of(&c, format!("{}/quan-tri", s.base)).await;
    assert!(!html.contains("Mở khóa đăng nhập"), "{html}");
}

/// A file withdrawn from the task page: struck through with its reason, no link, the
/// history says so, and its address answers with the reason instead of the file.
#[tokio::test]
async fn a_file_is_withdrawn_from_the_task_page() {
    let s = spawn().await;
    let id = task_of_unit(&s, "ktht").await;
    let head = person(&s, "ktht").await;
    let f = s
        .app
        .attach(
            &head,
            None,
            Some(dondoc_domain::TaskId::new(id)),
            "danh-sach-ho-ngheo.xlsx",
            "application/vnd.ms-excel",
            b"PK-nham".to_vec(),
        )
        .await
        .unwrap();
    let c = sign_in(&s.base, "ktht").await;
    let html = html_of(&c, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(
        html.contains(&format!("href=\"/tep/{}\"", f.id.get())),
        "{html}"
    );
    assert!(html.contains("Gỡ tệp"), "{html}");
    let csrf = csrf_of(&c, &s.base).await;
    let r = c
        .post(format!("{}/nhiem-vu/{id}/go-tep", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("attachment", f.id.get().to_string().as_str()),
            ("reason", "tệp của nhiệm vụ khác"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = html_of(&c, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(
        !html.contains(&format!("href=\"/tep/{}\"", f.id.get())),
        "{html}"
    );
    assert!(
        html.contains("<del>danh-sach-ho-ngheo.xlsx</del>"),
        "{html}"
    );
    assert!(
        html.contains("gỡ tệp danh-sach-ho-ngheo.xlsx: tệp của nhiệm vụ khác"),
        "{html}"
    );
    let r = c
        .get(format!("{}/tep/{}", s.base, f.id.get()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
    assert!(r.text().await.unwrap().contains("đã được gỡ"));
}

/// Urged once today, the task page says so where the form was; the unit head follows
/// the notice to the task, which marks it read.
#[tokio::test]
async fn an_urged_task_says_so_and_its_notice_is_read_when_followed() {
    let s = spawn().await;
    let id = task_of_unit(&s, "ktht").await;
    let office = person(&s, "vanphong").await;
    s.app
        .urge_task(
            &office,
            dondoc_domain::TaskId::new(id),
            "Báo cáo trước 16 giờ",
        )
        .await
        .unwrap();
    let chair = sign_in(&s.base, "chutich").await;
    let html = html_of(&chair, format!("{}/nhiem-vu/{id}", s.base)).await;
    assert!(
        html.contains("Nhiệm vụ đã được đôn đốc hôm nay lúc"),
        "{html}"
    );
    assert!(!html.contains("Gửi đôn đốc"), "{html}");
    let head = sign_in(&s.base, "ktht").await;
    let html = html_of(&head, format!("{}/thong-bao", s.base)).await;
    let mo = html
        .find("/mo?nhiem_vu=")
        .expect("a link that opens the notice");
    let at = html[..mo].rfind("/thong-bao/").unwrap();
    let link: String = html[at..]
        .chars()
        .take_while(|c| *c != '"')
        .collect::<String>()
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let before = s
        .app
        .my_unread_count(&person(&s, "ktht").await)
        .await
        .unwrap();
    let r = head.get(format!("{}{link}", s.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        format!("/nhiem-vu/{id}")
    );
    let after = s
        .app
        .my_unread_count(&person(&s, "ktht").await)
        .await
        .unwrap();
    assert_eq!(after + 1, before);
}

/// The demo's city has a leader to sign its reports: its Office downloads them in Word.
#[tokio::test]
async fn the_demo_city_signs_its_reports() {
    let s = spawn().await;
    let c = sign_in(&s.base, "vptp").await;
    let r = c
        .get(format!(
            "{}/bao-cao/tai-ve?scope=organisation&format=docx",
            s.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
}

/// The city's Office reads its dashboard by lead: the ward it gave work to has its row,
/// as the city's leaders see it.
#[tokio::test]
async fn the_city_office_dashboard_has_the_ward_row() {
    let s = spawn().await;
    for user in ["vptp", "pctp"] {
        let c = sign_in(&s.base, user).await;
        let html = html_of(&c, format!("{}/bang-dieu-khien", s.base)).await;
        assert!(
            html.contains("<tr><td>Ủy ban nhân dân phường Kiến An</td>"),
            "{user}: {html}"
        );
    }
}

/// A file of the city's letter is the city's: the ward's Office, which reads the letter
/// because it gives the ward work, does not withdraw it; the city's Office does.
#[tokio::test]
async fn the_level_above_keeps_its_files() {
    let s = spawn().await;
    let city = person(&s, "vptp").await;
    let ward_office = person(&s, "vanphong").await;
    let letter = dondoc_domain::NewDocument::new(
        city.org_id,
        dondoc_domain::Direction::Outgoing,
        dondoc_domain::DocKind::CongVan,
        "UBND THÀNH PHỐ HẢI PHÒNG",
        "kiểm tra an toàn thực phẩm dịp Tết",
    )
    .unwrap();
    let doc = s.app.register_document(&city, letter).await.unwrap();
    assign_one(
        &s,
        &city,
        TaskInput {
            document_id: Some(doc.id.get()),
            ..ongoing_task("Kiểm tra an toàn thực phẩm", ward_office.org_id)
        },
    )
    .await;
    let f = s
        .app
        .attach(
            &city,
            Some(doc.id),
            None,
            "ke-hoach.pdf",
            "application/pdf",
            b"%PDF-".to_vec(),
        )
        .await
        .unwrap();
    assert!(
        s.app.document(&ward_office, doc.id).await.is_ok(),
        "the ward reads it"
    );
    let refused = s.app.withdraw_attachment(&ward_office, f.id, "nhầm").await;
    assert!(
        matches!(refused, Err(dondoc_app::AppError::Forbidden(_))),
        "{refused:?}"
    );
    s.app
        .withdraw_attachment(&city, f.id, "đính kèm nhầm bản dự thảo")
        .await
        .unwrap();
}

/// A sub-task's page leads back to the task it was given under.
#[tokio::test]
async fn a_sub_task_links_to_its_parent() {
    let s = spawn().await;
    let id = task_of_unit(&s, "ktht").await;
    let kt = person(&s, "ktht").await;
    let sub = assign_one(
        &s,
        &kt,
        TaskInput {
            parent_task: Some(id),
            deadline: Deadline::OnDate {
                date: chrono::NaiveDate::from_ymd_opt(2026, 7, 24).unwrap(),
            },
            ..ongoing_task("Tổng hợp số liệu tổ dân phố", kt.unit_id)
        },
    )
    .await;
    let c = sign_in(&s.base, "ktht").await;
    let html = html_of(&c, format!("{}/nhiem-vu/{}", s.base, sub.id.get())).await;
    assert!(
        html.contains(&format!(
            "<dt>Nhiệm vụ cha</dt><dd><a href=\"/nhiem-vu/{id}\">"
        )),
        "{html}"
    );
}

/// A unit head is offered only the own unit's report; the Office every unit's.
#[tokio::test]
async fn the_reports_page_offers_a_unit_its_own_report_only() {
    let s = spawn().await;
    let options = |html: &str| html.matches("<option value=").count();
    let head = sign_in(&s.base, "ktht").await;
    let html = html_of(&head, format!("{}/bao-cao", s.base)).await;
    let unit_select = &html[html.find("id=\"unit\"").unwrap()..];
    let unit_select = &unit_select[..unit_select.find("</select>").unwrap()];
    assert_eq!(options(unit_select), 1, "{unit_select}");
    assert!(unit_select.contains("Phòng Kinh tế - Hạ tầng và Đô thị"));
    let office = sign_in(&s.base, "vanphong").await;
    let html = html_of(&office, format!("{}/bao-cao", s.base)).await;
    let unit_select = &html[html.find("id=\"unit\"").unwrap()..];
    let unit_select = &unit_select[..unit_select.find("</select>").unwrap()];
    assert!(options(unit_select) > 1, "{unit_select}");
}
