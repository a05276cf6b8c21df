-- The asset list filtered by status and searched by text, without reading every record: status with the list
-- order, and a trigram full-text index (rowid = assets.seq) over each asset's title, source name and id.
CREATE INDEX assets_status_seq ON assets(status, seq);
CREATE VIRTUAL TABLE asset_text USING fts5(text, tokenize = 'trigram');
INSERT INTO asset_text(rowid, text)
    SELECT seq, lower(coalesce(json_extract(doc, '$.metadata.title') || char(10), '')
        || coalesce(json_extract(doc, '$.source.name') || char(10), '') || id) FROM assets
