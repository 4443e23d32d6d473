-- The people who may claim a seat when participants.access is roster, as the admin uploaded them.
CREATE TABLE roster (
    email      TEXT        PRIMARY KEY CHECK (email = lower(email)),
    name       TEXT,
    group_name TEXT,
    added_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
