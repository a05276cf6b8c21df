package caravan.ops;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;
import java.util.Set;

/**
 * What leaves Caravan in a span is held to the rule for logs: no user's file name, no server path, no subscriber's
 * URL (which may carry its token). Camel's span decorators record all three ({@code file.name}, the inbox folder in
 * a file endpoint's URI, a webhook's {@code http.url}); this exporter drops them before the spans are sent. The span
 * names, the routes' own endpoint URIs (direct, seda, exec), status codes and the asset id stay.
 */
final class SpanRedaction implements SpanExporter {
    private static final Set<String> DROPPED = Set.of("file.name", "http.url", "url.full", "url.query");
    /** Schemes whose URI names something outside Caravan's routes: a folder, a host, a bucket or queue. */
    private static final Set<String> OUTSIDE = Set.of("file", "http", "https", "aws2-sqs", "aws2-sns", "aws2-s3");

    private final SpanExporter exporter;

    SpanRedaction(SpanExporter exporter) {
        this.exporter = exporter;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return exporter.export(spans.stream().<SpanData>map(Redacted::new).toList());
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }

    static Attributes redact(Attributes attributes) {
        String scheme = attributes.get(AttributeKey.stringKey("url.scheme"));
        boolean outside = scheme != null && OUTSIDE.contains(scheme);
        AttributesBuilder kept = Attributes.builder();
        attributes.forEach((key, value) -> {
            boolean drop = DROPPED.contains(key.getKey())
                    || outside && (key.getKey().equals("camel.uri") || key.getKey().equals("url.path"));
            if (!drop) {
                @SuppressWarnings("unchecked")
                AttributeKey<Object> k = (AttributeKey<Object>) key;
                kept.put(k, value);
            }
        });
        return kept.build();
    }

    private static final class Redacted extends DelegatingSpanData {
        private final Attributes attributes;

        Redacted(SpanData span) {
            super(span);
            attributes = redact(span.getAttributes());
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public int getTotalAttributeCount() {
            return attributes.size();
        }
    }
}
