package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Ingest. Locally: the inbox (nested folders too) is scanned when the file system reports a change in it
 * ({@code #inboxWatch}); a file is taken once it has not been written to for {@code caravan.ingest.stableMillis},
 * recorded, moved into the pipeline's work area and queued; after a restart,
 * unfinished assets are queued again. On AWS: S3 event notifications are consumed from SQS, one message per poll
 * per consumer, and each upload runs through the pipeline while its message is held (its visibility extended); the
 * message is deleted only once the asset is READY or FAILED (or, with MediaConvert, once its job is submitted and on
 * record), so a worker that dies leaves it to another. MediaConvert job state changes (EventBridge) arrive on the same
 * queue and are recorded on their asset; the one that ends a job goes on to publish (or fail) the asset.
 * Inbox files whose names Java cannot open (not valid UTF-8) are renamed so they are taken too.
 */
public class IngestRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        // an upload in progress elsewhere: leave its message on the queue (not deleted) to come back later
        onException(caravan.store.AssetBusy.class).maximumRedeliveries(0).logStackTrace(false).logExhaustedMessageHistory(false)
                .retriesExhaustedLogLevel(org.apache.camel.LoggingLevel.INFO);

        from(file("{{caravan.data}}/inbox")
                .recursive(true).noop(true).idempotent(false)
                .scheduler("#inboxWatch")
                .readLock("changed").readLockMinAge("{{caravan.ingest.stableMillis}}").readLockCheckInterval(100).readLockMinLength(0)
                // no NAME.camelLock beside each upload: Caravan is the inbox's only consumer, and the marker's
                // longer name cannot be created next to a 255-byte file name, which then could never be taken
                .readLockMarkerFile(false)
                .readLockTimeout("{{caravan.ingest.readLockTimeoutMillis}}")
                .filter("#inboxFilter").sortBy("file:modified"))
                .routeId("ingest-folder")
                .precondition("{{caravan.ingest.folder.enabled}}")
                .bean("intake", "accept(${header.CamelFileAbsolutePath})")
                .filter(body().isNotNull()) // null: the file cannot be moved in yet; it stays, tried again with back-off
                    .setHeader(Headers.ASSET_ID, body())
                    .to(seda("pipeline"));

        from(timer("inbox-names").period("{{caravan.ingest.pollMillis}}"))
                .routeId("inbox-names")
                .precondition("{{caravan.ingest.folder.enabled}}")
                .bean("undecodableNames", "repair");

        from(timer("recovery").repeatCount(1))
                .routeId("recovery")
                .precondition("{{caravan.ingest.folder.enabled}}")
                .bean("recovery", "resume")
                .split(body())
                    .setHeader(Headers.ASSET_ID, body())
                    .to(seda("pipeline"));

        from(aws2Sqs(caravan.ingest.QueueName.of(getCamelContext().resolvePropertyPlaceholders("{{caravan.aws.queue}}")))
                .waitTimeSeconds(20).maxMessagesPerPoll(1).concurrentConsumers("{{caravan.workers}}")
                .visibilityTimeout("{{caravan.aws.visibilityTimeoutSeconds}}").extendMessageVisibility(true)
                .autoCreateQueue(false))
                .routeId("ingest-s3-events")
                .precondition("{{caravan.ingest.s3.enabled}}")
                .choice()
                    .when(body().contains("\"aws.mediaconvert\""))
                        .bean("mediaConvertEvents", "record")
                        .filter(body().isNotNull()) // the job this event ended: publish or fail its asset
                            .setHeader(Headers.ASSET_ID, body())
                            .to(direct("mediaconvert-finished"))
                        .endChoice()
                    .when(body().startsWith(caravan.chunking.ChunkWork.PREFIX))
                        .to(direct("chunk"))
                    .otherwise()
                        .bean("s3Intake", "accept")
                        .split(body())
                            .setHeader(Headers.ASSET_ID, body())
                            .to(direct("pipeline"));
    }
}
