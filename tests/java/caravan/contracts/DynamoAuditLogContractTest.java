package caravan.contracts;

import caravan.audit.AuditLog;
import caravan.CloudClients;
import caravan.store.CaravanTable;
import caravan.audit.DynamoAuditLog;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    // Where DynamoDB does not honour the contract (a finding of issue 12, for the lead to decide): the test is kept
    // in AuditLogContract and switched off here only, with what fails.

    @Override
    @Test
    @Disabled("FINDING: DynamoAuditLog sorts by sk = AUDIT#<atMillis>#<random UUID>, so entries of one asset in the same"
            + " millisecond (status changes often are) read back in random order; SqliteAuditLog keeps append order (seq)")
    void entriesAppendedInTheSameMillisecondReadBackInTheOrderTheyWereAppended() {
    }
}
