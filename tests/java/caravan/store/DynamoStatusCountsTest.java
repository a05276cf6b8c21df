package caravan.store;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.SourceFile;
import caravan.ops.PipelineMetrics;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assets-by-status gauge on AWS: a scrape costs one read of one item however many assets the table holds, and
 * the counts stay exact while several workers change statuses at once.
 */
@Pipeline
class DynamoStatusCountsTest {
    @TempDir
    Path dir;

    @Test
    void aScrapeReadsOneItemAndNeverQueriesOrScansTheTable() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        DynamoDbClient ddb = counted(calls);
        String table = "counts-" + System.nanoTime();
        CaravanTable.create(ddb, table);
        DynamoAssetStore store = new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
        for (int i = 0; i < 30; i++) {
            store.create(asset("a" + i));
            AssetStatus end = i % 3 == 0 ? AssetStatus.FAILED : i % 3 == 1 ? AssetStatus.READY : AssetStatus.TRANSCODING;
            store.update("a" + i, a -> a.setStatus(AssetStatus.PROBING));
            store.update("a" + i, a -> a.setStatus(end));
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PipelineMetrics(registry, "mediaconvert", store, DataFolders.create(dir));

        calls.clear();
        String scrape = registry.scrape();

        assertThat(calls).as("DynamoDB calls made by one scrape").containsExactly("GetItem");
        assertThat(scrape).contains("caravan_assets{status=\"ready\"} 10.0", "caravan_assets{status=\"failed\"} 10.0",
                "caravan_assets{status=\"transcoding\"} 10.0", "caravan_assets{status=\"probing\"} 0.0", "caravan_assets{status=\"received\"} 0.0");
    }

    /**
     * Worker B reads an asset, worker A changes it first, B's conditional write fails and B tries again on A's
     * record: A's change and B's retry each count once, B's lost attempt not at all. (Run in turns: moto applies
     * concurrent ADDs to one item without DynamoDB's atomicity, so true parallelism would test the emulator.)
     */
    @Test
    void aStatusChangeThatLostTheRaceToAnotherWorkerIsNotCounted() throws Exception {
        DynamoDbClient ddb = counted(new ArrayList<>());
        String table = "counts-" + System.nanoTime();
        CaravanTable.create(ddb, table);
        DynamoAssetStore workerA = new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
        DynamoAssetStore workerB = new DynamoAssetStore(counted(new ArrayList<>()), table, Clock.systemUTC(), null);
        for (int i = 0; i < 10; i++) {
            String id = "a" + i;
            workerA.create(asset(id));
            AtomicBoolean first = new AtomicBoolean(true);
            workerB.update(id, a -> {
                if (first.getAndSet(false)) {
                    workerA.update(id, x -> x.setStatus(AssetStatus.PROBING)); // A gets there between B's read and write
                }
                a.setStatus(a.getStatus() == AssetStatus.RECEIVED ? AssetStatus.PROBING : AssetStatus.TRANSCODING);
            });
        }

        assertThat(workerA.find("a0").orElseThrow().getStatus()).isEqualTo(AssetStatus.TRANSCODING);
        assertThat(workerA.countByStatus()).isEqualTo(Map.of(AssetStatus.TRANSCODING, 10L));
    }

    @Test
    void aTableFromBeforeTheCountsGetsThemOnce() throws Exception {
        DynamoDbClient ddb = counted(new ArrayList<>());
        String table = "counts-" + System.nanoTime();
        CaravanTable.create(ddb, table);
        DynamoAssetStore store = new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
        store.create(asset("old1"));
        store.create(asset("old2"));
        ddb.deleteItem(b -> b.tableName(table).key(StatusCounts.KEY)); // as an older version left the table

        assertThat(store.countByStatus()).containsEntry(AssetStatus.RECEIVED, 2L);
        store.update("old1", a -> a.setStatus(AssetStatus.PROBING));
        assertThat(store.countByStatus()).containsEntry(AssetStatus.RECEIVED, 1L).containsEntry(AssetStatus.PROBING, 1L);
    }

    private static DynamoDbClient counted(List<String> calls) throws Exception {
        return DynamoDbClient.builder().endpointOverride(URI.create(MotoServer.shared().endpoint()))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                })).build();
    }

    private static Asset asset(String id) {
        Instant now = Instant.now();
        return Asset.received(id, new SourceFile(id + ".mp4", 1, null), now, now);
    }
}
