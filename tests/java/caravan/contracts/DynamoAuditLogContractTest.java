package caravan.contracts;

import caravan.audit.AuditLog;
import caravan.audit.AuditLog.AuditEntry;
import caravan.CloudClients;
import caravan.store.CaravanTable;
import caravan.audit.DynamoAuditLog;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit contract against the Caravan table in DynamoDB as the emulator serves it. */
@Pipeline
class DynamoAuditLogContractTest extends AuditLogContract {
    private static final Map<Path, String> TABLES = new ConcurrentHashMap<>();
    private static DynamoDbClient ddb;

    @BeforeAll
    static void startDynamo() throws Exception {
        ddb = new CloudClients(MotoServer.shared().endpoint()).dynamoDb();
    }

    @AfterAll
    static void closeDynamo() {
        ddb.close();
    }

    /** One table per test folder, so opening again on the same folder finds the same entries. */
    @Override
    protected AuditLog open(Path dir) {
        String table = TABLES.computeIfAbsent(dir, d -> {
            String name = "audit-" + Integer.toHexString(d.hashCode()) + "-" + System.nanoTime();
            CaravanTable.create(ddb, name);
            return name;
        });
        return new DynamoAuditLog(ddb, table);
    }

    /** Entries written before the append counter ({@code AUDIT#<millis>#<random UUID>}) still read back, in time order. */
    @Test
    void entriesWrittenWithTheEarlierSortKeyStillReadBackInTimeOrder() {
        String table = TABLES.get(dir);
        for (long at : new long[]{T0, T0 + 7}) {
            ddb.putItem(b -> b.tableName(table).item(Map.of(
                    "pk", AttributeValue.fromS("A#a1"),
                    "sk", AttributeValue.fromS(String.format("AUDIT#%015d#%s", at, UUID.randomUUID())),
                    "actor", AttributeValue.fromS("pipeline"), "action", AttributeValue.fromS("status"),
                    "outcome", AttributeValue.fromS("OLD-" + at), "at", AttributeValue.fromN(Long.toString(at)))));
        }
        AuditEntry later = new AuditEntry(T0 + 10, "a1", "api", "retry", "accepted", null, "run 2");
        AuditEntry between = new AuditEntry(T0 + 3, "a1", "pipeline", "status", "NEW", null, null);
        log.append(later);
        log.append(between);

        assertThat(log.forAsset("a1")).extracting(AuditEntry::outcome)
                .containsExactly("OLD-" + T0, "NEW", "OLD-" + (T0 + 7), "accepted");
    }
}
