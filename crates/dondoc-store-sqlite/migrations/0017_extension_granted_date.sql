-- The last day an assigner granted (Extension::granted_date): the one asked for, or
-- another. Extensions granted before this column existed granted the date asked for.
ALTER TABLE extensions ADD COLUMN granted_date TEXT;
UPDATE extensions SET granted_date = new_date WHERE status = 'granted';
-- The Office's queue of requests waiting for a decision (Store::pending_extensions),
-- read on every dashboard: a few rows among all the requests ever made.
CREATE INDEX extensions_pending ON extensions(id) WHERE status = 'pending';
