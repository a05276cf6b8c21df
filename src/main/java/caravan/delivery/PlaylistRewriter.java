package caravan.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For players that cannot keep cookies: a playlist fetched with a signed URL gets the same signature appended to
 * every URI in it (variant playlists, segments, init segments and the key; not a {@code data:} URI, which carries its
 * content), since relative URIs would otherwise carry none. A DASH manifest gets it on its segment templates.
 */
public final class PlaylistRewriter {
    private PlaylistRewriter() {
    }

    public static String withQuery(String playlist, String query) {
        StringBuilder out = new StringBuilder();
        for (String line : playlist.split("\n", -1)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.append(append(line.strip(), query));
            } else if (line.contains("URI=\"")) {
                int start = line.indexOf("URI=\"") + 5;
                int end = line.indexOf('"', start);
                String uri = line.substring(start, end);
                out.append(line, 0, start).append(uri.startsWith("data:") ? uri : append(uri, query)).append(line.substring(end));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** The MPD with the query on every {@code initialization}, {@code media} and {@code BaseURL} it names (XML-escaped). */
    public static String mpdWithQuery(String mpd, String query) {
        String escaped = query.replace("&", "&amp;");
        Matcher m = MPD_URI.matcher(mpd);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String uri = m.group(2);
            String signed = uri + (uri.contains("?") ? "&amp;" : "?") + escaped;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + signed + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static final Pattern MPD_URI = Pattern.compile("((?:\\binitialization|\\bmedia)=\"|<BaseURL>)([^\"<]*)(\"|</BaseURL>)");

    private static String append(String uri, String query) {
        return uri + (uri.contains("?") ? "&" : "?") + query;
    }
}
