package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The pipeline, one asset at a time per worker: enrich and validate the sidecar metadata, probe and validate the
 * media, transcode the HLS ladder (in one ffmpeg process, or as a MediaConvert job: {@code caravan.transcode.engine};
 * with ffmpeg, the audio measured first and normalised to the loudness target in the pass, and in per-title mode the
 * picture's complexity measured first to choose this video's ladder),
 * a long video split into chunks any worker encodes ({@link ChunkRoutes}),
 * pair a sidecar (or captions) that arrived after the video, finish the outputs beside it (poster, thumbnails,
 * storyboard, captions, MP4 download, measured quality: for a MediaConvert job, from its frame captures and a quality
 * sample), publish atomically and notify.
 * Either engine ({@link caravan.transcode.TranscodeEngine}) runs as prepare, (exec,) finish; a MediaConvert job holds
 * no worker while it runs: its end (a job event on the queue, or the sweep) runs finish and publishing.
 * Failures go to the shared dead-letter handling declared in {@link FailurePolicy}.
 */
public class PipelineRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        // the worker pool: assets, and the work items of assets encoded in chunks (ChunkRoutes)
        from(seda("pipeline").concurrentConsumers("{{caravan.workers}}"))
                .routeId("pipeline-queue")
                .choice()
                    .when(header(caravan.chunking.LocalChunkQueue.ITEM).isNotNull())
                        .to(direct("chunk"))
                    .otherwise()
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
                .filter(method("loudnessStage", "wanted"))
                    .bean("loudnessStage", "prepare")
                    .to(exec("loudness-analysis").commandExecutor("#mediaProcessExecutor"))
                    .bean("loudnessStage", "record")
                .end()
                .filter(method("complexityStage", "wanted"))
                    .bean("complexityStage", "prepare")
                    .to(exec("complexity-analysis").commandExecutor("#mediaProcessExecutor"))
                    .bean("complexityStage", "record")
                .end()
                .filter(method("chunkedTranscode", "wanted")) // a long video: in chunks, on any worker (ChunkRoutes)
                    .to(direct("chunks-dispatch"))
                    .stop()
                .end()
                .bean("transcodeStage", "prepare")
                .to(exec("ffmpeg").commandExecutor("#mediaProcessExecutor"))
                .bean("transcodeStage", "finish")
                .bean("loudnessStage", "recordOutput")
                .bean("latePairing", "pair(${header." + Headers.ASSET_ID + "})")
                .to(direct("outputs"));

        // what else the ffmpeg engine publishes: most of it was written by the transcode pass itself
        from(direct("outputs"))
                .routeId("outputs")
                .errorHandler(noErrorHandler())
                .bean("posterPicker", "pick")
                .bean("thumbnails", "index")
                .bean("storyboard", "write")
                .to(direct("captions"))
                .filter(method("downloadStage", "wanted"))
                    .bean("downloadStage", "prepare")
                    .to(exec("mp4-remux").commandExecutor("#mediaProcessExecutor"))
                    .bean("downloadStage", "finish")
                .end()
                .bean("qualityStage", "record")
                .bean("iFramePlaylists", "write");

        // the captions, for either engine: the files beside the upload and its text tracks, as a SUBTITLES group
        from(direct("captions"))
                .routeId("captions")
                .errorHandler(noErrorHandler())
                .filter(method("captionStage", "hasEmbedded"))
                    .bean("captionStage", "prepareExtraction")
                    .to(exec("subtitle-extraction").commandExecutor("#mediaProcessExecutor"))
                    .bean("captionStage", "checkExtraction")
                .end()
                .bean("captionStage", "publish");

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
                .to(direct("mediaconvert-outputs"))
                .bean("publisher", "publish");

        // what MediaConvert made the worker's way: the same poster choice, thumbnails and storyboard from the job's frame
        // captures, the captions, the download it encoded, quality sampled against the source; then the master, last
        from(direct("mediaconvert-outputs"))
                .routeId("mediaconvert-outputs")
                .precondition("'{{caravan.transcode.engine}}' == 'mediaconvert'")
                .errorHandler(noErrorHandler())
                .bean("mediaConvertOutputs", "fetch")
                .filter(method("waveform", "wanted"))
                    .bean("waveform", "prepare")
                    .to(exec("waveform").commandExecutor("#mediaProcessExecutor"))
                    .bean("waveform", "finish")
                .end()
                .bean("posterPicker", "pick")
                .bean("thumbnails", "index")
                .bean("storyboard", "write")
                .to(direct("captions"))
                .bean("mediaConvertOutputs", "recordDownload")
                .filter(method("sampledQuality", "wanted"))
                    .bean("sampledQuality", "prepare")
                    .to(exec("quality-sample").commandExecutor("#mediaProcessExecutor"))
                    .bean("sampledQuality", "finish")
                .end()
                .bean("sampledQuality", "record")
                .bean("mediaConvertOutputs", "publish");

        from(timer("mediaconvert-sweep").period("{{caravan.mediaconvert.sweepMillis}}").delay("{{caravan.mediaconvert.sweepMillis}}"))
                .routeId("mediaconvert-sweep")
                .precondition("'{{caravan.transcode.engine}}' == 'mediaconvert'")
                .bean("mediaConvertSweep", "overdueJobs")
                .split(body())
                    .setHeader(Headers.ASSET_ID, body())
                    .to(direct("mediaconvert-finished"));
    }
}
