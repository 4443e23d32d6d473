-- When session.software was last seen running on the machine (LabLink's "in use"): the idle signal.
ALTER TABLE machines ADD COLUMN software_seen_at TIMESTAMPTZ;
