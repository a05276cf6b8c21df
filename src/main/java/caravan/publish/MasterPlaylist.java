package caravan.publish;

import caravan.asset.Rendition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the renditions a master playlist declares ({@code #EXT-X-STREAM-INF} and the URI after it). */
public final class MasterPlaylist {
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

    private MasterPlaylist() {
    }

    public static List<Rendition> renditions(String playlist) {
        List<Rendition> out = new ArrayList<>();
        String[] lines = playlist.split("\\R");
        for (int i = 0; i < lines.length - 1; i++) {
            if (!lines[i].startsWith("#EXT-X-STREAM-INF:")) {
                continue;
            }
            Map<String, String> attrs = attributes(lines[i].substring("#EXT-X-STREAM-INF:".length()));
            String uri = lines[i + 1].trim();
            String name = uri.contains("/") ? uri.substring(0, uri.indexOf('/'))
                    : uri.replaceFirst("\\.m3u8.*$", "").replaceFirst("^master_", ""); // MediaConvert: master_720p.m3u8
            int w = 0;
            int h = 0;
            String res = attrs.get("RESOLUTION");
            if (res != null && res.contains("x")) {
                w = Integer.parseInt(res.substring(0, res.indexOf('x')));
                h = Integer.parseInt(res.substring(res.indexOf('x') + 1));
            }
            out.add(new Rendition(name, w, h, Long.parseLong(attrs.getOrDefault("BANDWIDTH", "0")),
                    attrs.get("CODECS"), uri));
        }
        return out;
    }

    /** The URIs of the audio renditions ({@code #EXT-X-MEDIA:TYPE=AUDIO}) a master declares, in order. */
    public static List<String> audioRenditions(String playlist) {
        List<String> out = new ArrayList<>();
        for (String line : playlist.split("\\R")) {
            if (line.startsWith("#EXT-X-MEDIA:")) {
                Map<String, String> attrs = attributes(line.substring("#EXT-X-MEDIA:".length()));
                if ("AUDIO".equals(attrs.get("TYPE")) && attrs.get("URI") != null) {
                    out.add(attrs.get("URI"));
                }
            }
        }
        return out;
    }

    static Map<String, String> attributes(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(list);
        while (m.find()) {
            String v = m.group(2);
            out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }
}
