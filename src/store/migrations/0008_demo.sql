-- Version 8: what was made for a demo says so. Demo staff have PINs anyone who read the README
-- knows, so they sign in only while the current event is a demo event; and every screen, slip
-- and export of a demo event says DEMO.
ALTER TABLE events ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
ALTER TABLE staff ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
-- Files from earlier releases: the events and staff their first run or `fairfloor demo` made, as
-- the audit log recorded who made them.
UPDATE events SET demo = 1
WHERE id IN (SELECT entity_id FROM audit_log WHERE actor = 'demo' AND action = 'event.create');
UPDATE staff SET demo = 1
WHERE id IN (SELECT entity_id FROM audit_log WHERE actor = 'demo' AND action = 'staff.add');
