-- Heartbeats: what each agent last said about its machine, and the UNREACHABLE state for machines
-- that stopped saying anything (with the state to return to when they speak again).

ALTER TABLE machines DROP CONSTRAINT machines_state_check;
ALTER TABLE machines ADD CONSTRAINT machines_state_check CHECK (state IN ('PROVISIONING', 'BOOTING', 'READY',
    'ASSIGNED', 'IN_USE', 'UNREACHABLE', 'FAILED', 'TERMINATING', 'TERMINATED'));

ALTER TABLE machines ADD COLUMN state_before_unreachable TEXT;
ALTER TABLE machines ADD COLUMN last_heartbeat JSONB;
ALTER TABLE machines ADD COLUMN boot_id TEXT;
ALTER TABLE machines ADD COLUMN agent_started_at TIMESTAMPTZ;

-- The watchdog looks only at machines whose agents should be talking.
CREATE INDEX machines_watched ON machines (last_seen_at) WHERE state IN ('READY', 'ASSIGNED', 'IN_USE');
