-- Statistics counters kept in the write transaction (issue 9; BENCHMARKS §1, §3).
--
-- One row per (organisation, lead unit, secrecy, kind, due date) with the number of tasks
-- in it. `kind` is the statistics bucket a task is in whatever the day: 'on_time' and
-- 'late' (completed), 'open' (still running: in progress or overdue depending on its due
-- date and today), 'other' (returned, stopped, completed with no lateness recorded).
-- Only open tasks keep their due date ('9999-12-31' when they have none), so the
-- organisation's four numbers are a sum over a few dozen rows, not a walk over every
-- task. The triggers below keep the table exact: they run in the same transaction as
-- the change to `tasks`, whoever makes it.
CREATE TABLE task_counts (
    org_id    INTEGER NOT NULL,
    lead_unit INTEGER NOT NULL,
    secret    INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    due       TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (org_id, lead_unit, secret, kind, due)
) WITHOUT ROWID;

INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
SELECT org_id, lead_unit, secret, kind, due, COUNT(*) FROM (
    SELECT org_id, lead_unit, secret,
        CASE WHEN status = 'completed' AND done_late = 0 THEN 'on_time'
             WHEN status = 'completed' AND done_late = 1 THEN 'late'
             WHEN is_open = 1 THEN 'open' ELSE 'other' END AS kind,
        CASE WHEN is_open = 1 THEN COALESCE(due_date, '9999-12-31') ELSE '9999-12-31' END AS due
    FROM tasks)
GROUP BY org_id, lead_unit, secret, kind, due;

CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
    VALUES (NEW.org_id, NEW.lead_unit, NEW.secret,
        CASE WHEN NEW.status = 'completed' AND NEW.done_late = 0 THEN 'on_time'
             WHEN NEW.status = 'completed' AND NEW.done_late = 1 THEN 'late'
             WHEN NEW.is_open = 1 THEN 'open' ELSE 'other' END,
        CASE WHEN NEW.is_open = 1 THEN COALESCE(NEW.due_date, '9999-12-31') ELSE '9999-12-31' END,
        1)
    ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks BEGIN
    UPDATE task_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND lead_unit = OLD.lead_unit AND secret = OLD.secret
      AND kind = CASE WHEN OLD.status = 'completed' AND OLD.done_late = 0 THEN 'on_time'
                      WHEN OLD.status = 'completed' AND OLD.done_late = 1 THEN 'late'
                      WHEN OLD.is_open = 1 THEN 'open' ELSE 'other' END
      AND due = CASE WHEN OLD.is_open = 1 THEN COALESCE(OLD.due_date, '9999-12-31') ELSE '9999-12-31' END;
END;

-- Only when a counted column really changed (progress reports change other columns).
CREATE TRIGGER task_counts_update
AFTER UPDATE OF org_id, lead_unit, secret, status, is_open, done_late, due_date ON tasks
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.lead_unit IS NOT NEW.lead_unit
  OR OLD.secret IS NOT NEW.secret OR OLD.status IS NOT NEW.status
  OR OLD.is_open IS NOT NEW.is_open OR OLD.done_late IS NOT NEW.done_late
  OR OLD.due_date IS NOT NEW.due_date
BEGIN
    UPDATE task_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND lead_unit = OLD.lead_unit AND secret = OLD.secret
      AND kind = CASE WHEN OLD.status = 'completed' AND OLD.done_late = 0 THEN 'on_time'
                      WHEN OLD.status = 'completed' AND OLD.done_late = 1 THEN 'late'
                      WHEN OLD.is_open = 1 THEN 'open' ELSE 'other' END
      AND due = CASE WHEN OLD.is_open = 1 THEN COALESCE(OLD.due_date, '9999-12-31') ELSE '9999-12-31' END;
    INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
    VALUES (NEW.org_id, NEW.lead_unit, NEW.secret,
        CASE WHEN NEW.status = 'completed' AND NEW.done_late = 0 THEN 'on_time'
             WHEN NEW.status = 'completed' AND NEW.done_late = 1 THEN 'late'
             WHEN NEW.is_open = 1 THEN 'open' ELSE 'other' END,
        CASE WHEN NEW.is_open = 1 THEN COALESCE(NEW.due_date, '9999-12-31') ELSE '9999-12-31' END,
        1)
    ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE SET n = n + 1;
END;
