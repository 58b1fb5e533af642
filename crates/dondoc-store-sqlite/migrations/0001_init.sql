-- dondoc schema, SQLite. Dates are ISO text (YYYY-MM-DD), instants RFC 3339 text (UTC).
CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    parent_id    INTEGER REFERENCES units(id),
    kind         TEXT NOT NULL CHECK (kind IN ('authority', 'unit')),
    name         TEXT NOT NULL,
    abbreviation TEXT NOT NULL,
    aliases      TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    full_name     TEXT NOT NULL,
    position      TEXT NOT NULL,
    role          TEXT NOT NULL,
    username      TEXT UNIQUE,
    email         TEXT,
    password_hash TEXT
);

CREATE TABLE login_failures (
    username TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    csrf       TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    api        INTEGER NOT NULL DEFAULT 0,
    label      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES units(id),
    document_id   INTEGER REFERENCES documents(id),
    section       TEXT,
    title         TEXT NOT NULL,
    lead_unit     INTEGER NOT NULL REFERENCES units(id),
    assignee      INTEGER REFERENCES people(id),
    parent_task   INTEGER REFERENCES tasks(id),
    deadline      TEXT NOT NULL,
    due_date      TEXT,
    assigned_on   TEXT NOT NULL,
    status        TEXT NOT NULL,
    -- Derived from status, kept as columns so the statistics are index range counts.
    is_open       INTEGER NOT NULL,
    done_late     INTEGER,
    completed_on  TEXT,
    progress      INTEGER NOT NULL DEFAULT 0,
    urgency       TEXT NOT NULL,
    secret        INTEGER NOT NULL DEFAULT 0,
    status_reason TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL,
    search        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_unit_status_due ON tasks(lead_unit, status, due_date);
CREATE INDEX tasks_org_open_due ON tasks(org_id, is_open, due_date);
CREATE INDEX tasks_org_status_late ON tasks(org_id, status, done_late);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_parent ON tasks(parent_task);

CREATE TABLE task_cooperators (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_cooperators_unit ON task_cooperators(unit_id);

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES units(id),
    direction       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    number          TEXT,
    issued_on       TEXT,
    issuer          TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    addressees      TEXT NOT NULL DEFAULT '[]',
    distribution    TEXT NOT NULL DEFAULT '[]',
    signature       TEXT,
    urgency         TEXT NOT NULL,
    secrecy         TEXT NOT NULL,
    implements_task INTEGER REFERENCES tasks(id),
    refs            TEXT NOT NULL DEFAULT '[]',
    registered_at   TEXT NOT NULL,
    search          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX documents_org ON documents(org_id, direction, id);
CREATE INDEX documents_implements ON documents(implements_task);

-- Document registers (sổ đăng ký): the last number taken per organisation, year, series.
CREATE TABLE registers (
    org_id      INTEGER NOT NULL REFERENCES units(id),
    year        INTEGER NOT NULL,
    series      TEXT NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (org_id, year, series)
);

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER REFERENCES documents(id),
    task_id      INTEGER REFERENCES tasks(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX attachments_document ON attachments(document_id);
CREATE INDEX attachments_task ON attachments(task_id);

CREATE TABLE progress_reports (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    author      INTEGER NOT NULL REFERENCES people(id),
    reported_on TEXT NOT NULL,
    percent     INTEGER NOT NULL,
    narrative   TEXT NOT NULL,
    obstacles   TEXT NOT NULL DEFAULT '',
    proposals   TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT '[]',
    created_at  TEXT NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports(task_id, id);

CREATE TABLE directions (
    id         INTEGER PRIMARY KEY,
    task_id    INTEGER NOT NULL REFERENCES tasks(id),
    report_id  INTEGER REFERENCES progress_reports(id),
    leader     INTEGER NOT NULL REFERENCES people(id),
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX directions_task ON directions(task_id, id);
CREATE INDEX directions_report ON directions(report_id);

CREATE TABLE extensions (
    id            INTEGER PRIMARY KEY,
    task_id       INTEGER NOT NULL REFERENCES tasks(id),
    requested_by  INTEGER NOT NULL REFERENCES people(id),
    old_date      TEXT,
    new_date      TEXT NOT NULL,
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL,
    decided_by    INTEGER REFERENCES people(id),
    decision_note TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX extensions_task ON extensions(task_id, id);

CREATE TABLE indicators (
    id      INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    name    TEXT NOT NULL,
    measure TEXT NOT NULL,
    target  REAL NOT NULL,
    due     TEXT
);
CREATE INDEX indicators_task ON indicators(task_id);

CREATE TABLE indicator_values (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    period       TEXT NOT NULL,
    value        REAL NOT NULL,
    reported_on  TEXT NOT NULL,
    reported_by  INTEGER NOT NULL REFERENCES people(id)
);
CREATE INDEX indicator_values_ind ON indicator_values(indicator_id, id);

-- The audit chain. Append-only: nothing in dondoc updates or deletes these rows.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     INTEGER,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action    TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX events_entity ON events(entity, entity_id, id);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    task_id    INTEGER REFERENCES tasks(id),
    key        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT,
    emailed_at TEXT
);
CREATE INDEX notifications_person ON notifications(person_id, read_at, id);
CREATE INDEX notifications_unemailed ON notifications(emailed_at, id);

CREATE TABLE reminder_runs (
    day TEXT PRIMARY KEY,
    at  TEXT NOT NULL
);
