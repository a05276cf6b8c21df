package caravan.imports;

import caravan.asset.Json;
import caravan.store.CaravanTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link Imports} in Caravan's one table ({@link CaravanTable}), shared by every worker, so an import outlives the
 * worker that received it. An import is one partition: {@code IMP#<id>/IMP} its header (in the time index under
 * {@code IMPORTS}, newest first) and {@code IMP#<id>/L#<line>} its lines. A line on its way (QUEUED, FEEDING,
 * IN_PIPELINE) is also in the status index under {@code IMPORT#<state>}, sorted by the import's creation time and the
 * line, and leaves it with its outcome (a sparse index, as the outbox's due deliveries). Every state change is a
 * conditional update, so of several workers claiming a line exactly one gets it.
 * <p>
 * The header is written first (conditionally: one writer per import) and marked complete after the lines; an import
 * whose writer died in between is not found, and posting its manifest again writes the missing lines.
 */
public final class DynamoImports implements Imports {
    private static final String HEADER = "IMP";
    private static final String LIST = "IMPORTS";
    private static final String WAITING = "IMPORT#";

    private final DynamoDbClient ddb;
    private final String table;

    public DynamoImports(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    @Override
    public boolean create(String importId, long now, List<ImportItem> items) {
        Map<String, AttributeValue> header = new HashMap<>();
        header.put("pk", s(partition(importId)));
        header.put("sk", s(HEADER));
        header.put("createdAt", n(now));
        header.put("lines", n(items.size()));
        header.put("complete", AttributeValue.fromBool(false));
        header.put("gsi1pk", s(LIST));
        header.put("gsi1sk", s(String.format("%019d#%s", now, importId)));
        long createdAt = now;
        try {
            ddb.putItem(b -> b.tableName(table).item(header).conditionExpression("attribute_not_exists(pk)"));
            List<WriteRequest> writes = new ArrayList<>();
            for (ImportItem i : items) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(line(i, createdAt, now)).build()).build());
            }
            for (int from = 0; from < writes.size(); from += 25) {
                batch(writes.subList(from, Math.min(writes.size(), from + 25)));
            }
        } catch (ConditionalCheckFailedException exists) {
            Map<String, AttributeValue> found = ddb.getItem(b -> b.tableName(table).key(key(importId, HEADER)).consistentRead(true)).item();
            if (found.get("complete").bool()) {
                return false;
            }
            // its writer died before every line was written: write the missing ones (never over one already there)
            createdAt = Long.parseLong(found.get("createdAt").n());
            for (ImportItem i : items) {
                Map<String, AttributeValue> l = line(i, createdAt, now);
                try {
                    ddb.putItem(b -> b.tableName(table).item(l).conditionExpression("attribute_not_exists(pk)"));
                } catch (ConditionalCheckFailedException written) {
                    // written before the crash: it may be on its way already
                }
            }
        }
        ddb.updateItem(b -> b.tableName(table).key(key(importId, HEADER)).updateExpression("SET complete = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
        return true;
    }

    private void batch(List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); attempt++) {
            if (attempt > 0) {
                pause(Math.min(1000, 50L << Math.min(attempt, 5)));
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse r = ddb.batchWriteItem(b -> b.requestItems(request));
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
    }

    @Override
    public Optional<ImportRecord> find(String importId) {
        Map<String, AttributeValue> h = ddb.getItem(b -> b.tableName(table).key(key(importId, HEADER)).consistentRead(true)).item();
        if (h == null || h.isEmpty() || !h.get("complete").bool()) {
            return Optional.empty();
        }
        return Optional.of(new ImportRecord(importId, Long.parseLong(h.get("createdAt").n()), Integer.parseInt(h.get("lines").n())));
    }

    @Override
    public List<String> newest(int limit) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = ddb.query(b -> b.tableName(table).indexName(CaravanTable.BY_TIME).scanIndexForward(false)
                    .keyConditionExpression("gsi1pk = :l").expressionAttributeValues(Map.of(":l", s(LIST))).exclusiveStartKey(from));
            for (Map<String, AttributeValue> h : r.items()) {
                if (h.get("complete").bool() && ids.size() < limit) {
                    ids.add(h.get("pk").s().substring(4));
                }
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() && ids.size() < limit ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    @Override
    public List<ImportItem> items(String importId) {
        List<ImportItem> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : all(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :p AND begins_with(sk, :l)")
                .expressionAttributeValues(Map.of(":p", s(partition(importId)), ":l", s("L#"))), Integer.MAX_VALUE)) {
            out.add(item(i));
        }
        return out;
    }

    @Override
    public Optional<ImportItem> item(String importId, int line) {
        Map<String, AttributeValue> i = ddb.getItem(b -> b.tableName(table).key(key(importId, lineKey(line))).consistentRead(true)).item();
        return i == null || i.isEmpty() ? Optional.empty() : Optional.of(item(i));
    }

    @Override
    public List<ImportItem> inState(ItemState state, int limit) {
        List<ImportItem> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : waiting(state, limit)) {
            out.add(item(i));
        }
        return out;
    }

    private List<Map<String, AttributeValue>> waiting(ItemState state, int limit) {
        return all(QueryRequest.builder().tableName(table).indexName(CaravanTable.BY_STATUS)
                .keyConditionExpression("gsi2pk = :w").expressionAttributeValues(Map.of(":w", s(WAITING + state.name()))), limit);
    }

    @Override
    public boolean claim(ImportItem item, String assetId, long now) {
        return conditional(item, "SET #state = :feeding, assetId = :id, fedAt = :now, gsi2pk = :w", "#state = :queued",
                Map.of(":feeding", s(ItemState.FEEDING.name()), ":id", s(assetId), ":now", n(now),
                        ":w", s(WAITING + ItemState.FEEDING.name()), ":queued", s(ItemState.QUEUED.name())));
    }

    @Override
    public boolean reclaim(ImportItem item, long now) {
        if (item.fedAt() == null) {
            return false;
        }
        return conditional(item, "SET fedAt = :now", "#state = :feeding AND fedAt = :seen",
                Map.of(":now", n(now), ":feeding", s(ItemState.FEEDING.name()), ":seen", n(item.fedAt())));
    }

    @Override
    public void inPipeline(ImportItem item) {
        conditional(item, "SET #state = :p, gsi2pk = :w", "attribute_exists(pk)",
                Map.of(":p", s(ItemState.IN_PIPELINE.name()), ":w", s(WAITING + ItemState.IN_PIPELINE.name())));
    }

    @Override
    public void finish(ImportItem item, ItemState state, String assetId, String errorCode, String reason, Double mediaSeconds, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>(List.of("#state = :s", "finishedAt = :now"));
        List<String> remove = new ArrayList<>(List.of("gsi2pk", "gsi2sk"));
        values.put(":s", s(state.name()));
        values.put(":now", n(now));
        optional(set, remove, values, "assetId", assetId == null ? null : s(assetId));
        optional(set, remove, values, "errorCode", errorCode == null ? null : s(errorCode));
        optional(set, remove, values, "reason", reason == null ? null : s(reason));
        optional(set, remove, values, "mediaSeconds", mediaSeconds == null ? null : AttributeValue.fromN(Double.toString(mediaSeconds)));
        conditional(item, "SET " + String.join(", ", set) + " REMOVE " + String.join(", ", remove), "attribute_exists(pk)", values);
    }

    private static void optional(List<String> set, List<String> remove, Map<String, AttributeValue> values, String name, AttributeValue v) {
        if (v == null) {
            remove.add(name);
        } else {
            set.add(name + " = :" + name);
            values.put(":" + name, v);
        }
    }

    /**
     * The master key versions wrapping the metadata of lines not fed yet (QUEUED, FEEDING): a fed line's metadata is
     * the asset's sidecar by then, sealed with the asset's own key.
     */
    @Override
    public Map<String, Integer> keysInUse() {
        Map<String, Integer> counts = new TreeMap<>();
        for (ItemState state : List.of(ItemState.QUEUED, ItemState.FEEDING)) {
            for (Map<String, AttributeValue> i : waiting(state, Integer.MAX_VALUE)) {
                AttributeValue metadata = i.get("metadata");
                if (metadata == null) {
                    continue;
                }
                try {
                    counts.merge(Json.MAPPER.readTree(metadata.s()).path("keyId").asText(""), 1, Integer::sum);
                } catch (IOException e) {
                    throw new IllegalStateException("The import lines' keys could not be counted", e);
                }
            }
        }
        return counts;
    }

    private boolean conditional(ImportItem item, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = update.contains("#state") || condition.contains("#state") ? Map.of("#state", "state") : null;
        try {
            ddb.updateItem(b -> b.tableName(table).key(key(item.importId(), lineKey(item.line())))
                    .updateExpression(update).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    private List<Map<String, AttributeValue>> all(QueryRequest.Builder query, int limit) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = ddb.query(query.exclusiveStartKey(start).build());
            out.addAll(r.items());
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() && out.size() < limit ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    private static Map<String, AttributeValue> line(ImportItem i, long createdAt, long now) {
        Map<String, AttributeValue> l = new HashMap<>();
        l.put("pk", s(partition(i.importId())));
        l.put("sk", s(lineKey(i.line())));
        l.put("line", n(i.line()));
        l.put("source", s(i.source()));
        l.put("state", s(i.state().name()));
        put(l, "externalId", i.externalId());
        put(l, "metadata", i.sealedMetadata());
        put(l, "errorCode", i.errorCode());
        put(l, "reason", i.reason());
        if (i.state().isOutcome()) {
            l.put("finishedAt", n(now));
        } else {
            l.put("gsi2pk", s(WAITING + i.state().name()));
            l.put("gsi2sk", s(String.format("%019d#%s#%07d", createdAt, i.importId(), i.line())));
        }
        return l;
    }

    private static ImportItem item(Map<String, AttributeValue> i) {
        return new ImportItem(Long.parseLong(i.get("line").n()), i.get("pk").s().substring(4), Integer.parseInt(i.get("line").n()),
                i.get("source").s(), text(i, "externalId"), text(i, "metadata"), ItemState.valueOf(i.get("state").s()),
                text(i, "assetId"), text(i, "errorCode"), text(i, "reason"),
                i.containsKey("mediaSeconds") ? Double.valueOf(i.get("mediaSeconds").n()) : null,
                i.containsKey("fedAt") ? Long.valueOf(i.get("fedAt").n()) : null,
                i.containsKey("finishedAt") ? Long.valueOf(i.get("finishedAt").n()) : null);
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Map<String, AttributeValue> key(String importId, String sk) {
        return Map.of("pk", s(partition(importId)), "sk", s(sk));
    }

    private static String partition(String importId) {
        return "IMP#" + importId;
    }

    private static String lineKey(int line) {
        return String.format("L#%07d", line);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing an import's lines", e);
        }
    }
}
