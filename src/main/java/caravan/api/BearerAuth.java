package caravan.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets a request through only with {@code Authorization: Bearer <CARAVAN_API_TOKEN>}; otherwise answers 401. */
public final class BearerAuth implements Processor {
    private final byte[] expected;

    public BearerAuth(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void process(Exchange exchange) {
        String given = exchange.getIn().getHeader("Authorization", "", String.class);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            ApiResponses.error(exchange, 401, "UNAUTHORIZED", "A valid bearer token is required.");
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            exchange.setRouteStop(true);
        }
    }
}
