package caravan.contracts;

import caravan.asset.Asset;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.transcode.ProgressTracker;
import caravan.transcode.SegmentEncryption;
import caravan.transcode.TranscodeEngine;
import caravan.transcode.TranscodeStage;
import org.apache.camel.Exchange;

import java.nio.file.Files;

/** The engine contract against the bundled ffmpeg: one process run by camel-exec between prepare and finish. */
@Pipeline
class FfmpegEngineContractTest extends TranscodeEngineContract {

    @Override
    protected TranscodeEngine newEngine() {
        ProgressTracker progress = new ProgressTracker(store, 200);
        return new TranscodeStage(folders, store, TestClips.tools(), ladder, progress, new SegmentEncryption(folders, contentKeys, ""),
                untrusted, 120_000, 10);
    }

    @Override
    protected void between(Exchange exchange) throws Exception {
        exec(exchange);
    }

    /** The work copy stops being a video after it was probed (a disk fault, a truncated copy): ffmpeg cannot read it. */
    @Override
    protected void jobWillFail(Asset asset) throws Exception {
        Files.write(folders.source(asset.getId()), new byte[4096]);
    }

    @Override
    protected String masterPlaylist(String assetId) throws Exception {
        return Files.readString(folders.transcodeOutput(assetId).resolve("master.m3u8"));
    }
}
