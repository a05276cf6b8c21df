package caravan.ingest;

import java.nio.file.Path;

/** How a video and its sidecar are paired: {@code NAME.ext} and {@code NAME.json} in the same folder. */
public final class Sidecars {
    private Sidecars() {
    }

    public static boolean isSidecar(String fileName) {
        return fileName.toLowerCase().endsWith(".json");
    }

    public static Path sidecarOf(Path video) {
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return video.resolveSibling(base + ".json");
    }
}
