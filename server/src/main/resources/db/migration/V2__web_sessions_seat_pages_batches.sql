-- The web UI: a private page per claim, machines grouped by the request that created them, and
-- admin sessions kept in the database so that a restarted allocator keeps everyone logged in.

-- The participant's seat page is /seat/{page_key}: unguessable, so knowing a claim's id is not enough.
ALTER TABLE claims ADD COLUMN page_key TEXT;
UPDATE claims SET page_key = md5(random()::text || id::text) || md5(random()::text || clock_timestamp()::text);
ALTER TABLE claims ALTER COLUMN page_key SET NOT NULL;
CREATE UNIQUE INDEX claims_page_key ON claims (page_key);

-- One create request = one batch; the admin's progress view follows it.
CREATE SEQUENCE batch_number_seq;
ALTER TABLE machines ADD COLUMN batch_id BIGINT;
CREATE INDEX machines_by_batch ON machines (batch_id);

-- Spring Session's documented PostgreSQL schema.
CREATE TABLE spring_session (
    primary_id            CHAR(36) NOT NULL,
    session_id            CHAR(36) NOT NULL,
    creation_time         BIGINT   NOT NULL,
    last_access_time      BIGINT   NOT NULL,
    max_inactive_interval INT      NOT NULL,
    expiry_time           BIGINT   NOT NULL,
    principal_name        VARCHAR(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id CHAR(36)     NOT NULL,
    attribute_name     VARCHAR(200) NOT NULL,
    attribute_bytes    BYTEA        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id) REFERENCES spring_session (primary_id) ON DELETE CASCADE
);
