-- The list of a unit's open tasks without a table row per candidate (issue 9; BENCHMARKS
-- §1). The index of migration 0002 found the unit's tasks of each status in due-date
-- order, but the scope "not secret" (every reader without the right to secret tasks)
-- made SQLite fetch each candidate's table row to read `secret`: measured on the
-- benchmark's list, 243 µs of the page's keys and total. With `secret` in the index the
-- search reads the index only.
DROP INDEX tasks_org_unit_status_due;
CREATE INDEX tasks_org_unit_status_due ON tasks(org_id, lead_unit, status, due_date, secret);
