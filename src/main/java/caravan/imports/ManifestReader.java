package caravan.imports;

import caravan.asset.Json;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.metadata.SidecarReader;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an import manifest (CSV or JSON Lines) line by line. A line that cannot go (a source that is neither a path
 * nor {@code s3://bucket/key}, a file that is not there, metadata that is not a JSON object or breaks the sidecar
 * schema, a bad external id, the same source or external id as an earlier line) becomes a {@link LineProblem} with
 * its line number and code; the other lines still go. Reasons name the field and the rule, never a metadata value.
 * Local paths are taken as given, a relative one from Caravan's working folder; nothing inside Caravan's own data
 * folder (keys, database, other assets) may be imported.
 */
public final class ManifestReader {
    public static final List<String> CSV_HEADER = List.of("source", "external_id", "metadata");
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    private static final Pattern S3 = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)", Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);
    private static final Pattern EXTERNAL_ID = Pattern.compile("[^\\u0000-\\u001f\\u007f]{1,200}");

    private final Path dataFolder;
    private final List<Path> sourceFolders;
    private final SidecarReader sidecars;
    private final long maxMetadataBytes;

    public ManifestReader(Path dataFolder, SidecarReader sidecars, long maxMetadataBytes) {
        this(dataFolder, List.of(), sidecars, maxMetadataBytes);
    }

    /** With {@code sourceFolders} not empty, local sources and sidecars are read only from inside those folders. */
    public ManifestReader(Path dataFolder, List<Path> sourceFolders, SidecarReader sidecars, long maxMetadataBytes) {
        this.dataFolder = realOrSelf(dataFolder.toAbsolutePath().normalize());
        this.sourceFolders = sourceFolders.stream().map(p -> realOrSelf(p.toAbsolutePath().normalize())).toList();
        this.sidecars = sidecars;
        this.maxMetadataBytes = maxMetadataBytes;
    }

    public Manifest read(String text, ManifestFormat format) throws BadManifest {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        Lines lines = new Lines();
        if (format == ManifestFormat.CSV) {
            readCsv(body, lines);
        } else {
            readJsonLines(body, lines);
        }
        if (lines.good.isEmpty() && lines.bad.isEmpty()) {
            throw new BadManifest("The manifest has no lines: one source a line, after the header.");
        }
        return new Manifest(List.copyOf(lines.good), List.copyOf(lines.bad));
    }

    private void readCsv(String body, Lines lines) throws BadManifest {
        List<CsvRecords.Row> rows = CsvRecords.parse(body);
        if (rows.isEmpty()) {
            throw new BadManifest("The manifest is empty: the first line is the header source,external_id,metadata.");
        }
        List<String> header = rows.get(0).fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        if (header.isEmpty() || !CSV_HEADER.subList(0, Math.min(header.size(), 3)).equals(header) || header.size() > 3) {
            throw new BadManifest("The manifest's first line must be the header source,external_id,metadata"
                    + " (external_id and metadata may be left out).");
        }
        for (CsvRecords.Row row : rows.subList(1, rows.size())) {
            String source = row.fields().get(0).strip();
            if (row.unterminatedQuote()) {
                lines.bad(row.line(), source, ErrorCode.MANIFEST_LINE_INVALID,
                        "A quoted field is not closed: a field with commas or quotes is written in double quotes, a quote inside it doubled (\"\").");
            } else if (row.fields().size() > header.size()) {
                lines.bad(row.line(), source, ErrorCode.MANIFEST_LINE_INVALID, "The line has " + row.fields().size()
                        + " fields, the header " + header.size() + ": metadata with commas must be in double quotes.");
            } else {
                String externalId = row.fields().size() > 1 ? row.fields().get(1) : "";
                String metadata = row.fields().size() > 2 ? row.fields().get(2).strip() : "";
                line(lines, row.line(), source, externalId.isEmpty() ? null : externalId, metadataText(metadata));
            }
        }
    }

    private void readJsonLines(String body, Lines lines) {
        String[] physical = body.split("\r?\n", -1);
        for (int i = 0; i < physical.length; i++) {
            int number = i + 1;
            if (physical[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = STRICT.readTree(physical[i]);
            } catch (JsonProcessingException e) {
                lines.bad(number, "", ErrorCode.MANIFEST_LINE_INVALID, "The line is not valid JSON" + column(e)
                        + "; each line is one object with the keys source, externalId and metadata.");
                continue;
            }
            if (node == null || !node.isObject()) {
                lines.bad(number, "", ErrorCode.MANIFEST_LINE_INVALID, "The line must be a JSON object with the keys source, externalId and metadata.");
                continue;
            }
            JsonNode source = node.path("source");
            if (!source.isTextual()) {
                lines.bad(number, "", ErrorCode.SOURCE_UNSUPPORTED, "The line has no source (a text: a file path or s3://bucket/key).");
                continue;
            }
            JsonNode ext = node.path("externalId");
            if (!ext.isMissingNode() && !ext.isNull() && !ext.isTextual()) {
                lines.bad(number, source.asText(), ErrorCode.EXTERNAL_ID_INVALID, "externalId must be a text.");
                continue;
            }
            JsonNode meta = node.path("metadata");
            Metadata metadata;
            if (meta.isMissingNode() || meta.isNull()) {
                metadata = Metadata.NONE;
            } else if (meta.isObject()) {
                metadata = new Metadata(null, (ObjectNode) meta, null);
            } else if (meta.isTextual()) {
                metadata = metadataText(meta.asText().strip());
            } else {
                metadata = new Metadata(null, null, "metadata must be a JSON object or the path of a sidecar file ("
                        + meta.getNodeType().name().toLowerCase(Locale.ROOT) + " found).");
            }
            line(lines, number, source.asText().strip(), ext.isTextual() && !ext.asText().isEmpty() ? ext.asText() : null, metadata);
        }
    }

    /** Metadata as the CSV (or a JSON Lines text) gives it: empty, inline JSON, or a sidecar file's path. */
    private Metadata metadataText(String text) {
        if (text.isEmpty()) {
            return Metadata.NONE;
        }
        if (text.startsWith("{") || text.startsWith("[") || text.startsWith("\"")) {
            return new Metadata(text, null, null);
        }
        return new Metadata(null, null, null, text);
    }

    private record Metadata(String inline, ObjectNode object, String problem, String sidecarPath) {
        static final Metadata NONE = new Metadata(null, null, null, null);

        Metadata(String inline, ObjectNode object, String problem) {
            this(inline, object, problem, null);
        }
    }

    private void line(Lines lines, int number, String sourceText, String externalId, Metadata metadata) {
        ImportSource source;
        try {
            source = source(sourceText);
        } catch (RejectedInput e) {
            lines.bad(number, sourceText, e.code(), e.getMessage());
            return;
        }
        ObjectNode meta;
        try {
            meta = metadata(metadata);
        } catch (RejectedInput e) {
            lines.bad(number, sourceText, e.code(), e.getMessage());
            return;
        }
        if (externalId == null && meta != null && meta.path("externalId").isTextual()) {
            externalId = meta.path("externalId").asText();
        }
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            lines.bad(number, sourceText, ErrorCode.EXTERNAL_ID_INVALID,
                    "The external id must be 1 to 200 characters with no control characters.");
            return;
        }
        if (externalId != null && meta != null && meta.path("externalId").isTextual() && !meta.path("externalId").asText().equals(externalId)) {
            lines.bad(number, sourceText, ErrorCode.EXTERNAL_ID_INVALID,
                    "The line's external_id and its metadata's externalId differ; give one, or the same in both.");
            return;
        }
        Integer sameSource = lines.sources.get(source.key());
        if (sameSource != null) {
            lines.bad(number, sourceText, ErrorCode.DUPLICATE_LINE, "The same source as line " + sameSource + "; it is imported once.");
            return;
        }
        Integer sameId = externalId == null ? null : lines.externalIds.get(externalId);
        if (sameId != null) {
            lines.bad(number, sourceText, ErrorCode.DUPLICATE_LINE, "The same external id as line " + sameId
                    + "; an external id names one source.");
            return;
        }
        lines.sources.put(source.key(), number);
        if (externalId != null) {
            lines.externalIds.put(externalId, number);
        }
        lines.good.add(new ManifestLine(number, source, externalId, meta));
    }

    private ImportSource source(String text) {
        if (text.isEmpty()) {
            throw new RejectedInput(ErrorCode.SOURCE_UNSUPPORTED, "The line has no source: a file path or s3://bucket/key.");
        }
        if (text.startsWith("s3://")) {
            var m = S3.matcher(text);
            if (!m.matches()) {
                throw new RejectedInput(ErrorCode.SOURCE_UNSUPPORTED, "An S3 source is written s3://bucket/key (a bucket name of"
                        + " 3 to 63 lower-case letters, digits, dots and hyphens, then the object's key).");
            }
            return ImportSource.s3(text, m.group(1), m.group(2));
        }
        if (SCHEME.matcher(text).matches() && !text.matches("[A-Za-z]:[\\\\/].*")) {
            throw new RejectedInput(ErrorCode.SOURCE_UNSUPPORTED, "A source is a file path or s3://bucket/key; "
                    + text.substring(0, text.indexOf(':')).replaceAll("[^A-Za-z0-9+.-]", "?") + ": sources are not read.");
        }
        Path file = localFile(text, "source");
        return ImportSource.local(text, file);
    }

    private Path localFile(String text, String what) {
        Path file;
        try {
            file = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new RejectedInput(ErrorCode.SOURCE_UNSUPPORTED, "The " + what + " is not a file path this system can open.");
        }
        if (!Files.isRegularFile(file)) {
            throw new RejectedInput(ErrorCode.SOURCE_MISSING, Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? "The " + what + " is not a regular file (a folder or a device)."
                    : "The " + what + " file does not exist (or Caravan may not read its folder).");
        }
        Path real = realOrSelf(file);
        if (!sourceFolders.isEmpty() && sourceFolders.stream().noneMatch(real::startsWith)) {
            throw new RejectedInput(ErrorCode.SOURCE_UNSUPPORTED, "The " + what + " is outside the folders imports may read"
                    + " (caravan.imports.sourceFolders).");
        }
        if (real.startsWith(dataFolder)) {
            throw new RejectedInput(ErrorCode.SOURCE_UNSUPPORTED, "The " + what + " is inside Caravan's data folder, which is"
                    + " never imported from; copy it elsewhere (or drop a video in the inbox).");
        }
        if (!Files.isReadable(file)) {
            throw new RejectedInput(ErrorCode.SOURCE_MISSING, "The " + what + " file cannot be read by the account Caravan runs as.");
        }
        return file;
    }

    private ObjectNode metadata(Metadata m) {
        if (m.problem() != null) {
            throw new RejectedInput(ErrorCode.SIDECAR_INVALID, m.problem());
        }
        ObjectNode root;
        if (m.object() != null) {
            root = m.object();
        } else if (m.inline() != null) {
            root = parseInline(m.inline());
        } else if (m.sidecarPath() != null) {
            Path file = localFile(m.sidecarPath(), "metadata sidecar");
            try {
                root = sidecars.parse(file);
            } catch (IOException e) {
                throw new RejectedInput(ErrorCode.SOURCE_MISSING, "The metadata sidecar file cannot be read.");
            }
        } else {
            return null;
        }
        sidecars.check(root);
        JsonNode sensitive = root.get("sensitive");
        if (sensitive != null && !sensitive.isNull() && !sensitive.isObject()) {
            throw new RejectedInput(ErrorCode.SIDECAR_INVALID, "The metadata does not match the schema: $.sensitive must be an object.");
        }
        return root;
    }

    private ObjectNode parseInline(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > maxMetadataBytes) {
            throw new RejectedInput(ErrorCode.SIDECAR_TOO_LARGE, "The metadata is over " + maxMetadataBytes + " bytes.");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new RejectedInput(ErrorCode.SIDECAR_INVALID, "The metadata has a duplicate key" + column(e)
                        + "; each key may appear only once in an object.");
            }
            throw new RejectedInput(ErrorCode.SIDECAR_NOT_JSON, "The metadata is not valid JSON" + column(e)
                    + ": in CSV, write it in double quotes with each quote inside doubled.");
        }
        if (node == null || !node.isObject()) {
            throw new RejectedInput(ErrorCode.SIDECAR_INVALID, "The metadata must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    private static String column(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getColumnNr() < 1 ? "" : " (at character " + at.getColumnNr() + ")";
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private static final class Lines {
        final List<ManifestLine> good = new ArrayList<>();
        final List<LineProblem> bad = new ArrayList<>();
        final Map<String, Integer> sources = new HashMap<>();
        final Map<String, Integer> externalIds = new HashMap<>();

        void bad(int line, String source, ErrorCode code, String reason) {
            bad.add(new LineProblem(line, source, code, reason));
        }
    }
}
