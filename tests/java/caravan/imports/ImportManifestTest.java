package caravan.imports;

import caravan.failure.ErrorCode;
import caravan.metadata.SidecarReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A manifest's good lines go, each bad one is named by its line number, a code and a sentence without its values. */
class ImportManifestTest {
    private static final String SECRET = "Patient Jane Roe, MRN 4711";

    @TempDir
    Path dir;
    Path data;
    Path a;
    Path b;
    Path c;
    ManifestReader reader;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        Path library = Files.createDirectories(dir.resolve("library"));
        a = Files.writeString(library.resolve("a.mp4"), "a");
        b = Files.writeString(library.resolve("b b.mp4"), "b");
        c = Files.writeString(library.resolve("c.mp4"), "c");
        reader = new ManifestReader(data, new SidecarReader(1 << 20), 1 << 20);
    }

    @Test
    void csvWithQuotedInlineJsonSidecarPathsAndEmptyColumns() throws Exception {
        Path sidecar = Files.writeString(dir.resolve("c.json"), "{\"title\": \"From a file\", \"sensitive\": {\"mrn\": \"1\"}}");
        String csv = "source,external_id,metadata\r\n"
                + a + ",lec-1,\"{\"\"title\"\": \"\"Cells, part 1\"\", \"\"tags\"\": [\"\"a\"\",\"\"b\"\"], \"\"sensitive\"\": {\"\"patient\"\": \"\"" + SECRET + "\"\"}}\"\r\n"
                + "\"" + b + "\",,\n"
                + "\n"
                + c + ",lec-3," + sidecar + "\n";
        Manifest m = reader.read(csv, ManifestFormat.CSV);
        assertThat(m.problems()).isEmpty();
        assertThat(m.lines()).extracting(ManifestLine::line).containsExactly(2, 3, 5);
        ManifestLine first = m.lines().get(0);
        assertThat(first.source().local()).isEqualTo(a);
        assertThat(first.externalId()).isEqualTo("lec-1");
        assertThat(first.metadata().path("title").asText()).isEqualTo("Cells, part 1");
        assertThat(first.metadata().path("sensitive").path("patient").asText()).isEqualTo(SECRET);
        assertThat(m.lines().get(1).source().name()).isEqualTo("b b.mp4");
        assertThat(m.lines().get(1).externalId()).isNull();
        assertThat(m.lines().get(1).metadata()).isNull();
        assertThat(m.lines().get(2).metadata().path("title").asText()).isEqualTo("From a file");
    }

    @Test
    void aQuotedFieldMaySpanLinesAndTheNextRecordKeepsItsOwnLineNumber() throws Exception {
        String csv = "source,external_id,metadata\n" + a + ",x,\"{\"\"title\"\": \"\"two\"\",\n \"\"course\"\": \"\"lines\"\"}\"\n" + "nowhere.mp4,y,\n";
        Manifest m = reader.read(csv, ManifestFormat.CSV);
        assertThat(m.lines()).extracting(ManifestLine::line).containsExactly(2);
        assertThat(m.lines().get(0).metadata().path("course").asText()).isEqualTo("lines");
        assertThat(m.problems()).extracting(LineProblem::line).containsExactly(4);
    }

    @Test
    void jsonLinesWithObjectOrPathMetadata() throws Exception {
        Path sidecar = Files.writeString(dir.resolve("b.json"), "{\"title\": \"B\"}");
        String jsonl = "{\"source\": \"" + a + "\", \"externalId\": \"e1\", \"metadata\": {\"title\": \"A\"}}\n"
                + "\n"
                + "{\"source\": \"" + b + "\", \"metadata\": \"" + sidecar + "\"}\n"
                + "{\"source\": \"s3://media-library/2019/lecture 1.mp4\", \"externalId\": \"e3\"}\n";
        Manifest m = reader.read(jsonl, ManifestFormat.JSON_LINES);
        assertThat(m.problems()).isEmpty();
        assertThat(m.lines()).extracting(ManifestLine::line).containsExactly(1, 3, 4);
        assertThat(m.lines().get(1).metadata().path("title").asText()).isEqualTo("B");
        ImportSource s3 = m.lines().get(2).source();
        assertThat(s3.isS3()).isTrue();
        assertThat(s3.bucket()).isEqualTo("media-library");
        assertThat(s3.objectKey()).isEqualTo("2019/lecture 1.mp4");
        assertThat(s3.name()).isEqualTo("lecture 1.mp4");
    }

    @Test
    void everyKindOfBadLineIsNamedByItsLineWithACodeAndTheOthersStillGo() throws Exception {
        Files.writeString(data.resolve("master.key"), "k");
        String csv = String.join("\n",
                "source,external_id,metadata",
                a + ",ok-1,\"{\"\"title\"\": \"\"fine\"\"}\"",                                      // 2 good
                "https://example.org/v.mp4,x2,",                                                     // 3 unknown source
                dir.resolve("missing.mp4") + ",x3,",                                                 // 4 not found
                b + ",x4,\"{\"\"title\"\": \"\"" + SECRET + "\"\", \"\"sensitive\"\": {\"\"mrn\"\": \"\"" + SECRET + "\"\"}\"", // 5 bad JSON
                b + ",x5,\"[\"\"" + SECRET + "\"\"]\"",                                               // 6 not an object
                b + ",\"bad\tid\",",                                                                 // 7 bad external id
                a + ",ok-9,",                                                                        // 8 same source as line 2
                c + ",ok-1,",                                                                        // 9 same external id as line 2
                b + ",x10,\"{\"\"title\"\": 42, \"\"sensitive\"\": {\"\"mrn\"\": \"\"" + SECRET + "\"\"}}\"", // 10 schema
                data.resolve("master.key") + ",x11,",                                                // 11 inside the data folder
                b + ",x12,{\"title\": \"unquoted, so split\"}",                                     // 12 too many fields
                c + ",ok-13,");                                                                      // 13 good
        Manifest m = reader.read(csv, ManifestFormat.CSV);
        assertThat(m.lines()).extracting(ManifestLine::line).containsExactly(2, 13);
        Map<Integer, ErrorCode> codes = m.problems().stream().collect(Collectors.toMap(LineProblem::line, LineProblem::code));
        assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(
                3, ErrorCode.SOURCE_UNSUPPORTED, 4, ErrorCode.SOURCE_MISSING, 5, ErrorCode.SIDECAR_NOT_JSON,
                6, ErrorCode.SIDECAR_INVALID, 7, ErrorCode.EXTERNAL_ID_INVALID, 8, ErrorCode.DUPLICATE_LINE,
                9, ErrorCode.DUPLICATE_LINE, 10, ErrorCode.SIDECAR_INVALID, 11, ErrorCode.SOURCE_UNSUPPORTED,
                12, ErrorCode.MANIFEST_LINE_INVALID));
        assertThat(m.problems()).allSatisfy(p -> {
            assertThat(p.reason()).isNotBlank().doesNotContain(SECRET).doesNotContain("Jane").doesNotContain("4711")
                    .doesNotContain(dir.toString());
        });
        assertThat(reasonOf(m, 8)).contains("line 2");
        assertThat(reasonOf(m, 9)).contains("line 2");
        assertThat(reasonOf(m, 10)).contains("title");
    }

    @Test
    void badJsonLinesAreNamedToo() throws Exception {
        String jsonl = String.join("\n",
                "{\"source\": \"" + a + "\"}",
                "{\"source\": \"" + b + "\", \"metadata\": {\"sensitive\": \"" + SECRET + "\"}}",
                "not json " + SECRET,
                "[1, 2]",
                "{\"source\": \"" + c + "\", \"externalId\": 7}",
                "{\"source\": \"ftp://host/x.mp4\"}",
                "{\"source\": \"" + c + "\", \"metadata\": 12}");
        Manifest m = reader.read(jsonl, ManifestFormat.JSON_LINES);
        assertThat(m.lines()).extracting(ManifestLine::line).containsExactly(1);
        Map<Integer, ErrorCode> codes = m.problems().stream().collect(Collectors.toMap(LineProblem::line, LineProblem::code));
        assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(2, ErrorCode.SIDECAR_INVALID, 3, ErrorCode.MANIFEST_LINE_INVALID,
                4, ErrorCode.MANIFEST_LINE_INVALID, 5, ErrorCode.EXTERNAL_ID_INVALID, 6, ErrorCode.SOURCE_UNSUPPORTED,
                7, ErrorCode.SIDECAR_INVALID));
        assertThat(m.problems()).allSatisfy(p -> assertThat(p.reason()).doesNotContain(SECRET).doesNotContain("4711"));
    }

    @Test
    void aManifestWithoutTheHeaderOrWithoutLinesIsRefusedWhole() {
        assertThatThrownBy(() -> reader.read(a + ",x,\n", ManifestFormat.CSV)).isInstanceOf(BadManifest.class).hasMessageContaining("header");
        assertThatThrownBy(() -> reader.read("source,external_id,metadata\n", ManifestFormat.CSV)).isInstanceOf(BadManifest.class);
        assertThatThrownBy(() -> reader.read("\n\n", ManifestFormat.JSON_LINES)).isInstanceOf(BadManifest.class);
    }

    @Test
    void withSourceFoldersSetNothingOutsideThemIsRead() throws Exception {
        Path outside = Files.writeString(dir.resolve("elsewhere.mp4"), "x");
        Path sidecarOutside = Files.writeString(dir.resolve("elsewhere.json"), "{\"title\": \"t\"}");
        ManifestReader confined = new ManifestReader(data, java.util.List.of(a.getParent()), new SidecarReader(1 << 20), 1 << 20);
        Manifest m = confined.read("source,external_id,metadata\n" + a + ",in,\n" + outside + ",out,\n" + b + ",side," + sidecarOutside + "\n",
                ManifestFormat.CSV);
        assertThat(m.lines()).extracting(ManifestLine::line).containsExactly(2);
        assertThat(m.problems()).extracting(LineProblem::code).containsExactly(ErrorCode.SOURCE_UNSUPPORTED, ErrorCode.SOURCE_UNSUPPORTED);
        assertThat(m.problems()).allSatisfy(p -> assertThat(p.reason()).contains("caravan.imports.sourceFolders").doesNotContain(dir.toString()));
    }

    @Test
    void reportCellsAreQuotedAndDefusedForSpreadsheets() {
        assertThat(CsvRecords.cell("plain")).isEqualTo("plain");
        assertThat(CsvRecords.cell("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
        assertThat(CsvRecords.cell("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
    }

    private static String reasonOf(Manifest m, int line) {
        return m.problems().stream().filter(p -> p.line() == line).findFirst().orElseThrow().reason();
    }
}
