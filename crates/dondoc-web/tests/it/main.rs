//! dondoc-web's tests: HTTP-level checks of the pages and the API (reqwest against the
//! in-process server) and the browser flows (headless Chromium through chromedriver).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod pages;

use dondoc_app::{App, FixedClock};
use dondoc_calendar::Calendar;
use dondoc_web::{AppState, WebConfig};
use std::sync::Arc;

/// A running server with the Kiến An demo seeded in a temporary SQLite database.
pub struct TestServer {
    pub base: String,
    pub app: App,
    /// The app's clock, for tests that let time pass.
    pub clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// 1 July 2026, 09:00 in Vietnam: after the letter of June 2026.
pub fn test_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-07-01T09:00:00+07:00")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

pub async fn spawn() -> TestServer {
    spawn_with(false).await
}

/// [`spawn`], with the demo's read-only guest access when `public_read` (as `dondoc demo`).
pub async fn spawn_with(public_read: bool) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = dondoc_store_sqlite::SqliteStore::open(&url).await.unwrap();
    store.migrate().await.unwrap();
    let clock = Arc::new(FixedClock::new(test_now()));
    let app = App::new(Arc::new(store), Calendar::vietnam(), clock.clone());
    let demo = dondoc_app::demo::seed_demo(&app).await.unwrap();
    let state = AppState {
        app: app.clone(),
        config: Arc::new(WebConfig {
            public_read_org: public_read.then_some(demo.ward),
            ..WebConfig::default()
        }),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(dondoc_web::serve(listener, state, async {
        let _ = rx.await;
    }));
    TestServer {
        base,
        app,
        clock,
        _dir: dir,
        stop: Some(tx),
    }
}
