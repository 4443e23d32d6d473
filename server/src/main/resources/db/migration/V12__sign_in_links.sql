-- One-time sign-in links mailed to participants (participants.access: email, or roster with mail).
-- Only the SHA-256 of the token is kept: the database alone does not let anyone sign in.
CREATE TABLE sign_in_links (
    token_hash     TEXT        PRIMARY KEY,
    email          TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ NOT NULL,
    used_at        TIMESTAMPTZ,
    requested_from TEXT
);

CREATE INDEX sign_in_links_by_email ON sign_in_links (email, created_at DESC);
