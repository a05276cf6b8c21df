package caravan.archive;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failed upload is kept whole and apart from every other: two uploads with the same name keep both sources,
 * both sidecars and both reports, each retry takes back only its own files, and nothing another upload kept is
 * replaced or deleted.
 */
class LocalSourceKeeperTest {
    @TempDir
    Path root;

    @Test
    void twoUploadsWithTheSameNameFailingAtOnceKeepEverythingOfBoth() throws Exception {
        DataFolders folders = DataFolders.create(root);
        LocalSourceKeeper keeper = new LocalSourceKeeper(folders);
        List<Asset> assets = List.of(upload(folders, "a1", "week 1/lecture.mp4"), upload(folders, "a2", "week 2/lecture.mp4"));

        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> kept = new ArrayList<>();
            for (Asset asset : assets) {
                kept.add(workers.submit(() -> {
                    together.await();
                    String at = keeper.failedLocation(asset);
                    keeper.keepFailed(asset, ("{\"assetId\":\"" + asset.getId() + "\"}").getBytes());
                    return at;
                }));
            }
            for (int i = 0; i < assets.size(); i++) {
                assets.get(i).setKeptAt(kept.get(i).get());
            }
        } finally {
            workers.shutdown();
        }

        for (Asset asset : assets) {
            String id = asset.getId();
            assertThat(root.resolve("failed").resolve(id).resolve("lecture.mp4")).hasContent("video of " + id);
            assertThat(root.resolve("failed").resolve(id).resolve("sidecar.json")).hasContent("{\"title\": \"sidecar of " + id + "\"}");
            assertThat(root.resolve("failed").resolve(id).resolve("captions/01.en.vtt")).hasContent("WEBVTT\n\n" + id);
            assertThat(root.resolve("failed").resolve(id).resolve("error.json")).hasContent("{\"assetId\":\"" + id + "\"}");
            assertThat(asset.getKeptAt()).isEqualTo("failed/" + id + "/lecture.mp4");
            assertThat(folders.workDir(id)).doesNotExist();
        }
        for (Asset asset : assets) {
            String id = asset.getId();
            assertThat(keeper.restore(asset)).isTrue();
            assertThat(folders.source(id)).hasContent("video of " + id);
            assertThat(folders.sidecar(id)).hasContent("{\"title\": \"sidecar of " + id + "\"}");
            assertThat(folders.captions(id).resolve("01.en.vtt")).hasContent("WEBVTT\n\n" + id);
            assertThat(root.resolve("failed").resolve(id)).doesNotExist();
        }
    }

    @Test
    void aKeptSourceNamedLikeAnotherUploadsCaptionFolderIsNeverDeleted() throws Exception {
        DataFolders folders = DataFolders.create(root);
        LocalSourceKeeper keeper = new LocalSourceKeeper(folders);
        Asset odd = Asset.received("b1", new SourceFile("x.captions", 3, null), Instant.EPOCH, Instant.EPOCH);
        Files.createDirectories(folders.workDir("b1"));
        Files.writeString(folders.source("b1"), "odd");
        keep(keeper, odd);
        Asset other = upload(folders, "b2", "x");
        keep(keeper, other);

        assertThat(root.resolve(odd.getKeptAt())).hasContent("odd");
        assertThat(keeper.restore(odd)).isTrue();
        assertThat(folders.source("b1")).hasContent("odd");
        assertThat(folders.captions("b1")).doesNotExist();
        assertThat(keeper.restore(other)).isTrue();
        assertThat(folders.captions("b2").resolve("01.en.vtt")).hasContent("WEBVTT\n\nb2");
    }

    @Test
    void aSourceNamedLikeTheReportOrTheSidecarIsKeptBesideThem() throws Exception {
        DataFolders folders = DataFolders.create(root);
        LocalSourceKeeper keeper = new LocalSourceKeeper(folders);
        for (String name : List.of("error.json", "sidecar.json", "captions")) {
            String id = "c-" + name.replace('.', '-');
            Asset asset = upload(folders, id, name);
            keep(keeper, asset);
            assertThat(root.resolve(asset.getKeptAt())).hasContent("video of " + id);
            assertThat(root.resolve("failed").resolve(id).resolve("error.json")).hasContent("{}");
            assertThat(root.resolve("failed").resolve(id).resolve("sidecar.json")).hasContent("{\"title\": \"sidecar of " + id + "\"}");
            assertThat(keeper.restore(asset)).isTrue();
            assertThat(folders.source(id)).hasContent("video of " + id);
            assertThat(folders.sidecar(id)).hasContent("{\"title\": \"sidecar of " + id + "\"}");
        }
    }

    @Test
    void anAssetKeptUnderTheOldLayoutIsStillRestored() throws Exception {
        DataFolders folders = DataFolders.create(root);
        LocalSourceKeeper keeper = new LocalSourceKeeper(folders);
        Files.writeString(root.resolve("failed/old.mp4"), "old video");
        Files.writeString(root.resolve("failed/old.json"), "{\"title\": \"old\"}");
        Files.createDirectories(root.resolve("failed/old.mp4.captions"));
        Files.writeString(root.resolve("failed/old.mp4.captions/01.en.vtt"), "WEBVTT\n");
        Files.writeString(root.resolve("failed/old.mp4.error.json"), "{}");
        Asset asset = Asset.received("d1", new SourceFile("old.mp4", 9, null), Instant.EPOCH, Instant.EPOCH);
        asset.setKeptAt("failed/old.mp4");

        assertThat(keeper.restore(asset)).isTrue();
        assertThat(folders.source("d1")).hasContent("old video");
        assertThat(folders.sidecar("d1")).hasContent("{\"title\": \"old\"}");
        assertThat(folders.captions("d1").resolve("01.en.vtt")).hasContent("WEBVTT\n");
        assertThat(root.resolve("failed/old.mp4.error.json")).doesNotExist();
    }

    @Test
    void anOldLayoutSidecarThatAnotherKeptUploadMayOwnIsNotTakenBack() throws Exception {
        DataFolders folders = DataFolders.create(root);
        LocalSourceKeeper keeper = new LocalSourceKeeper(folders);
        for (String name : List.of("talk.mp4", "talk.mov")) {
            Files.writeString(root.resolve("failed").resolve(name), name);
            Files.writeString(root.resolve("failed").resolve(name + ".error.json"), "{}");
        }
        Files.writeString(root.resolve("failed/talk.json"), "{\"title\": \"whose?\"}");
        Asset asset = Asset.received("f1", new SourceFile("talk.mp4", 8, null), Instant.EPOCH, Instant.EPOCH);
        asset.setKeptAt("failed/talk.mp4");

        assertThatThrownBy(() -> keeper.restore(asset)).isInstanceOf(NotRetryable.class)
                .hasMessageContaining("failed/f1/sidecar.json");
        assertThat(root.resolve("failed/talk.json")).hasContent("{\"title\": \"whose?\"}");
        assertThat(root.resolve("failed/talk.mp4")).hasContent("talk.mp4");

        Files.createDirectories(root.resolve("failed/f1"));
        Files.writeString(root.resolve("failed/f1/sidecar.json"), "{\"title\": \"mine\"}");
        assertThat(keeper.restore(asset)).isTrue();
        assertThat(folders.source("f1")).hasContent("talk.mp4");
        assertThat(folders.sidecar("f1")).hasContent("{\"title\": \"mine\"}");
        assertThat(root.resolve("failed/talk.json")).hasContent("{\"title\": \"whose?\"}");
        assertThat(root.resolve("failed/f1")).doesNotExist();
    }

    @Test
    void aKeptLocationOutsideTheAssetsOwnFolderIsNotRestored() throws Exception {
        DataFolders folders = DataFolders.create(root);
        LocalSourceKeeper keeper = new LocalSourceKeeper(folders);
        Asset mine = upload(folders, "e1", "mine.mp4");
        keep(keeper, mine);
        Asset thief = Asset.received("e2", new SourceFile("mine.mp4", 3, null), Instant.EPOCH, Instant.EPOCH);
        thief.setKeptAt(mine.getKeptAt());

        assertThat(keeper.restore(thief)).isFalse();
        assertThat(root.resolve(mine.getKeptAt())).hasContent("video of e1");
        assertThat(folders.workDir("e2")).doesNotExist();
    }

    private static void keep(LocalSourceKeeper keeper, Asset asset) throws Exception {
        asset.setKeptAt(keeper.failedLocation(asset));
        keeper.keepFailed(asset, "{}".getBytes());
    }

    /** An upload in its work folder: source, sidecar and one caption file, each saying whose it is. */
    private static Asset upload(DataFolders folders, String id, String name) throws Exception {
        Files.createDirectories(folders.captions(id));
        Files.writeString(folders.source(id), "video of " + id);
        Files.writeString(folders.sidecar(id), "{\"title\": \"sidecar of " + id + "\"}");
        Files.writeString(folders.captions(id).resolve("01.en.vtt"), "WEBVTT\n\n" + id);
        return Asset.received(id, new SourceFile(name, 10, null), Instant.EPOCH, Instant.EPOCH);
    }
}
