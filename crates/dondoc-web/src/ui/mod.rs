//! The Vietnamese pages beyond sign-in: dashboard, inbox, task page, intake, documents,
//! search, administration, account and notifications. Handlers turn forms into use-case
//! calls and use-case results into view structs of ready-to-print strings; templates
//! (askama, escaped) only lay them out.

pub mod admin;
pub mod dashboard;
pub mod documents;
pub mod inbox;
pub mod intake;
pub mod task;

use crate::AppState;
use crate::auth::Auth;
use crate::error::WebError;
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use dondoc_domain::stats::Bucket;
use dondoc_domain::{Role, Task, Unit, UnitId};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(dashboard::routes())
        .merge(inbox::routes())
        .merge(task::routes())
        .merge(intake::routes())
        .merge(documents::routes())
        .merge(admin::routes())
}

/// What every signed-in page shows around its content: who is signed in, the CSRF
/// secret for forms, the unread count, which menu entries apply.
pub struct Ctx {
    pub name: String,
    pub role: String,
    pub csrf: String,
    pub unread: u64,
    /// Tasks waiting for the unit head's unit to receive them.
    pub new_work: u64,
    pub active: &'static str,
    pub is_leader: bool,
    pub is_office: bool,
    pub is_admin: bool,
    pub is_unit: bool,
}

impl Ctx {
    pub async fn new(s: &AppState, a: &Auth, active: &'static str) -> Ctx {
        // The count is decoration: a failure must not break the page.
        let (unread, new_work) = tokio::join!(
            s.app.my_unread_count(&a.actor),
            s.app.my_new_work_count(&a.actor)
        );
        let (unread, new_work) = (unread.unwrap_or(0), new_work.unwrap_or(0));
        Ctx {
            name: a.person.full_name.clone(),
            role: a.person.role.label().to_string(),
            csrf: a.csrf.clone(),
            unread,
            new_work,
            active,
            is_leader: a.actor.role == Role::Leader,
            is_office: a.actor.role == Role::Office,
            is_admin: a.actor.role == Role::Admin,
            is_unit: matches!(a.actor.role, Role::UnitHead | Role::UnitStaff),
        }
    }
    /// `aria-current` for the menu entry of the page.
    pub fn current(&self, entry: &str) -> &'static str {
        if self.active == entry {
            "page"
        } else {
            "false"
        }
    }
    pub fn can_intake(&self) -> bool {
        self.is_leader || self.is_office
    }
}

/// dd/mm/yyyy.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

/// A moment in Vietnam's time: dd/mm/yyyy HH:MM.
pub fn datetime(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// A number with a comma as decimal separator, as Vietnamese writes it.
pub fn num(x: f64) -> String {
    let s = if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    };
    s.replace('.', ",")
}

pub fn unit_name(units: &[Unit], id: UnitId) -> String {
    units
        .iter()
        .find(|u| u.id == id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| format!("đơn vị #{id}"))
}

/// A task as a list row shows it.
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub section: String,
    pub lead: String,
    pub cooperating: String,
    pub deadline: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub bucket: &'static str,
    pub bucket_class: &'static str,
    pub overdue_days: i64,
    pub progress: u8,
    pub version: i64,
    pub is_assigned: bool,
}

impl TaskRow {
    pub fn new(t: &Task, units: &[Unit], today: NaiveDate) -> TaskRow {
        let b = dondoc_domain::stats::bucket(t, today);
        TaskRow {
            id: t.id.get(),
            title: t.title.clone(),
            section: t.section.clone().unwrap_or_default(),
            lead: unit_name(units, t.lead_unit),
            cooperating: t
                .cooperating
                .iter()
                .map(|u| unit_name(units, *u))
                .collect::<Vec<_>>()
                .join("; "),
            deadline: deadline_text(t),
            status: t.status.label(),
            status_class: t.status.as_str(),
            bucket: b.map(Bucket::label).unwrap_or(""),
            bucket_class: b.map(Bucket::as_str).unwrap_or(""),
            overdue_days: dondoc_domain::stats::overdue_days(t, today),
            progress: t.progress,
            version: t.version,
            is_assigned: t.status == dondoc_domain::TaskStatus::Assigned,
        }
    }
}

pub fn deadline_text(t: &Task) -> String {
    match t.due_date {
        Some(d) => format!("Hạn {}", date(d)),
        None => {
            let l = t.deadline.label();
            let mut c = l.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => l,
            }
        }
    }
}

/// Page numbers for a list.
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    /// The query string without `page=` (already URL-encoded), to which `page=N` is added.
    pub base: String,
}

impl Pager {
    pub fn new(page: u32, per_page: u32, total: u64, base: String) -> Pager {
        let pages = total.div_ceil(u64::from(per_page.max(1))).max(1) as u32;
        Pager {
            page: page.min(pages).max(1),
            pages,
            base,
        }
    }
    pub fn href(&self, page: u32) -> String {
        if self.base.is_empty() {
            format!("?page={page}")
        } else {
            format!("?{}&page={page}", self.base)
        }
    }
    pub fn prev(&self) -> String {
        self.href(self.page.saturating_sub(1).max(1))
    }
    pub fn next(&self) -> String {
        self.href(self.page + 1)
    }
}

/// Form fields in order, as sent (repeated names allowed).
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    /// The task version the form was read at: `None` when the form has none, an error
    /// when it is not a number (a garbled form must not skip the conflict check).
    pub fn version(&self) -> Result<Option<i64>, WebError> {
        match self.get("version").trim() {
            "" => Ok(None),
            v => v.parse().map(Some).map_err(|_| {
                WebError::bad_request(
                    "phiên bản dữ liệu trên biểu mẫu không hợp lệ; hãy tải lại trang",
                )
            }),
        }
    }
    pub fn csrf(&self) -> &str {
        self.get("csrf")
    }
}

/// Messages shown after a successful POST (the redirect carries the code).
pub fn flash(code: &str) -> Option<&'static str> {
    Some(match code {
        "received" => "Đã tiếp nhận nhiệm vụ.",
        "returned" => "Đã trả lại nhiệm vụ cho nơi giao.",
        "handed" => "Đã giao nhiệm vụ cho cán bộ.",
        "reported" => "Đã gửi báo cáo tiến độ.",
        "extension" => "Đã gửi đề nghị gia hạn.",
        "granted" => "Đã đồng ý gia hạn; nhiệm vụ có hạn xử lý mới.",
        "refused" => "Đã không đồng ý gia hạn; hạn xử lý giữ nguyên.",
        "direction" => "Đã ghi ý kiến chỉ đạo.",
        "urged" => {
            "Đã đôn đốc đơn vị; thông báo đã gửi đến lãnh đạo đơn vị (và qua thư điện tử ở lượt nhắc việc tiếp theo)."
        }
        "proposed" => "Đã đề xuất hoàn thành; chờ nơi giao xác nhận.",
        "confirmed" => "Đã xác nhận hoàn thành.",
        "reopened" => "Đã mở lại nhiệm vụ.",
        "reassigned" => "Đã giao nhiệm vụ cho đơn vị chủ trì mới.",
        "stopped" => "Đã dừng thực hiện nhiệm vụ.",
        "amended" => "Đã điều chỉnh nhiệm vụ; đơn vị chủ trì được thông báo.",
        "withdrawn" => "Đã gỡ tệp đính kèm; tệp không còn được tải về.",
        "indicator" => "Đã thêm chỉ tiêu.",
        "value" => "Đã báo cáo giá trị chỉ tiêu.",
        "attached" => "Đã đính kèm tệp.",
        "subtask" => "Đã giao nhiệm vụ con.",
        "registered" => "Đã vào sổ văn bản và giao các nhiệm vụ.",
        "issued" => "Đã cấp số và ban hành văn bản.",
        "registered_secret" => {
            "Đã vào sổ văn bản mật và giao các nhiệm vụ. Văn bản và nhiệm vụ mật chỉ lãnh đạo \
             và đơn vị được giao xem được, nên không hiện ở đây."
        }
        "password" => "Đã đổi mật khẩu.",
        "revoked" => "Đã thu hồi mã API; chương trình dùng mã đó không truy cập được nữa.",
        "person" => "Đã tạo tài khoản.",
        "role" => "Đã cập nhật vai trò và đơn vị.",
        "reset" => "Đã đặt lại mật khẩu; tài khoản đăng nhập được ngay bằng mật khẩu mới.",
        "unlocked" => "Đã mở khóa đăng nhập cho tài khoản.",
        "unit" => "Đã tạo đơn vị.",
        "aliases" => "Đã cập nhật tên gọi khác của đơn vị.",
        "organ_code" => "Đã cập nhật mã định danh liên thông của cơ quan.",
        "read" => "Đã đánh dấu là đã đọc.",
        _ => return None,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct FlashQuery {
    pub tb: Option<String>,
    pub page: Option<u32>,
    pub q: Option<String>,
}

impl FlashQuery {
    pub fn flash(&self) -> Option<&'static str> {
        self.tb.as_deref().and_then(flash)
    }
}

/// A role-dependent "not for you" answer, in words.
pub fn forbidden(msg: &str) -> WebError {
    WebError::new(axum::http::StatusCode::FORBIDDEN, "forbidden", msg)
}

/// Human-readable audit action, in Vietnamese for every action the application records.
pub fn event_label(entity: &str, action: &str) -> String {
    let s = match (entity, action) {
        ("task", "create" | "assign" | "insert") => "giao nhiệm vụ",
        ("task", "receive") => "tiếp nhận nhiệm vụ",
        ("task", "return") => "trả lại nhiệm vụ",
        ("task", "hand_to") => "giao cho cán bộ thực hiện",
        ("task", "report_progress" | "progress") => "cập nhật tiến độ",
        ("task", "propose_completion") => "đề xuất hoàn thành",
        ("task", "confirm_completion") => "xác nhận hoàn thành",
        ("task", "reopen") => "mở lại nhiệm vụ",
        ("task", "reassign") => "giao lại cho đơn vị khác",
        ("task", "stop") => "dừng thực hiện",
        ("task", "amend") => "điều chỉnh nhiệm vụ",
        ("task", "urge") => "đôn đốc đơn vị",
        ("task", "extend" | "grant") => "gia hạn",
        ("report", _) => "báo cáo tiến độ",
        ("extension", "request") => "đề nghị gia hạn",
        ("extension", "grant") => "đồng ý gia hạn",
        ("extension", "refuse") => "không đồng ý gia hạn",
        ("direction", _) => "cho ý kiến chỉ đạo",
        ("indicator", _) => "thêm chỉ tiêu",
        ("indicator_value", _) => "cập nhật kết quả chỉ tiêu",
        ("document", "register") => "vào sổ văn bản",
        ("document", "issue") => "cấp số, ban hành văn bản",
        ("attachment", "withdraw") => "gỡ tệp đính kèm",
        ("attachment", _) => "đính kèm tệp",
        ("unit", "create") => "thêm đơn vị",
        ("unit", "set_aliases") => "sửa tên gọi khác của đơn vị",
        ("unit", "set_organ_code") => "đặt mã định danh cơ quan",
        ("api_token", "create") => "tạo mã API",
        ("api_token", "revoke") => "thu hồi mã API",
        ("person", "create") => "thêm người dùng",
        ("person", "set_role") => "đổi vai trò người dùng",
        ("person", "sign_in") => "đăng nhập",
        ("person", "change_password") => "đổi mật khẩu",
        ("person", "reset_password") => "đặt lại mật khẩu",
        ("person", "unlock_sign_in") => "mở khóa đăng nhập",
        // An action recorded by a later version: said plainly, not in the program's words.
        _ => return format!("thao tác khác ({entity}/{action})"),
    };
    s.to_string()
}

#[cfg(test)]
mod tests {
    /// Every action the application records (`App::event`, `NewEvent::new` in the app
    /// and the CLI) reads in Vietnamese in a task's history; "task: reassign" leaked.
    #[test]
    fn every_recorded_action_has_a_vietnamese_label() {
        for (entity, action) in [
            ("task", "receive"),
            ("task", "return"),
            ("task", "hand_to"),
            ("task", "propose_completion"),
            ("task", "confirm_completion"),
            ("task", "reopen"),
            ("task", "reassign"),
            ("task", "stop"),
            ("task", "amend"),
            ("report", "report_progress"),
            ("extension", "request"),
            ("extension", "grant"),
            ("extension", "refuse"),
            ("direction", "give_direction"),
            ("indicator", "create"),
            ("indicator_value", "report"),
            ("document", "register"),
            ("document", "issue"),
            ("attachment", "create"),
            ("attachment", "withdraw"),
            ("unit", "create"),
            ("unit", "set_aliases"),
            ("unit", "set_organ_code"),
            ("api_token", "create"),
            ("api_token", "revoke"),
            ("person", "create"),
            ("person", "set_role"),
            ("person", "sign_in"),
            ("person", "change_password"),
            ("person", "reset_password"),
            ("person", "unlock_sign_in"),
        ] {
            let label = super::event_label(entity, action);
            assert!(
                !label.starts_with("thao tác khác") && !label.contains('_'),
                "{entity}/{action}: {label}"
            );
        }
        assert_eq!(
            super::event_label("task", "archive"),
            "thao tác khác (task/archive)"
        );
    }
}
