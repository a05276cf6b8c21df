package caravan.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recognises an HLS playlist by its first line. ffmpeg opens HLS only under an {@code .m3u8} name, and the
 * pipeline's copy of an upload has no extension, so a playlist would otherwise fail as merely unreadable; this
 * names it, and keeps it from ever reaching ffprobe.
 */
final class HlsPlaylist {
    private HlsPlaylist() {
    }

    static boolean is(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("\u00EF\u00BB\u00BF")) {
            text = text.substring(3);
        }
        return text.stripLeading().startsWith("#EXTM3U");
    }
}
