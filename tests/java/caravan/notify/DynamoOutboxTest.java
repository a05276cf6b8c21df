package caravan.notify;

import caravan.CloudClients;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.store.CaravanTable;
import caravan.store.DynamoAssetStore;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract on DynamoDB as served by the emulator (the outbox every worker shares in the aws profile), and the
 * outcome's transaction: the asset change and its event commit together.
 */
@Pipeline
class DynamoOutboxTest extends OutboxContract {
    private DynamoDbClient ddb;
    private String table;

    @Override
    protected Outbox newOutbox() {
        try {
            ddb = new CloudClients(MotoServer.shared().endpoint()).dynamoDb();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        table = "outbox-" + System.nanoTime();
        CaravanTable.create(ddb, table);
        return new DynamoOutbox(ddb, table);
    }

    @Override
    protected Outbox sameOutboxElsewhere() {
        try {
            return new DynamoOutbox(new CloudClients(MotoServer.shared().endpoint()).dynamoDb(), table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOutcomeAndItsEventCommitTogetherOncePerRun() {
        DynamoAssetStore store = new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
        Asset asset = new Asset();
        asset.setId("asset1");
        asset.setStatus(AssetStatus.PUBLISHING);
        asset.setCreatedAt(Instant.ofEpochMilli(T0));
        store.create(asset);
        int[] recordedAfterwards = {0};
        Notifier notifier = new Notifier(outbox, List.of(HOOK_A, HOOK_B), Clock.systemUTC(), () -> recordedAfterwards[0]++);

        Asset ready = notifier.recordOutcome(store, "asset1", a -> a.setStatus(AssetStatus.READY), Event.READY);

        assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(store.find("asset1").orElseThrow().getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(outbox.deliveries("asset1")).extracting(Outbox.Delivery::url).containsExactly(HOOK_A, HOOK_B);
        assertThat(outbox.deliveries("asset1")).allSatisfy(d -> {
            assertThat(d.type()).isEqualTo(Event.READY);
            assertThat(d.payload()).contains("\"status\":\"READY\"");
        });

        notifier.recordOutcome(store, "asset1", a -> a.setProgress(100), Event.READY);

        assertThat(store.find("asset1").orElseThrow().getProgress())
                .as("a change whose event was already recorded still commits").isEqualTo(100);
        assertThat(outbox.deliveries("asset1")).as("and records no second event").hasSize(2);
    }
}
