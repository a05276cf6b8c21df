package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Ingest. Locally: a file dropped into the inbox (nested folders too) is taken once its size has been stable for
 * {@code caravan.ingest.stableMillis}, recorded, moved into the pipeline's work area and queued; after a restart,
 * unfinished assets are queued again. On AWS: S3 event notifications are consumed from SQS, one message per poll
 * per consumer, and each upload runs through the pipeline while its message is held (its visibility extended); the
 * message is deleted only once the asset is READY or FAILED, so a worker that dies leaves it to another.
 */
public class IngestRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        from(file("{{caravan.data}}/inbox")
                .recursive(true).noop(true).idempotent(false)
                .readLock("changed").readLockCheckInterval("{{caravan.ingest.stableMillis}}").readLockMinLength(0)
                .readLockTimeout("{{caravan.ingest.readLockTimeoutMillis}}")
                .filter("#inboxFilter").delay("{{caravan.ingest.pollMillis}}").sortBy("file:modified"))
                .routeId("ingest-folder")
                .precondition("{{caravan.ingest.folder.enabled}}")
                .bean("intake", "accept(${header.CamelFileAbsolutePath})")
                .setHeader(Headers.ASSET_ID, body())
                .to(seda("pipeline"));

        from(timer("recovery").repeatCount(1))
                .routeId("recovery")
                .precondition("{{caravan.ingest.folder.enabled}}")
                .bean("recovery", "resume")
                .split(body())
                    .setHeader(Headers.ASSET_ID, body())
                    .to(seda("pipeline"));

        from(aws2Sqs("{{caravan.aws.queue}}")
                .waitTimeSeconds(20).maxMessagesPerPoll(1).concurrentConsumers("{{caravan.workers}}")
                .visibilityTimeout("{{caravan.aws.visibilityTimeoutSeconds}}").extendMessageVisibility(true)
                .autoCreateQueue(false))
                .routeId("ingest-s3-events")
                .precondition("{{caravan.ingest.s3.enabled}}")
                .bean("s3Intake", "accept")
                .split(body())
                    .setHeader(Headers.ASSET_ID, body())
                    .to(direct("pipeline"));
    }
}
