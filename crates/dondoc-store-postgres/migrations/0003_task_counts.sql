-- Statistics counters kept in the write transaction (issue 9; BENCHMARKS §1, §3).
--
-- One row per (organisation, lead unit, secrecy, kind, due date) with the number of tasks
-- in it. `kind` is the statistics bucket a task is in whatever the day: 'on_time' and
-- 'late' (completed), 'open' (still running: in progress or overdue depending on its due
-- date and today), 'other' (returned, stopped, completed with no lateness recorded).
-- Only open tasks keep their due date ('9999-12-31' when they have none), so the
-- organisation's four numbers are a sum over a few dozen rows, not a walk over every
-- task. The triggers keep the table exact: they run in the same transaction as the
-- change to `tasks`, whoever makes it. Task writers hold the store's advisory write
-- lock, so counter rows are not contended.
CREATE TABLE task_counts (
    org_id    BIGINT NOT NULL,
    lead_unit BIGINT NOT NULL,
    secret    BOOLEAN NOT NULL,
    kind      TEXT NOT NULL,
    due       DATE NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (org_id, lead_unit, secret, kind, due)
);

CREATE FUNCTION task_count_kind(status TEXT, is_open BOOLEAN, done_late BOOLEAN)
RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN status = 'completed' AND done_late = FALSE THEN 'on_time'
                WHEN status = 'completed' AND done_late = TRUE THEN 'late'
                WHEN is_open THEN 'open' ELSE 'other' END
$$;

CREATE FUNCTION task_count_due(is_open BOOLEAN, due_date DATE)
RETURNS DATE LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN is_open THEN COALESCE(due_date, DATE '9999-12-31')
                ELSE DATE '9999-12-31' END
$$;

INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late),
       task_count_due(is_open, due_date), COUNT(*)
FROM tasks
GROUP BY 1, 2, 3, 4, 5;

-- Statement-level triggers with transition tables: one upsert per counter a statement
-- changes, whatever the number of rows (a row-level trigger would update the same
-- counter row once per task, and PostgreSQL keeps every version of that row until the
-- transaction ends: a bulk update of 400,000 tasks took minutes). Old rows count -1,
-- new rows +1, and counters whose sum is 0 (a progress report changes no counted
-- column) are not written.
CREATE FUNCTION task_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
        SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late),
               task_count_due(is_open, due_date), COUNT(*)
        FROM new_rows GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE
            SET n = task_counts.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
        SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late),
               task_count_due(is_open, due_date), -COUNT(*)
        FROM old_rows GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE
            SET n = task_counts.n + EXCLUDED.n;
    ELSE
        INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
        SELECT org_id, lead_unit, secret, kind, due, SUM(d) FROM (
            SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late) AS kind,
                   task_count_due(is_open, due_date) AS due, -1 AS d
            FROM old_rows
            UNION ALL
            SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late),
                   task_count_due(is_open, due_date), 1
            FROM new_rows) AS changes
        GROUP BY 1, 2, 3, 4, 5
        HAVING SUM(d) <> 0
        ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE
            SET n = task_counts.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply();
CREATE TRIGGER task_counts_update AFTER UPDATE ON tasks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply();
CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply();
