-- Where each machine went (its address, its hourly price) and instances the providers run that
-- the database does not know (orphans), for reconciliation and cost tracking.

ALTER TABLE machines ADD COLUMN address TEXT;
ALTER TABLE machines ADD COLUMN price_cents_per_hour INTEGER;

CREATE TABLE orphans (
    provider    TEXT        NOT NULL,
    provider_id TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    address     TEXT,
    first_seen  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, provider_id)
);
