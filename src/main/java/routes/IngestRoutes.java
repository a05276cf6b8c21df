package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Ingest: a file dropped into the inbox (nested folders too) is taken once its size has been stable for
 * {@code caravan.ingest.stableMillis}, recorded, moved into the pipeline's work area and queued.
 * Files whose names Java cannot open (not valid UTF-8) are renamed so they are taken too.
 * After a restart, unfinished assets are queued again.
 */
public class IngestRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        from(file("{{caravan.data}}/inbox")
                .recursive(true).noop(true).idempotent(false)
                .readLock("changed").readLockCheckInterval("{{caravan.ingest.stableMillis}}").readLockMinLength(0)
                // no NAME.camelLock beside each upload: Caravan is the inbox's only consumer, and the marker's
                // longer name cannot be created next to a 255-byte file name, which then could never be taken
                .readLockMarkerFile(false)
                .readLockTimeout("{{caravan.ingest.readLockTimeoutMillis}}")
                .filter("#inboxFilter").delay("{{caravan.ingest.pollMillis}}").sortBy("file:modified"))
                .routeId("ingest-folder")
                .bean("intake", "accept(${header.CamelFileAbsolutePath})")
                .setHeader(Headers.ASSET_ID, body())
                .to(seda("pipeline"));

        from(timer("inbox-names").period("{{caravan.ingest.pollMillis}}"))
                .routeId("inbox-names")
                .bean("undecodableNames", "repair");

        from(timer("recovery").repeatCount(1))
                .routeId("recovery")
                .bean("recovery", "resume")
                .split(body())
                    .setHeader(Headers.ASSET_ID, body())
                    .to(seda("pipeline"));
    }
}
