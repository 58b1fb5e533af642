-- Statistics without walking the due-date histogram (issue 9; BENCHMARKS §1, §3).
--
-- task_counts (migration 0003) has a row per open due date and unit, so the
-- organisation's four numbers summed every one of them: hundreds of rows for the
-- benchmark's 2,000 tasks, tens of thousands at 1,000,000. task_totals keeps each
-- (organisation, kind, lead unit, secrecy) total without the due date, so on time, late
-- and open are a few rows; only the overdue count still reads task_counts, through
-- task_counts_open_due, from the oldest open due date up to today. A counter that falls
-- to zero is deleted, so past dates whose tasks are all done cost nothing.
--
-- A row trigger on task_counts keeps the totals: task_counts_apply (0003) changes one
-- counter row per key a statement touches, so a bulk statement fires it once per
-- counter, not once per task.
CREATE TABLE task_totals (
    org_id    BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    lead_unit BIGINT NOT NULL,
    secret    BOOLEAN NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (org_id, kind, lead_unit, secret)
);

DELETE FROM task_counts WHERE n = 0;

INSERT INTO task_totals (org_id, kind, lead_unit, secret, n)
SELECT org_id, kind, lead_unit, secret, SUM(n) FROM task_counts
GROUP BY org_id, kind, lead_unit, secret;

CREATE INDEX task_counts_open_due ON task_counts(org_id, kind, due);

CREATE FUNCTION task_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_totals (org_id, kind, lead_unit, secret, n)
        VALUES (NEW.org_id, NEW.kind, NEW.lead_unit, NEW.secret, NEW.n)
        ON CONFLICT (org_id, kind, lead_unit, secret) DO UPDATE
            SET n = task_totals.n + EXCLUDED.n;
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.n IS DISTINCT FROM OLD.n THEN
            UPDATE task_totals SET n = n + NEW.n - OLD.n
            WHERE org_id = NEW.org_id AND kind = NEW.kind AND lead_unit = NEW.lead_unit
              AND secret = NEW.secret;
        END IF;
        IF NEW.n = 0 THEN
            DELETE FROM task_counts
            WHERE org_id = NEW.org_id AND lead_unit = NEW.lead_unit AND secret = NEW.secret
              AND kind = NEW.kind AND due = NEW.due;
        END IF;
    ELSIF OLD.n <> 0 THEN
        UPDATE task_totals SET n = n - OLD.n
        WHERE org_id = OLD.org_id AND kind = OLD.kind AND lead_unit = OLD.lead_unit
          AND secret = OLD.secret;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER task_totals_apply AFTER INSERT OR UPDATE OR DELETE ON task_counts
    FOR EACH ROW EXECUTE FUNCTION task_totals_apply();
