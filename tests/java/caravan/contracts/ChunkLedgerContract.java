package caravan.contracts;

import caravan.chunking.ChunkLedger;
import caravan.chunking.ChunkLedger.ChunkRun;
import caravan.chunking.ChunkLedger.Completion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static caravan.chunking.ChunkLedger.Completion.ALREADY;
import static caravan.chunking.ChunkLedger.Completion.LAST;
import static caravan.chunking.ChunkLedger.Completion.MORE;
import static caravan.chunking.ChunkLedger.Completion.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ChunkLedger} must do for the workers of a split-and-stitch run (issue #15): whichever worker
 * finishes an item and in whatever order, exactly one of them stitches and publishes; a redelivered item learns
 * whether it is the one to stitch again; a newer run or a failure turns the old run's items away. An implementation
 * test says how to open a handle on the ledger kept for {@code dir}; two handles on the same {@code dir} are two
 * workers sharing it.
 */
public abstract class ChunkLedgerContract {
    /** A handle on the ledger kept for {@code dir}; each call is another worker on the same data. */
    protected abstract ChunkLedger open(Path dir);

    @TempDir
    protected Path dir;

    @Test
    void aRunOfOneItemIsCompleteWithItsOnlyItem() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 1);

        assertThat(ledger.done("a1", 1, 0)).isEqualTo(LAST);
        assertThat(ledger.find("a1")).contains(new ChunkRun(1, 1, Set.of(0), null, 0));
    }

    @Test
    void itemsDoneInAnyOrderMakeExactlyOneStitcherTheLastOne() {
        ChunkLedger ledger = open(dir);
        Random random = new Random(15);
        for (int trial = 0; trial < 3; trial++) {
            String asset = "a" + trial;
            List<Integer> order = new ArrayList<>(IntStream.range(0, 7).boxed().toList());
            Collections.shuffle(order, random);
            ledger.begin(asset, 1, 7);

            List<Completion> answers = new ArrayList<>();
            for (int item : order) {
                answers.add(ledger.done(asset, 1, item));
            }

            assertThat(answers).as("order %s", order).containsExactly(MORE, MORE, MORE, MORE, MORE, MORE, LAST);
            assertThat(ledger.find(asset)).contains(new ChunkRun(1, 7, Set.of(0, 1, 2, 3, 4, 5, 6), null, order.get(6)));
        }
    }

    @Test
    void anItemDoneTwiceBeforeTheEndIsCountedOnce() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 3);

        assertThat(ledger.done("a1", 1, 0)).isEqualTo(MORE);
        assertThat(ledger.done("a1", 1, 0)).as("a redelivered item").isEqualTo(MORE);
        assertThat(ledger.done("a1", 1, 1)).isEqualTo(MORE);
        assertThat(ledger.done("a1", 1, 2)).isEqualTo(LAST);
    }

    /** The stitcher's message redelivered after it crashed while stitching stitches again; nobody else does. */
    @Test
    void theStitcherDoneAgainIsLastAgainAndAnyOtherItemIsAlready() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 2, 3);
        ledger.done("a1", 2, 2);
        ledger.done("a1", 2, 0);
        assertThat(ledger.done("a1", 2, 1)).isEqualTo(LAST);

        ChunkLedger other = open(dir);
        assertThat(other.done("a1", 2, 1)).isEqualTo(LAST);
        assertThat(other.done("a1", 2, 0)).isEqualTo(ALREADY);
        assertThat(other.done("a1", 2, 2)).isEqualTo(ALREADY);
        assertThat(ledger.done("a1", 2, 1)).isEqualTo(LAST);
        assertThat(other.find("a1")).contains(new ChunkRun(2, 3, Set.of(0, 1, 2), null, 1));
    }

    @Test
    void aNewerRunMakesTheOlderRunsItemsStale() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 3);
        ledger.done("a1", 1, 0);
        ledger.done("a1", 1, 1);

        ChunkLedger retry = open(dir);
        retry.begin("a1", 2, 2);

        assertThat(ledger.done("a1", 1, 2)).isEqualTo(STALE);
        assertThat(ledger.done("a1", 1, 0)).isEqualTo(STALE);
        assertThat(ledger.fail("a1", 1, 2)).as("an old run's failure fails nothing").isFalse();
        assertThat(retry.find("a1")).as("nothing of run 1 is carried over").contains(new ChunkRun(2, 2, Set.of(), null, null));
        assertThat(retry.done("a1", 2, 1)).isEqualTo(MORE);
        assertThat(retry.done("a1", 2, 0)).isEqualTo(LAST);
    }

    @Test
    void aNewerRunReplacesACompleteOrFailedOne() {
        ChunkLedger ledger = open(dir);
        ledger.begin("done", 1, 1);
        ledger.done("done", 1, 0);
        ledger.begin("failed", 1, 2);
        ledger.fail("failed", 1, 1);

        ledger.begin("done", 2, 2);
        ledger.begin("failed", 2, 2);

        assertThat(ledger.find("done")).contains(new ChunkRun(2, 2, Set.of(), null, null));
        assertThat(ledger.find("failed")).contains(new ChunkRun(2, 2, Set.of(), null, null));
        assertThat(ledger.done("failed", 2, 1)).isEqualTo(MORE);
        assertThat(ledger.fail("failed", 2, 0)).isTrue();
    }

    /** A worker restarting the dispatch of the same run (its message redelivered) must not lose what is done. */
    @Test
    void beginningTheSameRunAgainKeepsWhatIsDone() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 3, 3);
        ledger.done("a1", 3, 0);
        ledger.done("a1", 3, 2);

        open(dir).begin("a1", 3, 3);

        assertThat(ledger.find("a1")).contains(new ChunkRun(3, 3, Set.of(0, 2), null, null));
        assertThat(ledger.done("a1", 3, 1)).isEqualTo(LAST);
    }

    /** A late dispatch of an older run (its message delayed) must not replace the newer run. */
    @Test
    void beginningAnOlderRunChangesNothing() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 5, 2);
        ledger.done("a1", 5, 1);

        ledger.begin("a1", 4, 9);

        assertThat(ledger.find("a1")).contains(new ChunkRun(5, 2, Set.of(1), null, null));
        assertThat(ledger.done("a1", 4, 0)).isEqualTo(STALE);
        assertThat(ledger.done("a1", 5, 0)).isEqualTo(LAST);
    }

    @Test
    void onlyTheFirstFailureOfARunFailsTheAsset() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 4);
        ledger.done("a1", 1, 0);

        assertThat(ledger.fail("a1", 1, 2)).isTrue();
        assertThat(ledger.fail("a1", 1, 2)).as("the same failure redelivered").isFalse();
        assertThat(open(dir).fail("a1", 1, 3)).as("another item failing too").isFalse();
        assertThat(ledger.find("a1")).contains(new ChunkRun(1, 4, Set.of(0), 2, null));
    }

    @Test
    void afterAFailureEveryDoneIsStale() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 3);
        ledger.done("a1", 1, 0);
        ledger.done("a1", 1, 1);
        ledger.fail("a1", 1, 2);

        assertThat(ledger.done("a1", 1, 2)).isEqualTo(STALE);
        assertThat(ledger.done("a1", 1, 0)).isEqualTo(STALE);
        assertThat(ledger.find("a1")).as("no stitcher for a failed run").contains(new ChunkRun(1, 3, Set.of(0, 1), 2, null));
    }

    /** A stitch that fails for good fails the asset once; the stitcher redelivered then does not stitch again. */
    @Test
    void aCompleteRunCanStillFailOnce() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 2);
        ledger.done("a1", 1, 0);
        assertThat(ledger.done("a1", 1, 1)).isEqualTo(LAST);

        assertThat(ledger.fail("a1", 1, 1)).isTrue();
        assertThat(ledger.done("a1", 1, 1)).isEqualTo(STALE);
        assertThat(ledger.fail("a1", 1, 0)).isFalse();
    }

    @Test
    void anAssetWithoutARunHasNothingToMarkOrFail() {
        ChunkLedger ledger = open(dir);

        assertThat(ledger.find("never")).isEmpty();
        assertThat(ledger.done("never", 1, 0)).isEqualTo(STALE);
        assertThat(ledger.fail("never", 1, 0)).isFalse();
        assertThat(ledger.find("never")).as("a stray item creates no run").isEmpty();
    }

    @Test
    void findReportsEachAssetsOwnRun() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 3);
        ledger.begin("a10", 7, 2);
        ledger.done("a1", 1, 1);
        ledger.done("a10", 7, 0);
        ledger.done("a10", 7, 1);

        ChunkLedger other = open(dir);
        assertThat(other.find("a1")).contains(new ChunkRun(1, 3, Set.of(1), null, null));
        assertThat(other.find("a10")).contains(new ChunkRun(7, 2, Set.of(0, 1), null, 1));
        assertThat(other.find("a")).isEmpty();
    }

    @Test
    void forgetRemovesTheRunAndItsItemsOnly() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 2);
        ledger.begin("a2", 1, 2);
        ledger.done("a1", 1, 0);
        ledger.done("a1", 1, 1);
        ledger.done("a2", 1, 0);

        ledger.forget("a1");
        ledger.forget("never");

        assertThat(ledger.find("a1")).isEmpty();
        assertThat(ledger.done("a1", 1, 1)).as("the stitcher redelivered after publishing").isEqualTo(STALE);
        assertThat(ledger.find("a2")).contains(new ChunkRun(1, 2, Set.of(0), null, null));
        ledger.begin("a1", 1, 2);
        assertThat(ledger.find("a1")).as("the same run begun again starts empty").contains(new ChunkRun(1, 2, Set.of(), null, null));
    }

    @Test
    void anItemOutsideTheRunIsABug() {
        ChunkLedger ledger = open(dir);
        ledger.begin("a1", 1, 3);

        assertThatThrownBy(() -> ledger.done("a1", 1, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 2");
        assertThatThrownBy(() -> ledger.done("a1", 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.fail("a1", 1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.begin("a2", 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.find("a1")).contains(new ChunkRun(1, 3, Set.of(), null, null));
        assertThat(ledger.find("a2")).isEmpty();
    }

    /** Workers finishing a run's items at the same moment: one stitcher, every item counted. */
    @Test
    void workersMarkingItemsAtOnceMakeExactlyOneStitcher() throws Exception {
        int workers = 8;
        int items = 40;
        open(dir).begin("a1", 1, items);
        List<ChunkLedger> handles = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            handles.add(open(dir));
        }
        Map<Integer, Completion> answers = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                ChunkLedger mine = handles.get(w);
                int first = w;
                running.add(pool.submit(() -> {
                    start.await();
                    for (int item = first; item < items; item += workers) {
                        answers.put(item, mine.done("a1", 1, item));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).hasSize(items);
        Map<Completion, Long> counts = answers.values().stream().collect(Collectors.groupingBy(c -> c, Collectors.counting()));
        assertThat(counts).isEqualTo(Map.of(LAST, 1L, MORE, (long) items - 1));
        int stitcher = answers.entrySet().stream().filter(e -> e.getValue() == LAST).findFirst().orElseThrow().getKey();
        ChunkRun run = open(dir).find("a1").orElseThrow();
        assertThat(run.done()).hasSize(items);
        assertThat(run.stitcher()).isEqualTo(stitcher);
    }
}
