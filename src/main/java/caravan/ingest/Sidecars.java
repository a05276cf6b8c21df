package caravan.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a video and its sidecar are paired: {@code NAME.ext} and {@code NAME.json} (any case) in the same folder. */
public final class Sidecars {
    private Sidecars() {
    }

    public static boolean isSidecar(String fileName) {
        return fileName.toLowerCase().endsWith(".json");
    }

    /** A file that travels with a video and is never taken alone: its JSON sidecar or a caption file. */
    public static boolean isCompanion(String fileName) {
        return isSidecar(fileName) || CaptionFiles.isCaption(fileName);
    }

    /** The video's sidecar if one is there (matched ignoring case), otherwise where a {@code NAME.json} would be. */
    public static Path sidecarOf(Path video) {
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String wanted = (dot > 0 ? name.substring(0, dot) : name) + ".json";
        Path exact = video.resolveSibling(wanted);
        if (Files.exists(exact)) {
            return exact;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(video.toAbsolutePath().getParent(),
                p -> p.getFileName().toString().equalsIgnoreCase(wanted))) {
            for (Path p : siblings) {
                return p;
            }
        } catch (IOException e) {
            // folder unreadable: no sidecar
        }
        return exact;
    }
}
