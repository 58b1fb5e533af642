-- A file attached by mistake is withdrawn (gỡ tệp, Store::withdraw_attachment): who,
-- when and why. The row and its bytes stay for the record; the application no longer
-- serves them. A file withdrawn is never withdrawn again, nor put back.
ALTER TABLE attachments ADD COLUMN withdrawn_at TEXT;
ALTER TABLE attachments ADD COLUMN withdrawn_by INTEGER REFERENCES people(id);
ALTER TABLE attachments ADD COLUMN withdrawn_reason TEXT;
