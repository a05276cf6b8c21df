package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/** The dead-letter route of {@link FailurePolicy}: record the failure, keep the source, notify. */
public class FailureRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        from(direct("asset-failed"))
                .routeId("asset-failed")
                .filter(method("chunkedTranscode", "firstFailure")) // a chunk's asset fails once, however many items fail
                    .bean("chunkSource", "fetchToKeep(${header." + Headers.ASSET_ID + "})") // on AWS: an import's shared copy
                    .bean("failureRecorder", "record")
                    .bean("chunkedTranscode", "afterFailure");
    }
}
