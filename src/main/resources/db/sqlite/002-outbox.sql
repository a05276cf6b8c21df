-- One row per event (an asset emits each event type at most once) and one delivery row per webhook URL.
CREATE TABLE events (
    event_id   TEXT    PRIMARY KEY,
    asset_id   TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (asset_id, type)
);
CREATE TABLE deliveries (
    event_id        TEXT    NOT NULL REFERENCES events(event_id),
    url             TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    delivered_at    INTEGER,
    PRIMARY KEY (event_id, url)
);
CREATE INDEX deliveries_due ON deliveries(state, next_attempt_at);
