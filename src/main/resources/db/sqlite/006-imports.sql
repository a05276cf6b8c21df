-- Bulk imports (caravan.imports): one row per manifest (its id derived from the manifest's content, so posting it
-- again continues it) and one row per manifest line, with where it stands. A line's metadata is kept sealed
-- (FieldSealer, JSON of SealedFields), never in clear.
CREATE TABLE imports (
    import_id   TEXT    PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    lines       INTEGER NOT NULL
);
CREATE TABLE import_items (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    import_id     TEXT    NOT NULL REFERENCES imports(import_id),
    line          INTEGER NOT NULL,
    source        TEXT    NOT NULL,
    external_id   TEXT,
    metadata      TEXT,
    state         TEXT    NOT NULL,
    asset_id      TEXT,
    error_code    TEXT,
    reason        TEXT,
    media_seconds REAL,
    fed_at        INTEGER,
    finished_at   INTEGER,
    UNIQUE (import_id, line)
);
CREATE INDEX import_items_state ON import_items(state, seq);
