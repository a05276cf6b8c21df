package caravan.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The grant a request carries: the three CloudFront cookies, or the {@code Policy}, {@code Signature} and
 * {@code Key-Pair-Id} query parameters of a signed URL. Also where the request was addressed to (scheme, host).
 */
public record RequestGrant(String policy, String signature, String keyPairId, boolean fromQuery) {

    public static RequestGrant of(Exchange exchange) {
        Message in = exchange.getIn();
        Map<String, String> query = query(in.getHeader(Exchange.HTTP_QUERY, String.class));
        if (query.containsKey("Policy") || query.containsKey("Signature")) {
            return new RequestGrant(query.get("Policy"), query.get("Signature"), query.get("Key-Pair-Id"), true);
        }
        Map<String, String> cookies = cookies(in.getHeader("Cookie", String.class));
        return new RequestGrant(cookies.get(PlaybackSigner.POLICY), cookies.get(PlaybackSigner.SIGNATURE),
                cookies.get(PlaybackSigner.KEY_PAIR_ID), false);
    }

    /** The query string that carries this grant, to pass on to the URIs of a rewritten playlist. */
    public String asQuery() {
        return "Policy=" + policy + "&Signature=" + signature + "&Key-Pair-Id=" + keyPairId;
    }

    /** Scheme and authority the client used ({@code http://host:port}), or the configured delivery domain. */
    public static String base(Exchange exchange, String deliveryDomain) {
        if (deliveryDomain != null && !deliveryDomain.isBlank()) {
            return "https://" + deliveryDomain;
        }
        String proto = exchange.getIn().getHeader("X-Forwarded-Proto", String.class);
        URI url = URI.create(exchange.getIn().getHeader(Exchange.HTTP_URL, "http://localhost/", String.class));
        String scheme = proto != null ? ("https".equalsIgnoreCase(proto) ? "https" : "http") : url.getScheme();
        return scheme + "://" + url.getRawAuthority();
    }

    static Map<String, String> cookies(String header) {
        Map<String, String> out = new HashMap<>();
        if (header == null) {
            return out;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1); // RFC 6265 allows a quoted cookie-value
                }
                out.putIfAbsent(part.substring(0, eq).trim(), value);
            }
        }
        return out;
    }

    static Map<String, String> query(String query) {
        Map<String, String> out = new HashMap<>();
        if (query == null) {
            return out;
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8), part.substring(eq + 1));
            }
        }
        return out;
    }
}
