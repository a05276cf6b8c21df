package caravan.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One good line of a manifest: its line number, its source, the caller's external id (null: none) and its metadata,
 * already checked against the sidecar schema (null: none). The metadata may hold protected ({@code sensitive}) values:
 * it is sealed before it is stored, and never logged or echoed.
 */
public record ManifestLine(int line, ImportSource source, String externalId, ObjectNode metadata) {
}
