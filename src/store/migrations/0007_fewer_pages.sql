-- Version 7: a registration writes fewer pages. On an encrypted file each page written costs its
-- own encryption, so every b-tree a commit touches is paid for at every registration:
--  * outbox and audit_log count their seq without AUTOINCREMENT, which wrote sqlite_sequence on
--    every change. No row of either is ever deleted (audit_log refuses it; the outbox is only
--    marked), so the next seq is still one more than the last, as before.
--  * outbox.id was a second unique key nothing reads; outbox_unsynced indexed every new row,
--    while synced entries are always a prefix of the outbox (src/store/sync.rs), so what waits
--    is a range of seq.
--  * audit_log.id stays in each row's hash, without an index nothing reads.
--  * equality_monitoring is kept in its natural key, one b-tree instead of three.
-- Rows, seqs and hashes are copied as they are: the audit chain still verifies.

CREATE TABLE outbox_v7 (
    seq             INTEGER PRIMARY KEY,
    device_id       TEXT NOT NULL REFERENCES devices (id),
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    op              TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    payload         TEXT NOT NULL,
    at              TEXT NOT NULL,
    synced_at       TEXT,
    rejected_reason TEXT
);
INSERT INTO outbox_v7 (seq, device_id, entity, entity_id, op, payload, at, synced_at, rejected_reason)
    SELECT seq, device_id, entity, entity_id, op, payload, at, synced_at, rejected_reason FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v7 RENAME TO outbox;

CREATE TABLE audit_log_v7 (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    detail        TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
INSERT INTO audit_log_v7 (seq, id, at, actor, action, entity, entity_id, detail, prev_hash, hash)
    SELECT seq, id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log;
-- Dropping a table drops its triggers first, so the append-only guard does not fire here.
DROP TABLE audit_log;
ALTER TABLE audit_log_v7 RENAME TO audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE equality_monitoring_v7 (
    candidate_id  TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    question      TEXT NOT NULL,
    id            TEXT NOT NULL,
    answer        TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (candidate_id, question)
) WITHOUT ROWID;
INSERT INTO equality_monitoring_v7 (candidate_id, question, id, answer, recorded_at)
    SELECT candidate_id, question, id, answer, recorded_at FROM equality_monitoring;
DROP TABLE equality_monitoring;
ALTER TABLE equality_monitoring_v7 RENAME TO equality_monitoring;
