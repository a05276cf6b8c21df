package caravan.ffmpeg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes this server's paths out of what ffmpeg or ffprobe wrote, so their words can be logged: the data folder becomes
 * {@code <data>} (an asset's files then read {@code <data>/work/<id>/source}), any other absolute path {@code <path>}.
 */
public final class ServerPaths {
    /** An absolute path where ffmpeg prints one: at the start, after a space, a quote, a colon, '(' or '='. */
    private static final Pattern ABSOLUTE = Pattern.compile("(^|[\\s'\"`:(=\\[])/(?![\\s/])[^\\s'\"`,;)\\]]*", Pattern.MULTILINE);

    private final List<Pattern> dataRoots = new ArrayList<>();

    public ServerPaths(Path dataRoot) {
        Path absolute = dataRoot.toAbsolutePath().normalize();
        List<String> roots = new ArrayList<>(List.of(absolute.toString()));
        try {
            roots.add(absolute.toRealPath().toString());
        } catch (IOException e) {
            // not there (yet): the path as configured is all ffmpeg can have been given
        }
        roots.stream().filter(r -> !r.equals("/")).distinct().sorted(Comparator.comparingInt(String::length).reversed())
                .forEach(r -> dataRoots.add(Pattern.compile(Pattern.quote(r) + "(?=[/\\s'\"`,;:)\\]]|$)", Pattern.MULTILINE)));
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String out = text;
        for (Pattern root : dataRoots) {
            out = root.matcher(out).replaceAll("<data>");
        }
        Matcher m = ABSOLUTE.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "<path>"));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
