-- Split-and-stitch runs (caravan.chunking.SqliteChunkLedger): an asset's current run (its number, how many work items,
-- the item that failed for good and the item that stitches, null while none) and the items of that run done so far.
-- A newer run replaces the row and drops the older run's items.
CREATE TABLE chunk_runs (
    asset_id    TEXT    PRIMARY KEY,
    run         INTEGER NOT NULL,
    items       INTEGER NOT NULL,
    failed_item INTEGER,
    stitcher    INTEGER
);
CREATE TABLE chunk_done (
    asset_id TEXT    NOT NULL,
    run      INTEGER NOT NULL,
    item     INTEGER NOT NULL,
    PRIMARY KEY (asset_id, run, item)
);
