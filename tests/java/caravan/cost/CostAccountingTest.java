package caravan.cost;

import caravan.asset.Asset;
import caravan.asset.AssetCost;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.Scrape;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Cost accounting end to end: two short clips become READY and a text file named .mp4 FAILS. Every asset's cost is
 * filled in and plausible (CPU measured from its processes, no more than they could use; the published folder's
 * size; the bytes a viewer fetched through the origin), comes in the ready event, and {@code GET /api/costs} sums
 * exactly the assets' figures, priced with the price table, as the Prometheus counters do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class CostAccountingTest {
    @TempDir
    static Path dir;
    CaravanApp app;
    WebhookReceiver hooks;
    Instant started;
    Scrape before;
    Scrape after;
    List<Asset> ready;
    Asset failed;
    AssetCost failedFirstRun;
    long servedToViewer;
    long servedBeforeViewing;

    @BeforeAll
    void runTwoClipsAndABadFileThenWatchOne() throws Exception {
        hooks = new WebhookReceiver();
        Path ladder = dir.resolve("ladder.json");
        Files.writeString(ladder, "{\"rungs\": [{\"name\": \"small\", \"height\": 120, \"videoKbps\": 200}]}");
        app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.webhook.urls", hooks.url(),
                "caravan.ladder.file", ladder.toString(), "caravan.cost.servedFlushMillis", "200"));
        started = Instant.now();
        before = scrape();
        app.drop(TestClips.variant(TestClips.landscape(2), "cost-a"), "cost a.mp4");
        app.drop(TestClips.variant(TestClips.landscape(3), "cost-b"), "cost b.mp4");
        app.drop(TestClips.textAsMp4(), "cost notes.mp4");
        Asset a = app.awaitOutcome("cost a.mp4", Duration.ofSeconds(120));
        Asset b = app.awaitOutcome("cost b.mp4", Duration.ofSeconds(120));
        failed = app.awaitOutcome("cost notes.mp4", Duration.ofSeconds(60));
        assertThat(List.of(a.getStatus(), b.getStatus(), failed.getStatus()))
                .containsExactly(AssetStatus.READY, AssetStatus.READY, AssetStatus.FAILED);
        // the bad file is retried and fails again: its second run adds to its cost
        failedFirstRun = failed.getCost();
        HttpResponse<String> retry = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(app.baseUrl() + "/api/assets/" + failed.getId() + "/retry"))
                .header("Authorization", "Bearer " + app.token()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        failed = app.await("cost notes.mp4", x -> x.getRun() == 2 && x.getStatus() == AssetStatus.FAILED, Duration.ofSeconds(60));

        // a viewer plays the first clip: master, media playlist and first segment through the origin
        servedBeforeViewing = AssetCost.of(a.getCost()).bytesServed();
        assertThat(app.grant(a.getId(), "{}").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> master = viewed("/media/" + a.getId() + "/master.m3u8");
        String variant = firstUri(new String(master.body()));
        HttpResponse<byte[]> media = viewed("/media/" + a.getId() + "/" + variant);
        String segment = firstUri(new String(media.body()));
        HttpResponse<byte[]> bytes = viewed("/media/" + a.getId() + "/" + variant.substring(0, variant.lastIndexOf('/') + 1) + segment);
        servedToViewer = master.body().length + media.body().length + bytes.body().length;
        assertThat(bytes.body().length).as("a segment").isGreaterThan(1000);
        awaitServedRecorded(a.getId(), servedBeforeViewing + servedToViewer);

        ready = List.of(app.store().find(a.getId()).orElseThrow(), app.store().find(b.getId()).orElseThrow());
        failed = app.store().find(failed.getId()).orElseThrow();
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
    void everyReadyAssetsCostIsFilledAndPlausible() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        for (Asset asset : ready) {
            AssetCost cost = asset.getCost();
            assertThat(cost).as("cost of %s", asset.getId()).isNotNull();
            assertThat(cost.cpuSecondsByStage()).containsKeys("probe", "transcode");
            assertThat(cost.cpuSeconds()).isPositive();
            assertThat(cost.cpuSeconds()).as("the stages' CPU-seconds add up")
                    .isCloseTo(cost.cpuSecondsByStage().values().stream().mapToDouble(Double::doubleValue).sum(), within(0.01));
            double wall = cost.wallSecondsByStage().values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(cost.wallSecondsByStage().get("transcode")).isPositive();
            assertThat(cost.cpuSeconds()).as("no more CPU than %d cores over the processes' run time", cores)
                    .isLessThanOrEqualTo(wall * cores + 0.1);
            assertThat(cost.bytesRead()).as("the transcode read the whole source").isGreaterThanOrEqualTo(asset.getSource().size());
            assertThat(cost.bytesWritten()).isPositive();
            assertThat(cost.bytesStored().media()).as("the published folder").isEqualTo(sizeOf(app.data().resolve("media").resolve(asset.getId())));
            assertThat(cost.bytesStored().archive()).as("the kept source").isGreaterThanOrEqualTo(asset.getSource().size());
            assertThat(cost.mediaConvertNormalizedMinutes()).as("no MediaConvert job").isNull();

            JsonNode event = hooks.accepted(asset.getId(), "asset.ready").get(0).json();
            assertThat(event.at("/data/cost/cpuSeconds").asDouble()).isPositive();
            assertThat(event.at("/data/cost/bytesStored/media").asLong()).isEqualTo(cost.bytesStored().media());
        }
        AssetCost failedCost = failed.getCost();
        assertThat(failedCost.wallSecondsByStage()).as("the probe ran on the bad file before it failed").containsKey("probe");
        assertThat(failedCost.cpuSecondsByStage()).doesNotContainKey("transcode");
    }

    @Test
    void aRetryAddsItsRunToTheCost() {
        assertThat(failedFirstRun.wallSecondsByStage()).containsKey("probe");
        assertThat(failed.getCost().wallSecondsByStage().get("probe")).as("two probe runs")
                .isGreaterThan(failedFirstRun.wallSecondsByStage().get("probe"));
        assertThat(failed.getCost().bytesRead()).as("the file was read twice").isEqualTo(2 * failedFirstRun.bytesRead());
        assertThat(failedFirstRun.bytesRead()).isEqualTo(failed.getSource().size());
    }

    @Test
    void bytesServedGrowByWhatTheViewerFetched() {
        assertThat(ready.get(0).getCost().bytesServed()).isEqualTo(servedBeforeViewing + servedToViewer);
        assertThat(delta("caravan_cost_bytes_served_total")).isEqualTo((double) ready.get(0).getCost().bytesServed() + ready.get(1).getCost().bytesServed());
    }

    @Test
    void theCostsOfThePeriodAreTheAssetsFiguresSummedAndPriced() throws Exception {
        JsonNode report = api("/api/costs?from=" + started.minusSeconds(60) + "&to=" + Instant.now().plusSeconds(60));
        assertThat(report.at("/ready/assets").asInt()).isEqualTo(2);
        assertThat(report.at("/failed/assets").asInt()).isEqualTo(1);
        assertThat(report.at("/all/assets").asInt()).isEqualTo(3);
        List<Asset> all = Stream.concat(ready.stream(), Stream.of(failed)).toList();

        assertThat(report.at("/all/cpuSeconds").asDouble()).isCloseTo(sum(all, AssetCost::cpuSeconds), within(1e-9));
        assertThat(report.at("/ready/cpuSeconds").asDouble()).isCloseTo(sum(ready, AssetCost::cpuSeconds), within(1e-9));
        assertThat(report.at("/failed/cpuSeconds").asDouble()).isCloseTo(failed.getCost().cpuSeconds(), within(1e-9));
        Map<String, Double> byStage = new TreeMap<>();
        all.forEach(a -> a.getCost().cpuSecondsByStage().forEach((s, v) -> byStage.merge(s, v, Double::sum)));
        assertThat(byStage).containsKeys("probe", "transcode");
        byStage.forEach((stage, seconds) ->
                assertThat(report.at("/all/cpuSecondsByStage/" + stage).asDouble()).as(stage).isCloseTo(seconds, within(1e-9)));
        assertThat(report.at("/all/bytesRead").asLong()).isEqualTo((long) sum(all, c -> c.bytesRead()));
        assertThat(report.at("/all/bytesWritten").asLong()).isEqualTo((long) sum(all, c -> c.bytesWritten()));
        assertThat(report.at("/all/bytesStoredMedia").asLong()).isEqualTo((long) sum(all, c -> c.bytesStored().media()));
        assertThat(report.at("/all/bytesServed").asLong()).isEqualTo((long) sum(all, c -> c.bytesServed()));

        PriceTable prices = PriceTable.load(Path.of("config", "prices.json"));
        double cpu = report.at("/all/cpuSeconds").asDouble() / 3600 * prices.cpuHour();
        double delivery = report.at("/all/bytesServed").asLong() / 1e9 * prices.deliveryGb();
        double storage = (report.at("/all/bytesStoredMedia").asLong() + report.at("/all/bytesStoredArchive").asLong()) / 1e9 * prices.storageGbMonth();
        assertThat(report.path("currency").asText()).isEqualTo(prices.currency());
        assertThat(report.at("/price/cpu").asDouble()).isCloseTo(cpu, within(1e-12));
        assertThat(report.at("/price/cpuByStage/transcode").asDouble())
                .isCloseTo(byStage.get("transcode") / 3600 * prices.cpuHour(), within(1e-12));
        assertThat(report.at("/price/delivery").asDouble()).isCloseTo(delivery, within(1e-12));
        assertThat(report.at("/price/storagePerMonth").asDouble()).isCloseTo(storage, within(1e-12));
        assertThat(report.at("/price/total").asDouble()).isCloseTo(cpu + delivery + storage, within(1e-12));
        double hours = ready.stream().mapToDouble(a -> a.getProbe().durationSeconds()).sum() / 3600;
        assertThat(report.path("contentHours").asDouble()).isCloseTo(hours, within(1e-9));
        assertThat(report.path("pricePerContentHour").asDouble()).isCloseTo((cpu + delivery + storage) / hours, within(1e-9));

        assertThat(api("/api/costs?from=2000-01-01&to=2000-01-31").at("/all/assets").asInt()).as("another period").isZero();
        HttpResponse<String> bad = app.get("/api/costs?from=last+week", app.token());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).path("code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(app.get("/api/costs", null).statusCode()).as("bearer token").isEqualTo(401);
    }

    @Test
    void thePrometheusCountersMovedByTheSameAmounts() {
        List<Asset> all = Stream.concat(ready.stream(), Stream.of(failed)).toList();
        Map<String, Double> byStage = new TreeMap<>();
        all.forEach(a -> a.getCost().cpuSecondsByStage().forEach((s, v) -> byStage.merge(s, v, Double::sum)));
        byStage.forEach((stage, seconds) -> assertThat(delta("caravan_cost_cpu_seconds_total", "stage", stage, "engine", "ffmpeg"))
                .as(stage).isCloseTo(seconds, within(0.01))); // the records keep milliseconds
        double written = after.samples("caravan_cost_bytes_written_total").stream().mapToDouble(Scrape.Sample::value).sum()
                - before.samples("caravan_cost_bytes_written_total").stream().mapToDouble(Scrape.Sample::value).sum();
        assertThat(written).isEqualTo(sum(all, c -> c.bytesWritten()));
        assertThat(delta("caravan_cost_mediaconvert_normalized_minutes_total")).isZero();
    }

    private interface Figure {
        double of(AssetCost cost);
    }

    private static double sum(List<Asset> assets, Figure figure) {
        return assets.stream().mapToDouble(a -> figure.of(AssetCost.of(a.getCost()))).sum();
    }

    private HttpResponse<byte[]> viewed(String path) throws Exception {
        HttpResponse<byte[]> r = app.viewerGet(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }

    private static String firstUri(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
    }

    private void awaitServedRecorded(String id, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline
                && AssetCost.of(app.store().find(id).orElseThrow().getCost()).bytesServed() < expected) {
            Thread.sleep(50);
        }
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> r = app.get(path, app.token());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private double delta(String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> response = app.management("/observe/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    private static long sizeOf(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
