-- The statistics count the work an authority gives, not its breakdown inside a unit: a
-- sub-task (parent_task set, a unit head's piece of the unit's task for one of its
-- staff) leaves the counters, as the reports already left it out. Before, a unit that
-- split its task in three showed four tasks on the dashboard and one in the report.
-- parent_task never changes after insert, so the triggers test NEW only on insert and
-- update and OLD only on delete. The bodies are those of 0003 and 0009.
DROP TRIGGER task_counts_insert;
DROP TRIGGER task_counts_delete;
DROP TRIGGER task_counts_update;

CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks
WHEN NEW.parent_task IS NULL
BEGIN
    INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
    VALUES (NEW.org_id, NEW.lead_unit, NEW.secret,
        CASE WHEN NEW.status = 'completed' AND NEW.done_late = 0 THEN 'on_time'
             WHEN NEW.status = 'completed' AND NEW.done_late = 1 THEN 'late'
             WHEN NEW.is_open = 1 THEN 'open' ELSE 'other' END,
        CASE WHEN NEW.is_open = 1 THEN COALESCE(NEW.due_date, '9999-12-31') ELSE '9999-12-31' END,
        1)
    ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks
WHEN OLD.parent_task IS NULL
BEGIN
    UPDATE task_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND lead_unit = OLD.lead_unit AND secret = OLD.secret
      AND kind = CASE WHEN OLD.status = 'completed' AND OLD.done_late = 0 THEN 'on_time'
                      WHEN OLD.status = 'completed' AND OLD.done_late = 1 THEN 'late'
                      WHEN OLD.is_open = 1 THEN 'open' ELSE 'other' END
      AND due = CASE WHEN OLD.is_open = 1 THEN COALESCE(OLD.due_date, '9999-12-31') ELSE '9999-12-31' END;
END;

CREATE TRIGGER task_counts_update
AFTER UPDATE OF org_id, lead_unit, secret, status, is_open, done_late, due_date ON tasks
WHEN NEW.parent_task IS NULL AND (OLD.org_id IS NOT NEW.org_id
  OR OLD.lead_unit IS NOT NEW.lead_unit
  OR OLD.secret IS NOT NEW.secret
  OR (CASE WHEN OLD.status = 'completed' AND OLD.done_late = 0 THEN 'on_time'
           WHEN OLD.status = 'completed' AND OLD.done_late = 1 THEN 'late'
           WHEN OLD.is_open = 1 THEN 'open' ELSE 'other' END)
     IS NOT (CASE WHEN NEW.status = 'completed' AND NEW.done_late = 0 THEN 'on_time'
           WHEN NEW.status = 'completed' AND NEW.done_late = 1 THEN 'late'
           WHEN NEW.is_open = 1 THEN 'open' ELSE 'other' END)
  OR (CASE WHEN OLD.is_open = 1 THEN COALESCE(OLD.due_date, '9999-12-31') ELSE '9999-12-31' END)
     IS NOT (CASE WHEN NEW.is_open = 1 THEN COALESCE(NEW.due_date, '9999-12-31') ELSE '9999-12-31' END))
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

-- Counted again without the sub-tasks: the counters from the tasks (0003's query), the
-- totals from the counters (task_totals_insert, 0005).
DELETE FROM task_counts;
DELETE FROM task_totals;
INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
SELECT org_id, lead_unit, secret, kind, due, COUNT(*) FROM (
    SELECT org_id, lead_unit, secret,
        CASE WHEN status = 'completed' AND done_late = 0 THEN 'on_time'
             WHEN status = 'completed' AND done_late = 1 THEN 'late'
             WHEN is_open = 1 THEN 'open' ELSE 'other' END AS kind,
        CASE WHEN is_open = 1 THEN COALESCE(due_date, '9999-12-31') ELSE '9999-12-31' END AS due
    FROM tasks WHERE parent_task IS NULL)
GROUP BY org_id, lead_unit, secret, kind, due;
