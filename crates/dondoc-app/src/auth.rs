//! Sign-in with Argon2id, sessions, API tokens and throttling of failed attempts.

use crate::{App, AppError, AppResult};
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::Duration;
use dondoc_domain::audit::NewEvent;
use dondoc_domain::policy::Actor;
use dondoc_domain::{Person, PersonId};
use dondoc_store::Session;
use sha2::{Digest, Sha256};

/// Failed attempts allowed per username (and client address, when known) within
/// [`THROTTLE_WINDOW_MIN`] minutes.
pub const MAX_FAILURES: u32 = 5;
/// Failed attempts allowed per username from all client addresses together: guessing
/// from many machines stays slow, while someone typing wrong passwords for a colleague's
/// account on one machine no longer locks the colleague out at theirs.
pub const MAX_FAILURES_ANY_SOURCE: u32 = 50;
pub const THROTTLE_WINDOW_MIN: i64 = 15;
/// Browser sessions last a working day and a night.
pub const SESSION_HOURS: i64 = 16;
pub const MIN_PASSWORD_CHARS: usize = 8;

/// A new session: the raw token goes into the cookie, only its hash is stored.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub person: Person,
    pub token: String,
    pub csrf: String,
}

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::BadInput(format!("không băm được mật khẩu: {e}")))
}

/// Checks a password against a stored PHC hash; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

fn random_token() -> String {
    let mut b = [0u8; 32];
    OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

// A hash of a random password, so that unknown usernames cost as much as known ones
// (no timing oracle for which accounts exist).
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password(&random_token()).unwrap_or_default())
}

impl App {
    /// Signs in; too many failures for the username within the window are refused
    /// before the password is even checked. See [`Self::sign_in_from`].
    pub async fn sign_in(&self, username: &str, password: &str) -> AppResult<SignedIn> {
        self.sign_in_from(username, password, "").await
    }

    /// Signs in from the client address `source` (empty if unknown): failures count
    /// per username and address ([`MAX_FAILURES`]) and per username from every address
    /// ([`MAX_FAILURES_ANY_SOURCE`]).
    pub async fn sign_in_from(
        &self,
        username: &str,
        password: &str,
        source: &str,
    ) -> AppResult<SignedIn> {
        let now = self.now();
        let since = now - Duration::minutes(THROTTLE_WINDOW_MIN);
        let user = username.trim().to_ascii_lowercase();
        if user.is_empty() || password.is_empty() {
            return Err(AppError::BadCredentials);
        }
        let found = self.store.credentials(&user).await?;
        let ok = match &found {
            Some((_, Some(hash))) => verify_password(password, hash),
            _ => {
                verify_password(password, dummy_hash());
                false
            }
        };
        // The failures of this address are kept under the username and the address (a
        // unit separator apart: usernames are ASCII without control characters), those
        // of every address under the username alone.
        let keyed = if source.is_empty() {
            None
        } else {
            Some(format!("{user}\u{1f}{source}"))
        };
        let (own_key, own_max, all_max) = match &keyed {
            Some(k) => (k.as_str(), MAX_FAILURES, MAX_FAILURES_ANY_SOURCE),
            None => (user.as_str(), MAX_FAILURES, MAX_FAILURES),
        };
        // A right password is counted too, so that it is still refused after too many
        // failures until the window passes; the counts are cleared once it is let in.
        let slack = u32::from(ok);
        let own = self.store.record_login_failure(own_key, now, since).await?;
        let all = match &keyed {
            Some(_) => self.store.record_login_failure(&user, now, since).await?,
            None => own,
        };
        if own > own_max + slack || all > all_max + slack {
            return Err(AppError::Throttled {
                minutes: THROTTLE_WINDOW_MIN,
            });
        }
        if !ok {
            return Err(AppError::BadCredentials);
        }
        self.store.clear_login_failures(own_key).await?;
        if keyed.is_some() {
            self.store.clear_login_failures(&user).await?;
        }
        let Some((person, _)) = found else {
            return Err(AppError::BadCredentials);
        };
        let token = random_token();
        let csrf = random_token();
        self.store
            .insert_session(&Session {
                token_hash: token_hash(&token),
                person_id: person.id,
                csrf: csrf.clone(),
                expires_at: now + Duration::hours(SESSION_HOURS),
                api: false,
                label: String::new(),
            })
            .await?;
        self.store
            .append_event(NewEvent::new(
                now,
                Some(person.id),
                "person",
                person.id.get(),
                "sign_in",
            ))
            .await?;
        Ok(SignedIn {
            person,
            token,
            csrf,
        })
    }

    /// The person and CSRF secret behind a session or API token.
    pub async fn session(&self, token: &str) -> AppResult<(Person, Actor, Session)> {
        if token.len() > 256 {
            return Err(AppError::Unauthenticated);
        }
        // One read (or none, from the cache): the session, its person and the person's
        // organisation.
        let hash = token_hash(token);
        let now = self.now();
        let (s, person, org) = match self.caches.session(&hash) {
            // The store's query asks the same of the expiry.
            Some(e) if e.0.expires_at > now => e,
            _ => {
                let generation = self.caches.generation();
                let e = self
                    .store
                    .session_person(&hash, now)
                    .await?
                    .ok_or(AppError::Unauthenticated)?;
                self.caches.put_session(generation, &hash, e.clone());
                e
            }
        };
        let actor = Actor {
            person_id: person.id,
            role: person.role,
            unit_id: person.unit_id,
            org_id: org.unwrap_or(person.unit_id),
        };
        Ok((person, actor, s))
    }

    pub async fn sign_out(&self, token: &str) -> AppResult<()> {
        self.changed(self.store.delete_session(&token_hash(token)).await)
    }

    pub async fn change_password(&self, actor: &Actor, old: &str, new: &str) -> AppResult<()> {
        let person = self
            .store
            .person(actor.person_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let username = person.username.clone().ok_or(AppError::Unauthenticated)?;
        let (_, hash) = self
            .store
            .credentials(&username)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if !hash.as_deref().is_some_and(|h| verify_password(old, h)) {
            // Nobody typed a user name here: say which field is wrong.
            return Err(AppError::BadInput("mật khẩu hiện tại không đúng".into()));
        }
        check_new_password(new)?;
        let ev = NewEvent::new(
            self.now(),
            Some(actor.person_id),
            "person",
            actor.person_id.get(),
            "change_password",
        );
        let hash = hash_password(new)?;
        self.changed(
            self.store
                .set_password_hash(actor.person_id, &hash, ev)
                .await,
        )
    }

    /// An administrator sets someone's password (e.g. a forgotten one).
    pub async fn reset_password(
        &self,
        actor: &Actor,
        person: PersonId,
        new: &str,
    ) -> AppResult<()> {
        self.check(actor, dondoc_domain::policy::Action::ManageUsers, None)?;
        check_new_password(new)?;
        let ev = NewEvent::new(
            self.now(),
            Some(actor.person_id),
            "person",
            person.get(),
            "reset_password",
        );
        let hash = hash_password(new)?;
        self.changed(self.store.set_password_hash(person, &hash, ev).await)?;
        // A person given a new password is let in with it at once, from any machine:
        // a lock from earlier wrong passwords would only send them back to the desk.
        if let Some(username) = self.username_of(person).await? {
            self.store.lift_sign_in_lock(&username).await?;
        }
        Ok(())
    }

    /// The username of `person`, if the account has one.
    async fn username_of(&self, person: PersonId) -> AppResult<Option<String>> {
        Ok(self
            .store
            .people()
            .await?
            .into_iter()
            .find(|p| p.id == person)
            .ok_or(AppError::NotFound("người dùng"))?
            .username)
    }

    /// An administrator lifts the sign-in lock of `person` (too many wrong passwords
    /// within [`THROTTLE_WINDOW_MIN`] minutes), from every address, without changing
    /// the password; audited.
    pub async fn unlock_sign_in(&self, actor: &Actor, person: PersonId) -> AppResult<()> {
        self.check(actor, dondoc_domain::policy::Action::ManageUsers, None)?;
        let Some(username) = self.username_of(person).await? else {
            return Err(AppError::BadInput(
                "tài khoản này không có tên đăng nhập: không có gì để mở khóa".into(),
            ));
        };
        self.store.lift_sign_in_lock(&username).await?;
        self.store
            .append_event(NewEvent::new(
                self.now(),
                Some(actor.person_id),
                "person",
                person.get(),
                "unlock_sign_in",
            ))
            .await?;
        Ok(())
    }

    /// Failed sign-ins within the last [`THROTTLE_WINDOW_MIN`] minutes, per username,
    /// for the administrators' list of accounts (at [`MAX_FAILURES`] or more the
    /// account may be locked, at least from the machine the failures came from).
    pub async fn recent_sign_in_failures(
        &self,
        actor: &Actor,
    ) -> AppResult<std::collections::HashMap<String, u32>> {
        self.check(actor, dondoc_domain::policy::Action::ManageUsers, None)?;
        let since = self.now() - Duration::minutes(THROTTLE_WINDOW_MIN);
        Ok(self
            .store
            .login_failures_since(since)
            .await?
            .into_iter()
            .collect())
    }

    /// A long-lived token for integrations, acting as `actor`. Returned once; stored hashed.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        label: &str,
        days: i64,
    ) -> AppResult<String> {
        let label = dondoc_domain::text::required("label", label, 100)?;
        let token = format!("ddk_{}", random_token());
        let now = self.now();
        self.store
            .insert_session(&Session {
                token_hash: token_hash(&token),
                person_id: actor.person_id,
                csrf: String::new(),
                expires_at: now + Duration::days(days.clamp(1, 3650)),
                api: true,
                label: label.clone(),
            })
            .await?;
        self.store
            .append_event(
                NewEvent::new(
                    now,
                    Some(actor.person_id),
                    "api_token",
                    actor.person_id.get(),
                    "create",
                )
                .change(None, Some(&label)),
            )
            .await?;
        Ok(token)
    }

    /// The signed-in person's live API tokens, soonest to expire first. The token itself
    /// is never shown again; each is named by [`ApiToken::id`].
    pub async fn my_api_tokens(&self, actor: &Actor) -> AppResult<Vec<ApiToken>> {
        Ok(self
            .store
            .api_tokens(actor.person_id, self.now())
            .await?
            .into_iter()
            .map(|s| ApiToken {
                id: s.token_hash[..s.token_hash.len().min(API_TOKEN_ID_CHARS)].to_string(),
                label: s.label,
                expires_at: s.expires_at,
            })
            .collect())
    }

    /// Ends one of the signed-in person's own API tokens, named by its [`ApiToken::id`]
    /// (a token of someone else's is not found). Audited.
    pub async fn revoke_api_token(&self, actor: &Actor, id: &str) -> AppResult<()> {
        let id = id.trim();
        if id.len() != API_TOKEN_ID_CHARS || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::BadInput(format!(
                "mã nhận diện của mã API phải gồm {API_TOKEN_ID_CHARS} chữ số thập lục phân"
            )));
        }
        let id = id.to_ascii_lowercase();
        let now = self.now();
        let mut found = self
            .store
            .api_tokens(actor.person_id, now)
            .await?
            .into_iter()
            .filter(|s| s.token_hash.starts_with(&id));
        let (Some(token), None) = (found.next(), found.next()) else {
            return Err(AppError::NotFound("mã API"));
        };
        let event = NewEvent::new(
            now,
            Some(actor.person_id),
            "api_token",
            actor.person_id.get(),
            "revoke",
        )
        .change(Some(&token.label), None::<&String>);
        self.changed(
            self.store
                .revoke_api_token(actor.person_id, &token.token_hash, event)
                .await,
        )
    }
}

/// How many leading hex digits of a token's hash name it in lists and revocations:
/// 64 bits, so two tokens of one person never share it in practice (if they did, the
/// revocation would refuse rather than pick one).
pub const API_TOKEN_ID_CHARS: usize = 16;

/// An API token as its owner sees it: never the token itself.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ApiToken {
    /// The first [`API_TOKEN_ID_CHARS`] hex digits of the token's SHA-256.
    pub id: String,
    pub label: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

fn check_new_password(new: &str) -> AppResult<()> {
    if new.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::BadInput(format!(
            "mật khẩu mới phải có ít nhất {MIN_PASSWORD_CHARS} ký tự"
        )));
    }
    if new.len() > 256 {
        return Err(AppError::BadInput("mật khẩu quá dài".into()));
    }
    Ok(())
}
