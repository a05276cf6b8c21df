-- Append-only audit trail: grants, key fetches, status changes, retries.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    asset_id  TEXT,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    outcome   TEXT    NOT NULL,
    remote    TEXT,
    detail    TEXT
);
CREATE INDEX audit_asset ON audit(asset_id, seq);
-- An asset emits each event type once per run (a retry starts a new run).
CREATE TABLE events_by_run (
    event_id   TEXT    PRIMARY KEY,
    asset_id   TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    run        INTEGER NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (asset_id, type, run)
);
INSERT INTO events_by_run(event_id, asset_id, type, run, payload, created_at)
    SELECT event_id, asset_id, type, 1, payload, created_at FROM events;
DROP TABLE events;
ALTER TABLE events_by_run RENAME TO events;
