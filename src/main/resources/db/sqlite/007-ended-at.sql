-- When an asset ended (READY: its ready time; FAILED: its last change), in epoch milliseconds, for the cost report of a
-- period (GET /api/costs) without reading every asset: a column beside the document, indexed; null while unfinished.
ALTER TABLE assets ADD COLUMN ended_at INTEGER;
UPDATE assets SET ended_at = CAST(ROUND((julianday(json_extract(doc, CASE status WHEN 'READY' THEN '$.readyAt' ELSE '$.updatedAt' END))
    - 2440587.5) * 86400000) AS INTEGER) WHERE status IN ('READY', 'FAILED');
CREATE INDEX assets_ended_at ON assets(ended_at);
