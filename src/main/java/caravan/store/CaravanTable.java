package caravan.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.List;

/**
 * Caravan's single DynamoDB table, as the CDK app creates it ({@code infra/}, {@code caravan.infra.Storage}): key {@code pk}/{@code sk}, and
 * four indexes (assets by time, by status, by content hash, by the month and time they ended). Items: {@code A#<id>/A} assets,
 * {@code A#<id>/AUDIT#...} audit entries, {@code SRC#<bucket>/<key>#<etag>/SRC} idempotency records,
 * {@code COUNTS/STATUS} the number of assets in each status ({@link StatusCounts}),
 * {@code CHUNKS#<id>/CHUNKS} an asset's split-and-stitch run: its items still pending, the one that failed, its stitcher ({@code caravan.chunking.DynamoChunkLedger}).
 */
public final class CaravanTable {
    public static final String BY_TIME = "byTime";
    public static final String BY_STATUS = "byStatus";
    public static final String BY_CONTENT = "byContent";
    public static final String BY_END = "byEnd";

    private CaravanTable() {
    }

    /** Creates the table (tests and a first run without CloudFormation); production uses the template. */
    public static void create(DynamoDbClient ddb, String name) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (String a : List.of("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", "gsi4pk", "gsi4sk")) {
            attributes.add(AttributeDefinition.builder().attributeName(a).attributeType(ScalarAttributeType.S).build());
        }
        ddb.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes)
                .keySchema(key("pk", "sk"))
                .globalSecondaryIndexes(index(BY_TIME, "gsi1pk", "gsi1sk"), index(BY_STATUS, "gsi2pk", "gsi2sk"),
                        index(BY_CONTENT, "gsi3pk", "gsi3sk"), index(BY_END, "gsi4pk", "gsi4sk")));
        ddb.waiter().waitUntilTableExists(b -> b.tableName(name));
    }

    private static GlobalSecondaryIndex index(String name, String hash, String range) {
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(key(hash, range))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build();
    }

    private static List<KeySchemaElement> key(String hash, String range) {
        return List.of(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build());
    }
}
