-- Version 5: wrong PINs are counted in the file, per member of staff and per laptop, so the
-- pauses and locks that slow down guessing survive closing and reopening fairfloor.
CREATE TABLE pin_failures (
    scope         TEXT NOT NULL CHECK (scope IN ('staff', 'device')),
    subject_id    TEXT NOT NULL,
    failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_failure_at TEXT,
    locked_at     TEXT,
    PRIMARY KEY (scope, subject_id)
);
