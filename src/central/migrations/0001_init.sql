-- The central service's schema, version 1. Never edit this file once released: add 0002_….sql.
--
-- Records land in tables named like the laptop's, one row per record (keyed by the record's id).
-- `record` holds the merged fields as the laptops sent them; the typed key columns are generated
-- from it so queries can use indexes without a second copy to keep in step.

-- Enrolled laptops. Only the SHA-256 of a token is kept; a token is bound to the first device_id
-- that uses it.
CREATE TABLE device_tokens (
    id            BIGSERIAL PRIMARY KEY,
    label         TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    device_id     TEXT
);
-- One live token per label, so `revoke-device --label` names exactly one.
CREATE UNIQUE INDEX device_tokens_live_label ON device_tokens (label) WHERE revoked_at IS NULL;

-- Every outbox entry received, applied or not. `(device_id, seq)` makes a resent entry a no-op.
-- Entries after a gap wait here until the gap fills, so records change in each laptop's order.
CREATE TABLE changes (
    device_id       TEXT NOT NULL,
    seq             BIGINT NOT NULL CHECK (seq >= 1),
    entity          TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    op              TEXT NOT NULL,
    payload         JSONB NOT NULL,
    at              TEXT NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    rejected_reason TEXT,
    PRIMARY KEY (device_id, seq)
);

-- Per laptop: every seq up to acked_seq is held, and every held entry up to it is applied.
CREATE TABLE device_progress (
    device_id   TEXT PRIMARY KEY,
    acked_seq   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    record      JSONB NOT NULL,
    device_id   TEXT NOT NULL,
    applied_seq BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    name        TEXT GENERATED ALWAYS AS (record->>'name') STORED,
    event_date  TEXT GENERATED ALWAYS AS (record->>'event_date') STORED,
    timezone    TEXT GENERATED ALWAYS AS (record->>'timezone') STORED
);
CREATE INDEX events_event_date ON events (event_date);

CREATE TABLE staff (
    id          TEXT PRIMARY KEY,
    record      JSONB NOT NULL,
    device_id   TEXT NOT NULL,
    applied_seq BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    name        TEXT GENERATED ALWAYS AS (record->>'name') STORED
);

CREATE TABLE candidates (
    id          TEXT PRIMARY KEY,
    record      JSONB NOT NULL,
    device_id   TEXT NOT NULL,
    applied_seq BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    event_id    TEXT GENERATED ALWAYS AS (record->>'event_id') STORED,
    ticket      TEXT GENERATED ALWAYS AS (record->>'ticket') STORED,
    status      TEXT GENERATED ALWAYS AS (record->>'status') STORED
);
CREATE INDEX candidates_event_id ON candidates (event_id);

CREATE TABLE equality_monitoring (
    id           TEXT PRIMARY KEY,
    record       JSONB NOT NULL,
    device_id    TEXT NOT NULL,
    applied_seq  BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    candidate_id TEXT GENERATED ALWAYS AS (record->>'candidate_id') STORED
);
CREATE INDEX equality_monitoring_candidate_id ON equality_monitoring (candidate_id);

CREATE TABLE screenings (
    id           TEXT PRIMARY KEY,
    record       JSONB NOT NULL,
    device_id    TEXT NOT NULL,
    applied_seq  BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    event_id     TEXT GENERATED ALWAYS AS (record->>'event_id') STORED,
    candidate_id TEXT GENERATED ALWAYS AS (record->>'candidate_id') STORED,
    status       TEXT GENERATED ALWAYS AS (record->>'status') STORED
);
CREATE INDEX screenings_candidate_id ON screenings (candidate_id);

CREATE TABLE screening_answers (
    id           TEXT PRIMARY KEY,
    record       JSONB NOT NULL,
    device_id    TEXT NOT NULL,
    applied_seq  BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    screening_id TEXT GENERATED ALWAYS AS (record->>'screening_id') STORED
);
CREATE INDEX screening_answers_screening_id ON screening_answers (screening_id);

CREATE TABLE offers (
    id           TEXT PRIMARY KEY,
    record       JSONB NOT NULL,
    device_id    TEXT NOT NULL,
    applied_seq  BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    event_id     TEXT GENERATED ALWAYS AS (record->>'event_id') STORED,
    candidate_id TEXT GENERATED ALWAYS AS (record->>'candidate_id') STORED,
    staff_id     TEXT GENERATED ALWAYS AS (record->>'staff_id') STORED,
    reference    TEXT GENERATED ALWAYS AS (record->>'reference') STORED,
    status       TEXT GENERATED ALWAYS AS (record->>'status') STORED
);
CREATE INDEX offers_event_id ON offers (event_id);

CREATE TABLE documents_seen (
    id          TEXT PRIMARY KEY,
    record      JSONB NOT NULL,
    device_id   TEXT NOT NULL,
    applied_seq BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    offer_id    TEXT GENERATED ALWAYS AS (record->>'offer_id') STORED
);
CREATE INDEX documents_seen_offer_id ON documents_seen (offer_id);
