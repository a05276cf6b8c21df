package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.archive.KeptNames;
import caravan.testing.LogSnapshot;
import caravan.testing.CaravanApp;
import caravan.testing.HostileMedia;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of hostile and broken uploads, generated at test time, dropped into one running Caravan at once. Each
 * must end FAILED with its own error code (or, for hostile names on valid media, READY with the name kept as
 * data); afterwards the app is healthy, no shell ran, and files outside the data folder (a canary, a sidecar-shaped
 * canary and a private folder) were neither read (their access time is unchanged) nor written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class HostileInputsTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long MAX_FILE_BYTES = 1_500_000;
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
    private static final String NON_UTF8_AS_RECORDED = "caf%E9 lecture.mp4";

    @TempDir
    static Path root;
    private Path data;
    private Path outside;
    private Path corpusDir;
    private Path canary;
    private Path canarySidecar;
    private String secret;
    private String protectedValue;
    private CaravanApp app;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<Hostile> failing = new ArrayList<>();
    private final List<String> readyNames = new ArrayList<>();
    private final Map<String, Asset> outcomes = new LinkedHashMap<>();
    private final Map<String, String> stuck = new LinkedHashMap<>();
    private Map<Path, String> outsideBefore;

    /** One hostile upload: the name it is dropped under and the error code it must fail with. */
    record Hostile(String name, String code, String what) {
        @Override
        public String toString() {
            return what + " -> " + code;
        }
    }

    @BeforeAll
    void dropTheWholeCorpus() throws Exception {
        data = root.resolve("data");
        outside = Files.createDirectories(root.resolve("outside"));
        corpusDir = Files.createDirectories(root.resolve("corpus"));
        secret = "CANARY-" + UUID.randomUUID();
        protectedValue = "MRN-" + UUID.randomUUID();
        canary = HostileMedia.write(outside.resolve("canary.txt"), (secret + "\n").getBytes(StandardCharsets.UTF_8));
        canarySidecar = HostileMedia.write(outside.resolve("canary.json"),
                ("{\"title\": \"" + secret + "\"}").getBytes(StandardCharsets.UTF_8));
        Files.copy(HostileMedia.tinyClip(), Files.createDirectories(outside.resolve("private")).resolve("lecture.mp4"));
        outsideBefore = fingerprint(outside);
        try (Stream<Path> files = Files.walk(outside)) {
            for (Path p : files.toList()) {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes(null, LONG_AGO, null);
            }
        }

        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("caravan")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        logs.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        app = CaravanApp.start(data, Map.of(
                "caravan.limits.maxFileBytes", String.valueOf(MAX_FILE_BYTES),
                "caravan.ingest.stableMillis", "100"));

        dropBrokenFiles();
        dropReferencesToOtherFiles();
        dropOverTheLimits();
        dropThingsThatAreNotRegularFiles();
        dropBadSidecars();
        dropHostileNamesOnValidMedia();

        List<String> names = new ArrayList<>(readyNames);
        failing.forEach(h -> names.add(h.name()));
        Instant deadline = Instant.now().plus(WAIT);
        for (String name : names) {
            Duration left = Duration.between(Instant.now(), deadline);
            try {
                outcomes.put(name, app.awaitOutcome(name, left.isNegative() ? Duration.ofMillis(200) : left));
            } catch (AssertionError e) {
                stuck.put(name, e.getMessage()); // reported by the test that expected an outcome for it
            }
        }
    }

    private Asset outcome(String name) {
        assertThat(stuck.get(name)).as("'%s' never reached an outcome", name).isNull();
        return outcomes.get(name);
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private void dropBrokenFiles() throws IOException {
        fails("empty.mp4", "EMPTY_FILE", "zero bytes", new byte[0]);
        fails("notes.mp4", "UNREADABLE_MEDIA", "text renamed .mp4", Files.readAllBytes(TestClips.textAsMp4()));
        fails("noise.mp4", "UNREADABLE_MEDIA", "64 KiB of random bytes", HostileMedia.randomBytes(65_536, 42));
        fails("truncated.mp4", "UNREADABLE_MEDIA", "MP4 cut before its moov index", Files.readAllBytes(TestClips.truncated()));
        fails("zero-size.mkv", "UNREADABLE_MEDIA", "video with 0x0 dimensions", Files.readAllBytes(HostileMedia.zeroByZero(corpusDir)));
        fails("no-sample-rate.wav", "UNREADABLE_MEDIA", "WAV header: 0 Hz, 4 GiB of data", HostileMedia.wav(2, 0, 16));
        fails("65535-channels.wav", "UNREADABLE_MEDIA", "WAV header: 65535 channels", HostileMedia.wav(65_535, 48_000, 16));
        fails("concat-url.mp4", "UNREADABLE_MEDIA", "text that is a concat: URL",
                ("concat:" + canary + "|" + canary).getBytes(StandardCharsets.UTF_8));
        fails("dashcam-cut.ts", "NO_PLAYABLE_LADDER", "transport stream cut after 6 KB (decodes to no frames)",
                HostileMedia.cutTransportStream());
        fails("subtitles-only.mp4", "NO_MEDIA_STREAMS", "MP4 with only a subtitle track",
                Files.readAllBytes(HostileMedia.subtitlesOnly(corpusDir)));
        fails("cover-art-only.mp4", "NO_MEDIA_STREAMS", "MP4 with only a cover picture", Files.readAllBytes(HostileMedia.coverArtOnly()));
        fails("animation.mp4", "FORMAT_NOT_ALLOWED", "GIF renamed .mp4", Files.readAllBytes(HostileMedia.gif()));
        fails("picture.mp4", "FORMAT_NOT_ALLOWED", "PNG image renamed .mp4", Files.readAllBytes(HostileMedia.png()));
        fails("text-art.mp4", "FORMAT_NOT_ALLOWED", "XBIN text art (renders text as video)", HostileMedia.xbin());
        // 85 three-byte characters: 255 bytes, so the kept file's ".error.json" report needs a shortened name
        String longName = "ab" + "心".repeat(83) + ".mp4";
        fails(longName, "UNREADABLE_MEDIA", "255-byte UTF-8 name on a text file", "not a video".getBytes(StandardCharsets.UTF_8));
    }

    private void dropReferencesToOtherFiles() throws IOException {
        fails("hls-passwd.mp4", "PLAYLIST_NOT_MEDIA", "HLS playlist renamed .mp4 listing /etc/passwd and the canary",
                ("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\nfile:///etc/passwd\n#EXTINF:10.0,\nfile://" + canary
                        + "\n#EXT-X-ENDLIST\n").getBytes(StandardCharsets.UTF_8));
        fails("hls-concat-subfile.mp4", "PLAYLIST_NOT_MEDIA", "HLS playlist whose segments are concat: and subfile: URLs",
                ("\uFEFF#EXTM3U\n#EXTINF:1,\nconcat:" + canary + "|" + canary + "\n#EXTINF:1,\nsubfile,,start,0,end,32,,:"
                        + canary + "\n#EXT-X-ENDLIST\n").getBytes(StandardCharsets.UTF_8));
        fails("list.mp4", "PLAYLIST_NOT_MEDIA", "ffconcat list of the canary, directly and through subfile:",
                ("ffconcat version 1.0\nfile 'file:" + canary + "'\nfile 'subfile,,start,0,end,32,,:" + canary + "'\n")
                        .getBytes(StandardCharsets.UTF_8));
        fails("manifest.mp4", "PLAYLIST_NOT_MEDIA", "DASH manifest whose BaseURL is the canary",
                ("<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\""
                        + " type=\"static\" mediaPresentationDuration=\"PT1S\"><Period><AdaptationSet><Representation id=\"1\""
                        + " bandwidth=\"1\"><BaseURL>file://" + canary + "</BaseURL></Representation></AdaptationSet></Period></MPD>\n")
                        .getBytes(StandardCharsets.UTF_8));
        fails("session.mp4", "PLAYLIST_NOT_MEDIA", "SDP session description (RTP from the network)",
                "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 5004 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                        .getBytes(StandardCharsets.UTF_8));
        fails("exploit-2017.avi", "NO_MEDIA_STREAMS", "AVI with a GAB2 subtitle carrying an HLS playlist (2017 file-read exploit)",
                HostileMedia.aviWithEmbeddedPlaylist(canary));
    }

    private void dropOverTheLimits() throws IOException {
        fails("huge-picture.mkv", "PIXEL_LIMIT", "one 8192x8192 PNG frame", Files.readAllBytes(HostileMedia.hugePicture()));
        fails("lying-header.avi", "PIXEL_LIMIT", "8192x8192 MJPEG frame in an AVI whose headers say 16x16",
                Files.readAllBytes(HostileMedia.pictureWithLyingHeader(corpusDir)));
        fails("one-huge-frame.mkv", "PIXEL_LIMIT", "16x16 MJPEG stream with one 8192x8192 frame in the middle",
                Files.readAllBytes(HostileMedia.oneHugeFrameMidStream(corpusDir)));
        fails("ten-hours.mkv", "DURATION_LIMIT", "10-hour 16x16 video (one frame an hour)", Files.readAllBytes(HostileMedia.tenHours()));
        fails("too-big.mp4", "FILE_TOO_LARGE", "file over caravan.limits.maxFileBytes", new byte[(int) MAX_FILE_BYTES + 1]);
    }

    private void dropThingsThatAreNotRegularFiles() throws IOException, InterruptedException {
        Files.createSymbolicLink(app.inbox().resolve("link-to-canary.mp4"), canary);
        failing.add(new Hostile("link-to-canary.mp4", "UNSUPPORTED_FORMAT", "symlink to a file outside the inbox"));
        run("mkfifo", app.inbox().resolve("pipe.mp4").toString());
        failing.add(new Hostile("pipe.mp4", "UNSUPPORTED_FORMAT", "named pipe (FIFO): opening it would block"));
        Files.createSymbolicLink(app.inbox().resolve("linked-folder"), outside.resolve("private"));
    }

    private void dropBadSidecars() throws IOException, InterruptedException {
        withSidecar("sidecar-not-json", "SIDECAR_NOT_JSON", "sidecar that is not JSON", "{title: oops".getBytes(StandardCharsets.UTF_8));
        byte[] tenMegabytes = new byte[10 << 20];
        java.util.Arrays.fill(tenMegabytes, (byte) ' ');
        byte[] start = "{\"title\": \"big\", \"pad\": \"".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, tenMegabytes, 0, start.length);
        tenMegabytes[tenMegabytes.length - 2] = '"';
        tenMegabytes[tenMegabytes.length - 1] = '}';
        withSidecar("sidecar-10mb", "SIDECAR_TOO_LARGE", "10 MB sidecar", tenMegabytes);
        withSidecar("sidecar-types", "SIDECAR_INVALID", "sidecar with unexpected types",
                ("{\"title\": {\"$gt\": \"" + protectedValue + "\"}, \"tags\": \"cardio\", \"language\": 7, \"sensitive\": \""
                        + protectedValue + "\"}").getBytes(StandardCharsets.UTF_8));
        withSidecar("sidecar-array", "SIDECAR_INVALID", "sidecar that is a JSON array", "[\"title\"]".getBytes(StandardCharsets.UTF_8));
        withSidecar("sidecar-nested", "SIDECAR_NOT_JSON", "sidecar nested 50 000 levels deep",
                ("{\"room\": " + "[".repeat(50_000) + "]".repeat(50_000) + "}").getBytes(StandardCharsets.UTF_8));
        withSidecar("sidecar-long-number", "SIDECAR_NOT_JSON", "sidecar with a 100 000-digit number",
                ("{\"room\": 1" + "0".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8));
        byte[] latin1 = "{\"title\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        withSidecar("sidecar-latin1", "SIDECAR_NOT_JSON", "sidecar that is not UTF-8", latin1);

        Files.createSymbolicLink(app.inbox().resolve("sidecar-link.json"), canarySidecar);
        put("sidecar-link.mp4", Files.readAllBytes(HostileMedia.tinyClip()));
        failing.add(new Hostile("sidecar-link.mp4", "UNSUPPORTED_FORMAT", "sidecar that is a symlink to a JSON file outside"));
        run("mkfifo", app.inbox().resolve("sidecar-pipe.json").toString());
        put("sidecar-pipe.mp4", Files.readAllBytes(HostileMedia.tinyClip()));
        failing.add(new Hostile("sidecar-pipe.mp4", "UNSUPPORTED_FORMAT", "sidecar that is a named pipe"));
    }

    private void dropHostileNamesOnValidMedia() throws IOException, InterruptedException {
        List<String> names = List.of("-i x.mp4", "$(touch pwned).mp4", "`touch pwned`.mp4", "a;b|c.mp4",
                "concat:a.mp4|subfile,,start,0,end,1,,:b.mp4", "${sys:user.home}{{caravan.api.token}}.mp4",
                "line\nbreak\u001b[31mred.mp4", "a".repeat(251) + ".mp4", "x" + "\uD83D\uDE00".repeat(62) + ".mp4");
        for (int i = 0; i < names.size(); i++) {
            put(names.get(i), Files.readAllBytes(TestClips.variant(HostileMedia.tinyClip(), "name" + i)));
            readyNames.add(names.get(i));
        }
        put("script-title.json", "{\"title\": \"<script>alert(1)</script>\", \"description\": \"<img src=x onerror=alert(1)>\"}"
                .getBytes(StandardCharsets.UTF_8));
        put("script-title.mp4", Files.readAllBytes(TestClips.variant(HostileMedia.tinyClip(), "script")));
        readyNames.add("script-title.mp4");

        // Java cannot even spell this name (byte 0xE9 alone is not UTF-8), so the shell writes it
        Path clip = TestClips.variant(HostileMedia.tinyClip(), "latin1");
        run("/bin/sh", "-c", "cp \"$1\" \"$2/.latin1.tmp\" && mv \"$2/.latin1.tmp\" \"$2/$(printf 'caf\\351 lecture.mp4')\"",
                "sh", clip.toString(), app.inbox().toString());
        readyNames.add(NON_UTF8_AS_RECORDED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failing")
    void failsWithItsOwnCode(Hostile hostile) throws Exception {
        Asset asset = outcome(hostile.name());

        assertThat(asset.getStatus()).as("%s: %s", hostile.what(), asset.getError()).isEqualTo(AssetStatus.FAILED);
        assertThat(asset.getError().code()).as("%s: %s", hostile.what(), asset.getError().message()).isEqualTo(hostile.code());
        assertThat(asset.getError().attempts()).as("bad input is not retried").isEqualTo(1);
        assertThat(asset.getError().message()).isNotBlank().doesNotContain(data.toString(), outside.toString(), "Exception");
        assertThat(app.inbox().resolve(hostile.name())).doesNotExist();
        assertThat(data.resolve("work").resolve(asset.getId())).doesNotExist();
        assertThat(data.resolve("media").resolve(asset.getId())).doesNotExist();
        Path kept = data.resolve(asset.getKeptAt());
        assertThat(kept).isEqualTo(data.resolve("failed").resolve(asset.getId()).resolve(KeptNames.safeFileName(hostile.name())));
        assertThat(Files.exists(kept, LinkOption.NOFOLLOW_LINKS)).as("kept as %s", kept).isTrue();
        JsonNode report = Json.MAPPER.readTree(kept.resolveSibling("error.json").toFile());
        assertThat(report.path("assetId").asText()).isEqualTo(asset.getId());
        assertThat(report.path("error").path("code").asText()).isEqualTo(hostile.code());
    }

    List<Hostile> failing() {
        return failing;
    }

    @Test
    void theCorpusIsLargeAndEveryExpectedCodeIsSpecific() {
        assertThat(failing).hasSizeGreaterThanOrEqualTo(30);
        assertThat(failing).extracting(Hostile::code).doesNotContain("INTERNAL_ERROR", "TRANSCODE_FAILED");
    }

    @Test
    void hostileNamesOnValidMediaAreOnlyData() {
        for (String name : readyNames) {
            Asset asset = outcome(name);
            assertThat(asset.getStatus()).as("%s: %s", name, asset.getError()).isEqualTo(AssetStatus.READY);
            assertThat(asset.getSource().name()).isEqualTo(name);
            assertThat(data.resolve("media").resolve(asset.getId()).resolve("master.m3u8")).isRegularFile();
            assertThat(data.resolve("archive").resolve(asset.getId()).resolve(KeptNames.safeFileName(name))).isRegularFile();
        }
    }

    @Test
    void noShellEverRan() throws IOException {
        assertThat(Path.of("pwned")).as("in the working folder of Caravan and its ffmpeg").doesNotExist();
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("pwned");
        }
    }

    @Test
    void aNameThatIsNotUtf8IsTakenUnderAReadableName() throws IOException {
        assertThat(outcome(NON_UTF8_AS_RECORDED).getStatus()).isEqualTo(AssetStatus.READY);
        try (Stream<Path> inbox = Files.list(app.inbox())) {
            assertThat(inbox.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("\uFFFD") || n.startsWith("caf"));
        }
    }

    @Test
    void markupInTheSidecarIsStoredAsText() throws Exception {
        Asset asset = outcome("script-title.mp4");
        assertThat(asset.getMetadata()).containsEntry("title", "<script>alert(1)</script>")
                .containsEntry("description", "<img src=x onerror=alert(1)>");
        HttpResponse<String> api = app.get("/api/assets/" + asset.getId(), app.token());
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(Json.MAPPER.readTree(api.body()).path("metadata").path("title").asText()).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void aLinkToAFolderIsNotFollowed() throws Exception {
        Thread.sleep(1000); // a few more inbox scans
        assertThat(app.store().list(1000, null)).as("assets taken through the link")
                .noneMatch(a -> a.getSource().name().startsWith("linked-folder"));
        assertThat(outside.resolve("private").resolve("lecture.mp4")).as("the file in the linked folder").isRegularFile();
        assertThat(Files.isSymbolicLink(app.inbox().resolve("linked-folder"))).as("left where it was dropped").isTrue();
    }

    @Test
    void nothingOutsideTheDataFolderWasReadOrWritten() throws Exception {
        for (Path file : List.of(canary, canarySidecar, outside.resolve("private").resolve("lecture.mp4"))) {
            assertThat(file).as("still in its place").isRegularFile();
            assertThat(Files.readAttributes(file, BasicFileAttributes.class).lastAccessTime()).as("last read of %s", file)
                    .isEqualTo(LONG_AGO);
        }
        assertThat(fingerprint(outside)).isEqualTo(outsideBefore);
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : all.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as("content of %s", p).doesNotContain(secret);
            }
        }
        String everything = app.get("/api/assets?limit=1000", app.token()).body();
        assertThat(everything).doesNotContain(secret);
    }

    @Test
    void protectedAndRejectedValuesNeverReachErrorsOrLogs() {
        Asset asset = outcome("sidecar-types.mp4");
        assertThat(asset.getError().message()).contains("title", "tags", "language", "sensitive").doesNotContain(protectedValue);
        List<String> lines = LogSnapshot.of(logs).stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(protectedValue) || l.contains(secret));
    }

    @Test
    void theAppIsHealthyAfterTheCorpus() throws Exception {
        HttpResponse<String> health = app.management("/observe/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(app.store().list(1000, null)).allMatch(a -> a.getStatus().isOutcome());
    }

    private void fails(String name, String code, String what, byte[] content) throws IOException {
        put(name, content);
        failing.add(new Hostile(name, code, what));
    }

    private void withSidecar(String stem, String code, String what, byte[] sidecar) throws IOException {
        put(stem + ".json", sidecar);
        put(stem + ".mp4", Files.readAllBytes(HostileMedia.tinyClip()));
        failing.add(new Hostile(stem + ".mp4", code, what));
    }

    /** Writes under a short hidden name, then renames: also works for names of 255 bytes. */
    private void put(String name, byte[] content) throws IOException {
        Path tmp = app.inbox().resolve(".upload-" + UUID.randomUUID() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, app.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Path, size, modification time and SHA-256 of everything under a folder (links as their target's name). */
    private static Map<Path, String> fingerprint(Path dir) throws Exception {
        Map<Path, String> prints = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = a.isRegularFile()
                        ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))) : "";
                prints.put(dir.relativize(p), a.size() + " " + a.lastModifiedTime() + " " + content);
            }
        }
        return prints;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("%s: %s", String.join(" ", command), out).isTrue();
    }
}
