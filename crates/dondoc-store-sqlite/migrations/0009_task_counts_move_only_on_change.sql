-- A task moves between counters only when its counter changes (issue 9; BENCHMARKS §1).
-- 0003's trigger fired on any change of status, is_open, done_late or due date, and moved
-- the task out of its counter and back into the same one when the change kept its kind
-- and due date (assigned → received → in_progress are all 'open'): n - 1, then n + 1,
-- each rewriting the counter's row, its entry in task_counts_open_due (n is in that key)
-- and the total; a counter at n = 1 was even deleted (task_counts_drop_empty) and
-- inserted again. Counted in the WAL of the HTTP benchmark's progress reports: 3.2 pages
-- of task_counts and 3.2 of its index per group of 4 reports that changed no counter.
-- The body is 0003's; only the condition compares the counters instead of the columns.
-- (PostgreSQL's statement trigger already drops changes that net to zero.)
DROP TRIGGER task_counts_update;
CREATE TRIGGER task_counts_update
AFTER UPDATE OF org_id, lead_unit, secret, status, is_open, done_late, due_date ON tasks
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.lead_unit IS NOT NEW.lead_unit
  OR OLD.secret IS NOT NEW.secret
  OR (CASE WHEN OLD.status = 'completed' AND OLD.done_late = 0 THEN 'on_time'
           WHEN OLD.status = 'completed' AND OLD.done_late = 1 THEN 'late'
           WHEN OLD.is_open = 1 THEN 'open' ELSE 'other' END)
     IS NOT (CASE WHEN NEW.status = 'completed' AND NEW.done_late = 0 THEN 'on_time'
           WHEN NEW.status = 'completed' AND NEW.done_late = 1 THEN 'late'
           WHEN NEW.is_open = 1 THEN 'open' ELSE 'other' END)
  OR (CASE WHEN OLD.is_open = 1 THEN COALESCE(OLD.due_date, '9999-12-31') ELSE '9999-12-31' END)
     IS NOT (CASE WHEN NEW.is_open = 1 THEN COALESCE(NEW.due_date, '9999-12-31') ELSE '9999-12-31' END)
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
