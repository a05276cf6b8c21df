package caravan.api;

import caravan.asset.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/** JSON answers of the API, errors as {@code {"error": {"code", "message"}}}. */
public final class ApiResponses {
    private ApiResponses() {
    }

    public static void json(Exchange exchange, int status, Object body) {
        try {
            exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    public static void error(Exchange exchange, int status, String code, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        json(exchange, status, body);
    }
}
