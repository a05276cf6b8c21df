package caravan.ops;

import caravan.Settings;

/**
 * Tracing: Camel's OpenTelemetry spans for each asset's trip through the routes, exported over OTLP/HTTP.
 *
 * @param otlpEndpoint the OTLP/HTTP receiver's base URL (e.g. {@code http://localhost:4318}, a collector), or null: no
 *                     tracing at all
 * @param serviceName  the {@code service.name} the spans carry (OTEL_SERVICE_NAME, when set, wins)
 */
public record TracingSettings(String otlpEndpoint, String serviceName) {

    public static TracingSettings from(Settings s) {
        String endpoint = s.optional("caravan.tracing.otlpEndpoint").orElse(null);
        if (endpoint != null && !endpoint.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw Settings.problem("caravan.tracing.otlpEndpoint",
                    "must be the http:// or https:// address of an OTLP/HTTP receiver, e.g. http://localhost:4318 (got '" + endpoint + "')");
        }
        return new TracingSettings(endpoint, s.text("caravan.tracing.serviceName"));
    }

    public boolean enabled() {
        return otlpEndpoint != null;
    }
}
