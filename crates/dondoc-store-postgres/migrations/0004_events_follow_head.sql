-- The audit chain, enforced by the database: an event must follow the newest one (its
-- prev_hash is that event's hash, or the genesis hash for the first event). A writer
-- that hashed its events onto a stale head (another process wrote since it last read
-- the head) is refused instead of forking the chain; the group writer relies on this
-- when it sends a whole group as one statement from the head its last commit left.
--
-- The trigger first takes the writers' advisory lock (110429756223331 is WRITE_LOCK in
-- the Rust code, "dondoc" in ASCII; a no-op for a writer that holds it already), so no
-- other writer can append between the check and the commit. The check's query, run
-- after the lock is granted, sees every event committed before (READ COMMITTED takes a
-- new snapshot for each statement of a function) and the rows this statement inserted
-- before this one (a BEFORE ROW trigger sees them).
CREATE FUNCTION events_follow_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(110429756223331);
    IF NEW.prev_hash IS DISTINCT FROM COALESCE(
        (SELECT hash FROM events ORDER BY id DESC LIMIT 1),
        '0000000000000000000000000000000000000000000000000000000000000000') THEN
        RAISE EXCEPTION 'audit chain: the event does not follow the newest event'
            USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER events_follow_head BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_follow_head();
