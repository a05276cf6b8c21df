package caravan.api;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caravan's served OpenAPI document as a checker of real responses: the request's path must match a documented
 * path, the status must be one the operation documents, the Content-Type the one documented for that status, and
 * the body valid against its schema (OpenAPI 3.0 dialect, networknt). Stricter than the document itself: every
 * object schema is closed ({@code additionalProperties: false} where the document lists properties), so a field
 * the API sends but the document does not describe fails too.
 */
final class OpenApiDocument {
    private static final String LOCATION = "https://caravan.invalid/api/openapi.json";
    private final JsonNode doc;
    private final JsonSchemaFactory schemas;

    OpenApiDocument(String text) throws Exception {
        ObjectNode parsed = (ObjectNode) Json.MAPPER.readTree(text);
        closeObjects(parsed.path("components").path("schemas"));
        this.doc = parsed;
        String closed = Json.MAPPER.writeValueAsString(parsed);
        this.schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b
                .metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri())
                .schemaLoaders(l -> l.schemas(Map.of(LOCATION, closed))));
    }

    JsonNode json() {
        return doc;
    }

    /** The documented path template a concrete path matches ({@code /api/assets/abc} is {@code /api/assets/{id}}). */
    String template(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        for (Iterator<String> it = doc.path("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            if (Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+")).matcher(bare).matches()) {
                return template;
            }
        }
        throw new AssertionError(bare + " is not a path in the OpenAPI document");
    }

    /** Checks one real response against the document; returns the parsed body. */
    JsonNode check(String method, String path, HttpResponse<String> response) throws Exception {
        String template = template(path);
        JsonNode operation = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as("%s %s is documented", method, template).isTrue();
        String status = String.valueOf(response.statusCode());
        JsonNode documented = operation.path("responses").path(status);
        assertThat(documented.isObject()).as("%s %s documents status %s (body %s)", method, template, status, response.body()).isTrue();
        String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
        assertThat(documented.path("content").has(type)).as("%s %s %s documents Content-Type %s; documented: %s",
                method, template, status, type, documented.path("content")).isTrue();
        JsonNode body = Json.MAPPER.readTree(response.body());
        String pointer = "#/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status
                + "/content/" + escape(type) + "/schema";
        Set<ValidationMessage> errors = schemas.getSchema(SchemaLocation.of(LOCATION + pointer)).validate(body);
        assertThat(errors).as("%s %s %s: %s", method, path, status, response.body()).isEmpty();
        return body;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static void closeObjects(JsonNode schemas) {
        for (JsonNode schema : schemas) {
            if (schema.has("properties") && !schema.has("additionalProperties")) {
                ((ObjectNode) schema).put("additionalProperties", false);
            }
        }
    }
}
