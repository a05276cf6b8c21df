package caravan.ingest;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inbox files that could not be moved into the pipeline (a folder Caravan may not change, an inbox on another file
 * system than {@code work/}): the asset recorded for each, so that the next try reuses it (one file, one asset), and
 * when that try is due. Tries back off per file, doubling from {@link #FIRST_WAIT} up to {@link #MAX_WAIT}.
 */
final class BlockedIntakes {
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);

    /** A file's asset, how many moves of it failed in a row, and when to try again. */
    record Blocked(Path file, String assetId, int failures, Instant nextTry) {
        boolean due(Instant now) {
            return !now.isBefore(nextTry);
        }
    }

    private final Map<Path, Blocked> byFile = new ConcurrentHashMap<>();

    Optional<Blocked> of(Path file) {
        return Optional.ofNullable(byFile.get(file));
    }

    /** Counts one more failed move of {@code file} for {@code assetId} and schedules the next try. */
    Blocked failed(Path file, String assetId, Instant now) {
        return byFile.compute(file, (f, old) -> {
            int failures = old == null || !old.assetId().equals(assetId) ? 1 : old.failures() + 1;
            return new Blocked(f, assetId, failures, now.plus(waitAfter(failures)));
        });
    }

    /** The file was taken (or is no longer this asset's): nothing to retry. */
    void forget(Path file) {
        byFile.remove(file);
    }

    /** Removes and returns the entries whose file is no longer in the inbox. */
    List<Blocked> removeVanished() {
        List<Blocked> gone = new ArrayList<>();
        for (Blocked b : byFile.values()) {
            if (!Files.exists(b.file(), LinkOption.NOFOLLOW_LINKS) && byFile.remove(b.file(), b)) {
                gone.add(b);
            }
        }
        return gone;
    }

    /** 1 s after the first failure, then 2 s, 4 s, ... never more than {@link #MAX_WAIT}. */
    static Duration waitAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }
}
