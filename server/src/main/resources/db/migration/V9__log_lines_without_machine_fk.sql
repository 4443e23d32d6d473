-- Log ingest is bound by PostgreSQL's work per line (bench/ log-ingest). The foreign key made every
-- line check and lock its machine's row; the machine comes from the agent's token, and machines are
-- never deleted, so the check guarded nothing.
ALTER TABLE log_lines DROP CONSTRAINT log_lines_machine_id_fkey;

