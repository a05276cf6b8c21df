package caravan.store;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.audit.AuditLog;
import caravan.database.StoreException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link AssetStore} on one DynamoDB table (see {@link CaravanTable}). Each asset is an item holding the JSON document
 * and a version; every write is conditional on the version read, so two workers never lose each other's update.
 * Status changes are also written to the audit log.
 */
public final class DynamoAssetStore implements AssetStore {
    private static final int MAX_CONFLICTS = 50;

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;
    private final AuditLog audit;
    private final StatusCounts counts;
    /** Writers in this process take turns per asset; the conditional write guards against other processes. */
    private final Object[] stripes = new Object[64];

    public DynamoAssetStore(DynamoDbClient ddb, String table, Clock clock, AuditLog audit) {
        this.ddb = ddb;
        this.table = table;
        this.clock = clock;
        this.audit = audit;
        this.counts = new StatusCounts(ddb, table);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public void create(Asset asset) {
        try {
            write(Put.builder().tableName(table).item(item(asset, 1)).conditionExpression("attribute_not_exists(pk)").build(),
                    null, asset.getStatus(), List.of());
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("Asset " + asset.getId() + " already exists");
        }
        rememberExternalId(asset, null);
    }

    /**
     * An item {@code X#<external id>/X} naming the first asset given that id: {@link #findByExternalId} reads it in one
     * get, without an index (a later asset with the same id does not replace it).
     */
    private void rememberExternalId(Asset asset, String before) {
        String externalId = asset.getExternalId();
        if (externalId == null || externalId.equals(before)) {
            return;
        }
        try {
            ddb.putItem(PutItemRequest.builder().tableName(table)
                    .item(Map.of("pk", s("X#" + externalId), "sk", s("X"), "assetId", s(asset.getId())))
                    .conditionExpression("attribute_not_exists(pk)").build());
        } catch (ConditionalCheckFailedException alreadyNamed) {
            // an earlier asset has this external id: it stays the one found
        }
    }

    @Override
    public Optional<Asset> findByExternalId(String externalId) {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("X#" + externalId), "sk", s("X")))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return find(item.get("assetId").s());
    }

    /**
     * The asset's write, with a status change the count's adjustment, and the items written alongside (an outcome's
     * event), in one transaction: all or none. A lost race on the asset's version is a {@link ConditionalCheckFailedException};
     * a transaction refused for another item is left to the caller (its reasons list the asset's put first, the count's
     * adjustment, which has no condition, next).
     */
    private void write(Put put, AssetStatus before, AssetStatus after, List<TransactWriteItem> alongside) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(put).build());
        if (before != after) {
            items.add(counts.change(before, after));
        }
        items.addAll(alongside);
        if (items.size() == 1) {
            ddb.putItem(PutItemRequest.builder().tableName(put.tableName()).item(put.item()).conditionExpression(put.conditionExpression())
                    .expressionAttributeValues(put.expressionAttributeValues().isEmpty() ? null : put.expressionAttributeValues()).build());
            return;
        }
        try {
            ddb.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                throw ConditionalCheckFailedException.builder().message("Asset changed meanwhile").build();
            }
            throw e;
        }
    }

    /** Assets by status from the counts item: one read, whatever the table's size. */
    @Override
    public Map<AssetStatus, Long> countByStatus() {
        return counts.read(AssetStore.super::countByStatus);
    }

    @Override
    public Optional<Asset> find(String id) {
        return versioned(id).map(Versioned::asset);
    }

    @Override
    public Asset update(String id, Consumer<Asset> change) {
        return update(id, change, null);
    }

    /** The asset's put and the items {@code alongside} adds commit in one transaction, or none of them does. */
    @Override
    public Asset update(String id, Consumer<Asset> change, AlongsideWrites alongside) {
        synchronized (stripes[Math.floorMod(id.hashCode(), stripes.length)]) {
            return conditionalUpdate(id, change, alongside);
        }
    }

    private Asset conditionalUpdate(String id, Consumer<Asset> change, AlongsideWrites alongside) {
        boolean together = alongside != null;
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            Versioned current = versioned(id).orElseThrow(() -> new IllegalArgumentException("No asset " + id));
            Asset asset = current.asset();
            AssetStatus before = asset.getStatus();
            String externalIdBefore = asset.getExternalId();
            change.accept(asset);
            asset.setUpdatedAt(clock.instant());
            List<TransactWriteItem> extra = together ? alongside.items(asset) : List.of();
            Put put = Put.builder().tableName(table).item(item(asset, current.version() + 1))
                    .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(current.version()))).build();
            try {
                write(put, before, asset.getStatus(), extra);
            } catch (ConditionalCheckFailedException conflict) {
                continue;
            } catch (TransactionCanceledException cancelled) {
                // an item alongside already exists (its event was recorded before): the change goes on its own
                together = together && !alongsideExists(cancelled);
                continue;
            }
            rememberExternalId(asset, externalIdBefore);
            if (audit != null && before != asset.getStatus()) {
                audit.append(new AuditLog.AuditEntry(clock.millis(), id, "pipeline", "status", asset.getStatus().name(),
                        null, before + " -> " + asset.getStatus()));
            }
            if (alongside != null && extra.isEmpty()) {
                alongside.afterWrite(asset);
            }
            return asset;
        }
        throw new StoreException(new IllegalStateException("Asset " + id + " kept changing under " + MAX_CONFLICTS + " attempts"));
    }

    /**
     * True when the transaction failed on one of the items alongside, not on the asset's version (or when the service
     * does not say which: then the change goes alone and {@link AlongsideWrites#afterWrite} records what follows).
     */
    private static boolean alongsideExists(TransactionCanceledException cancelled) {
        List<CancellationReason> reasons = cancelled.hasCancellationReasons() ? cancelled.cancellationReasons() : List.of();
        if (reasons.isEmpty()) {
            return true;
        }
        for (int i = 1; i < reasons.size(); i++) {
            if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Statuses are answered by the status index (one query per status, merged in time order), everything else by
     * the time index; the text is matched on the records read, page by page, until the page is full, so a rare
     * text reads more of the index than a common one.
     */
    @Override
    public List<Asset> query(AssetQuery q) {
        String afterKey = null;
        if (q.after() != null) {
            Optional<Asset> last = find(q.after());
            if (last.isEmpty()) {
                return List.of();
            }
            afterKey = timeKey(last.get());
        }
        boolean newest = q.order() == AssetQuery.Order.NEWEST;
        List<Asset> found = new ArrayList<>();
        if (q.statuses().isEmpty()) {
            found.addAll(matching(CaravanTable.BY_TIME, "gsi1pk", "ASSETS", "gsi1sk", afterKey, q));
        } else {
            for (AssetStatus status : q.statuses()) {
                found.addAll(matching(CaravanTable.BY_STATUS, "gsi2pk", "S#" + status.name(), "gsi2sk", afterKey, q));
            }
        }
        Comparator<Asset> order = Comparator.comparing(DynamoAssetStore::timeKey);
        found.sort(newest ? order.reversed() : order);
        return found.size() > q.limit() ? List.copyOf(found.subList(0, q.limit())) : found;
    }

    /** Up to a page of the query's matches in one partition of an index, after the given time key. */
    private List<Asset> matching(String index, String hashName, String hash, String rangeName, String afterKey, AssetQuery q) {
        boolean newest = q.order() == AssetQuery.Order.NEWEST;
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":h", s(hash)));
        String condition = hashName + " = :h";
        if (afterKey != null) {
            condition += " AND " + rangeName + (newest ? " < :after" : " > :after");
            values.put(":after", s(afterKey));
        }
        List<Asset> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = ddb.query(QueryRequest.builder().tableName(table).indexName(index)
                    .keyConditionExpression(condition).expressionAttributeValues(values)
                    .scanIndexForward(!newest).limit(q.text() == null ? q.limit() : Math.max(q.limit(), 100))
                    .exclusiveStartKey(start).build());
            for (Asset a : documents(r)) {
                if (q.matches(a) && out.size() < q.limit()) {
                    out.add(a);
                }
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null && out.size() < q.limit());
        return out;
    }

    @Override
    public List<Asset> findByStatus(Set<AssetStatus> statuses) {
        List<Asset> out = new ArrayList<>();
        for (AssetStatus status : statuses) {
            out.addAll(queryAll(CaravanTable.BY_STATUS, "gsi2pk", "S#" + status.name()));
        }
        out.sort(Comparator.comparing(DynamoAssetStore::timeKey));
        return out;
    }

    @Override
    public Optional<Asset> findBySha256(String sha256, String exceptId, Set<AssetStatus> statuses) {
        return queryAll(CaravanTable.BY_CONTENT, "gsi3pk", "H#" + sha256).stream()
                .filter(a -> !a.getId().equals(exceptId) && statuses.contains(a.getStatus()))
                .min(Comparator.comparing(DynamoAssetStore::timeKey));
    }

    @Override
    public void close() {
        // the client is shared and closed with the application
    }

    private List<Asset> queryAll(String index, String key, String value) {
        List<Asset> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse r = ddb.query(QueryRequest.builder().tableName(table).indexName(index)
                    .keyConditionExpression(key + " = :v").expressionAttributeValues(Map.of(":v", s(value)))
                    .exclusiveStartKey(start).build());
            out.addAll(documents(r));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    private Optional<Versioned> versioned(String id) {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s("A#" + id), "sk", s("A")))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(AssetDocuments.read(item.get("doc").s()), Long.parseLong(item.get("version").n())));
    }

    private Map<String, AttributeValue> item(Asset asset, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("A#" + asset.getId()));
        item.put("sk", s("A"));
        item.put("version", n(version));
        item.put("status", s(asset.getStatus().name()));
        item.put("doc", s(AssetDocuments.write(asset)));
        String time = timeKey(asset);
        item.put("gsi1pk", s("ASSETS"));
        item.put("gsi1sk", s(time));
        item.put("gsi2pk", s("S#" + asset.getStatus().name()));
        item.put("gsi2sk", s(time));
        if (asset.getSource() != null && asset.getSource().sha256() != null) {
            item.put("gsi3pk", s("H#" + asset.getSource().sha256()));
            item.put("gsi3sk", s(time));
        }
        Instant ended = AssetStore.endedAt(asset);
        if (ended != null) { // one partition per month: a period's query reads only its months
            item.put("gsi4pk", s(endPartition(ended)));
            item.put("gsi4sk", s(endKey(ended.toEpochMilli()) + "#" + asset.getId()));
        }
        return item;
    }

    @Override
    public List<Asset> findEnded(Instant from, Instant to) {
        List<Asset> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        java.time.YearMonth last = java.time.YearMonth.from(to.minusMillis(1).atZone(java.time.ZoneOffset.UTC));
        for (java.time.YearMonth m = java.time.YearMonth.from(from.atZone(java.time.ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
            Map<String, AttributeValue> values = Map.of(":p", s("END#" + m), ":a", s(endKey(from.toEpochMilli())),
                    ":b", s(endKey(to.toEpochMilli() - 1) + "#~"));
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse r = ddb.query(QueryRequest.builder().tableName(table).indexName(CaravanTable.BY_END)
                        .keyConditionExpression("gsi4pk = :p AND gsi4sk BETWEEN :a AND :b").expressionAttributeValues(values)
                        .exclusiveStartKey(start).build());
                out.addAll(documents(r));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return out;
    }

    private static String endPartition(Instant ended) {
        return "END#" + java.time.YearMonth.from(ended.atZone(java.time.ZoneOffset.UTC));
    }

    private static String endKey(long epochMillis) {
        return String.format("%015d", epochMillis);
    }

    /** Creation time to the nanosecond, then id: sorts assets oldest first. */
    static String timeKey(Asset a) {
        Instant t = a.getCreatedAt() == null ? Instant.EPOCH : a.getCreatedAt();
        return String.format("%012d%09d#%s", t.getEpochSecond(), t.getNano(), a.getId());
    }

    private static List<Asset> documents(QueryResponse r) {
        return r.items().stream().map(i -> AssetDocuments.read(i.get("doc").s())).toList();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private record Versioned(Asset asset, long version) {
    }
}
