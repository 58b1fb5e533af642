//! Who is asking: the session cookie (browsers) or a bearer token (integrations).
//!
//! Cookie-authenticated requests that change data must prove they come from our own
//! pages: forms carry the session's CSRF secret in a hidden field, scripts send it in
//! the `X-CSRF-Token` header. Bearer tokens are not sent by browsers on their own, so
//! they need no CSRF check.

use crate::AppState;
use crate::error::WebError;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dondoc_domain::policy::Actor;
use dondoc_domain::{Person, PersonId, Position, Role};

pub const COOKIE: &str = "dondoc_session";

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct Auth {
    pub person: Person,
    pub actor: Actor,
    pub csrf: String,
    pub via_cookie: bool,
    /// Signed in with a long-lived API token (not a password sign-in's session).
    pub api_token: bool,
}

pub fn cookie_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == COOKIE && !v.is_empty()).then(|| v.to_string())
        })
}

fn bearer(parts: &Parts) -> Option<String> {
    let v = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    v.strip_prefix("Bearer ").map(|t| t.trim().to_string())
}

pub(crate) async fn resolve(parts: &Parts, state: &AppState) -> Result<Option<Auth>, WebError> {
    let (token, via_cookie) = match (bearer(parts), cookie_token(parts)) {
        (Some(t), _) => (t, false),
        (None, Some(t)) => (t, true),
        (None, None) => return Ok(None),
    };
    match state.app.session(&token).await {
        Ok((person, actor, session)) => Ok(Some(Auth {
            person,
            actor,
            csrf: session.csrf,
            via_cookie,
            api_token: session.api,
        })),
        Err(dondoc_app::AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = WebError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let auth = resolve(parts, state)
            .await?
            .ok_or_else(|| WebError::from(dondoc_app::AppError::Unauthenticated))?;
        let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        // The API is nested under `/api/v1`, and a nested router sees its paths without
        // that prefix: the path as the client sent it is in `OriginalUri`.
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(parts.uri.path(), |o| o.0.path());
        let is_form_page = !path.starts_with("/api/");
        // Pages check the form field themselves (see `check_csrf`); API calls use the header.
        if auth.via_cookie && unsafe_method && !is_form_page {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !constant_time_eq(sent, &auth.csrf) {
                return Err(WebError::csrf());
            }
        }
        Ok(auth)
    }
}

/// Read access: a signed-in person, or — only when the server was started with public
/// reading (the demo) — a read-only guest who sees what the Office sees, secrets excluded.
#[derive(Debug, Clone)]
pub struct Reader(pub Actor);

impl FromRequestParts<AppState> for Reader {
    type Rejection = WebError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(a) = resolve(parts, state).await? {
            return Ok(Reader(a.actor));
        }
        match state.config.public_read_org {
            Some(org) => Ok(Reader(Actor {
                person_id: PersonId::new(0),
                role: Role::Office,
                unit_id: org,
                org_id: org,
            })),
            None => Err(dondoc_app::AppError::Unauthenticated.into()),
        }
    }
}

/// A signed-in person for HTML pages: otherwise a redirect to the sign-in page.
#[derive(Debug, Clone)]
pub struct PageAuth(pub Auth);

pub struct ToSignIn(String);

impl IntoResponse for ToSignIn {
    fn into_response(self) -> Response {
        Redirect::to(&format!("/dang-nhap?next={}", urlencode(&self.0))).into_response()
    }
}

impl FromRequestParts<AppState> for PageAuth {
    type Rejection = Response;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match resolve(parts, state).await {
            Ok(Some(a)) => Ok(PageAuth(a)),
            // Back to the very page asked for, its query too (a report's choices).
            Ok(None) => Err(ToSignIn(
                parts
                    .uri
                    .path_and_query()
                    .map_or(parts.uri.path(), |pq| pq.as_str())
                    .to_string(),
            )
            .into_response()),
            Err(e) => Err((StatusCode::INTERNAL_SERVER_ERROR, e.message).into_response()),
        }
    }
}

impl Auth {
    /// Checks a form's CSRF field.
    pub fn check_csrf(&self, sent: &str) -> Result<(), WebError> {
        if constant_time_eq(sent, &self.csrf) {
            Ok(())
        } else {
            Err(WebError::csrf())
        }
    }
    pub fn position_label(&self) -> &'static str {
        let p: Position = self.person.position;
        p.label()
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    if a.len() != b.len() || b.is_empty() {
        return false;
    }
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The Set-Cookie value for a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        dondoc_app_session_secs()
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn dondoc_app_session_secs() -> i64 {
    16 * 3600
}
