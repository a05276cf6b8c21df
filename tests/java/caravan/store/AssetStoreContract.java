package caravan.store;

import caravan.asset.Asset;
import caravan.asset.AssetError;
import caravan.asset.AssetStatus;
import caravan.asset.ProbeSummary;
import caravan.asset.ProbeSummary.AudioInfo;
import caravan.asset.ProbeSummary.VideoInfo;
import caravan.asset.Rendition;
import caravan.asset.SealedFields;
import caravan.asset.SourceFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link AssetStore} must do. An implementation test extends this class and says how to open a store
 * whose data lives in (or is named after) {@code dir}; opening it again on the same {@code dir} after
 * {@link AssetStore#close()} must show the same data. Only the {@link AssetStore} interface is used here.
 */
public abstract class AssetStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-19T12:00:00.123Z");

    /** A store over the data kept for {@code dir}; called again with the same dir to prove persistence. */
    protected abstract AssetStore newStore(Path dir);

    @TempDir
    protected Path dir;
    protected AssetStore store;

    @BeforeEach
    void openStore() {
        store = newStore(dir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Closes the store and opens it again on the same data. */
    protected AssetStore reopen() {
        store.close();
        store = null;
        store = newStore(dir);
        return store;
    }

    protected static Asset asset(String id, int minutesAfterT0) {
        Instant at = T0.plus(Duration.ofMinutes(minutesAfterT0));
        return Asset.received(id, new SourceFile("course/" + id + ".mp4", 1_000 + minutesAfterT0, null), at.minusSeconds(5), at);
    }

    protected static Asset asset(String id, int minutesAfterT0, AssetStatus status, String sha256) {
        Asset a = asset(id, minutesAfterT0);
        a.setStatus(status);
        a.setSource(a.getSource().withSha256(sha256));
        return a;
    }

    /** An asset with every field set to a non-default value. */
    protected static Asset fullAsset(String id) {
        Asset a = new Asset();
        a.setId(id);
        a.setStatus(AssetStatus.READY);
        a.setProgress(100);
        a.setSource(new SourceFile("cardiology/week 1/lecture – intro.mov", 123_456_789L,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("title", "Cardiology 101");
        metadata.put("tags", List.of("heart", "intro"));
        metadata.put("lecturer", Map.of("name", "Dr. Who", "room", 42));
        metadata.put("recorded", true);
        metadata.put("rating", 4.5);
        a.setMetadata(metadata);
        a.setSealed(new SealedFields("k1", "d3JhcHBlZA==", "bm9uY2Vub25jZQ==", "Y2lwaGVydGV4dA=="));
        a.setProbe(new ProbeSummary("mov,mp4,m4a,3gp,3g2,mj2", 2.005333, 2_696_406L,
                new VideoInfo("h264", 1080, 1920, 270, 24.0, false, "yuv420p", 8, false),
                new AudioInfo("aac", 6, "5.1", 48000), List.of("video:h264", "audio:aac")));
        a.setRenditions(List.of(
                new Rendition("720p", 720, 1280, 2_826_767L, "avc1.64001f,mp4a.40.2", "720p/index.m3u8"),
                new Rendition("480p", 480, 854, 1_501_367L, "avc1.64001e,mp4a.40.2", "480p/index.m3u8")
                        .withQuality(new caravan.asset.RenditionQuality(0.981234, 0.9512, 41.5, 120, 0.0812, 1_400_000L,
                                1_501_367L, 1_501_300L))));
        a.setOutputs(caravan.asset.Outputs.NONE
                .withPoster(new caravan.asset.Outputs.Poster("frame", 12.5, new caravan.asset.Outputs.Image("poster.jpg", 1280, 720),
                        new caravan.asset.Outputs.Image("poster-small.jpg", 320, 180)))
                .withThumbnails(new caravan.asset.Outputs.Thumbnails("thumbnails/thumbnails.vtt", 10, 13, 320, 180))
                .withStoryboard(new caravan.asset.Outputs.Storyboard("storyboard/storyboard.vtt",
                        List.of("storyboard/sprite_001.jpg"), 5, 25, 160, 90, 10))
                .withCaptions(List.of(new caravan.asset.Outputs.Caption("pt-BR", "Portuguese (Brazil)", "sidecar",
                        "captions/pt-BR/index.m3u8", "captions/pt-BR/captions.vtt", 42)))
                .withDownload(new caravan.asset.Outputs.Download("download.mp4", "720p", 12_345_678L)));
        a.setWarnings(List.of(new caravan.asset.AssetWarning("CAPTION_INVALID", "The caption file intro.fr.srt was not published.")));
        a.setMaster("assets/" + id + "/master.m3u8");
        a.setDuplicateOf("original-id");
        a.setError(new AssetError("TRANSCODE_FAILED", "Transcoding failed. exit 1", 3));
        a.setDetectedAt(T0.minusSeconds(30));
        a.setCreatedAt(T0);
        a.setUpdatedAt(T0.plusSeconds(60));
        a.setReadyAt(T0.plusSeconds(90));
        a.setTimeToReadyMs(120_000L);
        a.setExternalId("lms:course-7/lecture-12");
        return a;
    }

    @Test
    void countsAssetsByStatusForTheDashboard() {
        store.create(asset("a1", 1, AssetStatus.READY, "h1"));
        store.create(asset("a2", 2, AssetStatus.READY, "h2"));
        store.create(asset("a3", 3, AssetStatus.FAILED, "h3"));
        store.create(asset("a4", 4));
        store.update("a4", a -> a.setStatus(AssetStatus.TRANSCODING));

        assertThat(store.countByStatus())
                .containsEntry(AssetStatus.READY, 2L)
                .containsEntry(AssetStatus.FAILED, 1L)
                .containsEntry(AssetStatus.TRANSCODING, 1L)
                .doesNotContainKeys(AssetStatus.RECEIVED, AssetStatus.PROBING);
    }

    @Test
    void aWorkingStoreAnswersThePing() {
        store.create(asset("a1", 1));
        store.ping();
        assertThat(store.find("a1")).isPresent();
    }

    private static List<String> ids(List<Asset> assets) {
        return assets.stream().map(Asset::getId).toList();
    }

    @Test
    void createThenFindReturnsEveryField() {
        Asset original = fullAsset("a-full");
        store.create(original);

        Asset found = store.find("a-full").orElseThrow();

        assertThat(found).isNotSameAs(original);
        assertThat(found.getId()).isEqualTo("a-full");
        assertThat(found.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(found.getProgress()).isEqualTo(100);
        assertThat(found.getSource()).isEqualTo(original.getSource());
        assertThat(found.getMetadata()).isEqualTo(original.getMetadata());
        assertThat(found.getMetadata().keySet()).containsExactly("title", "tags", "lecturer", "recorded", "rating");
        assertThat(found.getSealed()).usingRecursiveComparison().isEqualTo(original.getSealed());
        assertThat(found.getProbe()).isEqualTo(original.getProbe());
        assertThat(found.getRenditions()).isEqualTo(original.getRenditions());
        assertThat(found.getMaster()).isEqualTo(original.getMaster());
        assertThat(found.getDuplicateOf()).isEqualTo("original-id");
        assertThat(found.getError()).isEqualTo(original.getError());
        assertThat(found.getDetectedAt()).isEqualTo(original.getDetectedAt());
        assertThat(found.getCreatedAt()).isEqualTo(T0);
        assertThat(found.getUpdatedAt()).isEqualTo(original.getUpdatedAt());
        assertThat(found.getReadyAt()).isEqualTo(original.getReadyAt());
        assertThat(found.getTimeToReadyMs()).isEqualTo(120_000L);
        assertThat(found).usingRecursiveComparison().isEqualTo(original);
    }

    @Test
    void aFreshlyReceivedAssetRoundTripsWithItsUnsetFields() {
        store.create(asset("a-new", 0));

        Asset found = store.find("a-new").orElseThrow();

        assertThat(found.getStatus()).isEqualTo(AssetStatus.RECEIVED);
        assertThat(found.getSource().sha256()).isNull();
        assertThat(found.getMetadata()).isEmpty();
        assertThat(found.getProbe()).isNull();
        assertThat(found.getRenditions()).isNull();
        assertThat(found.getError()).isNull();
        assertThat(found.getReadyAt()).isNull();
        assertThat(found).usingRecursiveComparison().isEqualTo(asset("a-new", 0));
    }

    @Test
    void unknownIdIsNotFound() {
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    void creatingAnExistingIdFailsAndKeepsTheOriginal() {
        store.create(asset("a1", 0));
        Asset clash = asset("a1", 5);
        clash.setStatus(AssetStatus.FAILED);

        assertThatThrownBy(() -> store.create(clash)).isInstanceOf(IllegalStateException.class);

        Asset kept = store.find("a1").orElseThrow();
        assertThat(kept.getStatus()).isEqualTo(AssetStatus.RECEIVED);
        assertThat(kept.getCreatedAt()).isEqualTo(T0);
        assertThat(store.list(10, null)).hasSize(1);
    }

    @Test
    void updateAppliesTheChangeAndBumpsUpdatedAt() {
        Asset a = asset("a1", 0);
        a.setUpdatedAt(Instant.parse("2020-01-01T00:00:00Z"));
        store.create(a);

        Asset returned = store.update("a1", x -> {
            x.setStatus(AssetStatus.TRANSCODING);
            x.setProgress(42);
            x.setSource(x.getSource().withSha256("abc123"));
            x.getMetadata().put("title", "Added");
        });

        assertThat(returned.getStatus()).isEqualTo(AssetStatus.TRANSCODING);
        assertThat(returned.getUpdatedAt()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
        Asset found = store.find("a1").orElseThrow();
        assertThat(found.getStatus()).isEqualTo(AssetStatus.TRANSCODING);
        assertThat(found.getProgress()).isEqualTo(42);
        assertThat(found.getSource().sha256()).isEqualTo("abc123");
        assertThat(found.getMetadata()).containsEntry("title", "Added");
        assertThat(found.getCreatedAt()).as("createdAt is kept").isEqualTo(T0);
        assertThat(found.getUpdatedAt()).isEqualTo(returned.getUpdatedAt()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void updatingAnUnknownIdFailsAndCreatesNothing() {
        assertThatThrownBy(() -> store.update("ghost", x -> x.setProgress(1))).isInstanceOf(RuntimeException.class);
        assertThat(store.find("ghost")).isEmpty();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void concurrentUpdatesAreNotLost() throws Exception {
        store.create(asset("counter", 0));
        int threads = 4;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.update("counter", a -> a.setProgress(a.getProgress() + 1));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.find("counter").orElseThrow().getProgress()).isEqualTo(threads * perThread);
    }

    @Test
    void listIsNewestFirstAndPagesWithoutOverlapOrGaps() {
        for (int i = 1; i <= 7; i++) {
            store.create(asset("a" + i, i));
        }

        List<Asset> page1 = store.list(3, null);
        List<Asset> page2 = store.list(3, page1.get(page1.size() - 1).getId());
        List<Asset> page3 = store.list(3, page2.get(page2.size() - 1).getId());
        List<Asset> page4 = store.list(3, page3.get(page3.size() - 1).getId());

        assertThat(ids(page1)).containsExactly("a7", "a6", "a5");
        assertThat(ids(page2)).containsExactly("a4", "a3", "a2");
        assertThat(ids(page3)).containsExactly("a1");
        assertThat(page4).isEmpty();
        assertThat(ids(store.list(100, null))).containsExactly("a7", "a6", "a5", "a4", "a3", "a2", "a1");
    }

    @Test
    void updatesDoNotReorderTheList() {
        for (int i = 1; i <= 3; i++) {
            store.create(asset("a" + i, i));
        }
        store.update("a1", a -> a.setStatus(AssetStatus.READY));

        assertThat(ids(store.list(10, null))).containsExactly("a3", "a2", "a1");
    }

    @Test
    void emptyStoreListsNothing() {
        assertThat(store.list(10, null)).isEmpty();
    }

    @Test
    void findByStatusReturnsExactlyTheAssetsInThoseStatuses() {
        store.create(asset("r1", 1, AssetStatus.RECEIVED, null));
        store.create(asset("t1", 2, AssetStatus.TRANSCODING, null));
        store.create(asset("p1", 3, AssetStatus.PROBING, null));
        store.create(asset("ok", 4, AssetStatus.READY, null));
        store.create(asset("t2", 5, AssetStatus.RECEIVED, null));
        store.update("t2", a -> a.setStatus(AssetStatus.TRANSCODING));

        assertThat(ids(store.findByStatus(EnumSet.of(AssetStatus.TRANSCODING)))).containsExactlyInAnyOrder("t1", "t2");
        assertThat(ids(store.findByStatus(EnumSet.of(AssetStatus.RECEIVED, AssetStatus.PROBING))))
                .containsExactlyInAnyOrder("r1", "p1");
        assertThat(store.findByStatus(EnumSet.of(AssetStatus.FAILED))).isEmpty();
        assertThat(store.findByStatus(Set.of())).isEmpty();
    }

    @Test
    void findBySha256ReturnsTheOldestOtherAssetInTheGivenStatuses() {
        String same = "aaaa";
        store.create(asset("oldest", 1, AssetStatus.READY, same));
        store.create(asset("failed", 2, AssetStatus.FAILED, same));
        store.create(asset("running", 3, AssetStatus.TRANSCODING, same));
        store.create(asset("other-content", 0, AssetStatus.READY, "bbbb"));
        store.create(asset("me", 4, AssetStatus.RECEIVED, null));
        store.update("me", a -> a.setSource(a.getSource().withSha256(same)));
        Set<AssetStatus> live = EnumSet.of(AssetStatus.READY, AssetStatus.PROBING, AssetStatus.TRANSCODING, AssetStatus.PUBLISHING);

        assertThat(store.findBySha256(same, "me", live)).map(Asset::getId).contains("oldest");
        assertThat(store.findBySha256(same, "oldest", live)).as("excludes the given id").map(Asset::getId).contains("running");
        assertThat(store.findBySha256(same, "oldest", EnumSet.of(AssetStatus.READY))).as("only live copies").isEmpty();
        assertThat(store.findBySha256(same, "me", EnumSet.of(AssetStatus.FAILED))).map(Asset::getId).contains("failed");
        assertThat(store.findBySha256(same, "oldest", EnumSet.of(AssetStatus.RECEIVED)))
                .as("a hash set by update is searchable").map(Asset::getId).contains("me");
        assertThat(store.findBySha256("cccc", "me", live)).isEmpty();
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        store.create(fullAsset("kept"));
        store.create(asset("a2", 10));
        store.update("a2", a -> a.setStatus(AssetStatus.PROBING));

        reopen();

        assertThat(store.find("kept").orElseThrow()).usingRecursiveComparison().isEqualTo(fullAsset("kept"));
        assertThat(store.find("a2").orElseThrow().getStatus()).isEqualTo(AssetStatus.PROBING);
        assertThat(ids(store.list(10, null))).containsExactly("a2", "kept");
        assertThat(ids(store.findByStatus(EnumSet.of(AssetStatus.PROBING)))).containsExactly("a2");
        assertThatThrownBy(() -> store.create(asset("a2", 11))).isInstanceOf(IllegalStateException.class);
    }

    /** A library as a migration leaves it: titles, nested source names, every status. */
    private void library() {
        String[][] rows = {
                {"l1", "Cardiology 101: the heart", "cardio/week1/intro.mp4", "READY"},
                {"l2", "Neurology basics", "neuro/week1/brain.mov", "FAILED"},
                {"l3", null, "cardio/week2/valves.mp4", "READY"},
                {"l4", "Cardiac surgery", "surgery/open-heart.mkv", "FAILED"},
                {"l5", "Pédiatrie – l'enfant", "peds/ÉCOLE.mp4", "READY"},
                {"l6", "Say \"cheese\" 100%", "misc/x_y.mp4", "TRANSCODING"},
        };
        for (int i = 0; i < rows.length; i++) {
            Asset a = asset(rows[i][0], i + 1);
            a.setSource(new SourceFile(rows[i][2], 1000, null));
            if (rows[i][1] != null) {
                a.getMetadata().put("title", rows[i][1]);
            }
            a.setStatus(AssetStatus.valueOf(rows[i][3]));
            store.create(a);
        }
    }

    private List<String> query(Set<AssetStatus> statuses, String text, AssetQuery.Order order, int limit) {
        return ids(store.query(new AssetQuery(statuses, text, order, limit, null)));
    }

    @Test
    void queryFiltersByStatusNewestFirst() {
        library();

        assertThat(query(EnumSet.of(AssetStatus.FAILED), null, null, 10)).containsExactly("l4", "l2");
        assertThat(query(EnumSet.of(AssetStatus.READY, AssetStatus.FAILED), null, null, 10))
                .containsExactly("l5", "l4", "l3", "l2", "l1");
        assertThat(query(EnumSet.of(AssetStatus.DUPLICATE), null, null, 10)).isEmpty();
        assertThat(query(Set.of(), null, null, 10)).containsExactly("l6", "l5", "l4", "l3", "l2", "l1");
    }

    @Test
    void findEndedReturnsTheAssetsThatBecameReadyOrFailedInThePeriodAcrossMonths() {
        Instant march31 = Instant.parse("2026-03-31T23:59:59.999Z");
        Instant april1 = Instant.parse("2026-04-01T00:00:00Z");
        for (String id : List.of("march", "april", "later", "unfinished", "retried", "failed")) {
            store.create(asset(id, 1));
        }
        store.update("march", a -> { a.setStatus(AssetStatus.READY); a.setReadyAt(march31); });
        store.update("april", a -> { a.setStatus(AssetStatus.READY); a.setReadyAt(april1); });
        store.update("later", a -> { a.setStatus(AssetStatus.READY); a.setReadyAt(Instant.parse("2026-05-02T00:00:00Z")); });
        store.update("unfinished", a -> a.setStatus(AssetStatus.TRANSCODING));
        store.update("retried", a -> { a.setStatus(AssetStatus.READY); a.setReadyAt(april1.plusSeconds(60)); });
        store.update("retried", a -> a.setStatus(AssetStatus.TRANSCODING)); // a retry: not ended any more
        Instant failedAt = store.update("failed", a -> a.setStatus(AssetStatus.FAILED)).getUpdatedAt();

        Instant from = Instant.parse("2026-03-15T00:00:00Z");
        Instant to = Instant.parse("2026-05-01T00:00:00Z");
        assertThat(store.findEnded(from, to)).extracting(Asset::getId).containsExactlyInAnyOrder("march", "april");
        assertThat(store.findEnded(april1, to)).as("from is inclusive").extracting(Asset::getId).containsExactly("april");
        assertThat(store.findEnded(from, april1)).as("to is exclusive").extracting(Asset::getId).containsExactly("march");
        assertThat(reopen().findEnded(failedAt, failedAt.plusMillis(1))).as("FAILED at its last change, after a restart")
                .extracting(Asset::getId).containsExactly("failed");
    }

    @Test
    void findByExternalIdReturnsTheFirstAssetGivenItAndSearchFindsIt() {
        store.create(asset("first", 1));
        store.create(asset("second", 2));
        store.create(asset("none", 3));
        assertThat(store.findByExternalId("LMS-42")).as("not given yet").isEmpty();
        store.update("first", a -> a.setExternalId("LMS-42"));
        store.update("second", a -> a.setExternalId("LMS-42"));
        
        assertThat(store.findByExternalId("LMS-42")).map(Asset::getId).contains("first");
        assertThat(store.findByExternalId("lms-42")).as("ids are exact, case included").isEmpty();
        assertThat(reopen().findByExternalId("LMS-42")).as("after a restart").map(Asset::getId).contains("first");
        assertThat(query(Set.of(), "lms-4", null, 10)).as("searchable like a title").containsExactly("second", "first");
    }

    @Test
    void querySearchesTitleSourceNameAndIdWithoutRegardToCase() {
        library();

        assertThat(query(Set.of(), "CARDI", null, 10)).as("title or folder").containsExactly("l4", "l3", "l1");
        assertThat(query(Set.of(), "valves", null, 10)).as("source name only").containsExactly("l3");
        assertThat(query(Set.of(), "l2", null, 10)).as("two letters, the id").contains("l2");
        assertThat(query(Set.of(), "école", null, 10)).as("accented, other case").containsExactly("l5");
        assertThat(query(Set.of(), "l'enfant", null, 10)).containsExactly("l5");
        assertThat(query(Set.of(), "\"cheese\" 100%", null, 10)).as("quotes and % are text").containsExactly("l6");
        assertThat(query(Set.of(), "x_y", null, 10)).containsExactly("l6");
        assertThat(query(Set.of(), "oncology", null, 10)).isEmpty();
        assertThat(query(EnumSet.of(AssetStatus.READY), "cardio", null, 10)).as("text and status").containsExactly("l3", "l1");
    }

    @Test
    void queryPagesInEitherOrderWithoutOverlapOrGaps() {
        for (int i = 1; i <= 9; i++) {
            Asset a = asset("p" + i, i);
            a.setStatus(i % 3 == 0 ? AssetStatus.FAILED : AssetStatus.READY);
            a.getMetadata().put("title", i % 2 == 0 ? "even lecture " + i : "odd lecture " + i);
            store.create(a);
        }
        for (AssetQuery.Order order : AssetQuery.Order.values()) {
            List<String> all = new java.util.ArrayList<>();
            String after = null;
            for (int page = 0; page < 10; page++) {
                List<Asset> got = store.query(new AssetQuery(EnumSet.of(AssetStatus.READY), "lecture", order, 2, after));
                if (got.isEmpty()) {
                    break;
                }
                assertThat(got).hasSizeLessThanOrEqualTo(2);
                got.forEach(a -> all.add(a.getId()));
                after = got.get(got.size() - 1).getId();
            }
            List<String> expected = order == AssetQuery.Order.NEWEST
                    ? List.of("p8", "p7", "p5", "p4", "p2", "p1") : List.of("p1", "p2", "p4", "p5", "p7", "p8");
            assertThat(all).as(order.name()).containsExactlyElementsOf(expected);
        }
        assertThat(ids(store.query(new AssetQuery(Set.of(), "even", AssetQuery.Order.OLDEST, 10, "p4"))))
                .containsExactly("p6", "p8");
    }

    @Test
    void searchFollowsATitleOrStatusThatChanges() {
        store.create(asset("t1", 1));
        store.update("t1", a -> {
            a.getMetadata().put("title", "Renal physiology");
            a.setStatus(AssetStatus.READY);
        });

        assertThat(query(EnumSet.of(AssetStatus.READY), "renal", null, 10)).containsExactly("t1");
        store.update("t1", a -> {
            a.getMetadata().put("title", "Hepatic physiology");
            a.setStatus(AssetStatus.FAILED);
        });

        assertThat(query(Set.of(), "renal", null, 10)).isEmpty();
        assertThat(query(EnumSet.of(AssetStatus.READY), null, null, 10)).isEmpty();
        assertThat(query(EnumSet.of(AssetStatus.FAILED), "hepatic", null, 10)).containsExactly("t1");
        reopen();
        assertThat(query(Set.of(), "hepatic", null, 10)).as("after a restart").containsExactly("t1");
    }

    @Test
    void queryAfterAnUnknownIdFindsNothing() {
        library();
        assertThat(store.query(new AssetQuery(Set.of(), null, null, 10, "ghost"))).isEmpty();
    }
}
