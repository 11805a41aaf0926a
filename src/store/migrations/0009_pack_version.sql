-- Version 9: each interview and offer records the version of the fair pack (the employer's
-- words, roles, scripts and documents) it was made under, so a decision traces to the words the
-- candidate and the recruiter saw. Rows from earlier releases have none.
ALTER TABLE screenings ADD COLUMN pack_version TEXT;
ALTER TABLE offers ADD COLUMN pack_version TEXT;
