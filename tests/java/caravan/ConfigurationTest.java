package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.wiring.CaravanSettings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator edits in config/ takes effect, and a broken ladder stops Caravan with a message naming the field. */
@Pipeline
class ConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void operatorSettingsInTheConfigFolderOverrideTheDefaults() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("caravan-limits.properties"), "caravan.limits.maxDurationSeconds=1\n");
        Files.writeString(config.resolve("ladder.json"), "{\"rungs\": [{\"name\": \"small\", \"height\": 120, \"videoKbps\": 200}]}");
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of(
                "camel.main.fileConfigurations", config + "/caravan*.properties",
                "caravan.ladder.file", config.resolve("ladder.json").toString()))) {
            app.drop(TestClips.variant(TestClips.noAudio(), "too-long"), "three-seconds.mp4");
            Asset asset = app.awaitOutcome("three-seconds.mp4", Duration.ofSeconds(60));
            assertThat(asset.getStatus()).isEqualTo(AssetStatus.FAILED);
            assertThat(asset.getError().code()).isEqualTo("DURATION_LIMIT");
            assertThat(asset.getError().message()).contains("limit is 1 s");
        }
    }

    @Test
    void aBrokenLadderStopsTheStartWithTheFieldsNamed() throws Exception {
        Path ladder = dir.resolve("ladder.json");
        Files.writeString(ladder, "{\"video\": {\"preset\": \"warp\"}, \"rungs\": [{\"name\": \"x\", \"height\": 10, \"videoKbps\": 100}]}");
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.ladder.file", ladder.toString())))
                .hasMessageContaining("video.preset")
                .hasMessageContaining("rungs[0].height");
    }
    @Test
    void anOutputSettingThatCannotWorkStopsTheStartWithItsName() {
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.outputs.downloadRung", "4k")))
                .hasMessageContaining("caravan.outputs.downloadRung")
                .hasMessageContaining("720p");
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data2"), Map.of("caravan.quality.ssimFloor", "95")))
                .hasMessageContaining("caravan.quality.ssimFloor");
    }
    @Test
    void aShortApiTokenOrWebhookSecretStopsTheStartWithTheSettingNamedAndNotShown() {
        String shortToken = "hunter2-but-longer-0123456789";
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.api.token", shortToken)))
                .hasMessageContaining("caravan.api.token").hasMessageContaining("CARAVAN_API_TOKEN")
                .hasMessageNotContaining(shortToken);
        String shortPlain = "my-webhook-secret";
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data2"), Map.of("caravan.webhook.secret", shortPlain)))
                .hasMessageContaining("caravan.webhook.secret").hasMessageContaining("CARAVAN_WEBHOOK_SECRET")
                .hasMessageNotContaining(shortPlain);
        // 16 random bytes: valid base64, but under the Standard Webhooks minimum of 24
        String shortWhsec = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data3"), Map.of("caravan.webhook.secret", shortWhsec)))
                .hasMessageContaining("caravan.webhook.secret").hasMessageNotContaining(shortWhsec.substring(6));
    }

    @Test
    void strongConfiguredSecretsAreAccepted() throws Exception {
        String token = "t".repeat(32);
        String whsec = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdefghijklmn".getBytes());
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.api.token", token, "caravan.webhook.secret", whsec))) {
            assertThat(app.get("/api/assets", token).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBadNumberStopsTheStartNamingThePropertyAndItsEnvironmentVariable() {
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.delivery.keyRequestBurst", "forty")))
                .hasMessageContaining("caravan.delivery.keyRequestBurst").hasMessageContaining("CARAVAN_KEY_REQUEST_BURST")
                .hasMessageContaining("whole number").hasMessageContaining("'forty'");
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data2"), Map.of("caravan.http.port", "70000")))
                .hasMessageContaining("caravan.http.port").hasMessageContaining("CARAVAN_HTTP_PORT").hasMessageContaining("65535");
        // read by the failure policy and the notify routes: named too, not a bare NumberFormatException
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data3"), Map.of("caravan.retry.maxRedeliveries", "three")))
                .hasMessageContaining("caravan.retry.maxRedeliveries").hasMessageContaining("'three'");
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data4"), Map.of("caravan.webhook.delayMillis", "1s")))
                .hasMessageContaining("caravan.webhook.delayMillis").hasMessageContaining("'1s'");
    }

    @Test
    void aBadFlagStopsTheStartNamingThePropertyAndItsEnvironmentVariable() {
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.management.authenticateAll", "yes")))
                .hasMessageContaining("caravan.management.authenticateAll").hasMessageContaining("CARAVAN_MANAGEMENT_AUTHENTICATE_ALL")
                .hasMessageContaining("true or false");
    }

    @Test
    void aMissingCloudSettingStopsTheStartNamingThePropertyAndItsEnvironmentVariable() {
        // the aws profile, selected as Caravan.main does for CARAVAN_PROFILE=aws, with none of its resource names given
        System.setProperty("camel.main.profile", "aws");
        try {
            assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of()).close())
                    .hasMessageContaining("caravan.aws.ingestBucket").hasMessageContaining("CARAVAN_INGEST_BUCKET");
            assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data2"), Map.of("caravan.aws.ingestBucket", "in",
                    "caravan.aws.outputBucket", "out", "caravan.aws.queue", "q", "caravan.aws.table", "t")).close())
                    .hasMessageContaining("caravan.aws.kmsKeyId").hasMessageContaining("CARAVAN_KMS_KEY_ID");
        } finally {
            System.clearProperty("camel.main.profile");
        }
    }

    /** Each key the code reads has exactly one default, in the properties files that ship; none is written in Java. */
    @Test
    void everySettingTheCodeReadsHasExactlyOneDefaultInTheShippedProperties() throws Exception {
        Set<String> read = new TreeSet<>();
        read.addAll(keysRead(List.of("application.properties"), new Properties()));
        Properties cloud = new Properties();
        for (String key : List.of("caravan.aws.ingestBucket", "caravan.aws.outputBucket", "caravan.aws.queue", "caravan.aws.table",
                "caravan.aws.kmsKeyId", "caravan.aws.mediaconvertRoleArn")) {
            cloud.setProperty(key, "given-by-the-environment");
        }
        cloud.setProperty("caravan.mode", "aws");
        cloud.setProperty("caravan.transcode.engine", "mediaconvert");
        read.addAll(keysRead(List.of("application.properties", "application-aws.properties"), cloud));
        Matcher routeKeys = Pattern.compile("\\{\\{(caravan\\.[\\w.]+)}}").matcher(sources("src/main/java/routes"));
        while (routeKeys.find()) {
            read.add(routeKeys.group(1));
        }
        assertThat(read).contains("caravan.webhook.maxRounds", "caravan.retry.backOffMultiplier", "caravan.delivery.grantTtlSeconds",
                "caravan.mediaconvert.timeoutMinutes", "caravan.aws.leaseSeconds", "caravan.ingest.readLockTimeoutMillis");

        String shipped = Files.readString(Path.of("src/main/resources/application.properties"));
        String profile = Files.readString(Path.of("src/main/resources/application-aws.properties"));
        for (String key : read) {
            long inShipped = definitions(shipped, key);
            long inProfile = definitions(profile, key);
            assertThat(inShipped == 1 || inShipped == 0 && inProfile == 1)
                    .as("%s: defined %d times in application.properties, %d in application-aws.properties", key, inShipped, inProfile)
                    .isTrue();
        }

        // and no Java source reads a setting with a default of its own, or parses one without naming it
        String java = sources("src/main/java");
        assertThat(Pattern.compile("\\.(text|number|decimal|flag|required|optional|list)\\(\\s*\"caravan\\.[^\"]*\"\\s*,")
                .matcher(java).find()).as("a setting read with a default in Java").isFalse();
        assertThat(java).doesNotContain("parseInt(setting(", "parseLong(setting(", "parseDouble(setting(");
    }

    private static Set<String> keysRead(List<String> files, Properties overrides) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation(String.join(",", files.stream().map(f -> "classpath:" + f).toList()));
            context.getPropertiesComponent().setOverrideProperties(overrides);
            Settings s = new Settings(context);
            CaravanSettings.from(s);
            return s.keysRead();
        }
    }

    private static long definitions(String properties, String key) {
        return properties.lines().filter(l -> l.matches("\\s*" + Pattern.quote(key) + "\\s*=.*")).count();
    }

    private static String sources(String folder) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of(folder))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }
}
