package caravan.imports;

import caravan.CloudClients;
import caravan.store.CaravanTable;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The contract against DynamoDB as the emulator serves it, in Caravan's one table; each handle its own client. */
@Pipeline
class DynamoImportsTest extends ImportsContract {
    private static final Map<Path, String> TABLES = new ConcurrentHashMap<>();

    @Override
    protected Imports open(Path dir) {
        try {
            DynamoDbClient ddb = new CloudClients(MotoServer.shared().endpoint()).dynamoDb();
            String table = TABLES.computeIfAbsent(dir, d -> {
                String name = "imports-" + Integer.toHexString(d.hashCode()) + "-" + System.nanoTime();
                CaravanTable.create(ddb, name);
                return name;
            });
            return new DynamoImports(ddb, table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
