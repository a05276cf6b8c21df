package caravan.ops;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.OtlpReceiver;
import caravan.testing.OtlpReceiver.Span;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With an OTLP endpoint set, Caravan sends its spans there over OTLP/HTTP (here to a tiny collector in the test), and
 * one asset's trip is one connected trace: the inbox route, the seda queue, the pipeline, probe, transcode (and its
 * ffmpeg run), the outputs, and the webhooks that announce it, although those leave through the outbox.
 */
@Pipeline
class TracingTest {
    @TempDir
    Path dir;

    @Test
    void oneAssetsSpansShareOneTraceFromTheInboxToItsWebhooks() throws Exception {
        List<Span> spans;
        Asset ready;
        String hookUrl;
        List<String> traceparents;
        try (OtlpReceiver collector = new OtlpReceiver(); WebhookReceiver hooks = new WebhookReceiver()) {
            hookUrl = hooks.url();
            try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of(
                    "caravan.tracing.otlpEndpoint", collector.endpoint(), "caravan.webhook.urls", hookUrl))) {
                app.drop(TestClips.variant(TestClips.landscape(2), "traced"), "lecture.mp4");
                ready = app.awaitOutcome("lecture.mp4", Duration.ofSeconds(90));
                for (int i = 0; i < 100 && hooks.received().size() < 2; i++) {
                    Thread.sleep(100);
                }
                assertThat(hooks.received()).as("asset.received and asset.ready delivered").hasSize(2);
                traceparents = hooks.received().stream().map(r -> r.header("traceparent")).toList();
                // a webhook's span ends after its answer is read, a moment after the receiver has the request: let
                // both end (and be exported) before Caravan stops, on a busy machine too
                for (int i = 0; i < 150 && collector.spans().stream().filter(s -> s.name().equals("POST")).count() < 2; i++) {
                    Thread.sleep(100);
                }
            } // stopping Caravan sends the spans still buffered
            spans = collector.spans();
        }
        Files.writeString(Path.of("target", "tracing-test-spans.txt"), spans.stream().map(Object::toString).collect(Collectors.joining("\n")));
        assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);

        Set<String> traces = spans.stream().filter(s -> s.attribute("caravan.asset_id").equals(ready.getId()))
                .map(Span::traceId).collect(Collectors.toSet());
        assertThat(traces).as("traces of the asset").hasSize(1);
        String trace = traces.iterator().next();
        List<Span> trip = spans.stream().filter(s -> s.traceId().equals(trace)).toList();

        assertThat(trip).extracting(s -> s.name() + " " + s.attribute("op")).contains(
                "file EVENT_RECEIVED",              // the inbox route (ingest-folder)
                "pipeline EVENT_SENT",              // onto the seda queue ...
                "pipeline EVENT_RECEIVED",          // ... and off it (pipeline-queue, then pipeline)
                "probe EVENT_RECEIVED",
                "transcode-ffmpeg EVENT_RECEIVED",
                "exec EVENT_SENT",                  // ffprobe, ffmpeg
                "outputs EVENT_RECEIVED",
                "webhook-deliver EVENT_RECEIVED",   // notify, from the outbox
                "POST EVENT_SENT");                 // the webhook request itself
        assertThat(trip.stream().filter(s -> s.name().equals("POST")).map(s -> s.attribute("http.status_code")))
                .as("both webhooks in the asset's trace").containsExactly("204", "204");
        // and a receiver that traces can join it: the requests carry the W3C traceparent of the asset's trace
        assertThat(traceparents).allSatisfy(tp -> assertThat(tp).matches("00-" + trace + "-[0-9a-f]{16}-0[01]"));

        // connected: one root (the inbox route), every other span's parent in the same trace
        Set<String> ids = trip.stream().map(Span::spanId).collect(Collectors.toSet());
        assertThat(trip.stream().filter(s -> s.parentSpanId().isEmpty())).extracting(Span::name).containsExactly("file");
        assertThat(trip).filteredOn(s -> !s.parentSpanId().isEmpty())
                .allSatisfy(s -> assertThat(ids).as("parent of %s", s).contains(s.parentSpanId()));

        // what leaves in spans follows the rule for logs: no file name, server path or subscriber URL
        String everything = spans.stream().map(s -> s.name() + s.attributes()).collect(Collectors.joining("\n"));
        assertThat(everything).doesNotContain("lecture.mp4", dir.toString(), hookUrl);
    }

    @Test
    void anEndpointThatIsNotAnHttpAddressStopsTheStartNamingTheSettingAndItsVariable() {
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.tracing.otlpEndpoint", "localhost:4317")).close())
                .hasMessageContaining("caravan.tracing.otlpEndpoint").hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT")
                .hasMessageContaining("http://localhost:4318");
    }
}
