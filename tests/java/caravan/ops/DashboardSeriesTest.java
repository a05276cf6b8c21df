package caravan.ops;

import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.Scrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard against a fresh scrape: Caravan started, nothing uploaded. Every series a panel's query
 * selects, with its label matchers (and each value a {@code =~"a|b"} matcher lists), is already in the scrape, so
 * no panel shows "No data" and no {@code rate()} waits for a first event; and every label value Caravan's own
 * metrics carry is snake_case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class DashboardSeriesTest {
    @TempDir
    static Path dir;
    CaravanApp app;
    Scrape fresh;
    GrafanaDashboard dashboard;

    @BeforeAll
    void startWithNothingUploaded() throws Exception {
        app = CaravanApp.start(dir.resolve("data"), Map.of());
        var response = app.management("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        Files.writeString(Path.of("target", "metrics-fresh-scrape.txt"), response.body());
        fresh = Scrape.parse(response.body());
        dashboard = GrafanaDashboard.read(Path.of("config", "grafana", "caravan.json"));
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everySeriesTheDashboardSelectsIsInAFreshScrape() {
        List<GrafanaDashboard.Selector> selectors = dashboard.selectors();
        assertThat(selectors).hasSizeGreaterThan(20);
        assertThat(dashboard.metricNames()).contains("caravan_assets", "caravan_assets_started_total",
                "caravan_assets_completed_total", "caravan_assets_failed_total", "caravan_redeliveries_total",
                "caravan_webhook_deliveries_total", "caravan_time_to_ready_seconds_bucket", "camel_exchanges_total");
        assertThat(selectors).allSatisfy(selector -> {
            List<Scrape.Sample> matching = fresh.samples(selector.metric()).stream()
                    .filter(s -> selector.matchers().stream().allMatch(m -> m.matches(s.labels().get(m.label()))))
                    .toList();
            assertThat(matching).as("samples of %s in a fresh scrape", selector).isNotEmpty();
            selector.matchers().forEach(m -> m.alternatives().forEach(value ->
                    assertThat(matching).as("%s with %s=\"%s\"", selector.metric(), m.label(), value)
                            .anySatisfy(s -> assertThat(s.labels().get(m.label())).isEqualTo(value))));
        });
    }

    @Test
    void caravansCountersStartAtZeroForEveryLabelValueAPanelGroupsBy() {
        assertThat(fresh.value("caravan_redeliveries_total", "exception", "transcode_failed")).isZero();
        assertThat(fresh.value("caravan_webhook_deliveries_total", "outcome", "given_up")).isZero();
        assertThat(fresh.samples("caravan_assets_failed_total")).extracting(s -> s.labels().get("reason"))
                .contains("unreadable_media", "duration_limit", "internal_error");
        assertThat(fresh.samples("caravan_assets_completed_total")).extracting(s -> s.labels().get("outcome"))
                .containsExactlyInAnyOrder("ready", "duplicate");
        assertThat(fresh.samples("caravan_assets")).extracting(s -> s.labels().get("status"))
                .containsExactlyInAnyOrder("received", "probing", "transcoding", "publishing", "ready", "failed", "duplicate");
        assertThat(fresh.samples("caravan_assets_started_total")).extracting(Scrape.Sample::value).containsOnly(0.0);
        assertThat(fresh.samples("caravan_cost_cpu_seconds_total")).extracting(s -> s.labels().get("stage"))
                .contains("probe", "loudness", "transcode", "captions", "download", "outputs", "quality");
        assertThat(fresh.samples("caravan_cost_cpu_seconds_total")).extracting(s -> s.labels().get("engine"))
                .contains("ffmpeg", "mediaconvert");
        assertThat(fresh.value("caravan_cost_bytes_served_total")).isZero();
        assertThat(fresh.names()).contains("caravan_cost_bytes_written_total", "caravan_cost_mediaconvert_normalized_minutes_total");
    }

    @Test
    void caravansLabelValuesAreSnakeCase() {
        List<Scrape.Sample> own = fresh.samples().stream().filter(s -> s.name().startsWith("caravan_")).toList();
        assertThat(own).isNotEmpty().allSatisfy(s -> s.labels().forEach((label, value) -> {
            if (!label.equals("le")) {
                assertThat(value).as("%s of %s", label, s.name()).matches("[a-z0-9]+(_[a-z0-9]+)*");
            }
        }));
    }
}
