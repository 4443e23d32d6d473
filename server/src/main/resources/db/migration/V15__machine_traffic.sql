-- Bytes through the allocator's app proxy per machine, and when the last went through: the idle signal's input.
ALTER TABLE machines ADD COLUMN traffic_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE machines ADD COLUMN last_traffic_at TIMESTAMPTZ;
