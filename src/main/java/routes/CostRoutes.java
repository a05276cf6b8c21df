package routes;

import caravan.api.ApiResponses;
import caravan.cost.CostReport;
import caravan.failure.Problem;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

import static routes.RestErrors.BEARER;
import static routes.RestErrors.problem;

/**
 * Cost: {@code GET /api/costs}, what the assets that ended in a period cost, with the price table applied (bearer
 * token, as every {@code /api} call); and the timer that adds the bytes the local origin served to the assets' records.
 * What each asset's run costs is recorded as it runs: {@code caravan.cost.ProcessCosts} on every media tool's end,
 * the publisher for the bytes stored.
 */
public class CostRoutes extends EndpointRouteBuilder {
    private static final String JSON = "application/json";

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(ApiResponses::internalError);

        RestDefinition costs = rest("/api/costs").tag("costs").securityDefinitions()
                .bearerToken(BEARER, "CARAVAN_API_TOKEN (or the data folder's api-token file)").end();
        RestDefinition report = costs.get().id("getCosts").routeId("rest-api-costs")
                .description("What the assets that became READY (and, counted apart, FAILED) in a period cost: CPU-seconds "
                        + "by stage, bytes read, written, stored and served, MediaConvert normalized minutes (an estimate), "
                        + "priced with config/prices.json, in all and per hour of content")
                .produces(JSON)
                .param().name("from").type(RestParamType.query).dataType("string").required(false)
                    .description("Start, included: an ISO-8601 instant or date (UTC); default 30 days before 'to'").endParam()
                .param().name("to").type(RestParamType.query).dataType("string").required(false)
                    .description("End, excluded: an ISO-8601 instant, or a date (UTC, the whole day included); default now").endParam()
                .security(BEARER)
                .responseMessage().code(200).message("The period's costs").contentType(JSON).responseModel(CostReport.class).endResponseMessage();
        problem(report, "400 from or to is not an ISO-8601 date or instant, or from is not before to (BAD_REQUEST)");
        problem(report, "401 no valid bearer token (UNAUTHORIZED)");
        problem(report, "500 a bug; logged on the server (INTERNAL_ERROR)");
        report.to("direct:api-costs");

        from(direct("api-costs")).routeId("api-costs")
                .process("apiAuth")
                .process("apiJsonBodies")
                .bean("costApi", "report");

        from(timer("cost-served-flush").period("{{caravan.cost.servedFlushMillis}}").delay("{{caravan.cost.servedFlushMillis}}"))
                .routeId("cost-served-flush")
                .bean("servedBytes", "flush");
    }

    private static void problem(RestDefinition verb, String error) {
        verb.responseMessage().code(error.substring(0, 3)).message(error.substring(4)).contentType(Problem.MEDIA_TYPE)
                .responseModel(Problem.class).endResponseMessage();
    }
}
