//! Small read use cases the web pages need beside the workflow: attachments of a task or
//! a document, and the signed-in person's notifications. Each checks visibility first.

use crate::{App, AppResult};
use dondoc_domain::policy::Actor;
use dondoc_domain::{DocumentId, Role, TaskId, TaskStatus};
use dondoc_store::{AttachmentMeta, Notification, Page, PageRequest, TaskFilter};

impl App {
    /// The files attached to a task `actor` may see.
    pub async fn task_attachments(
        &self,
        actor: &Actor,
        id: TaskId,
    ) -> AppResult<Vec<AttachmentMeta>> {
        self.task_visible(actor, id).await?;
        Ok(self.store.attachments(None, Some(id)).await?)
    }

    /// The files attached to a document `actor` may read.
    pub async fn document_attachments(
        &self,
        actor: &Actor,
        id: DocumentId,
    ) -> AppResult<Vec<AttachmentMeta>> {
        self.document(actor, id).await?;
        let mut files = self.store.attachments(Some(id), None).await?;
        // The issued letter kept for the record is the document itself, not a file of it.
        files.retain(|f| f.content_type != crate::reports::ISSUED_LETTER_TYPE);
        Ok(files)
    }

    /// How many tasks wait for the actor's unit to receive them ("Mới giao"): a unit
    /// head's signal of new work, read rather than stored as a notice per task (which
    /// would cost every assignment a commit). 0 for other roles.
    pub async fn my_new_work_count(&self, actor: &Actor) -> AppResult<u64> {
        // A unit head receives the unit's work; the Office receives its own unit's and,
        // with the leaders, what the level above gives the organisation itself.
        let mut leads = match actor.role {
            Role::UnitHead => vec![actor.unit_id],
            Role::Office => vec![actor.unit_id, actor.org_id],
            Role::Leader => vec![actor.org_id],
            _ => return Ok(0),
        };
        leads.dedup();
        let mut n = 0;
        for lead in leads {
            let filter = TaskFilter {
                unit_id: Some(lead),
                statuses: vec![TaskStatus::Assigned],
                ..Default::default()
            };
            // The unit's own led tasks are all the head's to see (secret ones included),
            // so the count needs no scope: the lead unit and status alone take the
            // (lead_unit, status, due_date) index, without the inbox's union of the
            // co-operating tasks.
            n += self
                .store
                .tasks(&filter, PageRequest::new(1, 1))
                .await?
                .total;
        }
        Ok(n)
    }

    /// The actor's own notifications, newest first as the store keeps them.
    pub async fn my_notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
        page: PageRequest,
    ) -> AppResult<Page<Notification>> {
        Ok(self
            .store
            .notifications(actor.person_id, unread_only, page)
            .await?)
    }

    pub async fn my_unread_count(&self, actor: &Actor) -> AppResult<u64> {
        Ok(self.store.unread_count(actor.person_id).await?)
    }

    /// Marks one notification (or all when `id` is `None`) of the actor as read.
    pub async fn mark_my_notifications_read(
        &self,
        actor: &Actor,
        id: Option<i64>,
    ) -> AppResult<u64> {
        Ok(self
            .store
            .mark_read(actor.person_id, id, self.now())
            .await?)
    }
}
