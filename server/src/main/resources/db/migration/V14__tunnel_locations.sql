-- Several allocators on one database: which allocator each machine's tunnel ends on, and how the
-- others reach it, so a stream that arrives at allocator B for a machine connected to A is
-- forwarded to A. An allocator's row is live while seen_at is recent (it renews it every few
-- seconds); the rows of one that died without a word are ignored, then removed.
CREATE TABLE allocators (
    id           UUID        PRIMARY KEY,
    internal_url TEXT        NOT NULL,
    host         TEXT        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    seen_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE machine_tunnels (
    machine_id   BIGINT      PRIMARY KEY REFERENCES machines (id) ON DELETE CASCADE,
    allocator_id UUID        NOT NULL REFERENCES allocators (id) ON DELETE CASCADE,
    connected_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX machine_tunnels_allocator ON machine_tunnels (allocator_id);

-- The secret with which allocators on this database authenticate to each other to forward a
-- stream; made by the first allocator that needs it. One row.
CREATE TABLE tunnel_forwarding_secret (
    id     INT  PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);
