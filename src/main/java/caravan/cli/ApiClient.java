package caravan.cli;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the running Caravan's API with the bearer token and turns its answers into JSON, or its problem details
 * (RFC 9457) into the sentence they carry. A refused token or a closed port becomes a sentence naming the
 * environment variable to set.
 */
final class ApiClient {
    private final CliEnvironment env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(CliEnvironment env) {
        this.env = env;
    }

    JsonNode get(String path) throws CliFailure {
        return send(HttpRequest.newBuilder(URI.create(env.apiBase() + path)).GET());
    }

    JsonNode post(String path, String json) throws CliFailure {
        return send(HttpRequest.newBuilder(URI.create(env.apiBase() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** POST of a body that is not JSON (an import manifest), waiting up to {@code timeout} for the answer. */
    JsonNode post(String path, String contentType, byte[] body, Duration timeout) throws CliFailure {
        return send(HttpRequest.newBuilder(URI.create(env.apiBase() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), timeout);
    }

    /** GET of a text (a report), as it is. */
    String text(String path) throws CliFailure {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(env.apiBase() + path))
                    .header("Authorization", "Bearer " + env.token()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new CliFailure("Caravan answered HTTP " + r.statusCode() + " for " + path);
            }
            return r.body();
        } catch (IOException e) {
            throw new CliFailure("Caravan on " + env.apiBase() + " did not answer (" + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("Interrupted.");
        }
    }

    /** GET on the management port (health); null when it does not answer. */
    HttpResponse<String> management(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(env.managementBase() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode send(HttpRequest.Builder request) throws CliFailure {
        return send(request, Duration.ofSeconds(30));
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout) throws CliFailure {
        HttpResponse<String> response;
        try {
            response = http.send(request.header("Authorization", "Bearer " + env.token()).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliFailure("Caravan is not answering on " + env.apiBase() + ": start it (./caravan run), or set "
                    + "CARAVAN_HTTP_PORT to the port it listens on.");
        } catch (IOException e) {
            throw new CliFailure("Caravan on " + env.apiBase() + " did not answer properly (" + e.getClass().getSimpleName()
                    + "); is CARAVAN_HTTP_PORT the port Caravan's API listens on?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("Interrupted.");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() == 401) {
            throw new CliFailure("Caravan refused the API token: set CARAVAN_API_TOKEN to the token Caravan runs with "
                    + "(or unset it to use the api-token file in CARAVAN_DATA, now " + env.data() + ").");
        }
        if (response.statusCode() >= 400) {
            String detail = body == null ? "HTTP " + response.statusCode() : body.path("detail").asText("HTTP " + response.statusCode());
            String code = body == null ? "" : body.path("code").asText("");
            throw new CliFailure(detail + (code.isEmpty() ? "" : " (" + code + ")"));
        }
        if (body == null) {
            throw new CliFailure("Caravan on " + env.apiBase() + " answered something other than JSON; is CARAVAN_HTTP_PORT "
                    + "the port of Caravan's API?");
        }
        return body;
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
