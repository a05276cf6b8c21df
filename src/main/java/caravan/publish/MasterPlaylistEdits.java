package caravan.publish;

import caravan.asset.Outputs.AudioRendition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Changes to a master playlist before it is published: the AUDIO group's renditions named, a SUBTITLES group (one {@code #EXT-X-MEDIA} per caption track,
 * SDH tracks with their {@code CHARACTERISTICS}, and {@code SUBTITLES="<group>"} on every variant), a corrected {@code BANDWIDTH} per variant, and the default
 * variant (the one players start on) listed first; {@code FRAME-RATE} on every video variant and
 * {@code EXT-X-INDEPENDENT-SEGMENTS} in the master and {@code CLOSED-CAPTIONS=NONE} on every variant, as Apple's HLS
 * Authoring Specification asks.
 */
public final class MasterPlaylistEdits {
    private static final Pattern BANDWIDTH = Pattern.compile("(?<![A-Z-])BANDWIDTH=\\d+");
    private static final Pattern AVERAGE_BANDWIDTH = Pattern.compile("AVERAGE-BANDWIDTH=\\d+");
    private static final Pattern RESOLUTION = Pattern.compile("(?<![A-Z-])RESOLUTION=\\d+x\\d+");
    private static final String INDEPENDENT_SEGMENTS = "#EXT-X-INDEPENDENT-SEGMENTS";

    private MasterPlaylistEdits() {
    }

    /**
     * A caption track as the master lists it. Name and language are quoted strings: no quotes or line breaks. An SDH
     * track (captions for the deaf and hard of hearing) carries both accessibility characteristics.
     */
    public record SubtitleTrack(String name, String language, String uri, boolean isDefault, boolean sdh) {
        public SubtitleTrack(String name, String language, String uri, boolean isDefault) {
            this(name, language, uri, isDefault, false);
        }
    }

    /** What Apple's HLS Authoring Specification asks of captions for the deaf and hard of hearing. */
    public static final String SDH_CHARACTERISTICS =
            "public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound";

    public static String withSubtitles(String master, String groupId, List<SubtitleTrack> tracks) {
        if (tracks.isEmpty()) {
            return master;
        }
        List<String> out = new ArrayList<>();
        boolean inserted = false;
        for (String line : master.split("\n", -1)) {
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                if (!inserted) {
                    for (SubtitleTrack t : tracks) {
                        out.add("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"" + groupId + "\",NAME=\"" + quoted(t.name())
                                + "\",LANGUAGE=\"" + quoted(t.language()) + "\",DEFAULT=" + (t.isDefault() ? "YES" : "NO")
                                + ",AUTOSELECT=YES,FORCED=NO" + (t.sdh() ? ",CHARACTERISTICS=\"" + SDH_CHARACTERISTICS + "\"" : "")
                                + ",URI=\"" + quoted(t.uri()) + "\"");
                    }
                    out.add("");
                    inserted = true;
                }
                line = line + ",SUBTITLES=\"" + groupId + "\"";
            }
            out.add(line);
        }
        return String.join("\n", out);
    }

    /** What Apple's HLS Authoring Specification asks of an audio description for the blind and partially sighted. */
    public static final String DESCRIBES_VIDEO = "public.accessibility.describes-video";
    private static final Pattern AUDIO_GROUP = Pattern.compile("(?<![A-Z-])AUDIO=\"[^\"]*\"");

    /**
     * The AUDIO group as Caravan names it: ffmpeg's own {@code #EXT-X-MEDIA:TYPE=AUDIO} lines (group {@code group_<id>},
     * names {@code audio_N}) replaced by one per track with its language, readable name, {@code DEFAULT} (one),
     * {@code AUTOSELECT}, {@code CHANNELS} and, for an audio description, its {@code CHARACTERISTICS}; every variant
     * that plays with a group names {@code groupId}. A master whose variants name no group is left as it is.
     */
    public static String withAudioRenditions(String master, String groupId, List<AudioRendition> tracks) {
        if (tracks == null || tracks.isEmpty() || master.lines().noneMatch(l -> l.startsWith("#EXT-X-STREAM-INF:")
                && AUDIO_GROUP.matcher(l).find())) {
            return master;
        }
        List<String> out = new ArrayList<>();
        boolean inserted = false;
        for (String line : master.split("\n", -1)) {
            if (line.startsWith("#EXT-X-MEDIA:") && line.contains("TYPE=AUDIO")) {
                continue;
            }
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                if (!inserted) {
                    for (AudioRendition t : tracks) {
                        out.add("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"" + groupId + "\",LANGUAGE=\"" + quoted(t.language())
                                + "\",NAME=\"" + quoted(t.name()) + "\",DEFAULT=" + (t.isDefault() ? "YES" : "NO")
                                + ",AUTOSELECT=YES,CHANNELS=\"" + t.channels() + "\""
                                + (t.describesVideo() ? ",CHARACTERISTICS=\"" + DESCRIBES_VIDEO + "\"" : "")
                                + ",URI=\"" + quoted(t.playlist()) + "\"");
                    }
                    out.add("");
                    inserted = true;
                }
                line = AUDIO_GROUP.matcher(line).replaceFirst("AUDIO=\"" + groupId + "\"");
            }
            out.add(line);
        }
        return String.join("\n", out);
    }

    /** Sets {@code BANDWIDTH} of the variants whose URI is a key of {@code bandwidths}. */
    public static String withBandwidths(String master, Map<String, Long> bandwidths) {
        String[] lines = master.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("#EXT-X-STREAM-INF:")) {
                Long b = bandwidths.get(lines[i + 1].trim());
                if (b != null) {
                    lines[i] = BANDWIDTH.matcher(lines[i]).replaceFirst("BANDWIDTH=" + b);
                }
            }
        }
        return String.join("\n", lines);
    }

    /** Sets {@code AVERAGE-BANDWIDTH} of the variants whose URI is a key of {@code averages} (added if absent). */
    public static String withAverageBandwidths(String master, Map<String, Long> averages) {
        String[] lines = master.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            Long b = lines[i].startsWith("#EXT-X-STREAM-INF:") ? averages.get(lines[i + 1].trim()) : null;
            if (b != null) {
                lines[i] = AVERAGE_BANDWIDTH.matcher(lines[i]).find()
                        ? AVERAGE_BANDWIDTH.matcher(lines[i]).replaceFirst("AVERAGE-BANDWIDTH=" + b)
                        : BANDWIDTH.matcher(lines[i]).replaceFirst("$0,AVERAGE-BANDWIDTH=" + b);
            }
        }
        return String.join("\n", lines);
    }

    /**
     * The variant whose average bandwidth ({@code AVERAGE-BANDWIDTH}, else {@code BANDWIDTH}) is nearest
     * {@code startBitsPerSecond} moves to the top of the variants; the others keep their order. Players start on the
     * first variant listed (Apple's HLS Authoring Specification names one near 2 Mb/s as the default): a player on a
     * slow link then starts on a rung it can carry instead of the largest. Other lines stay where they were.
     */
    public static String withDefaultVariantFirst(String master, long startBitsPerSecond) {
        List<String> lines = new ArrayList<>(List.of(master.split("\n", -1)));
        List<Integer> variants = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXT-X-STREAM-INF:")) {
                variants.add(i);
            }
        }
        if (variants.size() < 2) {
            return master;
        }
        int best = variants.get(0);
        long bestDistance = Long.MAX_VALUE;
        for (int i : variants) {
            Map<String, String> attrs = MasterPlaylist.attributes(lines.get(i).substring("#EXT-X-STREAM-INF:".length()));
            long average = Long.parseLong(attrs.getOrDefault("AVERAGE-BANDWIDTH", attrs.getOrDefault("BANDWIDTH", "0")));
            long distance = Math.abs(average - startBitsPerSecond);
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        int first = variants.get(0);
        if (best == first) {
            return master;
        }
        String tag = lines.get(best);
        String uri = lines.get(best + 1);
        lines.remove(best + 1);
        lines.remove(best);
        if (best < lines.size() && lines.get(best).isBlank() && lines.get(best - 1).isBlank()) {
            lines.remove(best); // no double blank line where the variant was
        }
        boolean separated = first + 2 < lines.size() && lines.get(first + 2).isBlank();
        lines.add(first, tag);
        lines.add(first + 1, uri);
        if (separated) {
            lines.add(first + 2, "");
        }
        return String.join("\n", lines);
    }

    /**
     * {@code FRAME-RATE} (three decimals, as the HLS specification writes it) after {@code RESOLUTION} on every video
     * variant that has none: ffmpeg's master lacks it, and Apple's specification wants it on every video variant.
     * Every rung of a ladder runs at the same frame rate. Audio-only variants (no {@code RESOLUTION}) get none.
     */
    public static String withFrameRate(String master, double framesPerSecond) {
        if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
            return master;
        }
        String rate = String.format(Locale.ROOT, "%.3f", framesPerSecond);
        String[] lines = master.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("#EXT-X-STREAM-INF:")
                    && !MasterPlaylist.attributes(lines[i].substring("#EXT-X-STREAM-INF:".length())).containsKey("FRAME-RATE")) {
                lines[i] = RESOLUTION.matcher(lines[i]).replaceFirst("$0,FRAME-RATE=" + rate);
            }
        }
        return String.join("\n", lines);
    }

    /**
     * {@code CLOSED-CAPTIONS=NONE} on every variant: Caravan's ladder carries no CEA-608/708 captions (the ffmpeg
     * encoder is told not to copy a source's, {@code -a53cc 0}; captions travel as WebVTT renditions), and Apple's
     * specification asks for NONE then, so a player does not look for them in the video. The HLS specification wants
     * all variants NONE once one is: a master that declares a closed-caption group already is left as it is.
     */
    public static String withClosedCaptionsNone(String master) {
        String[] lines = master.split("\n", -1);
        for (String line : lines) {
            if (line.startsWith("#EXT-X-STREAM-INF:") && line.contains("CLOSED-CAPTIONS=")) {
                return master;
            }
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("#EXT-X-STREAM-INF:")) {
                lines[i] = lines[i] + ",CLOSED-CAPTIONS=NONE";
            }
        }
        return String.join("\n", lines);
    }

    /**
     * {@code EXT-X-INDEPENDENT-SEGMENTS} in the master (after {@code EXT-X-VERSION}) when every variant's media
     * playlist in {@code folder} declares it: a player may then switch rungs at any segment. ffmpeg writes the tag
     * only in the media playlists; Apple's specification wants it in the multivariant playlist too.
     */
    public static String withIndependentSegments(String master, Path folder) throws IOException {
        List<String> lines = new ArrayList<>(List.of(master.split("\n", -1)));
        if (lines.stream().anyMatch(l -> l.strip().equals(INDEPENDENT_SEGMENTS))) {
            return master;
        }
        boolean any = false;
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXT-X-STREAM-INF:")) {
                Path media = folder.resolve(lines.get(i + 1).strip()).normalize();
                if (!media.startsWith(folder.normalize()) || !Files.isRegularFile(media)
                        || Files.readAllLines(media, StandardCharsets.UTF_8).stream().noneMatch(l -> l.strip().equals(INDEPENDENT_SEGMENTS))) {
                    return master;
                }
                any = true;
            }
        }
        return any ? withIndependentSegmentsTag(master) : master;
    }

    /** The playlist (master or media) with {@code EXT-X-INDEPENDENT-SEGMENTS} once, after {@code EXT-X-VERSION}. */
    static String withIndependentSegmentsTag(String playlist) {
        List<String> lines = new ArrayList<>(List.of(playlist.split("\n", -1)));
        if (lines.stream().anyMatch(l -> l.strip().equals(INDEPENDENT_SEGMENTS))) {
            return playlist;
        }
        int at = 1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXT-X-VERSION:")) {
                at = i + 1;
            }
        }
        lines.add(Math.min(at, lines.size()), INDEPENDENT_SEGMENTS);
        return String.join("\n", lines);
    }

    private static String quoted(String value) {
        return value.replace('"', '\'').replace('\n', ' ').replace('\r', ' ');
    }
}
