package caravan.failure;

import caravan.asset.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.oas.annotations.media.Schema;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP error as RFC 9457 problem details ({@code application/problem+json}), the one shape of every error Caravan's
 * HTTP port answers (API, media origin, key server, web page): {@code type} names the problem
 * ({@code urn:caravan:problem:not-found}), {@code title} the status's fixed summary, {@code status}, {@code detail} a
 * sentence for this occurrence, {@code instance} the request's path (no query), and the extension member
 * {@code code}, the same name as {@code type} in the form clients switch on ({@code NOT_FOUND}). A detail never
 * carries a server path or a secret: Caravan writes it, it is never copied from a request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details, the body of every error")
public record Problem(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The problem type, urn:caravan:problem:<code in kebab case>")
        String type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A short summary of the problem type (the status's reason phrase)")
        String title,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The HTTP status code")
        int status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What went wrong this time, in a sentence a user can act on")
        String detail,
        @Schema(description = "The request's path (API and web page errors)")
        String instance,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Caravan's error code, e.g. NOT_FOUND, NOT_READY, UNAUTHORIZED")
        String code) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(409, "Conflict"),
            Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(416, "Range Not Satisfiable"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    public static Problem of(int status, String code, String detail, String instance) {
        return new Problem(type(code), TITLES.getOrDefault(status, "Error"), status, detail, instance, code);
    }

    /** The problem type URI of a code: {@code NOT_READY} is {@code urn:caravan:problem:not-ready}. */
    public static String type(String code) {
        return "urn:caravan:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The request's path without its query, as {@code instance}; null when it is not a plain, short path. */
    public static String instanceOf(String uri) {
        if (uri == null) {
            return null;
        }
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        // only what a path may hold, and bounded: the body never mirrors whatever a caller sends
        return path.length() <= 200 && path.matches("/[A-Za-z0-9_.~/-]*") ? path : null;
    }

    public byte[] toBytes() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
