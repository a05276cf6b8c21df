package caravan.api;

import caravan.asset.Json;
import caravan.failure.Problem;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON answers of the API; errors as RFC 9457 problem details ({@link Problem}). An answer starts from no headers at
 * all: the request's headers and query parameters are headers of the same message in Camel, and would otherwise be
 * sent back (a query parameter {@code Access-Control-Allow-Origin=...} would become a response header). Read what
 * the request carries before answering.
 */
public final class ApiResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);
    // an unknown or absent field is left out, never sent as null: the OpenAPI document lists such fields as optional
    private static final ObjectMapper ANSWERS = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private ApiResponses() {
    }

    public static void json(Exchange exchange, int status, Object body) {
        exchange.getMessage().removeHeaders("*");
        try {
            exchange.getMessage().setBody(ANSWERS.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /** The answer to a request that failed on a bug: logged with its stack trace, answered with a code only. */
    public static void internalError(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("API request failed on route {}", exchange.getFromRouteId(), cause);
        error(exchange, 500, "INTERNAL_ERROR", "The request failed on our side; it has been logged.");
    }

    /** An error as {@code application/problem+json}, with {@code code} as the extension member clients switch on. */
    public static void error(Exchange exchange, int status, String code, String detail) {
        String instance = Problem.instanceOf(exchange.getIn().getHeader(Exchange.HTTP_URI, String.class));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(Problem.of(status, code, detail, instance).toString());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problem.MEDIA_TYPE);
    }
}
