package caravan.wiring;

import caravan.archive.SourceKeeper;
import caravan.audit.AuditLog;
import caravan.imports.Imports;
import caravan.keys.KeyProvider;
import caravan.notify.Outbox;
import caravan.publish.PublishTarget;
import caravan.store.AssetStore;

import java.util.List;

/**
 * What a profile provides to the common pipeline: where assets and the audit log are kept, the master keys, where
 * sources are kept and renditions published, where pending events wait (the outbox), event destinations beyond the
 * webhooks, where bulk imports and their lines are kept, and where the items of videos encoded in chunks are counted.
 */
public record Backends(AuditLog audit, AssetStore records, KeyProvider masterKeys, SourceKeeper keeper, PublishTarget target,
                       Outbox outbox, List<String> extraSubscribers, Imports imports, caravan.chunking.ChunkLedger chunks) {
}
