//! The e-mail digest: one message per person per run that has new items (the day's
//! evaluation, a later run's new work), grouping the person's new
//! notifications by kind. Pure: the caller sends it and marks the items emailed.
//!
//! Per-unit digest: units have no mailbox of their own in dondoc, and every reminder
//! about a unit's task goes to the unit's head(s) (or, for a unit without a head, to the
//! Office). A head's daily digest therefore is the unit's digest: it lists all of the
//! unit's new items, each naming the unit. No second copy is sent.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use dondoc_domain::Person;
use dondoc_store::Notification;

use crate::rules::ReminderKind;

/// A plain-text message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
}

/// A person's digest and the notifications it carries (to mark once it is accepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub mail: OutgoingMail,
    pub notification_ids: Vec<i64>,
    /// Distinct tasks in the digest.
    pub tasks: usize,
}

/// The digest addresses the person by full name and position.
fn greeting(p: &Person) -> String {
    format!("Kính gửi: {} ({}),", p.full_name, p.position.label())
}

/// The digest of `items` (all for `person`) on `today`; `None` without an address or items.
pub fn person_digest(person: &Person, items: &[Notification], today: NaiveDate) -> Option<Digest> {
    let address = person.email.clone().filter(|e| !e.trim().is_empty())?;
    if items.is_empty() {
        return None;
    }
    let tasks: BTreeSet<i64> = items
        .iter()
        .map(|n| n.task_id.map_or(-n.id, |t| t.get()))
        .collect();
    let subject = format!(
        "[dondoc] Tổng hợp nhắc việc ngày {} — {} nhiệm vụ",
        today.format("%d/%m/%Y"),
        tasks.len()
    );
    let mut body = String::new();
    body.push_str(&greeting(person));
    body.push_str("\n\n");
    body.push_str(&format!(
        "Hệ thống theo dõi, đôn đốc nhiệm vụ (dondoc) tổng hợp các nội dung cần lưu ý ngày {}:\n",
        today.format("%d/%m/%Y")
    ));
    let mut kinds: Vec<Option<ReminderKind>> = ReminderKind::ALL.into_iter().map(Some).collect();
    kinds.push(None);
    for kind in kinds {
        let group: Vec<&Notification> = items
            .iter()
            .filter(|n| ReminderKind::parse(&n.kind) == kind)
            .collect();
        if group.is_empty() {
            continue;
        }
        let heading = kind.map_or("Thông báo khác", ReminderKind::label);
        body.push_str(&format!(
            "\n{} ({}):\n",
            heading.to_uppercase(),
            group.len()
        ));
        for (i, n) in group.iter().enumerate() {
            body.push_str(&format!("{}. {}\n", i + 1, n.title));
            body.push_str(&format!("   {}\n", n.body));
            if let Some(t) = n.task_id {
                body.push_str(&format!("   (Mã nhiệm vụ: {t})\n"));
            }
        }
    }
    body.push_str(
        "\nĐề nghị đồng chí đăng nhập dondoc để xem chi tiết, cập nhật tiến độ và báo cáo kết quả.\n\
         Thư này được gửi tự động, mỗi ngày một thư tổng hợp; vui lòng không trả lời thư này.\n",
    );
    Some(Digest {
        mail: OutgoingMail {
            to_name: person.full_name.clone(),
            to_address: address,
            subject,
            body,
        },
        notification_ids: items.iter().map(|n| n.id).collect(),
        tasks: tasks.len(),
    })
}
