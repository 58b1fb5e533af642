//! Who may do what. The use-case layer asks [`can`] before every action; this module is
//! the one place the rules live, so they can be tested as a matrix.

use crate::{PersonId, Role, Task, UnitId};
use serde::{Deserialize, Serialize};

/// The signed-in person, as the use cases see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub person_id: PersonId,
    pub role: Role,
    /// The person's own unit.
    pub unit_id: UnitId,
    /// The authority the unit belongs to (the ward).
    pub org_id: UnitId,
}

/// Everything a person can ask dondoc to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ViewTask,
    AssignTask,
    ReceiveTask,
    ReturnTask,
    HandToStaff,
    ReportProgress,
    RequestExtension,
    DecideExtension,
    ProposeCompletion,
    ConfirmCompletion,
    ReopenTask,
    /// Giving a returned task to another unit.
    ReassignTask,
    /// Correcting a task already given: its wording, urgency or last day (điều chỉnh).
    AmendTask,
    StopTask,
    GiveDirection,
    /// Setting a task's indicator (chỉ tiêu).
    SetIndicator,
    ReportIndicator,
    /// Withdrawing a file attached by mistake (gỡ tệp đính kèm).
    WithdrawAttachment,
    RegisterDocument,
    ViewAudit,
    /// Urging a unit: on one task, or by the urging letter (công văn đôn đốc) to a unit
    /// with overdue tasks.
    UrgeUnit,
    ManageUsers,
}

impl Action {
    pub const ALL: [Action; 22] = [
        Action::ViewTask,
        Action::AssignTask,
        Action::ReceiveTask,
        Action::ReturnTask,
        Action::HandToStaff,
        Action::ReportProgress,
        Action::RequestExtension,
        Action::DecideExtension,
        Action::ProposeCompletion,
        Action::ConfirmCompletion,
        Action::ReopenTask,
        Action::ReassignTask,
        Action::AmendTask,
        Action::StopTask,
        Action::GiveDirection,
        Action::SetIndicator,
        Action::ReportIndicator,
        Action::WithdrawAttachment,
        Action::RegisterDocument,
        Action::ViewAudit,
        Action::UrgeUnit,
        Action::ManageUsers,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Action::ViewTask => "xem nhiệm vụ",
            Action::AssignTask => "giao nhiệm vụ",
            Action::ReceiveTask => "tiếp nhận nhiệm vụ",
            Action::ReturnTask => "trả lại nhiệm vụ",
            Action::HandToStaff => "giao cho cán bộ",
            Action::ReportProgress => "báo cáo tiến độ",
            Action::RequestExtension => "đề nghị gia hạn",
            Action::DecideExtension => "duyệt gia hạn",
            Action::ProposeCompletion => "đề xuất hoàn thành",
            Action::ConfirmCompletion => "xác nhận hoàn thành",
            Action::ReopenTask => "mở lại nhiệm vụ",
            Action::ReassignTask => "giao nhiệm vụ cho đơn vị khác",
            Action::AmendTask => "điều chỉnh nhiệm vụ",
            Action::StopTask => "dừng nhiệm vụ",
            Action::GiveDirection => "cho ý kiến chỉ đạo",
            Action::SetIndicator => "đặt chỉ tiêu",
            Action::ReportIndicator => "báo cáo chỉ tiêu",
            Action::WithdrawAttachment => "gỡ tệp đính kèm",
            Action::RegisterDocument => "vào sổ văn bản",
            Action::ViewAudit => "xem nhật ký",
            Action::UrgeUnit => "đôn đốc đơn vị (nhắc việc, công văn đôn đốc)",
            Action::ManageUsers => "quản trị tài khoản và đơn vị",
        }
    }
}

/// What the rules need to know about a task.
#[derive(Debug, Clone, Copy)]
pub struct TaskScope<'a> {
    pub org_id: UnitId,
    pub lead_unit: UnitId,
    pub cooperating: &'a [UnitId],
    pub assignee: Option<PersonId>,
    pub secret: bool,
    /// A sub-task a unit head gave inside the unit ([`Task::parent_task`]).
    pub sub_task: bool,
}

impl<'a> From<&'a Task> for TaskScope<'a> {
    fn from(t: &'a Task) -> Self {
        TaskScope {
            org_id: t.org_id,
            lead_unit: t.lead_unit,
            cooperating: &t.cooperating,
            assignee: t.assignee,
            secret: t.secret,
            sub_task: t.parent_task.is_some(),
        }
    }
}

/// Does `actor` work `task` as its lead: a person of the lead unit, or the Office or a
/// leader of an authority that a task of the level above names as its lead (cascade).
/// Their reports move the task; a co-operating unit's are only recorded.
pub fn leads(actor: &Actor, task: TaskScope<'_>) -> bool {
    task.lead_unit == actor.unit_id
        || (matches!(actor.role, Role::Office | Role::Leader) && task.lead_unit == actor.org_id)
}

/// May `actor` do `action`, on `task` when the action concerns one?
///
/// - Leaders see everything in their organisation (secret included: they direct it) and
///   decide: direction, extensions, completion, reopening, stopping, assignment.
/// - The Office manages its organisation's register and tasks, but sees secret tasks only
///   when its own unit is assigned.
/// - Unit heads and staff act only on their unit's tasks: the lead unit works the task,
///   co-operating units see it and add their own reports. Returning, handing to staff and
///   proposing completion belong to the unit head.
/// - Admins manage users; they do not act on tasks.
/// - A task of the level above whose lead is the authority itself is worked by the
///   authority's Office and leaders (it becomes a directive here: cascade).
pub fn can(actor: &Actor, action: Action, task: Option<TaskScope<'_>>) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ManageUsers => return actor.role == Admin,
        RegisterDocument => return matches!(actor.role, Office | Leader),
        ViewAudit => return matches!(actor.role, Office | Leader | Admin),
        // The Office monitors and urges; the leaders sign.
        UrgeUnit => return matches!(actor.role, Office | Leader),
        AssignTask if task.is_none() => return matches!(actor.role, Office | Leader | UnitHead),
        // A document's files are the register's: the Office's and the leaders'.
        WithdrawAttachment if task.is_none() => return matches!(actor.role, Office | Leader),
        _ => {}
    }
    let Some(t) = task else {
        return false;
    };
    let same_org = t.org_id == actor.org_id;
    // The Office and the leaders act for their authority when a task of the level
    // above names the authority itself (cascade: the city assigns the ward).
    let for_org = matches!(actor.role, Office | Leader);
    let is_lead = leads(actor, t);
    let is_coop = t.cooperating.contains(&actor.unit_id)
        || (for_org && t.cooperating.contains(&actor.org_id));
    let is_assignee = t.assignee == Some(actor.person_id);
    let own_unit = is_lead || is_coop || is_assignee;
    let unit_head = actor.role == UnitHead || (is_lead && matches!(actor.role, Office | Leader));
    let visible = match actor.role {
        Leader => same_org || own_unit,
        Office | Admin => (same_org && !t.secret) || own_unit,
        UnitHead | UnitStaff => own_unit,
    };
    if !visible {
        return false;
    }
    let assigner = same_org && matches!(actor.role, Office | Leader);
    match action {
        ViewTask => true,
        // Assigning under an existing task: sub-tasks to staff, or the assigner's own.
        AssignTask => assigner || (is_lead && unit_head),
        ReceiveTask | ReturnTask | HandToStaff | ProposeCompletion => is_lead && unit_head,
        ReportProgress | ReportIndicator => is_lead || is_coop || is_assignee,
        RequestExtension => is_lead && (unit_head || is_assignee),
        DecideExtension | ConfirmCompletion | ReopenTask | ReassignTask | StopTask => assigner,
        // A sub-task is the unit's own work, corrected by the head who gave it; a task of
        // the organisation, by its assigners.
        AmendTask if t.sub_task => is_lead && actor.role == UnitHead,
        AmendTask => assigner,
        // The Office and the leaders set what a task must reach, on their own tasks and
        // on work of the level above that they carry out.
        SetIndicator => for_org && (assigner || is_lead),
        // Besides whoever attached it (the use case checks that): the assigner, and the
        // head of the unit that works the task.
        WithdrawAttachment => assigner || (is_lead && unit_head),
        GiveDirection => actor.role == Leader && same_org,
        ManageUsers | RegisterDocument | ViewAudit | UrgeUnit => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_staff_cannot_touch_other_units() {
        let me = Actor {
            person_id: PersonId::new(9),
            role: Role::UnitStaff,
            unit_id: UnitId::new(3),
            org_id: UnitId::new(1),
        };
        let other = TaskScope {
            org_id: UnitId::new(1),
            lead_unit: UnitId::new(4),
            cooperating: &[],
            assignee: None,
            secret: false,
            sub_task: false,
        };
        for a in Action::ALL {
            assert!(!can(&me, a, Some(other)), "{a:?}");
        }
    }
}
