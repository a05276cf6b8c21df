package caravan.cli;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ./caravan} command against a running Caravan, with the environment variables an operator sets:
 * answers are sentences and tables, errors name the variable to fix, {@code ingest} queues files safely, and the URL
 * {@code play} prints is one a plain HLS client (the bundled ffmpeg) opens and decodes, keys included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class CaravanCliTest {
    @TempDir
    static Path data;
    @TempDir
    static Path uploads;
    CaravanApp app;
    Map<String, String> env;
    Asset ready;
    Asset failed;

    record Run(int status, String out, String err) {
    }

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(data, Map.of());
        env = new HashMap<>(Map.of("CARAVAN_HTTP_PORT", app.baseUrl().substring(app.baseUrl().lastIndexOf(':') + 1),
                "CARAVAN_MANAGEMENT_PORT", String.valueOf(app.managementPort()), "CARAVAN_DATA", data.toString()));
        Path clip = Files.copy(TestClips.landscape(4), uploads.resolve("lecture one.mp4"));
        Path broken = Files.copy(TestClips.textAsMp4(), uploads.resolve("broken.mp4"));
        Run ingest = cli("ingest", clip.toString(), broken.toString());
        assertThat(ingest.status()).as(ingest.err()).isZero();
        assertThat(ingest.out()).contains("Queued lecture one.mp4 in the inbox", "Queued broken.mp4 in the inbox", "2 files queued");
        ready = app.awaitOutcome("lecture one.mp4", Duration.ofSeconds(120));
        failed = app.awaitOutcome("broken.mp4", Duration.ofSeconds(60));
        assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void helpAndVersionAnswerWithoutCaravan() {
        Run help = run(Map.of(), "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("status", "list [--status S]", "show <id>", "ingest FILE", "play <id>", "retry <id>",
                "rotate-key", "CARAVAN_API_TOKEN", "CARAVAN_HTTP_PORT", "CARAVAN_DATA");
        assertThat(run(Map.of(), "version").out()).startsWith("Caravan ");
        Run unknown = run(Map.of(), "frobnicate");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("'frobnicate' is not a command", "--help");
    }

    @Test
    void ingestCopiesUnderAHiddenNameAndRefusesWhatItCannotQueue() throws Exception {
        assertThat(app.filesUnder("inbox")).as("no .part file left behind").noneMatch(p -> p.getFileName().toString().endsWith(".part"));
        Run missing = cli("ingest", uploads.resolve("nothing-here.mp4").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("nothing-here.mp4 is not a file");
        // a name already waiting in an inbox is refused rather than overwritten (an inbox no Caravan watches, so it stays)
        Path otherData = Files.createDirectories(uploads.resolve("other-data"));
        Files.createDirectories(otherData.resolve("inbox"));
        Files.writeString(otherData.resolve("inbox").resolve("sitting.mp4"), "not yet taken");
        Path mine = Files.writeString(uploads.resolve("sitting.mp4"), "mine");
        Run clash = run(Map.of("CARAVAN_DATA", otherData.toString()), "ingest", mine.toString());
        assertThat(clash.status()).isEqualTo(1);
        assertThat(clash.err()).contains("already waiting in the inbox");
        assertThat(otherData.resolve("inbox").resolve("sitting.mp4")).hasContent("not yet taken");
        assertThat(otherData.resolve("inbox").resolve(".sitting.mp4.part")).doesNotExist();
        Run wrongData = run(Map.of("CARAVAN_DATA", uploads.resolve("nowhere").toString()), "ingest", mine.toString());
        assertThat(wrongData.err()).contains("CARAVAN_DATA");
    }

    @Test
    void listShowsATableFilteredByStatus() {
        Run all = cli("list");
        assertThat(all.status()).isZero();
        assertThat(all.out().lines().findFirst().orElseThrow()).matches("ID +STATUS +PROGRESS +NAME +DETAIL");
        assertThat(all.out()).contains(ready.getId(), failed.getId(), "lecture one.mp4", "UNREADABLE_MEDIA");
        Run readyOnly = cli("list", "--status", "ready");
        assertThat(readyOnly.out()).contains(ready.getId()).doesNotContain(failed.getId());
        Run bad = cli("list", "--status", "DONE");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("READY", "FAILED");
    }

    @Test
    void showDescribesOneAsset() {
        Run show = cli("show", ready.getId());
        assertThat(show.status()).isZero();
        assertThat(show.out()).contains("id:           " + ready.getId(), "status:       READY", "renditions:", "play:         ./caravan play");
        Run nothing = cli("show", "nosuchasset");
        assertThat(nothing.status()).isEqualTo(1);
        assertThat(nothing.err()).isEqualTo("caravan: No asset with that id. (NOT_FOUND)\n");
        assertThat(cli("show", "../etc").status()).isEqualTo(2);
    }

    @Test
    void playPrintsASignedUrlThatThePlainFfmpegClientDecodes() throws Exception {
        Run play = cli("play", ready.getId(), "--ttl", "300");
        assertThat(play.status()).as(play.err()).isZero();
        String url = play.out().strip();
        assertThat(url).startsWith(app.baseUrl() + "/media/" + ready.getId() + "/master.m3u8?Policy=");
        assertThat(play.err()).contains("valid until", "ffplay");
        // ffmpeg as the player: master, variant playlists, the AES-128 key and the segments, all through that one URL
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-v", "error", "-protocol_whitelist", "http,tcp,crypto,hls", "-i", url,
                "-map", "0:v:0", "-f", "null", "-"));
        Process ffmpeg = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(output).isZero();
        assertThat(output).as("decoded cleanly").doesNotContainIgnoringCase("error");
        // the same files without the grant are refused: the URL is what plays
        assertThat(app.get(url.substring(app.baseUrl().length(), url.indexOf('?')), null).statusCode()).isEqualTo(403);
        Run notReady = cli("play", failed.getId());
        assertThat(notReady.status()).isEqualTo(1);
        assertThat(notReady.err()).contains("FAILED", "NOT_READY");
    }

    @Test
    void retryAndRotateKeyAnswerInSentences() throws Exception {
        Run refused = cli("retry", ready.getId());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("Only FAILED assets can be retried", "NOT_RETRYABLE");
        Run retry = cli("retry", failed.getId());
        assertThat(retry.status()).as(retry.err()).isZero();
        assertThat(retry.out()).startsWith("Asset " + failed.getId() + " (broken.mp4) goes through the pipeline again").doesNotContain("{");
        app.awaitOutcome("broken.mp4", Duration.ofSeconds(60));
        Run rotate = cli("rotate-key");
        assertThat(rotate.status()).as(rotate.err()).isZero();
        assertThat(rotate.out()).matches("Master key rotated: \\S+ is the active version now; \\d+ stored data keys? (was|were) re-wrapped with it.\\n");
    }

    @Test
    void statusReportsHealthInboxRunningAndFailed() {
        Run status = cli("status");
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(status.out()).contains("Caravan on " + app.baseUrl() + ": healthy", "Inbox: ", "Assets: ", "Running: ", "Failed: ");
        Run noManagement = run(Map.of("CARAVAN_MANAGEMENT_PORT", "1"), "status");
        assertThat(noManagement.out()).contains("health unknown", "CARAVAN_MANAGEMENT_PORT");
    }

    @Test
    void errorsNameTheVariableToSet() throws Exception {
        Run wrongToken = run(Map.of("CARAVAN_API_TOKEN", "not-the-token"), "list");
        assertThat(wrongToken.status()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("refused the API token", "CARAVAN_API_TOKEN");
        Run closedPort = run(Map.of("CARAVAN_HTTP_PORT", String.valueOf(CaravanApp.freePort())), "list");
        assertThat(closedPort.err()).contains("not answering", "CARAVAN_HTTP_PORT");
        Run badPort = run(Map.of("CARAVAN_HTTP_PORT", "eighty"), "list");
        assertThat(badPort.err()).contains("CARAVAN_HTTP_PORT must be a port number");
        Run noToken = run(Map.of("CARAVAN_DATA", uploads.toString()), "list");
        assertThat(noToken.err()).contains("No API token", "CARAVAN_API_TOKEN", "CARAVAN_DATA");
        assertThat(run(Map.of("CARAVAN_API_TOKEN", app.token()), "list").status()).isZero();
    }

    @Test
    void costsPrintsThePeriodByStageAndItsPrice() throws Exception {
        Run costs = cli("costs");
        assertThat(costs.status()).as(costs.err()).isZero();
        assertThat(costs.out()).contains("Assets: 1 READY", "stage", "probe", "transcode", "USD per hour of content",
                "MediaConvert: 0.0 normalized minutes");
        Run old = cli("costs", "--from", "2000-01-01", "--to", "2000-01-31");
        assertThat(old.out()).contains("Assets: 0 READY, 0 FAILED").doesNotContain("per hour of content");
        Run bad = cli("costs", "--from", "yesterday");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("ISO-8601", "(BAD_REQUEST)");
        assertThat(cli("costs", "--since", "2026-01-01").status()).isEqualTo(2);
    }

    @Test
    void theCaravanScriptDispatchesToTheCommandLine() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("./caravan", "list", "--status", "READY").redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("CARAVAN_CLASSPATH", System.getProperty("java.class.path")); // no jar in a test run
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains(ready.getId(), "READY").doesNotContain(failed.getId());
        ProcessBuilder costs = new ProcessBuilder("./caravan", "costs").redirectErrorStream(true);
        costs.environment().putAll(pb.environment());
        Process c = costs.start();
        String table = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(table).as(table).contains("Costs from", "transcode");
    }

    private Run cli(String... args) {
        return run(Map.of(), args);
    }

    private Run run(Map<String, String> overrides, String... args) {
        Map<String, String> environment = new HashMap<>(env == null ? Map.of() : env);
        environment.putAll(overrides);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CaravanCli.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
