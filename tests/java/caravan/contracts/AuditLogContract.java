package caravan.contracts;

import caravan.audit.AuditLog;
import caravan.audit.AuditLog.AuditEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link AuditLog} must do for its readers (the asset API's audit history, a reviewer after an incident):
 * an entry comes back exactly as appended, an asset's entries in the order they happened and only that asset's,
 * nothing lost when writers append at once, and all of it still there when the log is opened again.
 */
public abstract class AuditLogContract {
    protected static final long T0 = 1_773_921_600_123L; // 2026-03-19T12:00:00.123Z

    /** A log over the data kept for {@code dir}; called again with the same dir to prove persistence. */
    protected abstract AuditLog open(Path dir) throws Exception;

    /** Releases what {@link #open} holds (a database connection); the data stays. */
    protected void close(AuditLog log) throws Exception {
    }

    @TempDir
    protected Path dir;
    protected AuditLog log;

    @BeforeEach
    void openLog() throws Exception {
        log = open(dir);
    }

    @AfterEach
    void closeLog() throws Exception {
        if (log != null) {
            close(log);
        }
    }

    @Test
    void anEntryReadsBackWithEveryField() {
        AuditEntry grant = new AuditEntry(T0, "a1", "api viewer:alice", "playback", "granted", "203.0.113.7", "ttl 600 s");
        AuditEntry status = new AuditEntry(T0 + 5, "a1", "pipeline", "status", "READY", null, null);

        log.append(grant);
        log.append(status);

        assertThat(log.forAsset("a1")).containsExactly(grant, status);
    }

    @Test
    void anAssetsEntriesReadBackInTheOrderTheyHappened() {
        List<AuditEntry> appended = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            AuditEntry e = new AuditEntry(T0 + i * 1_000L, "a1", "pipeline", "status", "STEP-" + i, null, "run 1");
            appended.add(e);
            log.append(e);
        }

        assertThat(log.forAsset("a1")).containsExactlyElementsOf(appended);
    }

    /** Status changes of one asset often land in the same millisecond (RECEIVED then PROBING); their order is the history. */
    @Test
    void entriesAppendedInTheSameMillisecondReadBackInTheOrderTheyWereAppended() {
        List<AuditEntry> appended = new ArrayList<>();
        for (String status : List.of("RECEIVED", "PROBING", "TRANSCODING", "PUBLISHING", "READY")) {
            AuditEntry e = new AuditEntry(T0, "a1", "pipeline", "status", status, null, null);
            appended.add(e);
            log.append(e);
        }

        assertThat(log.forAsset("a1")).containsExactlyElementsOf(appended);
    }

    @Test
    void anAssetSeesOnlyItsOwnEntries() {
        AuditEntry a1 = new AuditEntry(T0, "a1", "pipeline", "status", "READY", null, null);
        AuditEntry a10 = new AuditEntry(T0 + 1, "a10", "pipeline", "status", "FAILED", null, null);
        AuditEntry a2 = new AuditEntry(T0 + 2, "a2", "api", "retry", "accepted", null, "run 2");
        AuditEntry a1Again = new AuditEntry(T0 + 3, "a1", "viewer", "key", "denied", "198.51.100.4", "expired grant");
        for (AuditEntry e : List.of(a1, a10, a2, a1Again)) {
            log.append(e);
        }

        assertThat(log.forAsset("a1")).containsExactly(a1, a1Again);
        assertThat(log.forAsset("a10")).containsExactly(a10);
        assertThat(log.forAsset("a2")).containsExactly(a2);
        assertThat(log.forAsset("a")).isEmpty();
        assertThat(log.forAsset("never-seen")).isEmpty();
    }

    @Test
    void textIsKeptExactly() {
        String long_ = "x".repeat(4_000);
        AuditEntry odd = new AuditEntry(T0, "a1", "api viewer:Zoë \"the reviewer\"", "playback", "granted",
                "2001:db8::1", "line one\nline two\t'quoted' % _ ; -- 日本語 🎬");
        AuditEntry big = new AuditEntry(T0 + 1, "a1", "operator", "retry", "accepted", null, long_);

        log.append(odd);
        log.append(big);

        assertThat(log.forAsset("a1")).containsExactly(odd, big);
    }

    @Test
    void entriesAreStillThereWhenTheLogIsOpenedAgain() throws Exception {
        AuditEntry first = new AuditEntry(T0, "a1", "pipeline", "status", "RECEIVED", null, null);
        AuditEntry second = new AuditEntry(T0 + 10, "a1", "operator", "key-rotation", "rewrapped", null, "k2");
        log.append(first);
        log.append(second);

        close(log);
        log = null;
        log = open(dir);

        assertThat(log.forAsset("a1")).containsExactly(first, second);
        AuditEntry third = new AuditEntry(T0 + 20, "a1", "api", "retry", "accepted", null, "run 2");
        log.append(third);
        assertThat(log.forAsset("a1")).containsExactly(first, second, third);
    }

    @Test
    void writersAppendingAtOnceLoseNothing() throws Exception {
        int writers = 4;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<AuditEntry> all = new ArrayList<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                List<AuditEntry> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    mine.add(new AuditEntry(T0 + w * 1_000L + i, "a1", "worker-" + w, "status", "N" + i, null, null));
                }
                all.addAll(mine);
                done.add(pool.submit(() -> mine.forEach(log::append)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        List<AuditEntry> read = log.forAsset("a1");
        assertThat(read).hasSize(writers * each).containsExactlyInAnyOrderElementsOf(all);
        for (int w = 0; w < writers; w++) {
            String actor = "worker-" + w;
            assertThat(read.stream().filter(e -> e.actor().equals(actor)).map(AuditEntry::outcome).toList())
                    .as("one writer's entries keep their order").containsExactlyElementsOf(
                            all.stream().filter(e -> e.actor().equals(actor)).map(AuditEntry::outcome).toList());
        }
    }
}
