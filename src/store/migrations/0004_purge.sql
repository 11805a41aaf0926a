-- Version 4: `fairfloor purge --synced` marks the candidates whose personal data it removed.
ALTER TABLE candidates ADD COLUMN purged_at TEXT;
