package caravan.uploads;

import caravan.failure.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The name an upload is given in the inbox (or the ingest bucket): the caller's file name, which must be a plain
 * name with an extension, no folder, nothing hidden or partial, and not a file that only travels with a video.
 */
final class UploadName {
    private static final Set<String> NOT_VIDEOS = Set.of("json", "vtt", "srt", "part", "tmp", "crdownload");
    private static final int MAX_BYTES = 200; // room in a 255-byte file name for " (N)" and a hidden temporary form

    private UploadName() {
    }

    static void check(String name) {
        if (name == null || name.isBlank()) {
            throw refused("name is required: the file's name with its extension, e.g. lecture.mp4.");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw refused("name is longer than " + MAX_BYTES + " bytes.");
        }
        if (name.contains("/") || name.contains("\\") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw refused("name must be a file name: no folder, no control characters.");
        }
        if (name.startsWith(".") || name.startsWith("-") || !name.equals(name.strip())) {
            throw refused("name must not start with a dot or a dash, nor start or end with a space.");
        }
        int dot = name.lastIndexOf('.');
        if (dot < 1 || dot == name.length() - 1) {
            throw refused("name must have an extension, e.g. lecture.mp4.");
        }
        if (NOT_VIDEOS.contains(extension(name))) {
            throw new UploadRefused(400, ErrorCode.UNSUPPORTED_FORMAT.name(),
                    "name must be a video or audio file's name; sidecars, captions and partial files are not uploads.");
        }
    }

    static String stem(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }

    static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static UploadRefused refused(String detail) {
        return new UploadRefused(400, "BAD_REQUEST", detail);
    }
}
