package caravan.ops;

import java.util.function.Supplier;

/**
 * A value that is costly to read (a database count, a folder walk), read at most once per {@code maxAgeMillis} so that
 * several gauges in one scrape share one reading. A failed reading is not kept.
 */
final class Recent<T> implements Supplier<T> {
    private final Supplier<T> source;
    private final long maxAgeMillis;
    private T value;
    private long readAt;

    Recent(Supplier<T> source, long maxAgeMillis) {
        this.source = source;
        this.maxAgeMillis = maxAgeMillis;
    }

    @Override
    public synchronized T get() {
        long now = System.nanoTime() / 1_000_000;
        if (value == null || now - readAt >= maxAgeMillis) {
            value = source.get();
            readAt = now;
        }
        return value;
    }
}
