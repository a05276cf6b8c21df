package caravan.publish;

import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The last check before anything is published: a finished ladder a player can play. The master playlist lists
 * at least one variant; every variant and audio rendition it lists is a playlist in the folder with at least one segment that exists
 * and is not empty; and every rung playlist the transcode wrote is listed in the master. Anything else fails the
 * asset with {@link ErrorCode#NO_PLAYABLE_LADDER} instead of making it READY with a ladder nothing can play (a
 * transport stream cut after a few kilobytes can decode to no frames at all).
 */
public final class PlayableLadder {
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");

    private PlayableLadder() {
    }

    public static void check(Path folder) throws IOException {
        Path master = folder.resolve("master.m3u8");
        if (!Files.isRegularFile(master, LinkOption.NOFOLLOW_LINKS)) {
            throw refused("the transcode wrote no master playlist");
        }
        List<String> lines = Files.readAllLines(master, StandardCharsets.UTF_8);
        List<String> variants = new ArrayList<>();
        List<String> audio = new ArrayList<>();
        Set<String> referenced = new LinkedHashSet<>();
        boolean nextIsVariant = false;
        for (String raw : lines) {
            String line = raw.strip();
            Matcher uri = URI_ATTRIBUTE.matcher(line);
            while (uri.find()) {
                referenced.add(uri.group(1));
                if (line.startsWith("#EXT-X-MEDIA:") && line.contains("TYPE=AUDIO")) {
                    audio.add(uri.group(1));
                }
            }
            if (line.startsWith("#EXT-X-STREAM-INF")) {
                nextIsVariant = true;
            } else if (!line.isEmpty() && !line.startsWith("#") && nextIsVariant) {
                variants.add(line);
                referenced.add(line);
                nextIsVariant = false;
            }
        }
        if (variants.isEmpty()) {
            throw refused("the master playlist lists no variant: the source decoded to nothing playable");
        }
        for (String variant : variants) {
            int segments = segmentsIn(folder, variant);
            if (segments == 0) {
                throw refused("the variant " + variant + " has no segment: the source decoded to nothing playable");
            }
        }
        for (String rendition : audio) { // a video's sound: every variant plays with one of these
            if (segmentsIn(folder, rendition) == 0) {
                throw refused("the audio rendition " + rendition + " has no segment");
            }
        }
        for (String written : rungPlaylists(folder)) {
            if (!referenced.contains(written)) {
                throw refused("the rung playlist " + written + " is not listed in the master playlist");
            }
        }
    }

    /** Segments of one variant that exist in the folder and hold bytes. */
    private static int segmentsIn(Path folder, String variant) throws IOException {
        Path playlist = inside(folder, variant);
        if (playlist == null || !Files.isRegularFile(playlist, LinkOption.NOFOLLOW_LINKS)) {
            throw refused("the variant " + variant + " listed in the master playlist was not written");
        }
        int count = 0;
        boolean nextIsSegment = false;
        for (String raw : Files.readAllLines(playlist, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.startsWith("#EXTINF")) {
                nextIsSegment = true;
            } else if (!line.isEmpty() && !line.startsWith("#") && nextIsSegment) {
                Path segment = inside(playlist.getParent(), line);
                if (segment == null || !Files.isRegularFile(segment, LinkOption.NOFOLLOW_LINKS) || Files.size(segment) == 0) {
                    throw refused("a segment of " + variant + " is missing or empty");
                }
                count++;
                nextIsSegment = false;
            }
        }
        return count;
    }

    /** The {@code <rung>/index.m3u8} playlists the transcode wrote, relative to the folder. */
    private static List<String> rungPlaylists(Path folder) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.sorted().toList()) {
                Path index = child.resolve("index.m3u8");
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(child.getFileName() + "/index.m3u8");
                }
            }
        }
        return found;
    }

    /** A relative reference resolved under the base, or null when it is absolute or leaves the base. */
    private static Path inside(Path base, String reference) {
        if (reference.contains("://") || reference.startsWith("/")) {
            return null;
        }
        Path resolved = base.resolve(reference).normalize();
        return resolved.startsWith(base.normalize()) ? resolved : null;
    }

    private static RejectedInput refused(String why) {
        return new RejectedInput(ErrorCode.NO_PLAYABLE_LADDER, "No playable ladder: " + why);
    }
}
