package caravan.testing;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP endpoint on loopback that records every webhook request; it can be told to fail the first N. */
public final class WebhookReceiver implements AutoCloseable {
    public record Received(Map<String, List<String>> headers, String body, int answeredWith) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public void failNext(int n) {
        failuresLeft.set(n);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Accepted (2xx) deliveries of this event type for this asset. */
    public List<Received> accepted(String assetId, String type) {
        return received.stream().filter(r -> r.answeredWith() < 300)
                .filter(r -> type.equals(r.json().path("type").asText()))
                .filter(r -> assetId.equals(r.json().path("data").path("id").asText()))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
