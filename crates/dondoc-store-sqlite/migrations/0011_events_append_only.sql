-- The audit trail is append-only. `dondoc audit verify` detects an event whose content
-- was changed (its hash no longer matches) and one removed from the middle (the next
-- event's link breaks), but not the newest events removed: the chain that is left is
-- whole. So the database refuses to change or delete any event, whoever writes; removing
-- history then takes dropping these triggers first, a deliberate act, not a stray
-- statement.
CREATE TRIGGER events_never_updated
BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events: the audit trail is append-only');
END;

CREATE TRIGGER events_never_deleted
BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events: the audit trail is append-only');
END;
