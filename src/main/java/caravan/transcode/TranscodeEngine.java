package caravan.transcode;

import org.apache.camel.Exchange;

import java.io.IOException;

/**
 * What makes an asset's HLS ladder from its plan: the bundled ffmpeg ({@link TranscodeStage}, one process run by the
 * route through camel-exec between {@link #prepare} and {@link #finish}) or AWS Elemental MediaConvert
 * ({@link MediaConvertJobs}, a job submitted in {@link #prepare} and awaited in {@link #finish}). The setting
 * {@code caravan.transcode.engine} names the one in use; the pipeline sends each asset to the route
 * {@code direct:transcode-<name>}.
 */
public interface TranscodeEngine {
    /** The bundled ffmpeg: writes the ladder (and the outputs beside it) on the worker's disk. */
    String FFMPEG = "ffmpeg";
    /** AWS Elemental MediaConvert (aws profile): writes the ladder straight to the output bucket. */
    String MEDIACONVERT = "mediaconvert";

    /** The engine's name: the value of {@code caravan.transcode.engine}, the suffix of its route. */
    String name();

    /** Marks the asset (named by the exchange's asset id header) TRANSCODING and starts its ladder. */
    void prepare(Exchange exchange) throws IOException;

    /**
     * Returns once the ladder is made; throws when it is not ({@link caravan.failure.RejectedInput} for a
     * failure the input caused or a time limit, another exception for one worth redelivering).
     */
    void finish(Exchange exchange) throws IOException, InterruptedException;
}
