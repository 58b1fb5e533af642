-- The audit chain, enforced by the database: an event must follow the newest one (its
-- prev_hash is that event's hash, or the genesis hash for the first event). A writer
-- that hashed its events onto a stale head (another process wrote since it last read
-- the head) is refused instead of forking the chain; the group writer relies on this
-- when it sends a whole group at once from the head its last commit left.
CREATE TRIGGER events_follow_head BEFORE INSERT ON events
WHEN NEW.prev_hash IS NOT COALESCE(
    (SELECT hash FROM events ORDER BY id DESC LIMIT 1),
    '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
    SELECT RAISE(ABORT, 'audit chain: the event does not follow the newest event');
END;
