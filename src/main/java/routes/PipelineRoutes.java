package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The pipeline, one asset at a time per worker: enrich and validate the sidecar metadata, probe and validate the
 * media, transcode the HLS ladder (in one ffmpeg process, or as a MediaConvert job: {@code caravan.transcode.engine}),
 * pair a sidecar (or captions) that arrived after the video, with the ffmpeg engine finish the outputs beside it
 * (poster, thumbnails, storyboard, captions, MP4 download, measured quality), publish atomically and notify.
 * Either engine ({@link caravan.transcode.TranscodeEngine}) runs as prepare, (exec,) finish; a MediaConvert job holds
 * no worker while it runs: its end (a job event on the queue, or the sweep) runs finish and publishing.
 * Failures go to the shared dead-letter handling declared in {@link FailurePolicy}.
 */
public class PipelineRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        from(seda("pipeline").concurrentConsumers("{{caravan.workers}}"))
                .routeId("pipeline-queue")
                .to(direct("pipeline"));

        from(direct("pipeline"))
                .routeId("pipeline")
                .routeConfigurationId(FailurePolicy.ASSET_FAILURES)
                .bean("metadataStage", "apply")
                .to(direct("probe"))
                .choice()
                    .when(header(Headers.DUPLICATE_OF).isNotNull())
                        .bean("publisher", "linkDuplicate")
                    .otherwise()
                        .filter(method("publisher", "needsTranscode"))
                            .to("direct:transcode-{{caravan.transcode.engine}}")
                        .end()
                        .bean("publisher", "publish")
                .end();

        from(direct("probe"))
                .routeId("probe")
                .errorHandler(noErrorHandler())
                .bean("probeStage", "prepare")
                .to(exec("ffprobe").commandExecutor("#mediaProcessExecutor"))
                .bean("probeStage", "record");

        from(direct("transcode-ffmpeg"))
                .routeId("transcode-ffmpeg")
                .errorHandler(noErrorHandler())
                .bean("transcodeStage", "prepare")
                .to(exec("ffmpeg").commandExecutor("#mediaProcessExecutor"))
                .bean("transcodeStage", "finish")
                .bean("latePairing", "pair(${header." + Headers.ASSET_ID + "})")
                .to(direct("outputs"));

        // what else the ffmpeg engine publishes: most of it was written by the transcode pass itself
        from(direct("outputs"))
                .routeId("outputs")
                .errorHandler(noErrorHandler())
                .bean("posterPicker", "pick")
                .bean("thumbnails", "index")
                .bean("storyboard", "write")
                .filter(method("captionStage", "hasEmbedded"))
                    .bean("captionStage", "prepareExtraction")
                    .to(exec("subtitle-extraction").commandExecutor("#mediaProcessExecutor"))
                    .bean("captionStage", "checkExtraction")
                .end()
                .bean("captionStage", "publish")
                .filter(method("downloadStage", "wanted"))
                    .bean("downloadStage", "prepare")
                    .to(exec("mp4-remux").commandExecutor("#mediaProcessExecutor"))
                    .bean("downloadStage", "finish")
                .end()
                .bean("qualityStage", "record");

        // the job runs without a worker: once it is submitted and on record, this exchange (and its SQS message)
        // is done; the job's end, as its event or found by the sweep, goes on at mediaconvert-finished
        from(direct("transcode-mediaconvert"))
                .routeId("transcode-mediaconvert")
                .precondition("'{{caravan.transcode.engine}}' == 'mediaconvert'")
                .errorHandler(noErrorHandler())
                .bean("mediaConvertJobs", "prepare")
                .stop();

        from(direct("mediaconvert-finished"))
                .routeId("mediaconvert-finished")
                .precondition("'{{caravan.transcode.engine}}' == 'mediaconvert'")
                .routeConfigurationId(FailurePolicy.ASSET_FAILURES)
                .bean("mediaConvertJobs", "finish")
                .bean("latePairing", "pair(${header." + Headers.ASSET_ID + "})")
                .bean("publisher", "publish");

        from(timer("mediaconvert-sweep").period("{{caravan.mediaconvert.sweepMillis}}").delay("{{caravan.mediaconvert.sweepMillis}}"))
                .routeId("mediaconvert-sweep")
                .precondition("'{{caravan.transcode.engine}}' == 'mediaconvert'")
                .bean("mediaConvertSweep", "overdueJobs")
                .split(body())
                    .setHeader(Headers.ASSET_ID, body())
                    .to(direct("mediaconvert-finished"));
    }
}
