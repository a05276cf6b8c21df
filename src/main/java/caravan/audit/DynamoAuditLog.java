package caravan.audit;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link AuditLog} in the Caravan table: items under the asset's partition, only ever added, sorted by
 * {@code AUDIT#<millis>#<sequence>#<writer>}: the time, then this process's append counter (so entries of one
 * millisecond read back in the order they were appended), then an id of this process (so two workers never write the
 * same key). Entries written before the counter ({@code AUDIT#<millis>#<random UUID>}) still read back, by time.
 */
public final class DynamoAuditLog implements AuditLog {
    /** Shared by every log in this process, so a log opened again keeps counting up. */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String WRITER = UUID.randomUUID().toString();

    private final DynamoDbClient ddb;
    private final String table;

    public DynamoAuditLog(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    @Override
    public void append(AuditEntry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("A#" + (e.assetId() == null ? "-" : e.assetId())));
        item.put("sk", AttributeValue.fromS(sortKey(e.atMillis())));
        put(item, "actor", e.actor());
        put(item, "action", e.action());
        put(item, "outcome", e.outcome());
        put(item, "remote", e.remote());
        put(item, "detail", e.detail());
        item.put("at", AttributeValue.fromN(Long.toString(e.atMillis())));
        ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(sk)"));
    }

    @Override
    public List<AuditEntry> forAsset(String assetId) {
        List<AuditEntry> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = ddb.query(b -> b.tableName(table).keyConditionExpression("pk = :p AND begins_with(sk, :a)")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("A#" + assetId), ":a", AttributeValue.fromS("AUDIT#")))
                    .exclusiveStartKey(from).consistentRead(true));
            for (Map<String, AttributeValue> i : r.items()) {
                out.add(new AuditEntry(Long.parseLong(i.get("at").n()), assetId, text(i, "actor"), text(i, "action"),
                        text(i, "outcome"), text(i, "remote"), text(i, "detail")));
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    static String sortKey(long atMillis) {
        return String.format("AUDIT#%015d#%019d#%s", atMillis, SEQUENCE.incrementAndGet(), WRITER);
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
