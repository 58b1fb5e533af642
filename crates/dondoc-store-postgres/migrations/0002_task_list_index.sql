-- The filtered task list and its total (unit + status + deadline range) within an
-- organisation (see BENCHMARKS.md).
CREATE INDEX tasks_org_unit_status_due ON tasks(org_id, lead_unit, status, due_date);
