-- What the machines print, one row per line. (machine, stream, seq) is unique, so a batch the
-- agent sends again after a lost answer adds nothing.
CREATE TABLE log_lines (
    id         BIGSERIAL   PRIMARY KEY,
    machine_id BIGINT      NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
    stream     TEXT        NOT NULL,
    seq        BIGINT      NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    text       TEXT        NOT NULL,
    CONSTRAINT log_lines_once UNIQUE (machine_id, stream, seq)
);

CREATE INDEX log_lines_by_machine ON log_lines (machine_id, id);
CREATE INDEX log_lines_by_age ON log_lines (at);
