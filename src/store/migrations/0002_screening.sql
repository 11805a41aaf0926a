-- Version 1 → 2: structured values-based screening.

ALTER TABLE events ADD COLUMN blind_interviews INTEGER NOT NULL DEFAULT 0 CHECK (blind_interviews IN (0, 1));

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
    override_reason  TEXT,
    feedback         TEXT NOT NULL DEFAULT '',
    signposts        TEXT NOT NULL DEFAULT '[]',
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX screenings_one_open_per_candidate ON screenings (candidate_id) WHERE status = 'in_progress';
CREATE INDEX screenings_candidate ON screenings (candidate_id, status);
CREATE INDEX screenings_staff_open ON screenings (staff_id) WHERE status = 'in_progress';

CREATE TABLE screening_answers (
    id            TEXT PRIMARY KEY NOT NULL,
    screening_id  TEXT NOT NULL REFERENCES screenings (id),
    question_id   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('eligibility', 'values')),
    answer        TEXT,
    score         INTEGER CHECK (score BETWEEN 1 AND 4),
    notes         TEXT NOT NULL DEFAULT '',
    answered_at   TEXT NOT NULL,
    UNIQUE (screening_id, question_id)
);
