package caravan.metadata;

import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.metadata.SidecarReader.Sidecar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SidecarReaderTest {
    private static final SidecarReader READER = new SidecarReader(1 << 20);

    @TempDir
    Path dir;

    private Path sidecar(String json) throws IOException {
        Path file = dir.resolve("talk.json");
        Files.writeString(file, json.replace('\'', '"'));
        return file;
    }

    private RejectedInput rejected(SidecarReader reader, String json) throws IOException {
        Path file = sidecar(json);
        RejectedInput e = catchThrowableOfType(RejectedInput.class, () -> reader.read(file));
        assertThat(e).as("rejection of %s", json).isNotNull();
        return e;
    }

    @Test
    void validSidecarSplitsPublicMetadataFromSensitiveFields() throws IOException {
        Sidecar s = READER.read(sidecar("{'title': 'Cardiology 101', 'description': 'Week 1',"
                + " 'tags': ['heart', 'intro'], 'course': 'MED-101', 'language': 'en-GB',"
                + " 'lecturer': {'name': 'Dr. Who', 'room': 42},"
                + " 'sensitive': {'patientName': 'Jane Roe', 'mrn': 'MRN-123'}}"));

        assertThat(s.metadata().has("sensitive")).isFalse();
        assertThat(s.metadata().path("title").asText()).isEqualTo("Cardiology 101");
        assertThat(s.metadata().path("description").asText()).isEqualTo("Week 1");
        assertThat(s.metadata().path("tags")).hasSize(2);
        assertThat(s.metadata().path("tags").get(1).asText()).isEqualTo("intro");
        assertThat(s.metadata().path("course").asText()).isEqualTo("MED-101");
        assertThat(s.metadata().path("lecturer").path("name").asText()).isEqualTo("Dr. Who");
        assertThat(s.metadata().path("lecturer").path("room").asInt()).isEqualTo(42);
        assertThat(s.metadata().toString()).doesNotContain("Jane Roe").doesNotContain("MRN-123");
        assertThat(s.sensitive().path("patientName").asText()).isEqualTo("Jane Roe");
        assertThat(s.sensitive().path("mrn").asText()).isEqualTo("MRN-123");
        assertThat(s.sensitive().size()).isEqualTo(2);
    }

    @Test
    void sidecarWithoutSensitiveFieldsHasAnEmptySensitivePart() throws IOException {
        Sidecar s = READER.read(sidecar("{'title': 'Only a title'}"));

        assertThat(s.sensitive()).isNotNull();
        assertThat(s.sensitive().isEmpty()).isTrue();
        assertThat(s.metadata().size()).isEqualTo(1);
    }

    @Test
    void notJson() throws IOException {
        RejectedInput e = rejected(READER, "{'title': 'unterminated");

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_NOT_JSON);
        assertThat(e.getMessage()).contains("line 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"['a', 'b']", "'just a string'", "42", "null", ""})
    void notAnObject(String json) throws IOException {
        assertThat(rejected(READER, json).code()).isEqualTo(ErrorCode.SIDECAR_INVALID);
    }

    @Test
    void wronglyTypedFieldIsNamed() throws IOException {
        RejectedInput e = rejected(READER, "{'title': 42}");

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_INVALID);
        assertThat(e.getMessage()).contains("title");
    }

    @Test
    void everySchemaProblemIsReported() throws IOException {
        RejectedInput e = rejected(READER, "{'title': 42, 'course': ['x'], 'sensitive': 'flat'}");

        assertThat(e.getMessage()).contains("title").contains("course").contains("sensitive");
    }

    @Test
    void schemaErrorNeverEchoesAWronglyTypedValue() throws IOException {
        RejectedInput e = rejected(READER, "{'tags': 'SECRET-VALUE-123'}");

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_INVALID);
        assertThat(e.getMessage()).contains("tags").doesNotContain("SECRET-VALUE-123");
    }

    @Test
    void schemaErrorNeverEchoesAMistypedSensitiveValue() throws IOException {
        RejectedInput e = rejected(READER, "{'sensitive': 'SECRET-VALUE-123'}");

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_INVALID);
        assertThat(e.getMessage()).contains("sensitive").doesNotContain("SECRET-VALUE-123");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'language': 'SECRET-VALUE-123'}",
            "{'tags': ['ok', 'SECRET-VALUE-123-SECRET-VALUE-123-SECRET-VALUE-123-SECRET-VALUE-123-SECRET-VALUE-123-SECRET-VALUE-123']}",
    })
    void patternAndLengthErrorsNeverEchoTheOffendingValue(String json) throws IOException {
        RejectedInput e = rejected(READER, json);

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_INVALID);
        assertThat(e.getMessage()).doesNotContain("SECRET-VALUE-123");
    }

    @Test
    void notJsonMessageDoesNotEchoTheContent() throws IOException {
        RejectedInput e = rejected(READER, "{'title': SECRET-VALUE-123}");

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_NOT_JSON);
        assertThat(e.getMessage()).doesNotContain("SECRET-VALUE-123");
    }

    @Test
    void tooLarge() throws IOException {
        SidecarReader small = new SidecarReader(64);
        RejectedInput e = rejected(small, "{'title': '" + "x".repeat(100) + "'}");

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_TOO_LARGE);
        assertThat(e.getMessage()).contains("64 bytes");
    }

    @Test
    void exactlyAtTheLimitIsRead() throws IOException {
        String json = "{'title': '" + "x".repeat(50) + "'}";
        assertThat(json.length()).isEqualTo(63);
        SidecarReader small = new SidecarReader(63);

        assertThat(small.read(sidecar(json)).metadata().path("title").asText()).hasSize(50);
    }

    /** Jackson stops at 1000 levels and 1000 digits; its exception carries no location, which used to crash the reader. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void jsonBeyondTheParsersLimitsIsNotJson(int which) throws IOException {
        String json = which == 0 ? "{'room': " + "[".repeat(5000) + "]".repeat(5000) + "}" : "{'room': 1" + "0".repeat(5000) + "}";

        RejectedInput e = rejected(READER, json);

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_NOT_JSON);
        assertThat(e.getMessage()).contains("nesting");
    }

    /** With duplicate keys Jackson kept the last one: a sealed-looking {@code sensitive} after the real one hid it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{'sensitive': {'mrn': 'SECRET-VALUE-123'}, 'sensitive': {'sealed': true}}",
            "{'title': 'a', 'sensitive': {'mrn': 'SECRET-VALUE-123', 'mrn': 'other'}}",
            "{'lecturer': {'rooms': [{'n': 1, 'n': 2}]}}",
    })
    void duplicateKeysAtAnyLevelAreRejected(String json) throws IOException {
        RejectedInput e = rejected(READER, json);

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_INVALID);
        assertThat(e.getMessage()).contains("duplicate key").contains("line 1").doesNotContain("SECRET-VALUE-123");
    }
}
