package caravan.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Changes to a master playlist before it is published: a SUBTITLES group (one {@code #EXT-X-MEDIA} per caption track,
 * and {@code SUBTITLES="<group>"} on every variant), and a corrected {@code BANDWIDTH} per variant.
 */
public final class MasterPlaylistEdits {
    private static final Pattern BANDWIDTH = Pattern.compile("(?<![A-Z-])BANDWIDTH=\\d+");

    private MasterPlaylistEdits() {
    }

    /** A caption track as the master lists it. Name and language are quoted strings: no quotes or line breaks. */
    public record SubtitleTrack(String name, String language, String uri, boolean isDefault) {
    }

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
                                + ",AUTOSELECT=YES,FORCED=NO,URI=\"" + quoted(t.uri()) + "\"");
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

    private static String quoted(String value) {
        return value.replace('"', '\'').replace('\n', ' ').replace('\r', ' ');
    }
}
