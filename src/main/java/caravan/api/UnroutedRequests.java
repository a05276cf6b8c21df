package caravan.api;

import caravan.failure.Problem;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The answers for requests no route takes: a path nothing serves (404), a method the path does not take (405), an
 * Accept or Content-Type the route does not take (406, 415), a body over {@code camel.server.maxBodySize} (413), or
 * a failure before a route ran (500). Vert.x would answer
 * these with its own plain text; here they are problem details like every other error on the port.
 */
final class UnroutedRequests {
    private static final Logger LOG = LoggerFactory.getLogger(UnroutedRequests.class);
    private static final Map<Integer, String[]> ANSWERS = Map.of(
            404, new String[]{"NOT_FOUND", "Nothing is served at this path; GET /api/openapi.json lists the API."},
            405, new String[]{"METHOD_NOT_ALLOWED", "This path does not take that method; GET /api/openapi.json lists the API."},
            406, new String[]{"NOT_ACCEPTABLE", "This path answers application/json (errors application/problem+json); accept that."},
            413, new String[]{"BODY_TOO_LARGE", "The request body is larger than this server accepts."},
            415, new String[]{"UNSUPPORTED_MEDIA_TYPE", "Send a JSON body (Content-Type: application/json) or none."},
            500, new String[]{"INTERNAL_ERROR", "The request failed on our side; it has been logged."});

    private UnroutedRequests() {
    }

    static void answerOn(Router router) {
        ANSWERS.forEach((status, answer) -> router.errorHandler(status, problem(status, answer[0], answer[1])));
    }

    private static Handler<RoutingContext> problem(int status, String code, String detail) {
        return ctx -> {
            if (status == 500 && ctx.failure() != null) {
                LOG.error("HTTP request failed before reaching a route", ctx.failure());
            }
            if (ctx.response().ended() || ctx.response().headWritten()) {
                return;
            }
            String instance = Problem.instanceOf(ctx.request().path());
            ctx.response().setStatusCode(status)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Problem.of(status, code, detail, instance).toString());
        };
    }
}
