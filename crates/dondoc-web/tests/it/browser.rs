//! The three flows of the product in headless Chromium (chromedriver + fantoccini):
//! the Office takes the Kiến An letter in, a unit receives a task and reports an
//! obstacle, the chair gives direction from the dashboard. Screenshots of each step go
//! to `target/screenshots/`.

use crate::spawn;
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMIUM: &str = "chromium";
const CHROMEDRIVER: &str = "chromedriver";

fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Stops chromedriver when the test ends, whatever happens.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn screenshots_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A screenshot of the whole page: the window is made as tall as the page first.
async fn shot(c: &Client, name: &str, width: u32) {
    let h = c
        .execute(
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(900)
        .clamp(600, 7000) as u32;
    c.set_window_size(width, h + 120).await.unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(screenshots_dir().join(name), png).unwrap();
}

async fn text(c: &Client) -> String {
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn sign_in(c: &Client, base: &str, user: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/dang-nhap")).await.unwrap();
    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys("kienan2026")
        .await
        .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("nav.mainnav"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn office_unit_and_leader_flows_in_chromium() {
    let (Some(chromium), Some(driver)) = (find_program(CHROMIUM), find_program(CHROMEDRIVER))
    else {
        eprintln!("\n========================================================");
        eprintln!("SKIPPED: browser tests need chromium and chromium-driver");
        eprintln!("========================================================\n");
        return;
    };
    let s = spawn().await;
    let port = free_port();
    let _driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.path().display()),
                "--window-size=1280,900", "--lang=vi-VN"
            ]
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("connect to chromedriver");
    let result = flows(&c, &s.base).await;
    let _ = c.close().await;
    result
}

async fn flows(c: &Client, base: &str) {
    c.set_window_size(1280, 900).await.unwrap();

    // (a) The Office takes the letter in.
    sign_in(c, base, "vanphong").await;
    c.goto(&format!("{base}/tiep-nhan")).await.unwrap();
    // Pasting: the text goes into the field as a paste would put it.
    c.execute(
        "document.getElementById('text').value = arguments[0];",
        vec![serde_json::json!(dondoc_app::demo::LETTER)],
    )
    .await
    .unwrap();
    c.find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("draft-form"))
        .await
        .unwrap();
    let leads = c.find_all(Locator::Css("#leads li")).await.unwrap();
    assert_eq!(leads.len(), 5, "five lead units read from the letter");
    let body = text(c).await;
    for unit in [
        "Phòng Kinh tế - Hạ tầng và Đô thị",
        "Phòng Văn hóa - Xã hội",
        "Trung tâm Dịch vụ Sự nghiệp công",
        "Văn phòng HĐND và UBND",
        "Tất cả các phòng, đơn vị",
    ] {
        assert!(body.contains(unit), "draft names {unit}");
    }
    assert!(body.contains("Bám sát mục tiêu"), "draft lists the duties");
    shot(c, "intake-draft.png", 1280).await;
    c.set_window_size(1280, 900).await.unwrap();
    c.find(Locator::Id("confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Id("h-tasks")).await.unwrap();
    let url = c.current_url().await.unwrap();
    assert!(url.path().starts_with("/van-ban/"), "{url}");
    let body = text(c).await;
    assert!(body.contains("Đã vào sổ văn bản và giao các nhiệm vụ"));
    assert!(body.contains("Quyết liệt tăng tốc, đẩy mạnh giải ngân vốn đầu tư công"));
    assert!(body.contains("Phòng Kinh tế - Hạ tầng và Đô thị"));
    shot(c, "directive.png", 1280).await;
    c.set_window_size(1280, 900).await.unwrap();

    // (b) The unit receives a task and reports an obstacle.
    sign_in(c, base, "ktht").await;
    c.goto(&format!("{base}/hop-viec?muc=moi")).await.unwrap();
    let link = c
        .find(Locator::XPath(
            "//table//a[contains(., 'giải ngân vốn đầu tư công')]",
        ))
        .await
        .unwrap();
    let task_url = link.prop("href").await.unwrap().unwrap();
    shot(c, "inbox.png", 1280).await;
    c.set_window_size(1280, 900).await.unwrap();
    c.find(Locator::XPath(
        "//tr[.//a[contains(., 'giải ngân vốn đầu tư công')]]//button[contains(., 'Tiếp nhận')]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    c.wait()
        .for_element(Locator::Css(".flash.ok"))
        .await
        .unwrap();
    assert!(text(c).await.contains("Đã tiếp nhận nhiệm vụ"));
    c.goto(&task_url).await.unwrap();
    let pct = c.find(Locator::Id("percent")).await.unwrap();
    pct.clear().await.unwrap();
    pct.send_keys("40").await.unwrap();
    c.find(Locator::Id("narrative"))
        .await
        .unwrap()
        .send_keys("Đã giải ngân 40% kế hoạch vốn đầu tư công năm 2026.")
        .await
        .unwrap();
    let obstacle = "Chậm bàn giao mặt bằng khu tái định cư Đồng Hòa";
    c.find(Locator::Id("obstacles"))
        .await
        .unwrap()
        .send_keys(obstacle)
        .await
        .unwrap();
    c.find(Locator::Id("proposals"))
        .await
        .unwrap()
        .send_keys("Đề nghị UBND phường chỉ đạo tổ công tác giải phóng mặt bằng.")
        .await
        .unwrap();
    c.find(Locator::XPath(
        "//form[contains(@action, '/bao-cao')]//button[@type='submit']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    c.wait()
        .for_element(Locator::Css(".flash.ok"))
        .await
        .unwrap();
    let body = text(c).await;
    assert!(body.contains("Đã gửi báo cáo tiến độ"));
    assert!(body.contains(obstacle));
    assert!(body.contains("Đang thực hiện"));
    shot(c, "task.png", 1280).await;
    c.set_window_size(1280, 900).await.unwrap();

    // (c) The chair sees the obstacle on the dashboard and gives direction.
    sign_in(c, base, "chutich").await;
    let url = c.current_url().await.unwrap();
    assert_eq!(
        url.path(),
        "/bang-dieu-khien",
        "leaders start on the dashboard"
    );
    let body = text(c).await;
    assert!(body.contains(obstacle), "the obstacle waits for direction");
    assert!(body.contains("Chưa hoàn thành – trong hạn"));
    shot(c, "dashboard.png", 1280).await;
    c.set_window_size(390, 844).await.unwrap();
    shot(c, "dashboard-phone.png", 390).await;
    c.set_window_size(1280, 900).await.unwrap();
    let direction = "Giao Phòng Kinh tế - Hạ tầng và Đô thị phối hợp tổ công tác hoàn thành giải phóng mặt bằng trước ngày 15/7/2026.";
    let xp = "//article[contains(., 'Đồng Hòa')]";
    c.find(Locator::XPath(&format!("{xp}//textarea")))
        .await
        .unwrap()
        .send_keys(direction)
        .await
        .unwrap();
    c.find(Locator::XPath(&format!("{xp}//button[@type='submit']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css(".flash.ok"))
        .await
        .unwrap();
    let body = text(c).await;
    assert!(body.contains("Đã ghi ý kiến chỉ đạo"));
    assert!(!body.contains("Đồng Hòa"), "no longer waiting: {body}");
    c.goto(&task_url).await.unwrap();
    let body = text(c).await;
    assert!(
        body.contains(direction),
        "the direction shows on the task page"
    );
    assert!(body.contains("Đỗ Mạnh Cường"));
    shot(c, "task-direction.png", 1280).await;

    // The unit sees the direction too.
    sign_in(c, base, "ktht").await;
    c.goto(&task_url).await.unwrap();
    assert!(text(c).await.contains(direction));
    c.set_window_size(390, 844).await.unwrap();
    shot(c, "task-phone.png", 390).await;
}
