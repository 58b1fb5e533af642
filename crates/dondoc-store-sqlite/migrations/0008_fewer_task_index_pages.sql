-- Fewer index pages written per task write (issue 9; BENCHMARKS §1). Counted in the WAL
-- of the HTTP benchmark: a group of 4 creates wrote 31 pages, 4 progress reports 39.
--
-- 1. One index for a unit's tasks by status and due date, whoever reads them. Migration
--    0001's (lead_unit, status, due_date) served readers scoped to their unit, 0002/0006's
--    (org_id, lead_unit, status, due_date, secret) those scoped to the organisation; both
--    were written on every create (3.6–3.8 pages per group each) and on every change of
--    status (6.3 each). The organisation and secrecy now follow the due date: a unit's
--    search still seeks unit, status and due-date range, and tests the organisation and
--    secrecy in the index without reading the row.
DROP INDEX tasks_unit_status_due;
DROP INDEX tasks_org_unit_status_due;
CREATE INDEX tasks_unit_status_due ON tasks(lead_unit, status, due_date, org_id, secret);
-- 2. Only tasks that have a document or a parent task are indexed by it. Most tasks
--    created by hand have neither; their NULL keys all went into one place in the middle of
--    each index, where every insert into a full leaf made SQLite rebalance it with its
--    siblings (2.1–2.3 pages per group). Every lookup is `document_id = ?` or
--    `parent_task = ?`, which implies IS NOT NULL, so the partial index serves them.
DROP INDEX tasks_document;
CREATE INDEX tasks_document ON tasks(document_id) WHERE document_id IS NOT NULL;
DROP INDEX tasks_parent;
CREATE INDEX tasks_parent ON tasks(parent_task) WHERE parent_task IS NOT NULL;
