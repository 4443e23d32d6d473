-- Machines, the seats they offer, and the audit trail of everything done to them.

CREATE SEQUENCE machine_number_seq;

CREATE TABLE machines (
    id               BIGSERIAL PRIMARY KEY,
    name             TEXT        NOT NULL UNIQUE,
    provider         TEXT        NOT NULL,
    provider_id      TEXT,
    machine_type     TEXT,
    region           TEXT,
    state            TEXT        NOT NULL CHECK (state IN ('PROVISIONING', 'BOOTING', 'READY', 'ASSIGNED', 'IN_USE',
                                                           'FAILED', 'TERMINATING', 'TERMINATED')),
    state_reason     TEXT,
    token_hash       TEXT        NOT NULL UNIQUE,
    assigned_email   TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    state_changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- when each state was last entered: {"BOOTING": "...", "READY": "..."}
    state_times      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    last_seen_at     TIMESTAMPTZ,
    agent_version    TEXT
);

-- The claim statement scans only free machines, oldest first.
CREATE INDEX machines_ready ON machines (id) WHERE state = 'READY';
CREATE INDEX machines_live ON machines (state) WHERE state <> 'TERMINATED';

CREATE TABLE claims (
    id             BIGSERIAL PRIMARY KEY,
    email          TEXT        NOT NULL,
    machine_id     BIGINT      NOT NULL REFERENCES machines (id),
    claimed_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    released_at    TIMESTAMPTZ,
    release_reason TEXT
);

-- One active seat per person: concurrent claims with the same email cannot both win.
CREATE UNIQUE INDEX claims_one_active_per_email ON claims (email) WHERE released_at IS NULL;
CREATE INDEX claims_by_machine ON claims (machine_id) WHERE released_at IS NULL;

CREATE TABLE events (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor      TEXT        NOT NULL,
    machine_id BIGINT REFERENCES machines (id),
    type       TEXT        NOT NULL,
    from_state TEXT,
    to_state   TEXT,
    message    TEXT
);

CREATE INDEX events_newest ON events (id DESC);
CREATE INDEX events_by_machine ON events (machine_id, id DESC);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
