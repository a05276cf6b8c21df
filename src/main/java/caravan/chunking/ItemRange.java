package caravan.chunking;

/** A run's items are numbered 0 to items - 1 (the chunks by their index, then the audio item); another number is a bug. */
final class ItemRange {
    private ItemRange() {
    }

    static void checkCount(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("A chunk run needs at least one item, not " + items);
        }
    }

    static void check(int item) {
        if (item < 0) {
            throw new IllegalArgumentException("A chunk run's items are numbered from 0, not " + item);
        }
    }

    static void check(int item, ChunkLedger.ChunkRun run) {
        if (item >= run.items()) {
            throw new IllegalArgumentException("Run " + run.run() + " has items 0 to " + (run.items() - 1) + ", not " + item);
        }
    }
}
