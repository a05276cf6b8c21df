package routes;

import caravan.api.ApiResponses;
import caravan.imports.ImportStatus;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

import static routes.RestErrors.errors;

/**
 * Bulk import of an existing library. {@code POST /api/imports} takes a manifest (CSV or JSON Lines) and records
 * every line (a bad one REJECTED with its code); the backlog lane ({@code import-feeder}) then hands lines to the
 * pipeline only while it has a free worker and no live upload waits (in its queue or in the inbox): live first, the
 * backlog fills the rest. On AWS each line is a message on the backlog queue ({@code import-backlog}), polled by a
 * worker only while it is idle and the live queue is empty. Each line enters like an inbox upload (copied into its work folder, sidecar beside it,
 * recorded, queued), so crash recovery, duplicates, failures and events are the pipeline's own.
 */
public class ImportRoutes extends EndpointRouteBuilder {
    private static final String JSON = "application/json";

    @Override
    public void configure() {
        RestDefinition imports = rest("/api/imports").tag("imports");
        errors(imports.post().id("postImport").routeId("rest-api-post-import")
                .description("Start (or continue: the same manifest is the same import) a bulk import; with dryRun=true, only an estimate")
                .consumes("text/csv,application/x-ndjson").produces(JSON)
                .param().name("dryRun").type(RestParamType.query).dataType("boolean").defaultValue("false").required(false)
                    .description("Probe every source and estimate hours, CPU, MediaConvert cost, storage and time; encode nothing").endParam()
                .param().name("body").type(RestParamType.body).required(true)
                    .description("The manifest: CSV with the header source,external_id,metadata, or JSON Lines with source, externalId, metadata").endParam()
                .responseMessage().code(202).message("Accepted: the import's id and its lines counted (rejected lines with their codes)")
                    .contentType(JSON).responseModel(ImportStatus.class).endResponseMessage()
                .responseMessage().code(200).message("The dry run's estimate").contentType(JSON).endResponseMessage(),
                "400 the manifest has no header or no line (BAD_MANIFEST), or no body (BAD_REQUEST)",
                "413 the manifest is larger than the HTTP port accepts, camel.server.maxBodySize (BODY_TOO_LARGE)",
                "415 not text/csv or application/x-ndjson (UNSUPPORTED_MEDIA_TYPE)",
                "503 on AWS with no backlog queue configured, caravan.aws.backlogQueue (IMPORTS_UNAVAILABLE)")
                .to("direct:api-post-import");
        errors(imports.get().id("listImports").routeId("rest-api-list-imports")
                .description("The newest imports (at most 20), each with its progress").produces(JSON)
                .responseMessage().code(200).message("The imports").contentType(JSON).responseModel(caravan.imports.ImportList.class).endResponseMessage())
                .to("direct:api-list-imports");
        errors(withId(imports.get("/{id}").id("getImport").routeId("rest-api-get-import")
                .description("An import's progress: lines done, failed, skipped, rejected, remaining; hours encoded; ETA").produces(JSON))
                .responseMessage().code(200).message("The import's progress").contentType(JSON).responseModel(ImportStatus.class).endResponseMessage(),
                "404 no import with that id (NOT_FOUND)")
                .to("direct:api-get-import");
        errors(withId(imports.get("/{id}/report.csv").id("getImportReport").routeId("rest-api-import-report")
                .description("Each line's outcome as CSV: READY, FAILED, SKIPPED_ALREADY_IMPORTED, REJECTED (PENDING while on its way), asset id, error code")
                .produces("text/csv"))
                .responseMessage().code(200).message("The report").contentType("text/csv").endResponseMessage(),
                "404 no import with that id (NOT_FOUND)")
                .to("direct:api-import-report");

        authorized("api-post-import", "post");
        authorized("api-list-imports", "list");
        authorized("api-get-import", "get");
        authorized("api-import-report", "report");

        // the backlog lane: import lines go in only where no live upload waits for the worker (on AWS: only settles)
        from(timer("import-feeder").period("{{caravan.imports.feedMillis}}").delay("{{caravan.imports.feedMillis}}"))
                .routeId("import-feeder")
                .bean("importFeeder", "next")
                .split(body())
                    .setHeader(Headers.ASSET_ID, body())
                    .to(seda("pipeline"));

        // on AWS, the backlog queue: one line a message, polled only while this worker is idle and the live queue is
        // empty (#backlogGate); the line runs through the pipeline while its message is held, as an upload does
        String backlog = getCamelContext().resolvePropertyPlaceholders("{{caravan.aws.backlogQueue}}").trim();
        boolean onAws = Boolean.parseBoolean(getCamelContext().resolvePropertyPlaceholders("{{caravan.ingest.s3.enabled}}"));
        from(aws2Sqs(backlog.isEmpty() ? "caravan-backlog" : caravan.ingest.QueueName.of(backlog))
                .delay("{{caravan.imports.feedMillis}}").waitTimeSeconds(1)
                .maxMessagesPerPoll(1).concurrentConsumers("{{caravan.workers}}")
                .visibilityTimeout("{{caravan.aws.visibilityTimeoutSeconds}}").extendMessageVisibility(true)
                .autoCreateQueue(false).advanced().pollStrategy("#backlogGate"))
                .routeId("import-backlog")
                .precondition(String.valueOf(onAws && !backlog.isEmpty()))
                .onException(caravan.store.AssetBusy.class).maximumRedeliveries(0).logStackTrace(false)
                    .logExhaustedMessageHistory(false).retriesExhaustedLogLevel(org.apache.camel.LoggingLevel.INFO).end()
                .bean("backlogIntake", "accept")
                .filter(body().isNotNull()) // null: nothing to run (an outcome, a line another worker took)
                    .setHeader(Headers.ASSET_ID, body())
                    .to(direct("pipeline"));
    }

    private void authorized(String routeId, String method) {
        from(direct(routeId)).routeId(routeId)
                .onException(Exception.class).handled(true).process(ApiResponses::internalError).end()
                .process("apiAuth")
                .bean("importApi", method);
    }

    private static RestDefinition withId(RestDefinition verb) {
        return verb.param().name("id").type(RestParamType.path).dataType("string").required(true)
                .description("The import's id (imp and 20 hexadecimal digits)").endParam();
    }
}
