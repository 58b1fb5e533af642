-- The dashboard's missed reports and the urging run ask, per ongoing task, for the
-- date of its lead unit's latest report up to a day (Store::report_duties,
-- last_lead_reports): one seek here instead of reading every report of the task
-- (BENCHMARKS §3 (c)).
CREATE INDEX progress_reports_lead ON progress_reports(task_id, unit_id, reported_on);
