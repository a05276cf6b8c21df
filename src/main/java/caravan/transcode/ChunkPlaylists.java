package caravan.transcode;

import caravan.transcode.ChunkPlan.Chunk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stitches the chunks of a split-and-stitch encode into what the single pass writes: each rung's segments moved into
 * the rung's folder and one media playlist listing them in order (with their keys), media sequence from 0, the longest
 * segment as target duration, one end tag; the first chunk's master playlist as the master. A chunk whose playlist does
 * not begin where the previous one ended (a segment missing or doubled) is refused: nothing half-stitched is published.
 */
public final class ChunkPlaylists {
    private static final String MEDIA_SEQUENCE = "#EXT-X-MEDIA-SEQUENCE:";
    private static final String TARGET = "#EXT-X-TARGETDURATION:";
    private static final List<String> HEADER = List.of("#EXTM3U", "#EXT-X-VERSION:", TARGET, MEDIA_SEQUENCE,
            "#EXT-X-PLAYLIST-TYPE:", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-ENDLIST");

    private ChunkPlaylists() {
    }

    /** Stitches every rung of {@code chunks} found under {@code out}, then removes the chunks' folders. */
    public static void stitch(Path out, List<String> rungs, List<Chunk> chunks) throws IOException {
        for (String rung : rungs) {
            stitchRung(out, rung, chunks);
        }
        Path master = out.resolve(ChunkCommand.folder(chunks.get(0))).resolve("master.m3u8");
        Files.move(master, out.resolve("master.m3u8"), StandardCopyOption.REPLACE_EXISTING);
        for (Chunk c : chunks) {
            caravan.DataFolders.deleteTree(out.resolve(ChunkCommand.folder(c)));
        }
    }

    private static void stitchRung(Path out, String rung, List<Chunk> chunks) throws IOException {
        Path target = Files.createDirectories(out.resolve(rung));
        List<String> body = new ArrayList<>();
        List<String> header = new ArrayList<>();
        int targetDuration = 0;
        long next = 0;
        for (Chunk c : chunks) {
            Path folder = out.resolve(ChunkCommand.folder(c)).resolve(rung);
            List<String> lines = Files.readAllLines(folder.resolve("index.m3u8"), StandardCharsets.UTF_8);
            long first = -1;
            for (String line : lines) {
                if (line.startsWith(MEDIA_SEQUENCE)) {
                    first = Long.parseLong(line.substring(MEDIA_SEQUENCE.length()).strip());
                } else if (line.startsWith(TARGET)) {
                    targetDuration = Math.max(targetDuration, Integer.parseInt(line.substring(TARGET.length()).strip()));
                }
                if (c.index() == 0 && HEADER.stream().anyMatch(line::startsWith) && !line.startsWith("#EXT-X-ENDLIST")) {
                    header.add(line);
                }
            }
            if (first != next) {
                throw new IOException(String.format(Locale.ROOT,
                        "chunk %d of rung %s starts at segment %d, expected %d", c.index(), rung, first, next));
            }
            for (String line : lines) {
                if (line.isBlank() || HEADER.stream().anyMatch(line::startsWith)) {
                    continue;
                }
                if (!line.startsWith("#")) {
                    Files.move(folder.resolve(line.strip()), target.resolve(line.strip()), StandardCopyOption.REPLACE_EXISTING);
                    next++;
                }
                body.add(line);
            }
        }
        List<String> playlist = new ArrayList<>();
        for (String h : header) {
            playlist.add(h.startsWith(TARGET) ? TARGET + targetDuration : h.startsWith(MEDIA_SEQUENCE) ? MEDIA_SEQUENCE + 0 : h);
        }
        playlist.addAll(body);
        playlist.add("#EXT-X-ENDLIST");
        Path tmp = target.resolve("index.m3u8.tmp");
        Files.write(tmp, playlist, StandardCharsets.UTF_8);
        Files.move(tmp, target.resolve("index.m3u8"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
