package caravan.soak;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.database.SqliteDatabase;
import caravan.store.SqliteAssetStore;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak run (not part of the default suite: {@code bench/soak}, i.e. {@code mvn -B -Psoak verify}). 200 small
 * uploads dropped in bursts, 10% duplicates and 10% corrupt, a webhook receiver answering 500 for the first minute,
 * and Caravan killed with SIGKILL twice along the way. At the end every content is READY, every duplicate linked to
 * a READY copy (or, dropped before any copy was READY, transcoded on its own), every corrupt one FAILED, and every
 * event delivered at least once under one webhook-id.
 */
@Tag("soak")
@Pipeline
class SoakTest {
    private static final int UPLOADS = 200;
    /** How long the webhook receiver answers 500, from the first drop: fixed, not tied to how fast uploads finish. */
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** After every upload has its outcome: the outbox's rounds are at most 4 s apart here, so this is many rounds. */
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(120);
    @TempDir
    Path dir;

    @Test
    void nothingIsLostUnderBurstsFailuresAndKills() throws Exception {
        Path data = dir.resolve("data");
        Random random = new Random(42);
        Path base = TestClips.make("soak-base.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1",
                "-f", "lavfi", "-i", "sine=duration=1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"));
        Map<String, Path> uploads = new java.util.LinkedHashMap<>();
        Map<String, String> kind = new HashMap<>();
        List<Path> distinct = new ArrayList<>();
        for (int i = 0; i < UPLOADS; i++) {
            String name = "burst-" + (i / 20) + "/upload-" + i + ".mp4";
            if (i % 10 == 3) {
                Path corrupt = dir.resolve("corrupt-" + i + ".mp4");
                byte[] junk = new byte[2048];
                random.nextBytes(junk);
                Files.write(corrupt, junk);
                uploads.put(name, corrupt);
                kind.put(name, "corrupt");
            } else if (i % 10 == 7 && !distinct.isEmpty()) {
                uploads.put(name, distinct.get(random.nextInt(distinct.size())));
                kind.put(name, "duplicate");
            } else {
                Path clip = TestClips.variant(base, "soak-" + i);
                distinct.add(clip);
                uploads.put(name, clip);
                kind.put(name, "valid");
            }
        }

        Instant start = Instant.now();
        int port = CaravanApp.freePort();
        ScheduledExecutorService phases = Executors.newSingleThreadScheduledExecutor();
        try (WebhookReceiver hooks = new WebhookReceiver()) {
            // phase 1, the outage: the receiver answers 500 for exactly OUTAGE from the first drop, whatever the
            // machine's speed; uploads are dropped and Caravan is killed meanwhile
            hooks.failNext(Integer.MAX_VALUE);
            ScheduledFuture<?> recovery = phases.schedule(() -> hooks.failNext(0), OUTAGE.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, String> env = Map.of("CARAVAN_WEBHOOK_URLS", hooks.url(), "CARAVAN_WORKERS", "2");
            List<String> jvm = List.of("-Dcaravan.webhook.retryBaseMillis=1000", "-Dcaravan.webhook.maxRetryDelayMillis=4000",
                    "-Dcaravan.webhook.maxRounds=100",
                    "-Dcaravan.webhook.delayMillis=200");
            ChildCaravan caravan = ChildCaravan.start(data, port, env, dir.resolve("run-1.log"), jvm);
            int kills = 0;
            int dropped = 0;
            List<String> names = new ArrayList<>(uploads.keySet());
            while (dropped < names.size() || kills < 2) {
                for (int b = 0; b < 20 && dropped < names.size(); b++, dropped++) {
                    drop(data, names.get(dropped), uploads.get(names.get(dropped)));
                }
                Thread.sleep(4000);
                if ((dropped == 80 && kills == 0) || (dropped == 160 && kills == 1) || (dropped == names.size() && kills < 2)) {
                    caravan.kill();
                    kills++;
                    caravan = ChildCaravan.start(data, port, env, dir.resolve("run-" + (kills + 1) + ".log"), jvm);
                }
            }
            try (ChildCaravan last = caravan) {
                // phase 2, recovery: the outage is over (waited for if the drops ended sooner)
                recovery.get();
                long refusedDuringOutage = hooks.received().stream().filter(r -> r.answeredWith() >= 500).count();
                // phase 3: every upload reaches its outcome, then every outcome event is delivered
                Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
                while (Instant.now().isBefore(deadline) && !allDone(last, uploads.size())) {
                    Thread.sleep(2000);
                }
                Instant deliveries = Instant.now().plus(DELIVERY_WAIT);
                while (Instant.now().isBefore(deliveries) && !allDelivered(last, hooks)) {
                    Thread.sleep(1000); // let the outbox finish its rounds
                }
                System.out.printf("%nwebhook requests refused during the %d s outage: %d%n", OUTAGE.toSeconds(), refusedDuringOutage);
                assertThat(refusedDuringOutage).as("the outage refused deliveries, so recovery was exercised").isPositive();
            }
            hooks.failNext(0);

            List<Asset> assets;
            try (SqliteAssetStore store = new SqliteAssetStore(new SqliteDatabase(data.resolve("caravan.db")), Clock.systemUTC())) {
                assets = new ArrayList<>();
                String after = null;
                for (List<Asset> page = store.list(200, null); !page.isEmpty(); page = store.list(200, after)) {
                    assets.addAll(page);
                    after = page.get(page.size() - 1).getId();
                }
            }
            Map<String, List<Asset>> byName = assets.stream().collect(Collectors.groupingBy(a -> a.getSource().name()));
            // uploads of the same content form a group: at least one of them is READY, and every other one is either
            // DUPLICATE, linked to a READY one, or READY itself (a copy probed while no copy was READY yet is
            // transcoded on its own: a duplicate is linked only to a READY original)
            int ready = 0, linked = 0, copies = 0, failed = 0, missing = 0, twice = 0, badGroups = 0;
            Map<Path, List<String>> groups = new HashMap<>();
            for (Map.Entry<String, String> u : kind.entrySet()) {
                List<Asset> found = byName.getOrDefault(u.getKey(), List.of());
                if (found.isEmpty()) { missing++; continue; }
                if (found.size() > 1) { twice++; }
                if (u.getValue().equals("corrupt")) {
                    if (found.get(0).getStatus() == AssetStatus.FAILED) failed++;
                } else {
                    groups.computeIfAbsent(uploads.get(u.getKey()), k -> new ArrayList<>()).add(u.getKey());
                }
            }
            for (List<String> group : groups.values()) {
                List<Asset> members = group.stream().map(n -> byName.getOrDefault(n, List.of())).filter(l -> !l.isEmpty()).map(l -> l.get(0)).toList();
                List<Asset> originals = members.stream().filter(a -> a.getStatus() == AssetStatus.READY).toList();
                Set<String> originalIds = originals.stream().map(Asset::getId).collect(Collectors.toSet());
                long links = members.stream().filter(a -> a.getStatus() == AssetStatus.DUPLICATE
                        && originalIds.contains(a.getDuplicateOf())).count();
                ready += originals.isEmpty() ? 0 : 1;
                copies += Math.max(0, originals.size() - 1);
                linked += (int) links;
                if (originals.isEmpty() || links + originals.size() != members.size()) {
                    badGroups++;
                    members.forEach(a -> System.out.printf("  UNEXPECTED %s: %s %s duplicateOf=%s %s%n", a.getSource().name(), a.getId(),
                            a.getStatus(), a.getDuplicateOf(), a.getError()));
                }
            }
            Map<String, Set<String>> idsPerEvent = new HashMap<>();
            Set<String> delivered = new HashSet<>();
            for (WebhookReceiver.Received r : hooks.received()) {
                String key = r.json().path("data").path("id").asText() + " " + r.json().path("type").asText();
                idsPerEvent.computeIfAbsent(key, k -> new HashSet<>()).add(r.header("webhook-id"));
                if (r.answeredWith() < 300) {
                    delivered.add(key);
                }
            }
            long outcomes = assets.stream().filter(a -> a.getStatus().isOutcome()).count();
            long undelivered = assets.stream().filter(a -> a.getStatus().isOutcome())
                    .filter(a -> !delivered.contains(a.getId() + " " + outcomeEvent(a.getStatus()))).count();
            long unstableIds = idsPerEvent.values().stream().filter(s -> s.size() > 1).count();
            long valid = kind.values().stream().filter("valid"::equals).count();
            long dupes = kind.values().stream().filter("duplicate"::equals).count();
            long corrupt = kind.values().stream().filter("corrupt"::equals).count();
            System.out.printf("%nSOAK REPORT: %d uploads in %d s, Caravan killed %d times%n", UPLOADS,
                    Duration.between(start, Instant.now()).toSeconds(), 2);
            System.out.printf("  distinct contents %3d  READY: %d%n", groups.size(), ready);
            System.out.printf("  uploads of a content already uploaded %3d  linked as DUPLICATE: %d, transcoded on their own: %d%n",
                    dupes, linked, copies);
            System.out.printf("  corrupt    %3d  FAILED: %d%n", corrupt, failed);
            System.out.printf("  missing %d, more than one asset for an upload %d%n", missing, twice);
            System.out.printf("  outcome events %d, not delivered %d, events with more than one webhook-id %d, webhook requests %d%n",
                    outcomes, undelivered, unstableIds, hooks.received().size());

            assertThat(missing).isZero();
            assertThat(twice).isZero();
            assertThat(badGroups).isZero();
            assertThat(ready).isEqualTo((int) valid);
            assertThat(linked + copies).isEqualTo((int) dupes);
            assertThat(failed).isEqualTo((int) corrupt);
            assertThat(undelivered).isZero();
            assertThat(unstableIds).isZero();
        } finally {
            phases.shutdownNow();
        }
    }

    private static String outcomeEvent(AssetStatus status) {
        return switch (status) {
            case READY -> "asset.ready";
            case FAILED -> "asset.failed";
            default -> "asset.duplicate";
        };
    }

    private static boolean allDelivered(ChildCaravan caravan, WebhookReceiver hooks) {
        try {
            Set<String> delivered = hooks.received().stream().filter(r -> r.answeredWith() < 300)
                    .map(r -> r.json().path("data").path("id").asText()).collect(Collectors.toSet());
            List<String> ids = new ArrayList<>();
            String after = null;
            while (true) {
                var page = Json.MAPPER.readTree(caravan.get("/api/assets?limit=200" + (after == null ? "" : "&after=" + after)).body());
                page.path("items").forEach(i -> ids.add(i.path("id").asText()));
                if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                    break;
                }
                after = page.path("next").asText();
            }
            return delivered.containsAll(ids);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean allDone(ChildCaravan caravan, int expected) {
        try {
            var items = statuses(caravan);
            return items.size() >= expected && items.stream().allMatch(s -> s.equals("READY") || s.equals("FAILED") || s.equals("DUPLICATE"));
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> statuses(ChildCaravan caravan) throws Exception {
        List<String> statuses = new ArrayList<>();
        String after = null;
        while (true) {
            var page = Json.MAPPER.readTree(caravan.get("/api/assets?limit=200" + (after == null ? "" : "&after=" + after)).body());
            page.path("items").forEach(i -> statuses.add(i.path("status").asText()));
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return statuses;
            }
            after = page.path("next").asText();
        }
    }

    private static void drop(Path data, String name, Path file) throws Exception {
        Path target = data.resolve("inbox").resolve(name);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
