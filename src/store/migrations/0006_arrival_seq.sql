-- Version 6: the queue's order is this laptop's arrival order, a counter taken when someone starts
-- waiting, not a wall-clock time that moves when the laptop's clock is wrong. People already
-- waiting (or no-shows who had arrived) get a number from the order the queue showed them in.
ALTER TABLE candidates ADD COLUMN arrival_seq INTEGER;
UPDATE candidates SET arrival_seq = ordered.n
FROM (SELECT id, row_number() OVER (ORDER BY arrived_at, registered_at, ticket) AS n
      FROM candidates WHERE arrived_at IS NOT NULL) AS ordered
WHERE candidates.id = ordered.id;
DROP INDEX candidates_queue;
CREATE INDEX candidates_queue ON candidates (event_id, status, arrival_seq);
CREATE INDEX candidates_arrival_seq ON candidates (arrival_seq);
