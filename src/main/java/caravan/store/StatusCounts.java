package caravan.store;

import caravan.asset.AssetStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How many assets the table holds in each status, kept in one item ({@code COUNTS/STATUS}, one number per status)
 * that every status change adjusts with an atomic {@code ADD} in the same transaction as the asset's write. So the
 * counts are table-wide, exact across any number of workers, and read with one {@code GetItem}, never a scan: every
 * worker reports the same numbers (a dashboard takes their {@code max}, not their sum).
 */
final class StatusCounts {
    static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("COUNTS"), "sk", AttributeValue.fromS("STATUS"));

    private final DynamoDbClient ddb;
    private final String table;

    StatusCounts(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    /** The write that goes with an asset's status change ({@code before} null for a new asset). */
    TransactWriteItem change(AssetStatus before, AssetStatus after) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#to", after.name());
        values.put(":one", AttributeValue.fromN("1"));
        String expression = "ADD #to :one";
        if (before != null) {
            names.put("#from", before.name());
            values.put(":minusOne", AttributeValue.fromN("-1"));
            expression += ", #from :minusOne";
        }
        String update = expression;
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(KEY).updateExpression(update)
                .expressionAttributeNames(names).expressionAttributeValues(values)).build();
    }

    /**
     * The counts, from the item; a table written before the counts existed has none, and gets them once from
     * {@code countAll} (which reads every asset).
     */
    Map<AssetStatus, Long> read(Supplier<Map<AssetStatus, Long>> countAll) {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).key(KEY)).item();
        if (item == null || item.isEmpty()) {
            return seed(countAll.get());
        }
        Map<AssetStatus, Long> counts = new EnumMap<>(AssetStatus.class);
        for (AssetStatus status : AssetStatus.values()) {
            AttributeValue n = item.get(status.name());
            if (n != null && n.n() != null && Long.parseLong(n.n()) != 0) {
                counts.put(status, Long.parseLong(n.n()));
            }
        }
        return counts;
    }

    private Map<AssetStatus, Long> seed(Map<AssetStatus, Long> counted) {
        Map<String, AttributeValue> item = new HashMap<>(KEY);
        counted.forEach((status, n) -> item.put(status.name(), AttributeValue.fromN(Long.toString(n))));
        try {
            ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException alreadyThere) {
            // another worker seeded it, or a status change created it meanwhile: read it next time
        }
        return counted;
    }
}
