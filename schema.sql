-- fairfloor local store: the schema of record.
--
-- A new database is created from this file and stamped with the schema version in
-- src/store/migrations.rs. When the schema changes, edit this file AND add a numbered
-- migration that takes an existing database from the previous version to this one;
-- a test checks that both paths give the same schema. Never edit a released migration.
--
-- Conventions: ids are UUIDv7 text; times are UTC RFC 3339 text; JSON arrays are text.
-- Every state change is written in one transaction together with a row in audit_log
-- and a row in outbox (see src/store/change.rs).

-- A recruitment fair on one day at one venue. "The day" is computed in `timezone`.
CREATE TABLE events (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    venue         TEXT NOT NULL,
    event_date    TEXT NOT NULL,              -- YYYY-MM-DD, local to `timezone`
    timezone      TEXT NOT NULL DEFAULT 'Europe/London',
    created_at    TEXT NOT NULL,
    -- Interview screens show only first name, ticket and adjustments (an event setting).
    blind_interviews INTEGER NOT NULL DEFAULT 0 CHECK (blind_interviews IN (0, 1)),
    -- Offers: the https address onboarding links start with, how long an offer stays open,
    -- and where slips print (cups:QUEUE, escpos:..., file:...).
    onboarding_base_url TEXT,
    offer_valid_days INTEGER NOT NULL DEFAULT 14 CHECK (offer_valid_days BETWEEN 1 AND 365),
    printer       TEXT,
    UNIQUE (name, event_date)
);

-- Laptops. Exactly one row has is_self = 1: this laptop. Its ticket_prefix keeps
-- ticket numbers unique across the laptops at one fair.
CREATE TABLE devices (
    id            TEXT PRIMARY KEY NOT NULL,
    label         TEXT NOT NULL,
    ticket_prefix TEXT NOT NULL CHECK (ticket_prefix GLOB '[A-Z]*' AND length(ticket_prefix) BETWEEN 1 AND 3),
    is_self       INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX devices_one_self ON devices (is_self) WHERE is_self = 1;

-- Small key/value settings of this laptop (current event, central URL, ...).
CREATE TABLE settings (
    key           TEXT PRIMARY KEY NOT NULL,
    value         TEXT NOT NULL
);

-- Recruiters and coordinators. PINs are stored only as argon2id PHC strings.
CREATE TABLE staff (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('recruiter', 'coordinator')),
    pin_hash      TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
);

-- Wrong PINs in a row, per member of staff (scope 'staff', subject_id a staff id) and per laptop
-- (scope 'device', subject_id a device id), so pauses and locks survive a restart. A right PIN
-- clears its person's and its laptop's row; a lock (locked_at) is cleared only by a coordinator
-- (`fairfloor staff unlock`). This laptop's own: never synced.
CREATE TABLE pin_failures (
    scope         TEXT NOT NULL CHECK (scope IN ('staff', 'device')),
    subject_id    TEXT NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_failure_at TEXT,
    locked_at     TEXT,
    PRIMARY KEY (scope, subject_id)
);

-- People who registered (kiosk, walk-in at a table) or were pre-registered (import).
CREATE TABLE candidates (
    id                 TEXT PRIMARY KEY NOT NULL,
    event_id           TEXT NOT NULL REFERENCES events (id),
    device_id          TEXT NOT NULL REFERENCES devices (id),
    ticket             TEXT NOT NULL,
    ticket_number      INTEGER NOT NULL,
    given_name         TEXT NOT NULL,
    family_name        TEXT NOT NULL,
    email              TEXT,                   -- lower-cased
    phone              TEXT,                   -- E.164, +447...
    postcode           TEXT,                   -- formatted, e.g. 'LS1 4DY'
    roles              TEXT NOT NULL DEFAULT '[]',  -- JSON array of role codes from assets/roles.toml
    contract_types     TEXT NOT NULL DEFAULT '[]',  -- JSON array: full_time, part_time, bank
    work_patterns      TEXT NOT NULL DEFAULT '[]',  -- JSON array: days, nights, weekends
    right_to_work      TEXT CHECK (right_to_work IN ('yes', 'no', 'not_sure')),
    care_experience    TEXT CHECK (care_experience IN ('paid', 'unpaid', 'none')),
    adjustments        TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL CHECK (source IN ('kiosk', 'walk_in', 'import', 'demo')),
    status             TEXT NOT NULL CHECK (status IN ('booked', 'waiting', 'no_show')),
    consent_at         TEXT,                   -- when the privacy notice was agreed to
    privacy_version    TEXT,                   -- which notice they agreed to
    duplicate_of       TEXT REFERENCES candidates (id),
    registered_at      TEXT NOT NULL,
    arrived_at         TEXT,                   -- NULL while only booked
    updated_at         TEXT NOT NULL,
    purged_at          TEXT,                   -- when `fairfloor purge` removed the personal data
    -- This laptop's arrival order: a counter taken when they start waiting (registered at the
    -- kiosk or as a walk-in, or marked arrived), kept when a no-show is put back. The queue is
    -- ordered by it, never by a wall-clock time. NULL while only booked.
    arrival_seq        INTEGER,
    UNIQUE (event_id, ticket)
);
CREATE INDEX candidates_queue ON candidates (event_id, status, arrival_seq);
CREATE INDEX candidates_arrival_seq ON candidates (arrival_seq);
CREATE INDEX candidates_email ON candidates (event_id, email);
CREATE INDEX candidates_phone ON candidates (event_id, phone);
CREATE INDEX candidates_ticket_number ON candidates (event_id, device_id, ticket_number);

-- Optional equality-monitoring answers, one row per question answered, kept apart from
-- the candidate row: never shown to recruiters, only ever reported in aggregate.
CREATE TABLE equality_monitoring (
    id            TEXT PRIMARY KEY NOT NULL,
    candidate_id  TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    question      TEXT NOT NULL,
    answer        TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    UNIQUE (candidate_id, question)
);

-- Structured values-based interviews. A candidate has at most one interview in progress, so
-- two recruiters can never take the same person. Each screening records the exact script
-- (id, version and a hash of its content), so every decision traces to the questions asked.
-- In-interview and screened are read from here; candidates.status says only whether they came.
CREATE TABLE screenings (
    id               TEXT PRIMARY KEY NOT NULL,
    event_id         TEXT NOT NULL REFERENCES events (id),
    candidate_id     TEXT NOT NULL REFERENCES candidates (id),
    device_id        TEXT NOT NULL REFERENCES devices (id),
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    script_id        TEXT NOT NULL,
    script_version   INTEGER NOT NULL,
    script_hash      TEXT NOT NULL,
    blind            INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1)),
    status           TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'abandoned')),
    started_at       TEXT NOT NULL,
    completed_at     TEXT,
    total            INTEGER,
    max_total        INTEGER,
    recommendation   TEXT CHECK (recommendation IN ('offer', 'second_opinion', 'not_progressing')),
    decision         TEXT CHECK (decision IN ('offer', 'second_opinion', 'not_progressing')),
    override_reason  TEXT,                   -- required when decision differs from recommendation
    feedback         TEXT NOT NULL DEFAULT '',   -- feedback given on the day (not progressing)
    signposts        TEXT NOT NULL DEFAULT '[]', -- JSON array of signpost ids from assets/signposts.toml
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX screenings_one_open_per_candidate ON screenings (candidate_id) WHERE status = 'in_progress';
CREATE INDEX screenings_candidate ON screenings (candidate_id, status);
CREATE INDEX screenings_staff_open ON screenings (staff_id) WHERE status = 'in_progress';

-- Each answer as it is entered, so a laptop that dies mid-interview resumes at the same question.
CREATE TABLE screening_answers (
    id            TEXT PRIMARY KEY NOT NULL,
    screening_id  TEXT NOT NULL REFERENCES screenings (id),
    question_id   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('eligibility', 'values')),
    answer        TEXT,                   -- eligibility: the answer id
    score         INTEGER CHECK (score BETWEEN 1 AND 4),
    notes         TEXT NOT NULL DEFAULT '',
    answered_at   TEXT NOT NULL,
    UNIQUE (screening_id, question_id)
);

-- Conditional offers (or a place in a talent pool). The onboarding link is the event's base
-- address plus a 128-bit random token: no personal data in the link or its QR code.
-- A candidate has at most one live offer.
CREATE TABLE offers (
    id              TEXT PRIMARY KEY NOT NULL,
    event_id        TEXT NOT NULL REFERENCES events (id),
    candidate_id    TEXT NOT NULL REFERENCES candidates (id),
    screening_id    TEXT REFERENCES screenings (id),
    device_id       TEXT NOT NULL REFERENCES devices (id),
    staff_id        TEXT NOT NULL REFERENCES staff (id),
    kind            TEXT NOT NULL CHECK (kind IN ('offer', 'talent_pool')),
    role_code       TEXT NOT NULL,
    site            TEXT NOT NULL,
    contract        TEXT NOT NULL CHECK (contract IN ('permanent', 'fixed_term', 'bank')),
    hours           TEXT NOT NULL,
    conditions      TEXT NOT NULL DEFAULT '[]',  -- JSON array of NHS Employment Check Standards
    expires_on      TEXT NOT NULL,               -- YYYY-MM-DD, the event's time zone
    token           TEXT NOT NULL UNIQUE,
    reference       TEXT NOT NULL UNIQUE,        -- short, for people: B-042-7K3Q
    onboarding_url  TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('made', 'withdrawn', 'declined')),
    status_reason   TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX offers_one_live_per_candidate ON offers (candidate_id) WHERE status = 'made';
CREATE INDEX offers_event ON offers (event_id, created_at);

-- Identity and right-to-work documents seen in the original on the day: the kind of document,
-- who saw it and when, and a Home Office share code. Never copies or document numbers.
CREATE TABLE documents_seen (
    id          TEXT PRIMARY KEY NOT NULL,
    offer_id    TEXT NOT NULL REFERENCES offers (id),
    check_id    TEXT NOT NULL CHECK (check_id IN ('identity', 'right_to_work')),
    document    TEXT NOT NULL,
    share_code  TEXT,
    seen_by     TEXT NOT NULL REFERENCES staff (id),
    seen_at     TEXT NOT NULL
);

-- Every slip printed (or tried), so a reprint is deliberate.
CREATE TABLE print_log (
    id          TEXT PRIMARY KEY NOT NULL,
    offer_id    TEXT NOT NULL REFERENCES offers (id),
    target      TEXT NOT NULL,
    printed_by  TEXT NOT NULL,
    printed_at  TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('printed', 'failed')),
    detail      TEXT NOT NULL
);

-- Append-only, hash-chained record of every change: hash = SHA-256 over the previous
-- hash and this row's fields (see src/store/audit.rs), so an edited or deleted row is detectable.
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    detail        TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Changes waiting to be pushed to the central service, in this device's order.
-- seq is contiguous per device; the centre applies (device_id, seq) at most once.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    device_id       TEXT NOT NULL REFERENCES devices (id),
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    op              TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    payload         TEXT NOT NULL,
    at              TEXT NOT NULL,
    synced_at       TEXT,
    rejected_reason TEXT
);
CREATE INDEX outbox_unsynced ON outbox (seq) WHERE synced_at IS NULL;

-- Where sync with the central service stands, per central URL.
CREATE TABLE sync_state (
    id              TEXT PRIMARY KEY NOT NULL,
    central_url     TEXT NOT NULL UNIQUE,
    acked_seq       INTEGER NOT NULL DEFAULT 0,
    last_sync_at    TEXT,
    last_error      TEXT
);
