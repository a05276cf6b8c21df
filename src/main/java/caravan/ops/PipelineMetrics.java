package caravan.ops;

import caravan.DataFolders;
import caravan.asset.AssetStatus;
import caravan.failure.ErrorCode;
import caravan.store.AssetStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Caravan's own metrics, in Prometheus naming once scraped. Every series an operator's dashboard or alert needs is
 * registered at start (at zero), for every label value the dashboard uses, so {@code rate()} works and no panel says
 * "No data" before the first event. Label values are snake_case ({@link MetricLabel}). Names and labels are the
 * contract with {@code config/grafana/caravan.json}:
 * <ul>
 *   <li>{@code caravan_assets{status}}: assets in each status in the store, which all workers share: on AWS every
 *       worker reports the same table-wide counts (aggregate with {@code max}, not {@code sum})</li>
 *   <li>{@code caravan_assets_started_total{engine}}, {@code caravan_assets_completed_total{engine,outcome}},
 *       {@code caravan_assets_failed_total{engine,reason}}: assets that began probing, that reached READY or were
 *       linked as duplicates, that ended FAILED (by error code), labelled with the engine that did the work
 *       ({@code ffmpeg} or {@code mediaconvert})</li>
 *   <li>{@code caravan_time_to_ready_seconds}: from detection in the inbox to READY (histogram)</li>
 *   <li>{@code caravan_transcode_realtime_factor}: seconds of media encoded per second of ffmpeg (histogram)</li>
 *   <li>{@code caravan_source_bytes_total}, {@code caravan_published_bytes_total}: bytes in and out</li>
 *   <li>{@code caravan_inbox_backlog_files}: files in the inbox waiting to be taken</li>
 *   <li>{@code caravan_webhook_deliveries_total{outcome}}: delivered, failed_attempt, given_up</li>
 *   <li>{@code caravan_redeliveries_total{exception}}: retries of a failed step, by the exception's class; the
 *       transient failures Caravan expects ({@link #EXPECTED_REDELIVERIES}) exist from the start</li>
 *   <li>{@code caravan_key_requests_rejected_total{reason}}: key requests refused without an audit row
 *       ({@code malformed_id}, {@code unknown_asset}, {@code rate_limited})</li>
 * </ul>
 */
public final class PipelineMetrics {
    static final Duration[] TIME_TO_READY_BUCKETS = {
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8)};
    static final double[] REALTIME_FACTOR_BUCKETS = {0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64};
    /**
     * The transient failures the error handlers redeliver in normal operation, by exception class: an ffmpeg crash,
     * a busy database, a webhook receiver that answered with an error or could not be reached, an AWS call that
     * failed on the client side.
     */
    static final List<String> EXPECTED_REDELIVERIES = List.of("TranscodeFailed", "StoreException",
            "HttpOperationFailedException", "HttpHostConnectException", "IOException", "SdkClientException");

    private final MeterRegistry registry;
    private final String engine;
    private final Counter started;
    private final Counter sourceBytes;
    private final Counter publishedBytes;
    private final Timer timeToReady;
    private final DistributionSummary realtimeFactor;
    // gauges hold their source weakly: keep them here
    private final Supplier<Map<AssetStatus, Long>> statusCounts;
    private final Supplier<Long> inboxBacklog;

    /** @param engine the configured transcode engine, which takes an asset's work unless its record names another */
    public PipelineMetrics(MeterRegistry registry, String engine, AssetStore store, DataFolders folders) {
        this.registry = registry;
        this.engine = engine;
        started = Counter.builder("caravan.assets.started").description("Assets that began probing")
                .tag("engine", MetricLabel.snake(engine)).register(registry);
        completed(engine, "ready");
        completed(engine, "duplicate");
        for (ErrorCode code : ErrorCode.values()) {
            failed(engine, code.name());
        }
        sourceBytes = Counter.builder("caravan.source.bytes").baseUnit(BaseUnits.BYTES)
                .description("Size of the sources taken from the inbox").register(registry);
        publishedBytes = Counter.builder("caravan.published.bytes").baseUnit(BaseUnits.BYTES)
                .description("Size of the published HLS folders").register(registry);
        timeToReady = Timer.builder("caravan.time.to.ready").description("From detection in the inbox to READY")
                .serviceLevelObjectives(TIME_TO_READY_BUCKETS).register(registry);
        realtimeFactor = DistributionSummary.builder("caravan.transcode.realtime.factor")
                .description("Seconds of media transcoded per second of ffmpeg run time")
                .serviceLevelObjectives(REALTIME_FACTOR_BUCKETS).tag("engine", "ffmpeg").register(registry); // timed ffmpeg runs only
        for (String outcome : new String[]{"delivered", "failed_attempt", "given_up"}) {
            webhook(outcome);
        }
        for (String reason : new String[]{"malformed_id", "unknown_asset", "rate_limited"}) {
            keyRequestRejected(reason, 0);
        }
        for (String exception : EXPECTED_REDELIVERIES) {
            redeliveries(exception);
        }

        statusCounts = new Recent<>(store::countByStatus, 1000);
        for (AssetStatus status : AssetStatus.values()) {
            Gauge.builder("caravan.assets", statusCounts, c -> c.get().getOrDefault(status, 0L))
                    .description("Assets in each status").tag("status", MetricLabel.snake(status.name())).register(registry);
        }
        inboxBacklog = new Recent<>(() -> InboxBacklog.count(folders.inbox()), 1000);
        Gauge.builder("caravan.inbox.backlog", inboxBacklog, Supplier::get).baseUnit("files")
                .description("Files in the inbox waiting to be taken").register(registry);
    }

    /** Camel's Prometheus registry (camel-micrometer-prometheus binds it first), or a private one if metrics are off. */
    public static MeterRegistry registryOf(org.apache.camel.CamelContext context) {
        MeterRegistry found = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return found != null ? found : new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    }

    public void jobStarted() {
        started.increment();
    }

    public void assetReceived(long sourceSize) {
        sourceBytes.increment(sourceSize);
    }

    /** The engine the asset's work was done by: the one its record names, else the configured one. */
    public String engineOf(String recorded) {
        return recorded == null || recorded.isBlank() ? engine : recorded;
    }

    public void assetReady(String engine, Duration timeToReady, Path published) {
        completed(engineOf(engine), "ready").increment();
        if (timeToReady != null) {
            this.timeToReady.record(timeToReady);
        }
        publishedBytes.increment(sizeOf(published));
    }

    public void assetDuplicate(String engine) {
        completed(engineOf(engine), "duplicate").increment();
    }

    public void assetFailed(String engine, String reason) {
        failed(engineOf(engine), reason == null ? ErrorCode.INTERNAL_ERROR.name() : reason).increment();
    }

    public void transcoded(double mediaSeconds, Duration took) {
        if (mediaSeconds > 0 && took.toMillis() > 0) {
            realtimeFactor.record(mediaSeconds / (took.toMillis() / 1000.0));
        }
    }

    public void webhookDelivered() {
        webhook("delivered").increment();
    }

    public void webhookAttemptFailed(boolean givenUp) {
        webhook(givenUp ? "given_up" : "failed_attempt").increment();
    }

    /** A key request refused before it reached an asset: malformed-id, unknown-asset or rate-limited (any spelling). */
    public void keyRequestRejected(String reason) {
        keyRequestRejected(reason, 1);
    }

    private void keyRequestRejected(String reason, int count) {
        Counter.builder("caravan.key.requests.rejected").description("Key requests refused without an audit row, by reason")
                .tag("reason", MetricLabel.snake(reason)).register(registry).increment(count);
    }

    public void redelivery(Throwable cause) {
        redeliveries(cause == null ? "unknown" : cause.getClass().getSimpleName()).increment();
    }

    private Counter redeliveries(String exceptionClass) {
        return Counter.builder("caravan.redeliveries").description("Redeliveries of a failed step, by exception class")
                .tag("exception", MetricLabel.snake(exceptionClass)).register(registry);
    }

    private Counter completed(String engine, String outcome) {
        return Counter.builder("caravan.assets.completed").description("Assets that reached READY or were linked as a duplicate")
                .tags("engine", MetricLabel.snake(engine), "outcome", outcome).register(registry);
    }

    private Counter failed(String engine, String reason) {
        return Counter.builder("caravan.assets.failed").description("Assets that ended FAILED, by error code")
                .tags("engine", MetricLabel.snake(engine), "reason", MetricLabel.snake(reason)).register(registry);
    }

    private Counter webhook(String outcome) {
        return Counter.builder("caravan.webhook.deliveries").description("Webhook delivery attempts, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
