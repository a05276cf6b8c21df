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
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.transcode.LadderPlan.PlannedRung;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Trick play over the encrypted MPEG-TS ladder, with real ffmpeg: every video rung gets an I-frame playlist in the
 * master, each entry one of the rung's keyframes, encrypted under the rung's key with an IV no segment uses, lasting
 * until the next keyframe.
 */
@Pipeline
class IFramePlaylistsTest {
    private static final int SECONDS = 10;
    private static final Pattern STREAM = Pattern.compile("#EXT-X-STREAM-INF:.*RESOLUTION=(\\d+x\\d+).*CODECS=\"(avc1[^,\"]*)");
    private static final Pattern IFRAME = Pattern.compile("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=(\\d+),.*RESOLUTION=(\\d+x\\d+),CODECS=\"([^\"]+)\",URI=\"([^\"]+)\"");

    @TempDir
    static Path dir;
    static SqliteAssetStore store;
    static ContentKeys keys;
    static DataFolders folders;
    static String id;
    static Path out;
    static String master;

    @BeforeAll
    static void encryptALadderAndWriteItsIFramePlaylists() throws Exception {
        folders = DataFolders.create(dir.resolve("data"));
        store = new SqliteAssetStore(new SqliteDatabase(dir.resolve("caravan.db")), Clock.systemUTC());
        keys = new ContentKeys(store, MasterKeyFile.openOrCreate(dir.resolve("master.key")));
        SegmentEncryption encryption = new SegmentEncryption(folders, keys, "");
        id = SegmentEncryptionTest.transcode(folders, store, encryption, SECONDS); // 240p and 144p, encrypted
        out = folders.transcodeOutput(id);

        new IFramePlaylists(folders, TestClips.tools(), keys, encryption, 60_000).write(id);
        master = Files.readString(out.resolve("master.m3u8"));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Test
    void theMasterListsAnIFramePlaylistForEveryVideoRungWithItsResolutionAndCodec() {
        List<String> streams = new ArrayList<>();
        Matcher s = STREAM.matcher(master);
        while (s.find()) {
            streams.add(s.group(1) + " " + s.group(2));
        }
        List<String> iframes = new ArrayList<>();
        Matcher i = IFRAME.matcher(master);
        while (i.find()) {
            iframes.add(i.group(2) + " " + i.group(3));
            assertThat(out.resolve(i.group(4))).exists();
            assertThat(Long.parseLong(i.group(1))).isPositive();
        }
        assertThat(streams).hasSize(2);
        assertThat(iframes).as(master).containsExactlyInAnyOrderElementsOf(streams);
    }

    @Test
    void everyEntryIsOneOfTheRungsKeyframesEncryptedUnderAnIvNoSegmentUses() throws Exception {
        for (String rung : List.of("240p", "144p")) {
            Path playlist = out.resolve(rung).resolve(IFramePlaylists.PLAYLIST);
            String text = Files.readString(playlist);
            assertThat(text).contains("#EXT-X-I-FRAMES-ONLY", "#EXT-X-VERSION:4", "#EXT-X-PLAYLIST-TYPE:VOD").endsWith("#EXT-X-ENDLIST\n");
            List<SegmentEncryptionTest.Declared> entries = SegmentEncryptionTest.declared(playlist);
            assertThat(entries).as("one entry per 2 s keyframe").hasSize(SECONDS / 2);
            Set<BigInteger> segmentIvs = new HashSet<>();
            for (SegmentEncryptionTest.Declared d : SegmentEncryptionTest.declared(out.resolve(rung).resolve("index.m3u8"))) {
                segmentIvs.add(new BigInteger(1, d.iv()));
            }
            List<Double> durations = text.lines().filter(l -> l.startsWith("#EXTINF:"))
                    .map(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).toList();
            assertThat(durations.stream().mapToDouble(Double::doubleValue).sum()).as(rung).isCloseTo(SECONDS, within(0.1));
            byte[] key = keys.contentKey(id, 0);
            double first = Double.NaN;
            double elapsed = 0;
            for (int k = 0; k < entries.size(); k++) {
                SegmentEncryptionTest.Declared e = entries.get(k);
                assertThat(segmentIvs).as("%s I-frame %d's IV", rung, k).doesNotContain(new BigInteger(1, e.iv()));
                Path clear = dir.resolve(rung + "-iframe-" + k + ".ts");
                Files.write(clear, SegmentEncryptionTest.decrypt(key, e.iv(), e.file()));
                List<String> packets = packets(clear);
                assertThat(packets).as("%s I-frame %d holds one picture", rung, k).hasSize(1);
                assertThat(packets.get(0)).as("a keyframe").endsWith(",K__");
                double pts = Double.parseDouble(packets.get(0).split(",")[0]);
                first = k == 0 ? pts : first;
                assertThat(pts - first).as("%s I-frame %d starts where the playlist says", rung, k).isCloseTo(elapsed, within(0.01));
                elapsed += durations.get(k);
            }
        }
    }

    @Test
    void writingAgainAfterARestartChangesNothing() throws Exception {
        new IFramePlaylists(folders, TestClips.tools(), keys, new SegmentEncryption(folders, keys, ""), 60_000).write(id);
        assertThat(Files.readString(out.resolve("master.m3u8"))).isEqualTo(master);
    }

    private static List<String> packets(Path file) throws Exception {
        List<String> command = new ArrayList<>(TestClips.tools().ffprobe());
        command.addAll(List.of("-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0",
                file.toString()));
        Process p = new ProcessBuilder(command).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
