//! dondoc's web layer: the Vietnamese web application (server-rendered, escaped
//! askama templates) and the JSON API under `/api/v1`. Handlers only translate HTTP to
//! use-case calls of [`dondoc_app::App`]; no SQL and no business rule lives here.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod pages;
pub mod reports;
pub mod ui;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use dondoc_app::App;
use dondoc_domain::UnitId;
use std::sync::Arc;
use tower_http::trace::TraceLayer;

/// Largest request body accepted (uploads of directives and attachments).
pub const MAX_BODY_BYTES: usize = 25 * 1024 * 1024;

/// Settings of the web layer.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Allow read-only access without signing in, as the Office of this organisation
    /// sees it (secrets excluded). Only the demo turns this on.
    pub public_read_org: Option<UnitId>,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// Who signs the urging letters the dashboard offers, and how (the `letter` of the
    /// urging rules, `DONDOC_URGE_RULES`).
    pub letter: dondoc_urge::LetterConfig,
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .nest("/api/v1", api::routes())
        .merge(pages::routes())
        .merge(reports::routes())
        .fallback(pages::not_found)
        .method_not_allowed_fallback(pages::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::menu_on_error_pages,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn healthz(
    axum::extract::State(s): axum::extract::State<AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match s.app.store().units().await {
        Ok(_) => (axum::http::StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "database unavailable",
            )
                .into_response()
        }
    }
}

/// Serves until `shutdown` resolves. Tests bind `127.0.0.1:0` and pass the listener.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // With each connection's address, which sign-in throttling counts by.
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
