package caravan.delivery;

/**
 * For players that cannot keep cookies: a playlist fetched with a signed URL gets the same signature appended to
 * every URI in it (variant playlists, segments and the key), since relative URIs would otherwise carry none.
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
                out.append(line, 0, start).append(append(line.substring(start, end), query)).append(line.substring(end));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String append(String uri, String query) {
        return uri + (uri.contains("?") ? "&" : "?") + query;
    }
}
