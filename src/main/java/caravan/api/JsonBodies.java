package caravan.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Locale;

/**
 * The API reads JSON bodies only: a POST with any other declared type (a form, text) is answered 415 before a bean
 * sees it. A form matters beyond the message: the HTTP consumer turns form fields into headers, where they would
 * sit beside (and could shadow) the path's own values such as {@code id}.
 */
public final class JsonBodies implements Processor {
    @Override
    public void process(Exchange exchange) {
        String method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, "", String.class);
        String type = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!method.equals("POST") || type == null || type.isBlank()) {
            return;
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            ApiResponses.error(exchange, 415, "UNSUPPORTED_MEDIA_TYPE", "Send a JSON body (Content-Type: application/json) or none.");
            exchange.setRouteStop(true);
        }
    }
}
