package caravan.chunking;

import caravan.store.CaravanTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@link ChunkLedger} in Caravan's one table ({@link CaravanTable}), shared by every worker of every process: one item
 * per asset, {@code CHUNKS#<assetId>/CHUNKS}, with the run, its item count, the set of items still {@code pending},
 * the item that failed and the stitcher. Every change is one conditional write, never a read then a write: begin
 * writes every item as pending; an item done deletes itself from the set only while the run is current and not failed
 * (DynamoDB drops a set when its last element goes, so the run is complete when the set is gone); of the items that
 * see it gone, the one whose conditional {@code SET stitcher} succeeds is the stitcher. A read only follows a refused
 * write, to say why. Deleting from a set that is always there (rather than adding to one the first item creates)
 * also keeps every write idempotent, so the SDK's retries are safe.
 */
public final class DynamoChunkLedger implements ChunkLedger {
    private static final String SORT = "CHUNKS";
    private static final Map<String, String> NAMES = Map.of("#run", "run", "#items", "items", "#pending", "pending",
            "#failed", "failedItem", "#stitcher", "stitcher");
    private static final Pattern NAME = Pattern.compile("#\\w+");
    /** The run is the one asked about, and has not failed. */
    private static final String CURRENT = "#run = :run AND attribute_not_exists(#failed)";

    private final DynamoDbClient ddb;
    private final String table;

    public DynamoChunkLedger(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    @Override
    public void begin(String assetId, int run, int items) {
        ItemRange.checkCount(items);
        Map<String, AttributeValue> item = new HashMap<>(key(assetId));
        item.put("run", n(run));
        item.put("items", n(items));
        item.put("pending", AttributeValue.fromNs(IntStream.range(0, items).mapToObj(Integer::toString).toList()));
        try {
            ddb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #run < :run")
                    .expressionAttributeNames(Map.of("#run", "run")).expressionAttributeValues(Map.of(":run", n(run))));
        } catch (ConditionalCheckFailedException kept) {
            // this run is there already (keep what is done) or a newer one is
        }
    }

    @Override
    public Completion done(String assetId, int run, int item) {
        ItemRange.check(item);
        Map<String, AttributeValue> now;
        try {
            now = update(assetId, "DELETE #pending :set", CURRENT + " AND #items > :i",
                    Map.of(":run", n(run), ":set", AttributeValue.fromNs(List.of(Integer.toString(item))), ":i", n(item)));
        } catch (ConditionalCheckFailedException refused) {
            checkRange(assetId, run, item);
            return Completion.STALE;
        }
        ChunkRun r = run(now);
        if (r.done().size() < r.items()) {
            return Completion.MORE;
        }
        if (r.stitcher() != null) {
            return r.stitcher() == item ? Completion.LAST : Completion.ALREADY;
        }
        try {
            update(assetId, "SET #stitcher = :i", CURRENT + " AND (attribute_not_exists(#stitcher) OR #stitcher = :i)",
                    Map.of(":run", n(run), ":i", n(item)));
            return Completion.LAST;
        } catch (ConditionalCheckFailedException another) {
            // another item became the stitcher first, or the run failed or was replaced meanwhile
            return find(assetId).filter(found -> found.run() == run && found.failedItem() == null)
                    .map(found -> Completion.ALREADY).orElse(Completion.STALE);
        }
    }

    @Override
    public boolean fail(String assetId, int run, int item) {
        ItemRange.check(item);
        try {
            update(assetId, "SET #failed = :i", CURRENT + " AND #items > :i", Map.of(":run", n(run), ":i", n(item)));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            checkRange(assetId, run, item);
            return false;
        }
    }

    @Override
    public Optional<ChunkRun> find(String assetId) {
        Map<String, AttributeValue> found = ddb.getItem(b -> b.tableName(table).key(key(assetId)).consistentRead(true)).item();
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(run(found));
    }

    @Override
    public void forget(String assetId) {
        ddb.deleteItem(b -> b.tableName(table).key(key(assetId)));
    }

    /** A refused write for the current, unfailed run can only be an item beyond its count: a bug, said as such. */
    private void checkRange(String assetId, int run, int item) {
        find(assetId).filter(r -> r.run() == run && r.failedItem() == null).ifPresent(r -> ItemRange.check(item, r));
    }

    /** One conditional update; the item as it is after it. Throws {@link ConditionalCheckFailedException} if refused. */
    private Map<String, AttributeValue> update(String assetId, String update, String condition, Map<String, AttributeValue> values) {
        // every attribute by name, so no reserved word bites, and only the names the expressions use (DynamoDB refuses unused ones)
        Map<String, String> names = new HashMap<>();
        NAME.matcher(update + " " + condition).results().forEach(m -> names.put(m.group(), NAMES.get(m.group())));
        return ddb.updateItem(b -> b.tableName(table).key(key(assetId)).updateExpression(update).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
    }

    private static ChunkRun run(Map<String, AttributeValue> item) {
        int items = Integer.parseInt(item.get("items").n());
        AttributeValue pending = item.get("pending");
        Set<Integer> notDone = pending == null ? Set.of() : pending.ns().stream().map(Integer::valueOf).collect(Collectors.toSet());
        Set<Integer> done = IntStream.range(0, items).filter(i -> !notDone.contains(i)).boxed().collect(Collectors.toSet());
        return new ChunkRun(Integer.parseInt(item.get("run").n()), items, done, number(item, "failedItem"), number(item, "stitcher"));
    }

    private static Integer number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : Integer.valueOf(v.n());
    }

    private static Map<String, AttributeValue> key(String assetId) {
        return Map.of("pk", AttributeValue.fromS("CHUNKS#" + assetId), "sk", AttributeValue.fromS(SORT));
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
