package caravan.chunking;

import caravan.failure.RejectedInput;
import caravan.failure.TranscodeFailed;

/** ffmpeg failed on one work item: the asset's error names the item (which chunk, which seconds, or the audio). */
public final class ChunkFailed extends TranscodeFailed {
    private final String item;

    public ChunkFailed(String item, int exitValue, String redactedDetail, RejectedInput whenExhausted) {
        super(exitValue, redactedDetail, whenExhausted);
        this.item = item;
    }

    @Override
    public String userMessage() {
        return "Transcoding " + item + " failed: ffmpeg exited with " + exitValue() + ". The source is kept; the asset can be retried.";
    }
}
