package caravan.ops;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.Scrape;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus scrape on the management port after a real run: one lecture becomes READY (its first ffmpeg run
 * fails once and is redelivered), one text file named .mp4 is rejected. The counters and histograms move by exactly
 * what happened, and the Grafana dashboard only asks for series this scrape has.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class PipelineMetricsTest {
    @TempDir
    static Path dir;
    CaravanApp app;
    WebhookReceiver hooks;
    Scrape before;
    Scrape after;
    Asset ready;
    Asset rejected;

    @BeforeAll
    void runOneGoodAndOneBadUpload() throws Exception {
        hooks = new WebhookReceiver();
        app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.webhook.urls", hooks.url(),
                "caravan.ffmpeg.path", ffmpegFailingFirstRun().toString()));
        before = scrape();
        app.drop(TestClips.variant(TestClips.landscape(4), "metrics"), "lecture.mp4");
        app.drop(TestClips.textAsMp4(), "notes.mp4");
        ready = app.awaitOutcome("lecture.mp4", Duration.ofSeconds(90));
        rejected = app.awaitOutcome("notes.mp4", Duration.ofSeconds(90));
        awaitWebhooks(4);
        after = scrape();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        hooks.close();
    }

    @Test
    void aReadyAssetMovesTheCompletedCounterAndTheTimeToReadyHistogram() {
        assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(delta("caravan_assets_started_total", "engine", "ffmpeg")).isEqualTo(2);
        assertThat(delta("caravan_assets_completed_total", "engine", "ffmpeg", "outcome", "ready")).isEqualTo(1);
        assertThat(delta("caravan_time_to_ready_seconds_count")).isEqualTo(1);
        assertThat(delta("caravan_time_to_ready_seconds_sum")).isCloseTo(ready.getTimeToReadyMs() / 1000.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(after.value("caravan_time_to_ready_seconds_bucket", "le", "3600.0")).isEqualTo(1);
        assertThat(delta("caravan_transcode_realtime_factor_count", "engine", "ffmpeg")).isEqualTo(1);
        assertThat(after.value("caravan_transcode_realtime_factor_sum")).isPositive();
        assertThat(delta("caravan_redeliveries_total", "exception", "transcode_failed")).isEqualTo(1);
        assertThat(after.value("caravan_assets", "status", "ready")).isEqualTo(1);
        assertThat(after.value("caravan_assets", "status", "failed")).isEqualTo(1);
        assertThat(after.value("caravan_inbox_backlog_files")).isZero();
    }

    @Test
    void bytesInAndOutAreTheSourceAndThePublishedFolder() throws Exception {
        long published;
        try (Stream<Path> files = Files.walk(app.data().resolve("media").resolve(ready.getId()))) {
            published = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(delta("caravan_source_bytes_total")).isEqualTo(ready.getSource().size() + rejected.getSource().size());
        assertThat(delta("caravan_published_bytes_total")).isEqualTo(published);
    }

    @Test
    void aRejectedFileCountsAsFailedWithItsReason() {
        assertThat(rejected.getError().code()).isEqualTo("UNREADABLE_MEDIA");
        assertThat(delta("caravan_assets_failed_total", "engine", "ffmpeg", "reason", "unreadable_media")).isEqualTo(1);
        assertThat(delta("caravan_assets_failed_total")).isEqualTo(1);
    }

    @Test
    void webhookDeliveriesAreCountedByOutcome() {
        assertThat(delta("caravan_webhook_deliveries_total", "outcome", "delivered")).isEqualTo(4);
        assertThat(after.value("caravan_webhook_deliveries_total", "outcome", "given_up")).isZero();
    }

    @Test
    void camelRouteAndJvmMetricsAreInTheSameScrape() {
        assertThat(after.value("camel_exchanges_total", "routeId", "pipeline")).isEqualTo(2);
        assertThat(after.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage");
    }

    @Test
    void theGrafanaDashboardOnlyUsesMetricsTheScrapeHas() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.read(Path.of("config", "grafana", "caravan.json"));
        assertThat(dashboard.expressions()).hasSizeGreaterThan(10);
        assertThat(dashboard.metricNames()).allSatisfy(name ->
                assertThat(after.names()).as("series in the scrape").contains(name));
        assertThat(dashboard.metricNames()).contains("caravan_assets", "caravan_assets_completed_total",
                "caravan_assets_failed_total", "caravan_time_to_ready_seconds_bucket", "caravan_transcode_realtime_factor_bucket",
                "caravan_inbox_backlog_files", "caravan_webhook_deliveries_total", "caravan_redeliveries_total");
    }

    private double delta(String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private Scrape scrape() throws Exception {
        var response = app.management("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        Files.writeString(Path.of("target", "metrics-scrape.txt"), response.body());
        return Scrape.parse(response.body());
    }

    private void awaitWebhooks(int n) throws InterruptedException {
        for (int i = 0; i < 300 && hooks.received().stream().filter(r -> r.answeredWith() < 300).count() < n; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(300);
    }

    /** The real ffmpeg behind a wrapper whose first transcode run fails, so the pipeline redelivers it once. */
    private Path ffmpegFailingFirstRun() throws Exception {
        Path counter = dir.resolve("runs");
        Path script = dir.resolve("ffmpeg-once.sh");
        String real = String.join(" ", TestClips.tools().ffmpeg().stream().map(a -> "'" + a + "'").toList());
        Files.writeString(script, """
                #!/bin/sh
                case " $* " in *" -progress "*)
                  echo run >> '%s'
                  if [ "$(wc -l < '%s')" -le 1 ]; then echo "simulated encoder crash" >&2; exit 1; fi;;
                esac
                exec %s "$@"
                """.formatted(counter, counter, real));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
