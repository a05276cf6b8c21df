package caravan.contracts;

import caravan.CloudClients;
import caravan.chunking.ChunkLedger;
import caravan.chunking.DynamoChunkLedger;
import caravan.store.CaravanTable;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The chunk ledger contract against Caravan's one table in DynamoDB as the emulator serves it; each handle has its own
 * client, as the workers of separate processes would.
 */
@Pipeline
class DynamoChunkLedgerContractTest extends ChunkLedgerContract {
    private static final Map<Path, String> TABLES = new ConcurrentHashMap<>();
    private final List<DynamoDbClient> clients = new CopyOnWriteArrayList<>();

    @Override
    protected ChunkLedger open(Path dir) {
        try {
            DynamoDbClient ddb = new CloudClients(MotoServer.shared().endpoint()).dynamoDb();
            clients.add(ddb);
            String table = TABLES.computeIfAbsent(dir, d -> {
                String name = "chunks-" + Integer.toHexString(d.hashCode()) + "-" + System.nanoTime();
                CaravanTable.create(ddb, name);
                return name;
            });
            return new DynamoChunkLedger(ddb, table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(DynamoDbClient::close);
    }
}
