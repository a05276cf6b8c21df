package caravan.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a video and its caption files are paired, like its JSON sidecar: {@code NAME.vtt} or {@code NAME.srt}, or with a
 * language tag, {@code NAME.en.vtt}, {@code NAME.pt-BR.srt} (any case), in the same folder. Caption files travel with
 * their video into the work folder under names of Caravan's own, {@code captions/01.en.vtt}, and are never taken
 * alone. A tag that is not a language ({@code NAME.final.vtt}) does not pair.
 * <p>
 * Captions for the deaf and hard of hearing say so after the language: {@code NAME.en.sdh.vtt} (kept as
 * {@code 01.en.sdh.vtt}). A bare {@code NAME.sdh.vtt} is not SDH: {@code sdh} alone is a language (Southern Kurdish).
 */
public final class CaptionFiles {
    /** At most this many caption files go with one video; more are left in the inbox. */
    static final int MAX_PER_VIDEO = 32;
    public static final String UNDETERMINED = "und";
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8}){0,3}", Pattern.CASE_INSENSITIVE);
    private static final String SDH = ".sdh";
    private static final Pattern KEPT = Pattern.compile("(\\d{2,3})\\.([A-Za-z0-9-]{2,32})(\\.sdh)?\\.(vtt|srt)");

    private CaptionFiles() {
    }

    public static boolean isCaption(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".vtt") || lower.endsWith(".srt");
    }

    /** The caption files beside {@code video}, sorted by name; none unless the inbox really holds its folder. */
    static List<Path> besides(Path video, InboxBoundary boundary) {
        if (!boundary.holdsFolderOf(video)) {
            return List.of();
        }
        String stem = stem(video.getFileName().toString());
        List<Path> found = new ArrayList<>();
        Path folder = video.toAbsolutePath().getParent();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(folder,
                p -> isCaptionOf(stem, p.getFileName().toString()))) {
            siblings.forEach(found::add);
        } catch (IOException e) {
            return List.of(); // folder unreadable: no captions
        }
        found.removeIf(caption -> !boundary.holds(caption));
        found.sort(null);
        return found.size() > MAX_PER_VIDEO ? found.subList(0, MAX_PER_VIDEO) : found;
    }

    /** Whether {@code name} is a caption file of the video whose name without extension is {@code videoStem}. */
    static boolean isCaptionOf(String videoStem, String name) {
        return isCaption(name) && pairs(videoStem, name);
    }

    static boolean pairs(String videoStem, String captionName) {
        String captionStem = stem(captionName);
        if (captionStem.equalsIgnoreCase(videoStem)) {
            return true;
        }
        return captionStem.length() > videoStem.length() + 1
                && captionStem.substring(0, videoStem.length()).equalsIgnoreCase(videoStem)
                && captionStem.charAt(videoStem.length()) == '.'
                && LANGUAGE.matcher(language(captionStem.substring(videoStem.length() + 1))).matches();
    }

    /** The language tag in a caption's name ({@code intro.en.vtt} → {@code en}), or {@link #UNDETERMINED}. */
    static String languageOf(String videoStem, String captionName) {
        String captionStem = stem(captionName);
        return captionStem.length() > videoStem.length() + 1 ? language(captionStem.substring(videoStem.length() + 1)) : UNDETERMINED;
    }

    /** Whether a caption's name marks it as captions for the deaf and hard of hearing: {@code intro.en.sdh.vtt}. */
    static boolean isSdh(String videoStem, String captionName) {
        String captionStem = stem(captionName);
        return captionStem.length() > videoStem.length() + 1 && hasSdhMark(captionStem.substring(videoStem.length() + 1));
    }

    /** The tag without its SDH mark: {@code en.sdh} → {@code en}; a bare {@code sdh} is a language and stays. */
    private static String language(String tag) {
        return hasSdhMark(tag) ? tag.substring(0, tag.length() - SDH.length()) : tag;
    }

    private static boolean hasSdhMark(String tag) {
        return tag.length() > SDH.length() && tag.regionMatches(true, tag.length() - SDH.length(), SDH, 0, SDH.length());
    }

    /**
     * Moves the captions of {@code video} into {@code folder} as {@code NN.<language>.<vtt|srt>}, numbered after the
     * ones already there (a second call after an interrupted one adds nothing twice: moved files are gone).
     */
    static void moveInto(Path video, Path folder, InboxBoundary boundary) throws IOException {
        List<Path> captions = besides(video, boundary);
        if (captions.isEmpty()) {
            return;
        }
        Files.createDirectories(folder);
        int n = kept(folder).size();
        String stem = stem(video.getFileName().toString());
        for (Path caption : captions) {
            if (!boundary.holds(caption)) { // asked again just before the move: gone, or its folder swapped meanwhile
                continue;
            }
            n++;
            Files.move(caption, folder.resolve(keptName(n, stem, caption.getFileName().toString())));
        }
    }

    /**
     * The name of Caravan's own under which the {@code n}-th caption of an asset is kept: {@code 01.en.vtt}, or
     * {@code 01.en.sdh.vtt} for SDH captions.
     */
    static String keptName(int n, String videoStem, String captionName) {
        String ext = captionName.substring(captionName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return String.format(Locale.ROOT, "%02d.%s%s.%s", n, languageOf(videoStem, captionName),
                isSdh(videoStem, captionName) ? SDH : "", ext);
    }

    /**
     * A caption kept in the work folder: its file, the language from its name ({@code und} if none), its format, and
     * whether it is captions for the deaf and hard of hearing.
     */
    public record Kept(Path file, String language, String format, boolean sdh) {
        public Kept(Path file, String language, String format) {
            this(file, language, format, false);
        }
    }

    /** The captions kept in {@code folder}, in the order they were taken. */
    public static List<Kept> kept(Path folder) throws IOException {
        List<Kept> out = new ArrayList<>();
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path p : files) {
                Matcher m = KEPT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(new Kept(p, m.group(2), m.group(4), m.group(3) != null));
                }
            }
        }
        out.sort((a, b) -> a.file().getFileName().toString().compareTo(b.file().getFileName().toString()));
        return out;
    }

    /** A file name without its extension. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
