-- Notices are settled by the prefix of their key (Store::settle_notices: a decision
-- taken marks its request's notices read for everyone told, `key LIKE 'prefix%'`): an
-- index in byte order serves that range whatever the database's collation.
CREATE INDEX notifications_key_prefix ON notifications (key text_pattern_ops);
