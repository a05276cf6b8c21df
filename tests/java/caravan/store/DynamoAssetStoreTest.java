package caravan.store;

import caravan.CloudClients;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** The same contract, against DynamoDB as served by the emulator. */
@Pipeline
class DynamoAssetStoreTest extends AssetStoreContract {
    private static final Map<Path, String> TABLES = new ConcurrentHashMap<>();

    @Override
    protected AssetStore newStore(Path dir) {
        try {
            DynamoDbClient ddb = new CloudClients(MotoServer.shared().endpoint()).dynamoDb();
            String table = TABLES.computeIfAbsent(dir, d -> {
                String name = "assets-" + Integer.toHexString(d.hashCode()) + "-" + System.nanoTime();
                CaravanTable.create(ddb, name);
                return name;
            });
            return new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
