-- The image catalog: each configured registry's repositories and tags as the last rescan saw them.
CREATE TABLE images (
    id          BIGSERIAL PRIMARY KEY,
    registry    TEXT        NOT NULL,          -- registries[].name
    repository  TEXT        NOT NULL,          -- lab/tools
    tag         TEXT        NOT NULL,
    reference   TEXT        NOT NULL,          -- host/repository:tag, as a pull names it
    digest      TEXT        NOT NULL,          -- sha256:..., of the manifest (or index) the tag names
    size_bytes  BIGINT,                        -- config and layers, as the manifest states them
    scanned_at  TIMESTAMPTZ NOT NULL,
    gone_at     TIMESTAMPTZ,                   -- the last rescan no longer listed it
    UNIQUE (registry, repository, tag)
);

-- One row per registry: how its last rescan went, for the console. finished_at null: one is running
-- (the allocator that set started_at runs it; another allocator starts none until it finishes or is 30 minutes old).
CREATE TABLE image_scans (
    registry     TEXT PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    outcome      TEXT,                         -- OK or FAILED
    message      TEXT,
    image_count  INT,
    tags_done    INT,                          -- progress of the running rescan: tags whose manifest was read
    tags_total   INT                           -- ... of the tags it listed
);

-- The image a machine's sessions run, pinned by digest when its batch was created (null: session.image as written, or none).
ALTER TABLE machines ADD COLUMN image TEXT;
