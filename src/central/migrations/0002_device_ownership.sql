-- Version 2: a device id belongs to one enrolment, for ever. Never edit once released.
--
-- Before this, a laptop database copied to a second laptop (`cp D.db E.db`, then each enrolled
-- with its own token) bound two tokens to one device id, and the centre took the copy's changes
-- for resends of the original's and dropped them with a 200.
--
-- A centre that already holds such pairs keeps the binding of the token enrolled first (the
-- lowest id) and clears the later ones: their laptops are then refused with
-- `device_enrolled_elsewhere` on their next sync and give themselves a new device id. (Changes
-- those laptops were already told were synced are not recovered by this.)
UPDATE device_tokens AS later
SET device_id = NULL
WHERE later.device_id IS NOT NULL
  AND EXISTS (
      SELECT 1 FROM device_tokens AS earlier
      WHERE earlier.device_id = later.device_id AND earlier.id < later.id
  );

-- At most one token, live or revoked, per device id.
CREATE UNIQUE INDEX device_tokens_one_per_device ON device_tokens (device_id)
    WHERE device_id IS NOT NULL;
