package caravan.cost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** MediaConvert normalized minutes, estimated from a job's outputs by AWS's normalization rule. */
class NormalizedMinutesTest {

    @Test
    void resolutionAndFrameRateSetTheFactor() {
        assertThat(NormalizedMinutes.factor(480, 25)).as("SD").isEqualTo(1);
        assertThat(NormalizedMinutes.factor(719, 30)).as("below 720 lines is SD").isEqualTo(1);
        assertThat(NormalizedMinutes.factor(720, 30)).as("HD from 720 lines; 30 fps is not above 30").isEqualTo(2);
        assertThat(NormalizedMinutes.factor(1080, 29.97)).isEqualTo(2);
        assertThat(NormalizedMinutes.factor(2160, 25)).as("UHD").isEqualTo(4);
        assertThat(NormalizedMinutes.factor(480, 50)).as("above 30 fps doubles").isEqualTo(2);
        assertThat(NormalizedMinutes.factor(1080, 59.94)).isEqualTo(4);
        assertThat(NormalizedMinutes.factor(2160, 60)).isEqualTo(8);
    }

    @Test
    void theStandInTestsJobIsThreeSdOutputsAndFrameCapturesCountNothing() throws Exception {
        // the CreateJob body the MediaConvert engine sends for a 3 s 854x480 clip (MediaConvertEngineTest checks it)
        JsonNode job = new ObjectMapper().readTree(Files.readString(Path.of("tests/resources/mediaconvert/create-job-854x480-with-audio.json")));
        JobSettings settings = settings(job.path("settings"));
        assertThat(settings.outputGroups()).hasSize(2);
        // 3 HLS rungs (480p, 360p, 240p at 25 fps) = 3 x 1 x 3 s; the poster, thumbnail and tile captures are free
        assertThat(NormalizedMinutes.of(settings, 3, 480, 25)).isCloseTo(3 * 3 / 60d, within(1e-9));
        // a minute of it: three normalized minutes
        assertThat(NormalizedMinutes.of(settings, 60, 480, 25)).isCloseTo(3, within(1e-9));
    }

    /** The SDK's own JSON shape of the settings, read into its model through the model's serializable builder. */
    private static JobSettings settings(JsonNode json) throws Exception {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Object builder = mapper.treeToValue(json, JobSettings.serializableBuilderClass());
        return ((JobSettings.Builder) builder).build();
    }
}
