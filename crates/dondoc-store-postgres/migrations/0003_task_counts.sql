-- Statistics counters kept in the write transaction (issue 9; BENCHMARKS §1, §3).
--
-- One row per (organisation, lead unit, secrecy, kind, due date) with the number of tasks
-- in it. `kind` is the statistics bucket a task is in whatever the day: 'on_time' and
-- 'late' (completed), 'open' (still running: in progress or overdue depending on its due
-- date and today), 'other' (returned, stopped, completed with no lateness recorded).
-- Only open tasks keep their due date ('9999-12-31' when they have none), so the
-- organisation's four numbers are a sum over a few dozen rows, not a walk over every
-- task. The trigger keeps the table exact: it runs in the same transaction as the
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

CREATE FUNCTION task_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE task_counts SET n = n - 1
        WHERE org_id = OLD.org_id AND lead_unit = OLD.lead_unit AND secret = OLD.secret
          AND kind = task_count_kind(OLD.status, OLD.is_open, OLD.done_late)
          AND due = task_count_due(OLD.is_open, OLD.due_date);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
        VALUES (NEW.org_id, NEW.lead_unit, NEW.secret,
                task_count_kind(NEW.status, NEW.is_open, NEW.done_late),
                task_count_due(NEW.is_open, NEW.due_date), 1)
        ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE
            SET n = task_counts.n + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER task_counts_insert_delete AFTER INSERT OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION task_counts_track();

-- Only when a counted column really changed (progress reports change other columns).
CREATE TRIGGER task_counts_update AFTER UPDATE ON tasks
    FOR EACH ROW
    WHEN ((OLD.org_id, OLD.lead_unit, OLD.secret, OLD.status, OLD.is_open, OLD.done_late,
           OLD.due_date)
          IS DISTINCT FROM
          (NEW.org_id, NEW.lead_unit, NEW.secret, NEW.status, NEW.is_open, NEW.done_late,
           NEW.due_date))
    EXECUTE FUNCTION task_counts_track();
