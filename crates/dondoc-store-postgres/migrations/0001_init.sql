-- dondoc schema, PostgreSQL. The same tables, columns, indexes and constraints as the
-- SQLite schema, with native types: DATE for days, TIMESTAMPTZ for instants (microsecond
-- precision), BOOLEAN for flags, BYTEA for file bytes. JSON columns stay TEXT so that both
-- backends read and write exactly the same strings.
--
-- tasks.document_id and documents.implements_task reference each other; PostgreSQL checks
-- references at creation, so the first of the pair is added once both tables exist.

CREATE TABLE units (
    id           BIGSERIAL PRIMARY KEY,
    parent_id    BIGINT REFERENCES units(id),
    kind         TEXT NOT NULL CHECK (kind IN ('authority', 'unit')),
    name         TEXT NOT NULL,
    abbreviation TEXT NOT NULL,
    aliases      TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE people (
    id            BIGSERIAL PRIMARY KEY,
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    full_name     TEXT NOT NULL,
    position      TEXT NOT NULL,
    role          TEXT NOT NULL,
    username      TEXT UNIQUE,
    email         TEXT,
    password_hash TEXT
);

CREATE TABLE login_failures (
    username TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES people(id),
    csrf       TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    api        BOOLEAN NOT NULL DEFAULT FALSE,
    label      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE tasks (
    id            BIGSERIAL PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES units(id),
    document_id   BIGINT,
    section       TEXT,
    title         TEXT NOT NULL,
    lead_unit     BIGINT NOT NULL REFERENCES units(id),
    assignee      BIGINT REFERENCES people(id),
    parent_task   BIGINT REFERENCES tasks(id),
    deadline      TEXT NOT NULL,
    due_date      DATE,
    assigned_on   DATE NOT NULL,
    status        TEXT NOT NULL,
    -- Derived from status, kept as columns so the statistics are index range counts.
    is_open       BOOLEAN NOT NULL,
    done_late     BOOLEAN,
    completed_on  DATE,
    progress      INTEGER NOT NULL DEFAULT 0,
    urgency       TEXT NOT NULL,
    secret        BOOLEAN NOT NULL DEFAULT FALSE,
    status_reason TEXT,
    version       BIGINT NOT NULL DEFAULT 1,
    updated_at    TIMESTAMPTZ NOT NULL,
    search        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_unit_status_due ON tasks(lead_unit, status, due_date);
CREATE INDEX tasks_org_open_due ON tasks(org_id, is_open, due_date);
CREATE INDEX tasks_org_status_late ON tasks(org_id, status, done_late);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_parent ON tasks(parent_task);

CREATE TABLE task_cooperators (
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_cooperators_unit ON task_cooperators(unit_id);

CREATE TABLE documents (
    id              BIGSERIAL PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES units(id),
    direction       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    number          TEXT,
    issued_on       DATE,
    issuer          TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    addressees      TEXT NOT NULL DEFAULT '[]',
    distribution    TEXT NOT NULL DEFAULT '[]',
    signature       TEXT,
    urgency         TEXT NOT NULL,
    secrecy         TEXT NOT NULL,
    implements_task BIGINT REFERENCES tasks(id),
    refs            TEXT NOT NULL DEFAULT '[]',
    registered_at   TIMESTAMPTZ NOT NULL,
    search          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX documents_org ON documents(org_id, direction, id);
CREATE INDEX documents_implements ON documents(implements_task);

ALTER TABLE tasks ADD CONSTRAINT tasks_document_id_fkey
    FOREIGN KEY (document_id) REFERENCES documents(id);

-- Document registers (sổ đăng ký): the last number taken per organisation, year, series.
CREATE TABLE registers (
    org_id      BIGINT NOT NULL REFERENCES units(id),
    year        INTEGER NOT NULL,
    series      TEXT NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (org_id, year, series)
);

CREATE TABLE attachments (
    id           BIGSERIAL PRIMARY KEY,
    document_id  BIGINT REFERENCES documents(id),
    task_id      BIGINT REFERENCES tasks(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    bytes        BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_document ON attachments(document_id);
CREATE INDEX attachments_task ON attachments(task_id);

CREATE TABLE progress_reports (
    id          BIGSERIAL PRIMARY KEY,
    task_id     BIGINT NOT NULL REFERENCES tasks(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    author      BIGINT NOT NULL REFERENCES people(id),
    reported_on DATE NOT NULL,
    percent     INTEGER NOT NULL,
    narrative   TEXT NOT NULL,
    obstacles   TEXT NOT NULL DEFAULT '',
    proposals   TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT '[]',
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports(task_id, id);

CREATE TABLE directions (
    id         BIGSERIAL PRIMARY KEY,
    task_id    BIGINT NOT NULL REFERENCES tasks(id),
    report_id  BIGINT REFERENCES progress_reports(id),
    leader     BIGINT NOT NULL REFERENCES people(id),
    text       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX directions_task ON directions(task_id, id);
CREATE INDEX directions_report ON directions(report_id);

CREATE TABLE extensions (
    id            BIGSERIAL PRIMARY KEY,
    task_id       BIGINT NOT NULL REFERENCES tasks(id),
    requested_by  BIGINT NOT NULL REFERENCES people(id),
    old_date      DATE,
    new_date      DATE NOT NULL,
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL,
    decided_by    BIGINT REFERENCES people(id),
    decision_note TEXT,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX extensions_task ON extensions(task_id, id);

CREATE TABLE indicators (
    id      BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    name    TEXT NOT NULL,
    measure TEXT NOT NULL,
    target  DOUBLE PRECISION NOT NULL,
    due     DATE
);
CREATE INDEX indicators_task ON indicators(task_id);

CREATE TABLE indicator_values (
    id           BIGSERIAL PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    period       TEXT NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    reported_on  DATE NOT NULL,
    reported_by  BIGINT NOT NULL REFERENCES people(id)
);
CREATE INDEX indicator_values_ind ON indicator_values(indicator_id, id);

-- The audit chain. Append-only: nothing in dondoc updates or deletes these rows.
-- No foreign key on actor, as in SQLite: history outlives what it mentions.
CREATE TABLE events (
    id        BIGSERIAL PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    actor     BIGINT,
    entity    TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    action    TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX events_entity ON events(entity, entity_id, id);

CREATE TABLE notifications (
    id         BIGSERIAL PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES people(id),
    task_id    BIGINT REFERENCES tasks(id),
    key        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ,
    emailed_at TIMESTAMPTZ
);
CREATE INDEX notifications_person ON notifications(person_id, read_at, id);
CREATE INDEX notifications_unemailed ON notifications(emailed_at, id);

CREATE TABLE reminder_runs (
    day DATE PRIMARY KEY,
    at  TIMESTAMPTZ NOT NULL
);
