-- Version 12: a registration staff found to be a repeat of an earlier one (the same person
-- registered twice) is merged into it: it stays, audited, but leaves the queue, the day's
-- figures, the fairness report and the exports, so nobody is counted twice.
ALTER TABLE candidates ADD COLUMN merged_into TEXT REFERENCES candidates (id);
