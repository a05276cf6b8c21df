package caravan.wiring;

import caravan.DataFolders;
import caravan.delivery.ContentKeys;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.outputs.OutputSettings;
import caravan.outputs.OutputsPlanner;
import caravan.quality.QualitySettings;
import caravan.quality.QualityStage;
import caravan.metadata.MetadataStage;
import caravan.notify.Notifier;
import caravan.probe.LimitSettings;
import caravan.store.AssetStore;
import caravan.transcode.Ladder;

import java.time.Clock;

/**
 * The common services a profile's own beans are made from (intake from S3, late pairing, the MediaConvert engine and
 * the outputs the worker adds to its ladder).
 */
public record Shared(DataFolders folders, AssetStore store, Notifier notifier, Clock clock, LimitSettings limits,
                     MetadataStage metadataStage, Ladder ladder, ContentKeys contentKeys, Outputs outputs) {

    /** What the outputs beside the ladder are made with: ffmpeg, the settings, the shared stages. */
    public record Outputs(FfmpegTools tools, UntrustedInput untrusted, OutputSettings settings, OutputsPlanner planner,
                          QualitySettings quality, QualityStage qualityStage, long timeoutMillis) {
    }
}
