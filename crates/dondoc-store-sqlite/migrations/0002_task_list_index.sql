-- The filtered task list and its total (unit + status + deadline range) within an
-- organisation: measured at 1M tasks, without it SQLite counted through
-- (org_id, status) and the list took ~90 ms at p50 (see BENCHMARKS.md).
CREATE INDEX tasks_org_unit_status_due ON tasks(org_id, lead_unit, status, due_date);
