-- Statistics without walking the due-date histogram (issue 9; BENCHMARKS §1, §3).
--
-- task_counts (migration 0003) has a row per open due date and unit, so the
-- organisation's four numbers summed every one of them: 1,336 rows for the benchmark's
-- 2,000 tasks, tens of thousands at 1,000,000, and most of a statistics request's time
-- (measured with perf). task_totals keeps each (organisation, lead unit, secrecy, kind)
-- total without the due date, so on time, late and open are a few rows; only the
-- overdue count still reads task_counts, through task_counts_open_due, from the oldest
-- open due date up to today. A counter that falls to zero is deleted, so past dates
-- whose tasks are all done cost nothing. The triggers run in the transaction that
-- changes task_counts, itself the transaction that changes tasks.
CREATE TABLE task_totals (
    org_id    INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    lead_unit INTEGER NOT NULL,
    secret    INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (org_id, kind, lead_unit, secret)
) WITHOUT ROWID;

DELETE FROM task_counts WHERE n = 0;

INSERT INTO task_totals (org_id, kind, lead_unit, secret, n)
SELECT org_id, kind, lead_unit, secret, SUM(n) FROM task_counts
GROUP BY org_id, kind, lead_unit, secret;

CREATE INDEX task_counts_open_due ON task_counts(org_id, kind, due);

CREATE TRIGGER task_totals_insert AFTER INSERT ON task_counts BEGIN
    INSERT INTO task_totals (org_id, kind, lead_unit, secret, n)
    VALUES (NEW.org_id, NEW.kind, NEW.lead_unit, NEW.secret, NEW.n)
    ON CONFLICT (org_id, kind, lead_unit, secret) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER task_totals_update AFTER UPDATE OF n ON task_counts
WHEN NEW.n IS NOT OLD.n
BEGIN
    UPDATE task_totals SET n = n + NEW.n - OLD.n
    WHERE org_id = NEW.org_id AND kind = NEW.kind AND lead_unit = NEW.lead_unit
      AND secret = NEW.secret;
END;

CREATE TRIGGER task_counts_drop_empty AFTER UPDATE OF n ON task_counts
WHEN NEW.n = 0
BEGIN
    DELETE FROM task_counts
    WHERE org_id = NEW.org_id AND lead_unit = NEW.lead_unit AND secret = NEW.secret
      AND kind = NEW.kind AND due = NEW.due;
END;

CREATE TRIGGER task_totals_delete AFTER DELETE ON task_counts
WHEN OLD.n <> 0
BEGIN
    UPDATE task_totals SET n = n - OLD.n
    WHERE org_id = OLD.org_id AND kind = OLD.kind AND lead_unit = OLD.lead_unit
      AND secret = OLD.secret;
END;
