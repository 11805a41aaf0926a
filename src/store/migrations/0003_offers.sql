-- Version 2 → 3: conditional offers, documents seen on the day, and the print log.

ALTER TABLE events ADD COLUMN onboarding_base_url TEXT;
ALTER TABLE events ADD COLUMN offer_valid_days INTEGER NOT NULL DEFAULT 14 CHECK (offer_valid_days BETWEEN 1 AND 365);
ALTER TABLE events ADD COLUMN printer TEXT;

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
    conditions      TEXT NOT NULL DEFAULT '[]',
    expires_on      TEXT NOT NULL,
    token           TEXT NOT NULL UNIQUE,
    reference       TEXT NOT NULL UNIQUE,
    onboarding_url  TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('made', 'withdrawn', 'declined')),
    status_reason   TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX offers_one_live_per_candidate ON offers (candidate_id) WHERE status = 'made';
CREATE INDEX offers_event ON offers (event_id, created_at);

CREATE TABLE documents_seen (
    id          TEXT PRIMARY KEY NOT NULL,
    offer_id    TEXT NOT NULL REFERENCES offers (id),
    check_id    TEXT NOT NULL CHECK (check_id IN ('identity', 'right_to_work')),
    document    TEXT NOT NULL,
    share_code  TEXT,
    seen_by     TEXT NOT NULL REFERENCES staff (id),
    seen_at     TEXT NOT NULL
);

CREATE TABLE print_log (
    id          TEXT PRIMARY KEY NOT NULL,
    offer_id    TEXT NOT NULL REFERENCES offers (id),
    target      TEXT NOT NULL,
    printed_by  TEXT NOT NULL,
    printed_at  TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('printed', 'failed')),
    detail      TEXT NOT NULL
);
