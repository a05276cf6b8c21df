package caravan.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast lane ({@code ./caravan test --fast}) leaves out the classes tagged {@link Pipeline}. A test class that starts
 * Caravan or drives ffmpeg, Chromium, moto or WireMock without the tag would slip into it and make it slow: this
 * reads every test source and names the ones that do.
 */
class FastLaneTest {
    /** What only a pipeline test uses: a running Caravan, real media tools, a browser, moto, WireMock. */
    private static final Pattern SLOW = Pattern.compile(
            "\\b(CaravanApp|ChildCaravan|TestClips|MotoServer|MotoBuckets|MediaConvertStandIn|AwsStack|Browser|HawtioLauncherProcess|HostileMedia"
                    + "|MediaInspector|WireMock\\w*|FfmpegTools\\.resolve)\\b");
    private static final Pattern TEST_CLASS = Pattern.compile("(?m)^\\s*@(Test|ParameterizedTest|TestFactory)\\b");

    @Test
    void everyTestClassThatStartsCaravanOrRunsItsToolsIsLeftOutOfTheFastLane() throws IOException {
        Path tests = Path.of("tests", "java");
        assertThat(tests).isDirectory();
        List<String> untagged;
        try (Stream<Path> files = Files.walk(tests)) {
            untagged = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(tests.resolve(Path.of("caravan", "testing"))))
                    .filter(f -> {
                        String text = read(f);
                        return TEST_CLASS.matcher(text).find() && SLOW.matcher(text).find() && !text.contains("@Pipeline")
                                && !text.contains("@Tag(\"soak\")");
                    })
                    .map(tests::relativize).map(Path::toString).sorted().toList();
        }
        assertThat(untagged).as("test classes that start Caravan or run its tools but are not tagged @Pipeline").isEmpty();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
