package caravan.transcode;

import caravan.DataFolders;
import caravan.transcode.ChunkPlan.Chunk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stitches the work items of a split-and-stitch encode into what the single pass writes: each rung's segments moved
 * into the rung's folder and one media playlist listing them in order (with their keys), media sequence from 0, the
 * longest segment as target duration, one end tag; the audio item's renditions moved beside them; the first chunk's
 * master playlist as the master, its variants joined to the audio item's AUDIO group as ffmpeg's single pass joins them.
 * A chunk whose playlist does not begin where the previous one ended (a segment missing or doubled) is refused: nothing
 * half-stitched is published.
 */
public final class ChunkPlaylists {
    private static final String MEDIA_SEQUENCE = "#EXT-X-MEDIA-SEQUENCE:";
    private static final String TARGET = "#EXT-X-TARGETDURATION:";
    private static final String MASTER = "master.m3u8";
    private static final List<String> HEADER = List.of("#EXTM3U", "#EXT-X-VERSION:", TARGET, MEDIA_SEQUENCE,
            "#EXT-X-PLAYLIST-TYPE:", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-ENDLIST");
    private static final Pattern CODECS = Pattern.compile("CODECS=\"([^\"]*)\"");

    private ChunkPlaylists() {
    }

    /**
     * Stitches every rung of {@code chunks} (their folders in {@code chunksDir}) and, with {@code audioFolders}, the
     * audio item's renditions into {@code out}; then removes the chunks' and the audio item's folders (their side outputs
     * are merged before).
     */
    public static void stitch(Path chunksDir, Path out, List<String> rungs, List<Chunk> chunks, List<String> audioFolders)
            throws IOException {
        Files.createDirectories(out);
        for (String rung : rungs) {
            stitchRung(chunksDir, out, rung, chunks);
        }
        String master = Files.readString(hls(chunksDir, ChunkCommand.folder(chunks.get(0))).resolve(MASTER), StandardCharsets.UTF_8);
        if (!audioFolders.isEmpty()) {
            Path audio = hls(chunksDir, ChunkCommand.AUDIO_ITEM);
            master = withAudioGroup(master, Files.readString(audio.resolve(MASTER), StandardCharsets.UTF_8));
            for (String folder : audioFolders) {
                Path target = out.resolve(folder);
                DataFolders.deleteTree(target);
                Files.move(audio.resolve(folder), target);
            }
        }
        Path tmp = out.resolve(MASTER + ".tmp");
        Files.writeString(tmp, master, StandardCharsets.UTF_8);
        Files.move(tmp, out.resolve(MASTER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        for (Chunk c : chunks) {
            DataFolders.deleteTree(chunksDir.resolve(ChunkCommand.folder(c)));
        }
        DataFolders.deleteTree(chunksDir.resolve(ChunkCommand.AUDIO_ITEM));
    }

    private static Path hls(Path chunksDir, String item) {
        return chunksDir.resolve(item).resolve(ChunkCommand.HLS);
    }

    /**
     * The chunks' master (video variants only) with the audio item's AUDIO renditions: its {@code #EXT-X-MEDIA} lines
     * before the first variant, and every variant's CODECS and AUDIO group as the single pass writes them. The audio
     * item's own audio-only variant is not a variant of the asset.
     */
    static String withAudioGroup(String videoMaster, String audioMaster) {
        List<String> media = audioMaster.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:")).toList();
        String audioCodecs = null;
        String group = null;
        for (String line : audioMaster.lines().toList()) {
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                Matcher c = CODECS.matcher(line);
                audioCodecs = c.find() ? c.group(1) : null;
                Matcher g = Pattern.compile("AUDIO=\"([^\"]*)\"").matcher(line);
                group = g.find() ? g.group(1) : null;
                break;
            }
        }
        if (media.isEmpty() || group == null) {
            throw new IllegalStateException("the audio item's master names no AUDIO group");
        }
        List<String> out = new ArrayList<>();
        boolean inserted = false;
        for (String line : videoMaster.split("\n", -1)) {
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                if (!inserted) {
                    out.addAll(media);
                    inserted = true;
                }
                String codecs = audioCodecs;
                Matcher c = CODECS.matcher(line);
                if (codecs != null && c.find()) {
                    line = c.replaceFirst(Matcher.quoteReplacement("CODECS=\"" + c.group(1) + "," + codecs + "\""));
                }
                line = line + ",AUDIO=\"" + group + "\"";
            }
            out.add(line);
        }
        return String.join("\n", out);
    }

    private static void stitchRung(Path chunksDir, Path out, String rung, List<Chunk> chunks) throws IOException {
        Path target = Files.createDirectories(out.resolve(rung));
        List<String> body = new ArrayList<>();
        List<String> header = new ArrayList<>();
        int targetDuration = 0;
        long next = 0;
        for (Chunk c : chunks) {
            Path folder = hls(chunksDir, ChunkCommand.folder(c)).resolve(rung);
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
