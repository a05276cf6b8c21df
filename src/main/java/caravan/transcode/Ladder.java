package caravan.transcode;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The operator's encoding ladder ({@code config/ladder.json}), checked when Caravan starts.
 * Every problem is reported with the field's path and what is allowed.
 */
public record Ladder(Video video, Audio audio, int segmentSeconds, List<Rung> rungs) {

    public record Video(String codec, String profile, String preset, int gopSeconds, int maxFrameRate) {
    }

    public record Audio(String codec, int bitrateKbps, int sampleRate, int channels) {
    }

    /**
     * A rung by the short side of the picture: "720" is 1280x720 landscape or 720x1280 portrait. {@code codec} is
     * {@value #H264} (the default), or {@value #HEVC} or {@value #AV1}, which HLS carries in fMP4 only
     * ({@code caravan.packaging=cmaf}).
     */
    public record Rung(String name, int height, int videoKbps, String codec) {
        public Rung(String name, int height, int videoKbps) {
            this(name, height, videoKbps, H264);
        }
    }

    public static final String H264 = "h264";
    public static final String HEVC = "hevc";
    public static final String AV1 = "av1";

    private static final Set<String> PRESETS = Set.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
            "slow", "slower", "veryslow");

    public static Ladder load(Path file) {
        try (InputStream in = Files.exists(file) ? Files.newInputStream(file)
                : Ladder.class.getResourceAsStream("/caravan/defaults/ladder.json")) {
            if (in == null) {
                throw new LadderException("No ladder file at " + file + " and no built-in default");
            }
            return parse(Json.MAPPER.readTree(in), file.toString());
        } catch (IOException e) {
            throw new LadderException("Cannot read ladder " + file + ": " + e.getMessage());
        }
    }

    static Ladder parse(JsonNode root, String source) {
        List<String> problems = new ArrayList<>();
        JsonNode v = root.path("video");
        JsonNode a = root.path("audio");
        Video video = new Video(text(v, "video.codec", "libx264", Set.of("libx264"), problems),
                text(v, "video.profile", "high", Set.of("baseline", "main", "high"), problems),
                text(v, "video.preset", "veryfast", PRESETS, problems),
                number(v, "video.gopSeconds", 2, 1, 10, problems),
                number(v, "video.maxFrameRate", 60, 1, 120, problems));
        Audio audio = new Audio(text(a, "audio.codec", "aac", Set.of("aac"), problems),
                number(a, "audio.bitrateKbps", 128, 32, 512, problems),
                number(a, "audio.sampleRate", 48000, 8000, 96000, problems),
                number(a, "audio.channels", 2, 1, 2, problems));
        int segment = number(root.path("hls"), "hls.segmentSeconds", 6, 1, 30, problems);
        if (segment % video.gopSeconds() != 0) {
            problems.add("hls.segmentSeconds (" + segment + ") must be a multiple of video.gopSeconds (" + video.gopSeconds() + ")");
        }
        List<Rung> rungs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode list = root.path("rungs");
        if (!list.isArray() || list.isEmpty()) {
            problems.add("rungs: must be a non-empty list of {name, height, videoKbps}");
        }
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            JsonNode r = list.get(i);
            String name = r.path("name").asText("");
            if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
                problems.add("rungs[" + i + "].name: must be 1-32 letters, digits, '-' or '_' (got '" + name + "')");
            } else if (!names.add(name)) {
                problems.add("rungs[" + i + "].name: '" + name + "' is used twice");
            }
            rungs.add(new Rung(name, number(r, "rungs[" + i + "].height", 0, 64, 4320, problems),
                    number(r, "rungs[" + i + "].videoKbps", 0, 50, 100000, problems),
                    text(r, "rungs[" + i + "].codec", H264, Set.of(H264, HEVC, AV1), problems)));
        }
        if (!problems.isEmpty()) {
            throw new LadderException("Invalid ladder " + source + ":\n  - " + String.join("\n  - ", problems));
        }
        rungs.sort(Comparator.comparingInt(Rung::height).reversed());
        return new Ladder(video, audio, segment, List.copyOf(rungs));
    }

    /** The codec of the rung named {@code name}; {@value #H264} for a rung the ladder does not name (a native-size rung). */
    public String codecOf(String name) {
        return rungs.stream().filter(r -> r.name().equals(name)).map(Rung::codec).findFirst().orElse(H264);
    }

    /** The rungs in another codec than H.264 (HEVC, AV1), which only CMAF packaging can carry. */
    public List<Rung> nonH264Rungs() {
        return rungs.stream().filter(r -> !H264.equals(r.codec())).toList();
    }

    private static String text(JsonNode node, String path, String def, Set<String> allowed, List<String> problems) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        String value = node.has(field) ? node.path(field).asText() : def;
        if (!allowed.contains(value)) {
            problems.add(path + ": '" + value + "' is not one of " + new java.util.TreeSet<>(allowed));
        }
        return value;
    }

    private static int number(JsonNode node, String path, int def, int min, int max, List<String> problems) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        JsonNode n = node.path(field);
        if (n.isMissingNode() && def > 0) {
            return def;
        }
        if (!n.isInt() || n.asInt() < min || n.asInt() > max) {
            problems.add(path + ": must be a whole number from " + min + " to " + max + " (got " + (n.isMissingNode() ? "nothing" : n) + ")");
            return min;
        }
        return n.asInt();
    }

    /** The ladder file is wrong: Caravan refuses to start and says why. */
    public static class LadderException extends RuntimeException {
        public LadderException(String message) {
            super(message);
        }
    }
}
