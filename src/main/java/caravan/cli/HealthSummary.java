package caravan.cli;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The management port's {@code /observe/health} in one line: UP, or DOWN with the checks that are down. */
final class HealthSummary {
    private HealthSummary() {
    }

    static String of(HttpResponse<String> health) {
        if (health == null) {
            return "health unknown (the management port does not answer: CARAVAN_MANAGEMENT_PORT)";
        }
        if (health.statusCode() == 401) {
            return "health unknown (the management port wants its account: caravan.management.authenticateAll is on)";
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(health.body());
        } catch (IOException e) {
            return "health unknown (HTTP " + health.statusCode() + " from the management port)";
        }
        String status = body.path("status").asText("UNKNOWN");
        List<String> down = new ArrayList<>();
        body.path("checks").forEach(c -> {
            if (!"UP".equals(c.path("status").asText())) {
                down.add(c.path("name").asText() + " " + c.path("status").asText());
            }
        });
        return (status.equals("UP") ? "healthy" : "NOT healthy") + " (health " + status + ")"
                + (down.isEmpty() ? "" : "; checks not up: " + String.join(", ", down));
    }
}
