package caravan.wiring;

import caravan.DataFolders;
import caravan.delivery.ContentKeys;
import caravan.metadata.MetadataStage;
import caravan.notify.Notifier;
import caravan.probe.LimitSettings;
import caravan.store.AssetStore;
import caravan.transcode.Ladder;

import java.time.Clock;

/** The common services a profile's own beans are made from (intake from S3, late pairing, the MediaConvert engine). */
public record Shared(DataFolders folders, AssetStore store, Notifier notifier, Clock clock, LimitSettings limits,
                     MetadataStage metadataStage, Ladder ladder, ContentKeys contentKeys) {
}
