package routes;

import caravan.chunking.ChunkedTranscode;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Split-and-stitch (README "Split-and-stitch"): a long video's transcode as work items on the work queue, one per
 * chunk of the video and one for its audio. Any worker takes an item (locally from the pool's queue, on AWS from
 * the SQS queue); the worker whose item completes the run stitches, finishes the outputs and publishes, as after a
 * single pass. An item failing for good fails the asset once (the shared failure policy, and
 * {@code chunkedTranscode.firstFailure} in {@link FailureRoutes}); an item of an older run is dropped.
 */
public class ChunkRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        // the asset's exchange (and its SQS message) is done once its items are queued and the run is on record
        from(direct("chunks-dispatch"))
                .routeId("chunks-dispatch")
                .errorHandler(noErrorHandler())
                .bean("chunkedTranscode", "dispatch")
                .bean("chunkSource", "release(${header." + Headers.ASSET_ID + "})") // on AWS: items read the bucket's copy
                .bean("chunkQueue", "send");

        from(direct("chunk"))
                .routeId("chunk")
                .routeConfigurationId(FailurePolicy.ASSET_FAILURES)
                .bean("chunkedTranscode", "accept")
                .filter(header(ChunkedTranscode.CURRENT))
                    .to(direct("chunk-encode"))
                    .filter(header(ChunkedTranscode.LAST))
                        .bean("chunkedTranscode", "stitch")
                        // on AWS: the source, if a step below reads it and another worker took the upload
                        .bean("chunkSource", "fetchForOutputs(${header." + Headers.ASSET_ID + "})")
                        .bean("loudnessStage", "recordOutput")
                        .bean("latePairing", "pair(${header." + Headers.ASSET_ID + "})")
                        .to(direct("outputs"))
                        .bean("publisher", "publish")
                        .bean("chunkedTranscode", "forget");

        // one machine: the audio item's lane beside the worker pool (LocalChunkQueue)
        from(seda("chunk-audio"))
                .routeId("chunk-audio-lane")
                .to(direct("chunk"));

        // redelivered whole: ffmpeg runs again for the item
        from(direct("chunk-encode"))
                .routeId("chunk-encode")
                .errorHandler(noErrorHandler())
                .bean("chunkedTranscode", "prepare")
                .to(exec("ffmpeg-chunk").commandExecutor("#mediaProcessExecutor"))
                .bean("chunkedTranscode", "finish");
    }
}
