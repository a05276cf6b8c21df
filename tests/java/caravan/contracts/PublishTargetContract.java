package caravan.contracts;

import caravan.DataFolders;
import caravan.publish.PublishTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link PublishTarget} must do for {@code Publisher} and for players: nothing counts as published until
 * the whole asset is there (a player that finds the master playlist finds every file it names), every file arrives
 * byte for byte under {@code media/<id>/}, publishing again is harmless, and assets never touch each other.
 * An implementation test says how to make a target over the data folders and how to read a published file back.
 */
public abstract class PublishTargetContract {

    protected abstract PublishTarget newTarget(DataFolders folders) throws Exception;

    /** The bytes published for {@code assetId} at {@code relativePath} (under {@code media/<id>/}), or empty. */
    protected abstract Optional<byte[]> publishedFile(String assetId, String relativePath) throws Exception;

    @TempDir
    protected Path root;
    protected DataFolders folders;
    protected PublishTarget target;

    @BeforeEach
    void open() throws Exception {
        folders = DataFolders.create(root);
        target = newTarget(folders);
    }

    @Test
    void nothingIsPublishedBeforePublishing() throws Exception {
        finishedAsset("a1", 1);

        assertThat(target.isPublished("a1")).isFalse();
        assertThatThrownBy(() -> target.masterPlaylist("a1")).as("no master playlist to read").isInstanceOf(Exception.class);
    }

    @Test
    void everyFileArrivesByteForByteAndTheMasterLocationIsReturned() throws Exception {
        Map<String, byte[]> files = finishedAsset("a1", 1);

        String location = target.publish("a1", folders.transcodeOutput("a1"));

        assertThat(target.isPublished("a1")).isTrue();
        assertThat(location).isEqualTo(target.masterLocation("a1")).endsWith("media/a1/master.m3u8");
        assertThat(target.masterPlaylist("a1")).isEqualTo(new String(files.get("master.m3u8"), StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertThat(publishedFile("a1", f.getKey())).as(f.getKey()).hasValueSatisfying(b -> assertThat(b).isEqualTo(f.getValue()));
        }
    }

    /** Players poll for the master playlist: once it is there, every playlist and segment it leads to must be too. */
    @Test
    void whenTheAssetCountsAsPublishedEveryFileIsAlreadyThere() throws Exception {
        Map<String, byte[]> files = finishedAsset("a1", 1);
        List<String> missingWhenPublished = new CopyOnWriteArrayList<>();
        AtomicBoolean sawPublished = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread player = new Thread(() -> {
            try {
                while (!stop.get()) {
                    if (target.isPublished("a1")) {
                        sawPublished.set(true);
                        for (String name : files.keySet()) {
                            if (publishedFile("a1", name).isEmpty()) {
                                missingWhenPublished.add(name);
                            }
                        }
                        return;
                    }
                }
            } catch (Exception e) {
                missingWhenPublished.add("error: " + e);
            }
        }, "player");
        player.start();

        target.publish("a1", folders.transcodeOutput("a1"));
        Thread.sleep(50);
        stop.set(true);
        player.join(30_000);

        assertThat(missingWhenPublished).as("files missing when the asset already counted as published").isEmpty();
        assertThat(sawPublished).as("the watching player saw the asset published").isTrue();
    }

    /** After a crash between publishing and recording READY, the same finished asset is published again. */
    @Test
    void publishingTheSameAssetAgainIsHarmless() throws Exception {
        Map<String, byte[]> files = finishedAsset("a1", 1);
        String first = target.publish("a1", folders.transcodeOutput("a1"));
        DataFolders.deleteTree(folders.transcodeOutput("a1"));
        finishedAsset("a1", 1);

        String second = target.publish("a1", folders.transcodeOutput("a1"));

        assertThat(second).isEqualTo(first);
        assertThat(target.isPublished("a1")).isTrue();
        assertThat(target.masterPlaylist("a1")).isEqualTo(new String(files.get("master.m3u8"), StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertThat(publishedFile("a1", f.getKey())).as(f.getKey()).hasValueSatisfying(b -> assertThat(b).isEqualTo(f.getValue()));
        }
    }

    @Test
    void assetsArePublishedApart() throws Exception {
        Map<String, byte[]> one = finishedAsset("a1", 1);
        Map<String, byte[]> ten = finishedAsset("a10", 10);

        target.publish("a1", folders.transcodeOutput("a1"));

        assertThat(target.isPublished("a10")).isFalse();
        target.publish("a10", folders.transcodeOutput("a10"));
        assertThat(target.masterLocation("a1")).isNotEqualTo(target.masterLocation("a10"));
        assertThat(target.masterPlaylist("a1")).isEqualTo(new String(one.get("master.m3u8"), StandardCharsets.UTF_8));
        assertThat(target.masterPlaylist("a10")).isEqualTo(new String(ten.get("master.m3u8"), StandardCharsets.UTF_8));
        assertThat(publishedFile("a1", "360p/seg_000.ts")).hasValueSatisfying(b -> assertThat(b).isEqualTo(one.get("360p/seg_000.ts")));
        assertThat(publishedFile("a10", "360p/seg_000.ts")).hasValueSatisfying(b -> assertThat(b).isEqualTo(ten.get("360p/seg_000.ts")));
        assertThat(target.isPublished("a")).isFalse();
    }

    /** Larger than one S3 upload part (16 MiB): a long high-rung segment or a downloadable MP4. */
    @Test
    void aLargeFileArrivesWhole() throws Exception {
        finishedAsset("a1", 1);
        byte[] big = new byte[(17 << 20) + 123];
        new Random(7).nextBytes(big);
        Files.write(folders.transcodeOutput("a1").resolve("download.mp4"), big);

        target.publish("a1", folders.transcodeOutput("a1"));

        Optional<byte[]> published = publishedFile("a1", "download.mp4");
        assertThat(published).isPresent();
        assertThat(sha256(published.get())).isEqualTo(sha256(big));
    }

    /**
     * A finished HLS folder as the transcode stage leaves it in {@code work/<id>/hls}: a master playlist, two rungs
     * of playlists and segments, a poster and captions. Returns relative path to content.
     */
    protected Map<String, byte[]> finishedAsset(String assetId, int seed) throws Exception {
        Path hls = folders.transcodeOutput(assetId);
        Files.createDirectories(hls);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Random random = new Random(seed);
        List<String> rungs = List.of("360p", "720p");
        for (String rung : rungs) {
            StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n");
            for (int i = 0; i < 8; i++) {
                byte[] segment = new byte[1_000 + random.nextInt(4_000)];
                random.nextBytes(segment);
                files.put(rung + "/seg_%03d.ts".formatted(i), segment);
                playlist.append("#EXTINF:2.000,\nseg_%03d.ts\n".formatted(i));
            }
            files.put(rung + "/index.m3u8", playlist.append("#EXT-X-ENDLIST\n").toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] poster = new byte[2_048];
        random.nextBytes(poster);
        files.put("poster.jpg", poster);
        files.put("subs/en.vtt", ("WEBVTT\n\n00:00.000 --> 00:02.000\nasset " + assetId + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("master.m3u8", ("#EXTM3U\n#EXT-X-VERSION:3\n# asset " + assetId + "\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720\n720p/index.m3u8\n").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = hls.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        return files;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
