-- The statistics count the work an authority gives, not its breakdown inside a unit: a
-- sub-task (parent_task set, a unit head's piece of the unit's task for one of its
-- staff) leaves the counters, as the reports already left it out. Before, a unit that
-- split its task in three showed four tasks on the dashboard and one in the report.
-- The function is 0003's with `WHERE parent_task IS NULL` on each transition table
-- (parent_task never changes after insert).
CREATE OR REPLACE FUNCTION task_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
        SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late),
               task_count_due(is_open, due_date), COUNT(*)
        FROM new_rows WHERE parent_task IS NULL GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE
            SET n = task_counts.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
        SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late),
               task_count_due(is_open, due_date), -COUNT(*)
        FROM old_rows WHERE parent_task IS NULL GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE
            SET n = task_counts.n + EXCLUDED.n;
    ELSE
        INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
        SELECT org_id, lead_unit, secret, kind, due, SUM(d) FROM (
            SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late) AS kind,
                   task_count_due(is_open, due_date) AS due, -1 AS d
            FROM old_rows WHERE parent_task IS NULL
            UNION ALL
            SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late),
                   task_count_due(is_open, due_date), 1
            FROM new_rows WHERE parent_task IS NULL) AS changes
        GROUP BY 1, 2, 3, 4, 5
        HAVING SUM(d) <> 0
        ON CONFLICT (org_id, lead_unit, secret, kind, due) DO UPDATE
            SET n = task_counts.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

-- Counted again without the sub-tasks: the counters from the tasks (0003's query), the
-- totals from the counters (task_totals_apply, 0005).
DELETE FROM task_counts;
DELETE FROM task_totals;
INSERT INTO task_counts (org_id, lead_unit, secret, kind, due, n)
SELECT org_id, lead_unit, secret, task_count_kind(status, is_open, done_late),
       task_count_due(is_open, due_date), COUNT(*)
FROM tasks WHERE parent_task IS NULL
GROUP BY 1, 2, 3, 4, 5;
