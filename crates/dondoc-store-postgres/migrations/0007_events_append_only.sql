-- The audit trail is append-only (as SQLite's 0011): `dondoc audit verify` detects a
-- changed event and one removed from the middle, not the newest events removed, so the
-- database refuses to change, delete or truncate any event, whoever writes.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events: the audit trail is append-only'
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER events_never_changed
BEFORE UPDATE OR DELETE ON events
FOR EACH ROW EXECUTE FUNCTION events_append_only();

CREATE TRIGGER events_never_truncated
BEFORE TRUNCATE ON events
FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
