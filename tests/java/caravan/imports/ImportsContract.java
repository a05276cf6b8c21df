package caravan.imports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Imports} must do, whichever worker asks: an implementation test says how to open a handle on the
 * imports kept for {@code dir}; two handles on the same {@code dir} are two workers (or one restarted) sharing them.
 */
public abstract class ImportsContract {
    /** A handle on the imports kept for {@code dir}; each call is another worker on the same data. */
    protected abstract Imports open(Path dir);

    @TempDir
    protected Path dir;

    private static ImportItem queued(String importId, int line, String source, String externalId, String metadata) {
        return new ImportItem(0, importId, line, source, externalId, metadata, ItemState.QUEUED, null, null, null, null, null, null);
    }

    private static List<ImportItem> lines(String importId, int n) {
        List<ImportItem> items = new ArrayList<>();
        for (int i = 2; i < n + 2; i++) {
            items.add(queued(importId, i, "s3://old/" + i + ".mp4", "LEC-" + i, null));
        }
        return items;
    }

    @Test
    void anImportIsRecordedOnceWithItsLinesInManifestOrder() {
        Imports imports = open(dir);
        List<ImportItem> items = new ArrayList<>(List.of(
                queued("impA", 2, "/lectures/a.mp4", "LEC-1", "{\"keyId\":\"k1\",\"x\":1}"),
                new ImportItem(0, "impA", 3, "ftp://nope", null, null, ItemState.REJECTED, null, "SOURCE_UNSUPPORTED", "Not a path.",
                        null, null, null),
                queued("impA", 4, "s3://old/b.mp4", null, null)));
        assertThat(imports.create("impA", 1_000L, items)).isTrue();
        assertThat(imports.create("impA", 2_000L, items)).as("the same manifest again adds nothing").isFalse();
        assertThat(imports.create("impB", 3_000L, lines("impB", 1))).isTrue();

        Imports other = open(dir);
        assertThat(other.find("impA")).contains(new Imports.ImportRecord("impA", 1_000L, 3));
        assertThat(other.find("impZ")).isEmpty();
        assertThat(other.newest(10)).containsExactly("impB", "impA");
        assertThat(other.newest(1)).containsExactly("impB");
        List<ImportItem> read = other.items("impA");
        assertThat(read).extracting(ImportItem::line).containsExactly(2, 3, 4);
        assertThat(read).extracting(ImportItem::state).containsExactly(ItemState.QUEUED, ItemState.REJECTED, ItemState.QUEUED);
        assertThat(read.get(0).source()).isEqualTo("/lectures/a.mp4");
        assertThat(read.get(0).externalId()).isEqualTo("LEC-1");
        assertThat(read.get(0).sealedMetadata()).isEqualTo("{\"keyId\":\"k1\",\"x\":1}");
        assertThat(read.get(1).errorCode()).isEqualTo("SOURCE_UNSUPPORTED");
        assertThat(read.get(1).finishedAt()).isEqualTo(1_000L);
        assertThat(other.item("impA", 4)).get().extracting(ImportItem::source).isEqualTo("s3://old/b.mp4");
        assertThat(other.item("impA", 9)).isEmpty();
        assertThat(other.inState(ItemState.QUEUED, 10)).as("oldest import first, in manifest order")
                .extracting(i -> i.importId() + ":" + i.line()).containsExactly("impA:2", "impA:4", "impB:2");
        assertThat(other.inState(ItemState.QUEUED, 2)).hasSize(2);
    }

    @Test
    void eachLineIsClaimedByExactlyOneOfTwoWorkersClaimingAtOnce() throws Exception {
        open(dir).create("impC", 1L, lines("impC", 12));
        Map<Integer, String> won = new ConcurrentHashMap<>();
        List<Integer> doubles = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (String worker : List.of("a", "b")) {
            Imports mine = open(dir);
            workers.add(pool.submit(() -> {
                start.await();
                for (ImportItem item : mine.items("impC")) { // both see every line QUEUED and race for each
                    String assetId = worker + item.line();
                    if (mine.claim(item, assetId, 5L) && won.putIfAbsent(item.line(), assetId) != null) {
                        doubles.add(item.line());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : workers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(doubles).as("no line claimed twice").isEmpty();
        assertThat(won).hasSize(12);
        for (ImportItem item : open(dir).items("impC")) {
            assertThat(item.state()).isEqualTo(ItemState.FEEDING);
            assertThat(item.assetId()).as("the line carries its one winner's asset id").isEqualTo(won.get(item.line()));
            assertThat(item.fedAt()).isEqualTo(5L);
        }
        assertThat(open(dir).claim(open(dir).items("impC").get(0), "late", 6L)).as("a FEEDING line is not claimed again").isFalse();
    }

    @Test
    void aRestartedWorkerFindsAClaimedLineUnderItsAssetIdAndOnlyOneWorkerTakesItOver() {
        Imports first = open(dir);
        first.create("impD", 1L, lines("impD", 2));
        ImportItem line2 = first.item("impD", 2).orElseThrow();
        assertThat(first.claim(line2, "a0000000000000002", 10L)).isTrue();

        Imports restarted = open(dir);
        List<ImportItem> feeding = restarted.inState(ItemState.FEEDING, 10);
        assertThat(feeding).extracting(ImportItem::line).containsExactly(2);
        ImportItem stale = feeding.get(0);
        assertThat(stale.assetId()).isEqualTo("a0000000000000002");
        assertThat(restarted.reclaim(stale, 20L)).as("the first to take it over").isTrue();
        assertThat(open(dir).reclaim(stale, 21L)).as("a second worker with the same stale view").isFalse();
        assertThat(restarted.item("impD", 2).orElseThrow().fedAt()).isEqualTo(20L);
        assertThat(restarted.inState(ItemState.QUEUED, 10)).extracting(ImportItem::line).containsExactly(3);

        restarted.inPipeline(stale);
        assertThat(open(dir).inState(ItemState.IN_PIPELINE, 10)).extracting(ImportItem::assetId).containsExactly("a0000000000000002");
        assertThat(open(dir).inState(ItemState.FEEDING, 10)).isEmpty();
        assertThat(restarted.reclaim(restarted.item("impD", 2).orElseThrow(), 30L)).as("only a FEEDING line is taken over").isFalse();
    }

    @Test
    void outcomesAreKeptAndReportedOnePerLine() {
        Imports imports = open(dir);
        imports.create("impE", 1L, List.of(queued("impE", 2, "/l/a.mp4", "A", null), queued("impE", 3, "/l/b,c.mp4", null, null),
                queued("impE", 4, "/l/d.mp4", "D", null), queued("impE", 5, "/l/e.mp4", null, null)));
        List<ImportItem> items = imports.items("impE");
        imports.claim(items.get(0), "a00000000000000a1", 2L);
        imports.inPipeline(items.get(0));
        imports.finish(items.get(0), ItemState.READY, "a00000000000000a1", null, null, 12.5, 3L);
        imports.finish(items.get(1), ItemState.FAILED, null, "SOURCE_MISSING", "The source could not be read to the end.", null, 4L);
        imports.finish(items.get(2), ItemState.SKIPPED_ALREADY_IMPORTED, "a00000000000000b2", null, "Already here.", null, 5L);

        List<ImportItem> read = open(dir).items("impE");
        assertThat(read).extracting(ImportItem::state).containsExactly(ItemState.READY, ItemState.FAILED,
                ItemState.SKIPPED_ALREADY_IMPORTED, ItemState.QUEUED);
        assertThat(read.get(0).mediaSeconds()).isEqualTo(12.5);
        assertThat(read.get(0).finishedAt()).isEqualTo(3L);
        assertThat(open(dir).inState(ItemState.IN_PIPELINE, 10)).as("a finished line is no longer on its way").isEmpty();
        assertThat(open(dir).inState(ItemState.QUEUED, 10)).extracting(ImportItem::line).containsExactly(5);
        assertThat(ImportReport.csv(read)).isEqualTo(ImportReport.HEADER + "\r\n"
                + "2,/l/a.mp4,A,READY,a00000000000000a1,,\r\n"
                + "3,\"/l/b,c.mp4\",,FAILED,,SOURCE_MISSING,The source could not be read to the end.\r\n"
                + "4,/l/d.mp4,D,SKIPPED_ALREADY_IMPORTED,a00000000000000b2,,Already here.\r\n"
                + "5,/l/e.mp4,,PENDING,,,\r\n");
    }

    @Test
    void theKeysOfLinesNotFedYetAreCountedUntilTheyAreFed() {
        Imports imports = open(dir);
        imports.create("impF", 1L, List.of(queued("impF", 2, "/l/a.mp4", null, "{\"keyId\":\"k1\"}"),
                queued("impF", 3, "/l/b.mp4", null, "{\"keyId\":\"k1\"}"), queued("impF", 4, "/l/c.mp4", null, "{\"keyId\":\"k2\"}"),
                queued("impF", 5, "/l/d.mp4", null, null)));
        assertThat(open(dir).keysInUse()).containsExactlyInAnyOrderEntriesOf(Map.of("k1", 2, "k2", 1));
        List<ImportItem> items = imports.items("impF");
        imports.claim(items.get(0), "a1", 2L);
        assertThat(open(dir).keysInUse()).as("a line being fed still needs its key").containsEntry("k1", 2);
        imports.inPipeline(items.get(0));
        imports.finish(items.get(2), ItemState.FAILED, null, "SOURCE_MISSING", "Gone.", null, 3L);
        assertThat(open(dir).keysInUse()).containsExactlyInAnyOrderEntriesOf(Map.of("k1", 1));
    }
}
