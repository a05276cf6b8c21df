package caravan.transcode;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceFile;
import caravan.database.SqliteDatabase;
import caravan.delivery.ContentKeys;
import caravan.ffmpeg.UntrustedInput;
import caravan.ingest.Intake;
import caravan.keys.MasterKeyFile;
import caravan.store.SqliteAssetStore;
import caravan.testing.MediaInspector;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.transcode.LadderPlan.PlannedRung;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ladder as ffmpeg really encrypts it with {@link SegmentEncryption}'s key info: every segment under its own
 * IV, stated in the playlist, and read back in clear by {@link SegmentDecryption} for the outputs made from it.
 */
@Pipeline
class SegmentEncryptionTest {
    private static final int SECONDS = 20;
    private static final int ROTATING_SECONDS = 30;
    private static final int ROTATION = 2;

    @TempDir
    static Path dir;
    static SqliteAssetStore store;
    static ContentKeys keys;
    static DataFolders folders;
    static String id;
    static Path out;
    static String rotating;

    @BeforeAll
    static void encryptALadder() throws Exception {
        folders = DataFolders.create(dir.resolve("data"));
        store = new SqliteAssetStore(new SqliteDatabase(dir.resolve("caravan.db")), Clock.systemUTC());
        keys = new ContentKeys(store, MasterKeyFile.openOrCreate(dir.resolve("master.key")));
        id = transcode(folders, store, new SegmentEncryption(folders, keys, ""), SECONDS);
        out = folders.transcodeOutput(id);
        rotating = transcode(folders, store, new SegmentEncryption(folders, keys, "", ROTATION), ROTATING_SECONDS);
    }

    /** A new asset made of a {@code seconds} long clip, transcoded to two rungs the way TranscodeStage does. */
    static String transcode(DataFolders folders, SqliteAssetStore store, SegmentEncryption encryption, int seconds) throws Exception {
        String asset = Intake.newId();
        Instant now = Instant.now();
        store.create(Asset.received(asset, new SourceFile("lecture.mp4", 1000, null), now, now));
        Files.createDirectories(folders.workDir(asset));
        Files.copy(TestClips.landscape(seconds), folders.source(asset));
        Files.createDirectories(folders.transcodeOutput(asset));

        Ladder ladder = Ladder.load(Path.of("config/ladder.json"));
        LadderPlan plan = new LadderPlan(List.of(new PlannedRung("240p", 426, 240, 400), new PlannedRung("144p", 256, 144, 200)),
                true, 25, false, ladder);
        Path keyInfo = encryption.prepare(asset, TranscodeCommand.renditionFolders(plan));
        List<String> command = new ArrayList<>(TestClips.tools().ffmpeg());
        command.addAll(TranscodeCommand.arguments(plan, folders.source(asset), folders.transcodeOutput(asset), folders.progressFile(asset),
                new UntrustedInput("mov,mp4,m4a,3gp,3g2,mj2", 4096L * 2304), keyInfo));
        Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(log).isZero();
        encryption.cleanUp(asset);
        return asset;
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    /** One media segment as the playlist states it: the IV of the key tag in force, and its file. */
    record Declared(String keyLine, byte[] iv, Path file) {
        /** The content key number its URI names: /keys/<id> is key 0, /keys/<id>/<n> key n. */
        int key() {
            String uri = keyLine.replaceAll(".*URI=\"([^\"]*)\".*", "$1");
            return uri.matches(".*/keys/[a-z0-9]+/\\d+") ? Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1)) : 0;
        }
    }

    static List<Declared> declared(Path playlist) throws Exception {
        List<Declared> segments = new ArrayList<>();
        String keyLine = null;
        for (String line : Files.readAllLines(playlist)) {
            if (line.startsWith("#EXT-X-KEY:")) {
                keyLine = line;
            } else if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(keyLine).as("a key tag before %s", line).isNotNull();
                String hex = keyLine.replaceAll(".*,IV=0[xX]([0-9A-Fa-f]{32}).*", "$1");
                assertThat(hex).as("an explicit 128-bit IV in %s", keyLine).hasSize(32);
                byte[] iv = Arrays.copyOfRange(new BigInteger("01" + hex, 16).toByteArray(), 1, 17);
                segments.add(new Declared(keyLine, iv, playlist.resolveSibling(line)));
            }
        }
        return segments;
    }

    static byte[] decrypt(byte[] key, byte[] iv, Path file) throws Exception {
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return aes.doFinal(Files.readAllBytes(file));
    }

    @Test
    void everySegmentOfEveryRenditionHasItsOwnIvInThePlaylist() throws Exception {
        for (String rung : List.of("240p", "144p")) {
            Path playlist = out.resolve(rung).resolve("index.m3u8");
            String text = Files.readString(playlist);
            List<Declared> segments = declared(playlist);
            assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
            assertThat(text.lines().filter(l -> l.startsWith("#EXT-X-KEY:"))).as(text).hasSameSizeAs(segments);
            assertThat(segments).allSatisfy(s -> assertThat(s.keyLine()).startsWith("#EXT-X-KEY:METHOD=AES-128,URI=\"/keys/" + id + "\","));
            assertThat(new HashSet<>(segments.stream().map(s -> new BigInteger(1, s.iv())).toList())).as(text).hasSameSizeAs(segments);
        }
    }

    @Test
    void everySegmentDecryptsWithTheIvItsPlaylistStates() throws Exception {
        byte[] key = keys.contentKey(id);
        List<Declared> segments = declared(out.resolve("240p").resolve("index.m3u8"));
        byte[] first = decrypt(key, segments.get(0).iv(), segments.get(0).file());
        for (Declared s : segments) {
            byte[] clear = decrypt(key, s.iv(), s.file());
            // CBC: a wrong IV garbles exactly the first block, which (the service table every segment starts
            // with, apart from its continuity counter) is the same in every segment
            assertThat(clear[0]).isEqualTo((byte) 0x47);
            assertThat(Arrays.copyOfRange(clear, 4, 16)).as(s.file().getFileName().toString()).isEqualTo(Arrays.copyOfRange(first, 4, 16));
            for (int p = 0; p < clear.length; p += 188) {
                assertThat(clear[p]).as("sync byte of packet at %d in %s", p, s.file().getFileName()).isEqualTo((byte) 0x47);
            }
        }
    }

    @Test
    void theOutputsReadEverySegmentBackInClearWithItsOwnIv() throws Exception {
        Path playlist = out.resolve("240p").resolve("index.m3u8");
        byte[] key = keys.contentKey(id);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Declared s : declared(playlist)) {
            expected.write(decrypt(key, s.iv(), s.file()));
        }
        ByteArrayOutputStream clear = new ByteArrayOutputStream();
        new SegmentDecryption(keys).copyClear(id, playlist, clear);
        assertThat(clear.toByteArray()).isEqualTo(expected.toByteArray());

        Path ts = Files.write(dir.resolve("clear.ts"), clear.toByteArray());
        JsonNode probe = MediaInspector.probe(ts);
        assertThat(MediaInspector.firstStream(probe, "video").path("height").asInt()).isEqualTo(240);
        assertThat(probe.path("format").path("duration").asDouble()).isBetween(SECONDS - 0.5, SECONDS + 0.5);
        JsonNode player = MediaInspector.firstStream(MediaInspector.probeEncrypted(playlist, key), "video");
        assertThat(player.path("codec_name").asText()).isEqualTo("h264");
    }

    @Test
    void withRotationEachRunOfSegmentsHasItsOwnKeyNamedInThePlaylist() throws Exception {
        Path media = folders.transcodeOutput(rotating);
        for (String rung : List.of("240p", "144p")) {
            List<Declared> segments = declared(media.resolve(rung).resolve("index.m3u8"));
            assertThat(segments).hasSize(5);
            List<Integer> used = segments.stream().map(Declared::key).toList();
            assertThat(used.get(0)).isZero();
            assertThat(segments.get(0).keyLine()).contains("URI=\"/keys/" + rotating + "\"");
            // where a key starts depends on timing (SegmentKeyRotation); that keys rotate, and no more often than
            // every N segments in all, does not
            assertThat(used).as("keys of %s", rung).isSorted().contains(1);
            assertThat(new HashSet<>(used)).hasSizeLessThanOrEqualTo((segments.size() + ROTATION - 1) / ROTATION);
            for (int k : new HashSet<>(used)) {
                assertThat(segments.stream().filter(s -> s.key() == k)).allSatisfy(s -> assertThat(s.keyLine())
                        .contains("URI=\"/keys/" + rotating + (k == 0 ? "" : "/" + k) + "\""));
            }
            byte[] first = decrypt(keys.contentKey(rotating, 0), segments.get(0).iv(), segments.get(0).file());
            for (Declared s : segments) {
                byte[] clear = decrypt(keys.contentKey(rotating, s.key()), s.iv(), s.file());
                assertThat(Arrays.copyOfRange(clear, 4, 16)).as(s.file().getFileName().toString()).isEqualTo(Arrays.copyOfRange(first, 4, 16));
            }
        }
        assertThat(keys.contentKey(rotating, 1)).isNotEqualTo(keys.contentKey(rotating, 0));
        assertThat(keys.contentKey(id, 0)).isEqualTo(keys.contentKey(id));
        try (var files = Files.list(folders.workDir(rotating))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".key"));
        }
    }

    @Test
    void withRotationTheOutputsReadEachSegmentWithItsOwnKey() throws Exception {
        Path playlist = folders.transcodeOutput(rotating).resolve("144p").resolve("index.m3u8");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Declared s : declared(playlist)) {
            expected.write(decrypt(keys.contentKey(rotating, s.key()), s.iv(), s.file()));
        }
        ByteArrayOutputStream clear = new ByteArrayOutputStream();
        new SegmentDecryption(keys).copyClear(rotating, playlist, clear);
        assertThat(clear.toByteArray()).isEqualTo(expected.toByteArray());
        JsonNode probe = MediaInspector.probe(Files.write(dir.resolve("rotating-clear.ts"), clear.toByteArray()));
        assertThat(MediaInspector.firstStream(probe, "video").path("height").asInt()).isEqualTo(144);
        assertThat(probe.path("format").path("duration").asDouble()).isBetween(ROTATING_SECONDS - 0.5, ROTATING_SECONDS + 0.5);
    }

    @Test
    void aRotationOfOneSegmentIsRefusedAtStart() {
        assertThatThrownBy(() -> new SegmentEncryption(folders, keys, "", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caravan.delivery.keyRotationSegments");
    }
}
