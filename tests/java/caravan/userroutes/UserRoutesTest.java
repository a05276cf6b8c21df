package caravan.userroutes;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.LogSnapshot;
import caravan.testing.Pipeline;
import caravan.testing.Scrape;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's YAML routes: the shipped examples, copied into the routes folder while Caravan runs, act on the
 * pipeline's events; a bad file is refused with its line number and a route that throws is counted, while uploads
 * still go READY.
 */
@Pipeline
class UserRoutesTest {
    private static final Path EXAMPLES = Path.of("config/routes/examples");
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void release() {
        root().detachAppender(logs);
    }

    @Test
    void theShippedExamplesAddedAtRunTimeCopyReadyMastersAndPostFailuresToAChat() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path exports = dir.resolve("exports");
        try (WebhookReceiver chat = new WebhookReceiver();
             CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.routes.folder", routes.toString(),
                     "caravan.routes.scanMillis", "200"))) {
            Files.writeString(routes.resolve("copy.yaml"), Files.readString(EXAMPLES.resolve("copy-ready-masters.yaml.example"))
                    .replace("file:/srv/exports/masters", "file:" + exports));
            Files.writeString(routes.resolve("chat.yaml"), Files.readString(EXAMPLES.resolve("post-failures-to-chat.yaml.example"))
                    .replace("https://chat.example.org/hooks/REPLACE-WITH-YOUR-WEBHOOK-URL", chat.url()));
            awaitTrue(() -> logged("User routes: routes/chat.yaml loaded") && logged("User routes: routes/copy.yaml loaded"));

            app.drop(TestClips.variant(TestClips.audioOnly(), "user-routes"), "talk \"quoted\".m4a");
            Asset ready = app.awaitOutcome("talk \"quoted\".m4a", Duration.ofSeconds(90));
            assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
            Path copied = exports.resolve(ready.getId() + ".m3u8");
            awaitTrue(() -> Files.exists(copied));
            assertThat(Files.readString(copied)).isEqualTo(Files.readString(app.data().resolve("media").resolve(ready.getId()).resolve("master.m3u8")));

            app.dropText("not \"a\" video.mp4", "plain text");
            Asset failed = app.awaitOutcome("not \"a\" video.mp4", Duration.ofSeconds(60));
            assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
            awaitTrue(() -> !chat.received().isEmpty());
            JsonNode posted = chat.received().get(0).json();
            assertThat(posted.path("text").asText())
                    .contains("not \"a\" video.mp4", failed.getId(), failed.getError().code())
                    .doesNotContain(app.data().toString());
            assertThat(chat.received()).as("one failure, one post; READY posts nothing").hasSize(1);
        }
    }

    @Test
    void aBadFileIsRefusedWithItsLineAndAFailingRouteIsCountedWhileUploadsGoReady() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.routes.folder", routes.toString(),
                "caravan.routes.scanMillis", "200"))) {
            Files.writeString(routes.resolve("bad.yaml"), """
                    - route:
                        id: broken
                        from:
                          uri: direct:asset.ready
                          steps:
                            - log: "ready"
                            - sendTo: file:/tmp/nowhere
                    """);
            Files.writeString(routes.resolve("throws.yaml"), """
                    - route:
                        id: always-fails
                        from:
                          uri: direct:asset.ready
                          steps:
                            - throwException:
                                exceptionType: java.lang.IllegalStateException
                                message: nope
                    """);
            awaitTrue(() -> logged("USER_ROUTE_REFUSED: route file routes/bad.yaml line "));
            ILoggingEvent refusal = logs(e -> e.getFormattedMessage().contains("USER_ROUTE_REFUSED")).get(0);
            assertThat(refusal.getLevel().toString()).isEqualTo("ERROR");
            assertThat(refusal.getFormattedMessage()).contains("routes/bad.yaml line 7:").doesNotContain(routes.toString());

            app.drop(TestClips.variant(TestClips.audioOnly(), "bad-route"), "still.m4a");
            assertThat(app.awaitOutcome("still.m4a", Duration.ofSeconds(90)).getStatus()).isEqualTo(AssetStatus.READY);
            awaitTrue(() -> logged("USER_ROUTE_FAILED: user route always-fails (on direct:asset.ready) failed"));

            Scrape scrape = Scrape.parse(app.management("/observe/metrics").body());
            assertThat(scrape.value("caravan_user_route_failures_total", "event", "asset_ready")).isEqualTo(1.0);
            assertThat(scrape.value("caravan_user_route_failures_total", "event", "asset_failed")).isZero();
            assertThat(scrape.value("caravan_user_route_files_refused_total")).isEqualTo(1.0);

            // fixed while running: the same name now loads
            Files.writeString(routes.resolve("bad.yaml"), """
                    - route:
                        id: fixed
                        from:
                          uri: direct:asset.failed
                          steps:
                            - log: "failed ${header.CaravanAssetId}"
                    """);
            awaitTrue(() -> logged("User routes: routes/bad.yaml loaded: [fixed]"));
        }
    }

    private boolean logged(String text) {
        return !logs(e -> e.getFormattedMessage().contains(text)).isEmpty();
    }

    private List<ILoggingEvent> logs(java.util.function.Predicate<ILoggingEvent> which) {
        return LogSnapshot.of(logs).stream().filter(which).toList();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        // events nobody listens to (asset.received, ...) come first and must be passed by at once, not waited on:
        // the user route sees asset.ready within seconds of READY
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within 10 s");
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
