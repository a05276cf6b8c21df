CREATE TABLE assets (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    status     TEXT    NOT NULL,
    sha256     TEXT,
    version    INTEGER NOT NULL,
    doc        TEXT    NOT NULL
);
CREATE INDEX assets_status ON assets(status);
CREATE INDEX assets_sha256 ON assets(sha256);
