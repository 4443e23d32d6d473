-- Admin accounts (each with a role) and their API tokens. The first account is created at start
-- from app.admin_user and the password hash the settings table already holds (admin_password_bcrypt).
CREATE TABLE admin_accounts (
    username      TEXT        PRIMARY KEY,
    password_hash TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('admin', 'viewer')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by    TEXT        NOT NULL
);

-- Tokens are long and random, so a SHA-256 of them (hex) is enough to keep; the token itself is
-- shown once when issued. The prefix (its first characters) tells tokens apart in lists.
CREATE TABLE admin_tokens (
    id           BIGSERIAL   PRIMARY KEY,
    username     TEXT        NOT NULL REFERENCES admin_accounts (username) ON DELETE CASCADE,
    name         TEXT        NOT NULL,
    token_hash   TEXT        NOT NULL UNIQUE,
    prefix       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

CREATE INDEX admin_tokens_by_user ON admin_tokens (username, id);
