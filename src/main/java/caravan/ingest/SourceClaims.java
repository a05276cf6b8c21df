package caravan.ingest;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.Map;

/**
 * One asset per upload, however many workers see its notification: the first to claim {@code bucket/key#version}
 * (a conditional write in the Caravan table) names the asset; everyone else gets that same asset id back.
 */
public final class SourceClaims {
    private final DynamoDbClient ddb;
    private final String table;

    public SourceClaims(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    /** The asset id for this upload: {@code proposedId} if this call claimed it first, else the earlier claim's. */
    public String claim(String idempotencyKey, String proposedId) {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("SRC#" + idempotencyKey), "sk", AttributeValue.fromS("SRC"));
        try {
            ddb.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(pk)")
                    .item(Map.of("pk", key.get("pk"), "sk", key.get("sk"), "assetId", AttributeValue.fromS(proposedId))));
            return proposedId;
        } catch (ConditionalCheckFailedException taken) {
            return ddb.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item().get("assetId").s();
        }
    }
}
