package caravan.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ffmpeg's HLS muxer writes {@code EXT-X-INDEPENDENT-SEGMENTS} only for playlists with video, but every segment of a
 * sound-only variant starts where decoding can (AAC frames stand alone): say so in its media playlist, so the
 * master can say it too (Apple's authoring specification asks for the tag in both).
 */
public final class AudioPlaylists {
    private AudioPlaylists() {
    }

    /**
     * Marks the media playlist of every variant without a picture (no RESOLUTION) and of every audio rendition
     * ({@code #EXT-X-MEDIA:TYPE=AUDIO}) in the folder's master.
     */
    public static void markIndependent(Path folder, String master) throws IOException {
        String[] lines = master.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("#EXT-X-STREAM-INF:") && !lines[i].contains("RESOLUTION=") && i + 1 < lines.length) {
                mark(folder, lines[i + 1].strip());
            } else if (lines[i].startsWith("#EXT-X-MEDIA:") && lines[i].contains("TYPE=AUDIO")) {
                String uri = MasterPlaylist.attributes(lines[i].substring("#EXT-X-MEDIA:".length())).get("URI");
                if (uri != null) {
                    mark(folder, uri);
                }
            }
        }
    }

    private static void mark(Path folder, String uri) throws IOException {
        Path media = folder.resolve(uri).normalize();
        if (media.startsWith(folder.normalize()) && Files.isRegularFile(media)) {
            Files.writeString(media, MasterPlaylistEdits.withIndependentSegmentsTag(
                    Files.readString(media, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }
}
