package caravan.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at {@code perSecond}. A player needs a
 * handful of keys per asset, so the limit only meets a client that is guessing or hammering. Buckets of clients
 * that have been quiet long enough to be full again are dropped, so the table stays small.
 */
public final class ClientRateLimit {
    private static final int SWEEP_ABOVE = 10_000;
    private static final long NANOS = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond 0 turns the limit off */
    public ClientRateLimit(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 0 || (perSecond > 0 && burst < 1)) {
            throw new IllegalArgumentException("Setting caravan.delivery.keyRequestsPerSecond must be 0 (no limit) or more,"
                    + " and caravan.delivery.keyRequestBurst at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the client's bucket: 0 if it may go ahead, else the whole seconds to wait. */
    public long take(String client) {
        if (perSecond == 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> b.isFullAt(now));
        }
        Bucket bucket = buckets.computeIfAbsent(client == null ? "" : client, c -> new Bucket(now));
        return bucket.take(now);
    }

    private final class Bucket {
        private double tokens = burst;
        private long at;

        Bucket(long now) {
            at = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        synchronized boolean isFullAt(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - at) * perSecond / NANOS);
            at = now;
        }
    }
}
