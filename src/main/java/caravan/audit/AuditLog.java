package caravan.audit;

import java.util.List;

/**
 * The append-only record of who did what to an asset: playback grants, key fetches (granted and denied), status
 * changes, retries. Entries carry no sidecar content.
 */
public interface AuditLog {

    void append(AuditEntry entry);

    List<AuditEntry> forAsset(String assetId);

    record AuditEntry(long atMillis, String assetId, String actor, String action, String outcome, String remote,
                      String detail) {
    }
}
