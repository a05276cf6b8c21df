package caravan.notify;

import caravan.asset.Asset;
import caravan.store.AlongsideWrites;
import caravan.store.CaravanTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link Outbox} shared by every worker, on the asset table (see {@link CaravanTable}). Items in the asset's partition:
 * {@code A#<id>/EVT#<type>#<run>} marks an emitted event (its conditional put is the once-per-run rule), and
 * {@code A#<id>/DLV#<eventId>#<url>} is one delivery. A delivery waiting to be sent is also in the status index under
 * {@code OUTBOX}, sorted by when it is due; claiming it is a conditional update of that due time, so two workers never
 * hold the same delivery, and a delivery whose worker died is due again when its lease runs out.
 * An outcome's event goes in the same transaction as the asset change ({@link #alongside}).
 */
public final class DynamoOutbox implements Outbox {
    private static final String DUE = "OUTBOX";

    private final DynamoDbClient ddb;
    private final String table;

    public DynamoOutbox(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    @Override
    public boolean record(Event event, List<String> urls) {
        try {
            ddb.transactWriteItems(b -> b.transactItems(writes(event, urls)));
            return true;
        } catch (TransactionCanceledException alreadyEmitted) {
            return false;
        }
    }

    @Override
    public AlongsideWrites alongside(Function<Asset, Event> event, List<String> urls) {
        return new AlongsideWrites() {
            @Override
            public List<TransactWriteItem> items(Asset changed) {
                return writes(event.apply(changed), urls);
            }

            @Override
            public void afterWrite(Asset changed) {
                record(event.apply(changed), urls);
            }
        };
    }

    /** The event's marker (only if this asset has not emitted this type in this run) and one delivery per URL. */
    private List<TransactWriteItem> writes(Event event, List<String> urls) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> marker = new HashMap<>();
        marker.put("pk", s(partition(event.assetId())));
        marker.put("sk", s("EVT#" + event.type() + "#" + event.run()));
        marker.put("eventId", s(event.id()));
        marker.put("createdAt", n(event.createdAtMillis()));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(marker)
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        for (String url : urls) {
            Map<String, AttributeValue> d = new HashMap<>();
            d.put("pk", s(partition(event.assetId())));
            d.put("sk", s(deliveryKey(event.id(), url)));
            d.put("eventId", s(event.id()));
            d.put("assetId", s(event.assetId()));
            d.put("type", s(event.type()));
            d.put("url", s(url));
            d.put("payload", s(event.payload()));
            d.put("createdAt", n(event.createdAtMillis()));
            d.put("state", s("PENDING"));
            d.put("attempts", n(0));
            d.put("nextAttemptAt", n(event.createdAtMillis()));
            d.put("gsi2pk", s(DUE));
            d.put("gsi2sk", s(dueKey(event.createdAtMillis(), event.id(), url)));
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(d).build()).build());
        }
        return writes;
    }

    @Override
    public List<Delivery> claimDue(long nowMillis, int limit, long leaseMillis) {
        QueryResponse due = ddb.query(b -> b.tableName(table).indexName(CaravanTable.BY_STATUS)
                .keyConditionExpression("gsi2pk = :due AND gsi2sk <= :now")
                .expressionAttributeValues(Map.of(":due", s(DUE), ":now", s(String.format("%019d~", nowMillis))))
                .limit(limit));
        List<Delivery> claimed = new ArrayList<>();
        for (Map<String, AttributeValue> seen : due.items()) {
            long leasedUntil = nowMillis + leaseMillis;
            try {
                Map<String, AttributeValue> before = ddb.updateItem(b -> b.tableName(table).key(key(seen))
                        .updateExpression("SET #state = :sending, nextAttemptAt = :until, gsi2sk = :sk")
                        .conditionExpression("nextAttemptAt = :seen AND gsi2pk = :due")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(Map.of(":sending", s("SENDING"), ":until", n(leasedUntil),
                                ":sk", s(dueKey(leasedUntil, seen.get("eventId").s(), seen.get("url").s())),
                                ":seen", seen.get("nextAttemptAt"), ":due", s(DUE)))
                        .returnValues(ReturnValue.ALL_OLD)).attributes();
                claimed.add(delivery(before));
            } catch (ConditionalCheckFailedException takenOrChanged) {
                // another worker leased it first, or the index was behind the item: not ours this time
            }
        }
        return claimed;
    }

    @Override
    public void delivered(Delivery delivery, long nowMillis) {
        change(delivery, "SET #state = :delivered, attempts = attempts + :one, deliveredAt = :now REMOVE lastError, gsi2pk, gsi2sk",
                Map.of(":delivered", s("DELIVERED"), ":one", n(1), ":now", n(nowMillis)));
    }

    /** Nothing to do: another worker's leases are its own, and this worker's come back when they run out. */
    @Override
    public int releaseInFlight(long nowMillis) {
        return 0;
    }

    @Override
    public void attemptFailed(Delivery delivery, String error, long nextAttemptMillis) {
        if (nextAttemptMillis < 0) {
            change(delivery, "SET #state = :failed, attempts = attempts + :one, lastError = :error, nextAttemptAt = :zero REMOVE gsi2pk, gsi2sk",
                    Map.of(":failed", s("FAILED"), ":one", n(1), ":error", s(error), ":zero", n(0)));
        } else {
            change(delivery, "SET #state = :pending, attempts = attempts + :one, lastError = :error, nextAttemptAt = :next, gsi2pk = :due, gsi2sk = :sk",
                    Map.of(":pending", s("PENDING"), ":one", n(1), ":error", s(error), ":next", n(nextAttemptMillis), ":due", s(DUE),
                            ":sk", s(dueKey(nextAttemptMillis, delivery.eventId(), delivery.url()))));
        }
    }

    @Override
    public List<Delivery> deliveries(String assetId) {
        List<Delivery> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items(assetId)) {
            out.add(delivery(item));
        }
        out.sort(Comparator.comparingLong(Delivery::createdAt).thenComparing(Delivery::url));
        return out;
    }

    @Override
    public int resend(String assetId, long nowMillis) {
        int resent = 0;
        for (Map<String, AttributeValue> item : items(assetId)) {
            if (!"FAILED".equals(item.get("state").s())) {
                continue;
            }
            try {
                ddb.updateItem(b -> b.tableName(table).key(key(item))
                        .updateExpression("SET #state = :pending, attempts = :zero, nextAttemptAt = :now, gsi2pk = :due, gsi2sk = :sk")
                        .conditionExpression("#state = :failed")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(Map.of(":pending", s("PENDING"), ":zero", n(0), ":now", n(nowMillis), ":due", s(DUE),
                                ":sk", s(dueKey(nowMillis, item.get("eventId").s(), item.get("url").s())), ":failed", s("FAILED"))));
                resent++;
            } catch (ConditionalCheckFailedException resentMeanwhile) {
                // another request put it back in line first
            }
        }
        return resent;
    }

    private List<Map<String, AttributeValue>> items(String assetId) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = ddb.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :p AND begins_with(sk, :d)")
                    .expressionAttributeValues(Map.of(":p", s(partition(assetId)), ":d", s("DLV#")))
                    .exclusiveStartKey(from));
            out.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    private void change(Delivery d, String update, Map<String, AttributeValue> values) {
        try {
            ddb.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(partition(d.assetId())), "sk", s(deliveryKey(d.eventId(), d.url()))))
                    .updateExpression(update).conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#state", "state")).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException gone) {
            // the delivery no longer exists: nothing to record
        }
    }

    private static Delivery delivery(Map<String, AttributeValue> item) {
        AttributeValue error = item.get("lastError");
        return new Delivery(item.get("eventId").s(), item.get("assetId").s(), item.get("type").s(), item.get("url").s(),
                item.get("payload").s(), Long.parseLong(item.get("createdAt").n()), item.get("state").s(),
                Integer.parseInt(item.get("attempts").n()), error == null ? null : error.s());
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
    }

    private static String partition(String assetId) {
        return "A#" + assetId;
    }

    private static String deliveryKey(String eventId, String url) {
        return "DLV#" + eventId + "#" + url;
    }

    /** Due time first (fixed width, so the index sorts by it), then the delivery: unique per delivery. */
    private static String dueKey(long dueMillis, String eventId, String url) {
        return String.format("%019d#%s#%s", Math.max(0, dueMillis), eventId, url);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
