package caravan.wiring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule for every setting: default &lt; config file &lt; environment variable &lt; system property, shown by
 * {@code ./caravan config} ({@link ConfigReport}) run as its own process with a real environment. Covers the three
 * variables camel-main's own rule used to miss (CARAVAN_MASTER_KEY_FILE, CARAVAN_ENGINE, CARAVAN_QUEUE), a derived
 * name, and masking.
 */
class SettingsPrecedenceTest {
    @TempDir
    Path dir;

    @Test
    void environmentBeatsFilesAndSystemPropertiesBeatTheEnvironmentForEverySetting() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("caravan.properties"), String.join("\n",
                "caravan.keys.masterKeyFile=/from/file/master.key",
                "caravan.transcode.engine=from-file",
                "caravan.aws.queue=queue-from-file",
                "caravan.workers=3",
                "caravan.ingest.pollMillis=111",
                "caravan.limits.maxPixels=5000",
                ""));
        Map<String, String> report = run(Map.of(
                        "CARAVAN_CONFIG_DIR", config.toString(),
                        "CARAVAN_PROFILE", "aws",
                        "CARAVAN_MASTER_KEY_FILE", "/from/env/master.key",
                        "CARAVAN_ENGINE", "mediaconvert",
                        "CARAVAN_QUEUE", "queue-from-env",
                        "CARAVAN_WORKERS", "5",
                        "CARAVAN_INGEST_POLL_MILLIS", "222",
                        "CARAVAN_API_TOKEN", "never-printed-token-0123456789abcdef",
                        "CARAVAN_WEBHOOK_URLS", "https://chat.example.org/hooks/T000/SECRETPATH"),
                "-Dcaravan.workers=7");

        assertThat(report.get("caravan.keys.masterKeyFile")).contains("/from/env/master.key", "environment CARAVAN_MASTER_KEY_FILE");
        assertThat(report.get("caravan.transcode.engine")).contains("mediaconvert", "environment CARAVAN_ENGINE");
        assertThat(report.get("caravan.aws.queue")).contains("queue-from-env", "environment CARAVAN_QUEUE");
        assertThat(report.get("caravan.ingest.pollMillis")).contains("222", "environment CARAVAN_INGEST_POLL_MILLIS");
        assertThat(report.get("caravan.workers")).contains("7", "system property caravan.workers");
        assertThat(report.get("caravan.limits.maxPixels")).contains("5000", "file " + config.resolve("caravan.properties"));
        assertThat(report.get("caravan.retry.maxRedeliveries")).contains("3", "default");
        assertThat(report.get("caravan.delivery.privateKeyFile")).as("placeholders resolved").contains("./data/delivery-private.pem");
        assertThat(report.get("caravan.api.token")).contains("********", "environment CARAVAN_API_TOKEN");
        assertThat(report.get("caravan.webhook.urls")).contains("https://chat.example.org/");
        assertThat(String.join("\n", report.values())).doesNotContain("never-printed-token", "SECRETPATH");
    }

    @Test
    void withoutEnvironmentTheFileWinsOverTheDefault() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("caravan.properties"), "caravan.keys.masterKeyFile=/from/file/master.key\n");
        Map<String, String> report = run(Map.of("CARAVAN_CONFIG_DIR", config.toString()));
        assertThat(report.get("caravan.keys.masterKeyFile")).contains("/from/file/master.key", "file ");
        assertThat(report.get("caravan.data")).contains("./data", "default");
    }

    @Test
    void caravanLaysTheEnvironmentOverTheFilesItHandsToCamel() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("caravan.properties"), "caravan.transcode.engine=from-file\ncaravan.workers=3\n");
        java.util.Properties sys = new java.util.Properties();
        SettingLayers layers = new SettingLayers(Map.of("CARAVAN_CONFIG_DIR", config.toString(), "CARAVAN_ENGINE", "ffmpeg"), sys);
        assertThat(layers.overrides()).containsEntry("caravan.transcode.engine", "ffmpeg").doesNotContainKey("caravan.workers");
    }

    /** Runs ConfigReport as ./caravan config does, in a clean environment plus {@code env}; its lines by key. */
    private Map<String, String> run(Map<String, String> env, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ConfigReport.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CARAVAN_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Map<String, String> byKey = new java.util.TreeMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("caravan.")) {
                byKey.put(line.substring(0, line.indexOf(' ')), line);
            }
        }
        return byKey;
    }
}
