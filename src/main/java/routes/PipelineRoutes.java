package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The pipeline, one asset at a time per worker: enrich and validate the sidecar metadata, probe and validate the
 * media, transcode the HLS ladder (in one ffmpeg process, or as a MediaConvert job: {@code caravan.transcode.engine}),
 * publish atomically and notify. Failures go to the shared
 * dead-letter handling declared in {@link FailurePolicy}.
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
                .bean("transcodeStage", "finish");

        from(direct("transcode-mediaconvert"))
                .routeId("transcode-mediaconvert")
                .precondition("'{{caravan.transcode.engine}}' == 'mediaconvert'")
                .errorHandler(noErrorHandler())
                .bean("mediaConvertJobs", "transcode");
    }
}
