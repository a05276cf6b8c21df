-- The caller's own id for an upload (sidecar externalId, an import manifest's external_id), looked up by an import
-- to skip a source already here: a column beside the document, indexed.
ALTER TABLE assets ADD COLUMN external_id TEXT;
CREATE INDEX assets_external_id ON assets(external_id, seq);
