package caravan.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A tiny OpenTelemetry collector for tests: accepts OTLP/HTTP trace exports ({@code POST /v1/traces}, protobuf, the
 * format Caravan's exporter sends) and keeps the spans, read with a small protobuf reader of the fields a test needs:
 * trace id, span id, parent span id, name and string/number attributes.
 */
public final class OtlpReceiver implements AutoCloseable {
    public record Span(String traceId, String spanId, String parentSpanId, String name, Map<String, String> attributes) {
        public String attribute(String key) {
            return attributes.getOrDefault(key, "");
        }
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream raw = exchange.getRequestBody()) {
                InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(raw) : raw;
                readExport(in.readAllBytes());
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Span> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
    private void readExport(byte[] body) {
        for (Field resourceSpans : Field.read(body)) {
            if (resourceSpans.number == 1) {
                for (Field scopeSpans : Field.read(resourceSpans.bytes)) {
                    if (scopeSpans.number == 2) {
                        for (Field span : Field.read(scopeSpans.bytes)) {
                            if (span.number == 2) {
                                spans.add(readSpan(span.bytes));
                            }
                        }
                    }
                }
            }
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; repeated KeyValue attributes = 9; }
    private static Span readSpan(byte[] bytes) {
        String trace = "", id = "", parent = "", name = "";
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Field f : Field.read(bytes)) {
            switch (f.number) {
                case 1 -> trace = HexFormat.of().formatHex(f.bytes);
                case 2 -> id = HexFormat.of().formatHex(f.bytes);
                case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, java.nio.charset.StandardCharsets.UTF_8);
                case 9 -> readAttribute(f.bytes, attributes);
                default -> {
                }
            }
        }
        return new Span(trace, id, parent, name, attributes);
    }

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; bool = 2; int64 int_value = 3; }
    private static void readAttribute(byte[] bytes, Map<String, String> into) {
        String key = null, value = "";
        for (Field f : Field.read(bytes)) {
            if (f.number == 1) {
                key = new String(f.bytes, java.nio.charset.StandardCharsets.UTF_8);
            } else if (f.number == 2) {
                for (Field v : Field.read(f.bytes)) {
                    value = v.bytes != null ? new String(v.bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(v.varint);
                }
            }
        }
        if (key != null) {
            into.put(key, value);
        }
    }

    /** One protobuf field: its number, and its bytes (length-delimited) or its number value (varint, fixed). */
    private record Field(int number, byte[] bytes, long varint) {
        static List<Field> read(byte[] buf) {
            List<Field> fields = new ArrayList<>();
            int[] pos = {0};
            while (pos[0] < buf.length) {
                long tag = varint(buf, pos);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> fields.add(new Field(number, null, varint(buf, pos)));
                    case 1 -> {
                        fields.add(new Field(number, null, java.nio.ByteBuffer.wrap(buf, pos[0], 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong()));
                        pos[0] += 8;
                    }
                    case 2 -> {
                        int length = (int) varint(buf, pos);
                        byte[] b = java.util.Arrays.copyOfRange(buf, pos[0], pos[0] + length);
                        pos[0] += length;
                        fields.add(new Field(number, b, 0));
                    }
                    case 5 -> {
                        fields.add(new Field(number, null, java.nio.ByteBuffer.wrap(buf, pos[0], 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()));
                        pos[0] += 4;
                    }
                    default -> throw new IllegalArgumentException("Unsupported protobuf wire type in field " + number);
                }
            }
            return fields;
        }

        private static long varint(byte[] buf, int[] pos) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = buf[pos[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }
    }
}
