package caravan.transcode;

import caravan.DataFolders;
import caravan.delivery.ContentKeys;
import caravan.ffmpeg.BoundedProcess;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.ServerPaths;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Trick play for the MPEG-TS ladder: an I-frame playlist ({@code EXT-X-I-FRAMES-ONLY}) for every video rung, listed in
 * the master as {@code EXT-X-I-FRAME-STREAM-INF}, so scrubbing shows pictures and fast-forward works in players that use
 * them (Apple's). A segment encrypted whole with AES-128 cannot be read from a byte range (RFC 8216, 4.3.2.4), so each
 * of the rung's keyframes is copied (not encoded again) into its own small transport stream, encrypted with the content
 * key of the segment it comes from under an IV no segment uses, and listed with the time to the next keyframe.
 */
public final class IFramePlaylists {
    private static final Logger LOG = LoggerFactory.getLogger(IFramePlaylists.class);
    public static final String PLAYLIST = "iframes.m3u8";
    static final String FILE = "iframe_%05d.ts";
    /** I-frame IVs start here: segment IVs are media sequence numbers, far below. */
    static final BigInteger IV_BASE = BigInteger.ONE.shiftLeft(64);
    private static final Pattern VARIANT = Pattern.compile("^#EXT-X-STREAM-INF:(.*)$");
    private static final Pattern RESOLUTION = Pattern.compile("RESOLUTION=(\\d+x\\d+)");
    private static final Pattern VIDEO_CODEC = Pattern.compile("CODECS=\"[^\"]*?((?:avc1|hvc1|hev1|av01)[^,\"]*)");

    private final DataFolders folders;
    private final FfmpegTools tools;
    private final ContentKeys keys;
    private final SegmentEncryption encryption;
    private final long timeoutMillis;
    private final ServerPaths paths;
    private final SegmentDecryption clearSegments;

    public IFramePlaylists(DataFolders folders, FfmpegTools tools, ContentKeys keys, SegmentEncryption encryption, long timeoutMillis) {
        this.folders = folders;
        this.tools = tools;
        this.keys = keys;
        this.encryption = encryption;
        this.timeoutMillis = timeoutMillis;
        this.paths = new ServerPaths(folders.root());
        this.clearSegments = new SegmentDecryption(keys);
    }

    /** Writes the I-frame playlists of the asset's transcode output and lists them in its master (MPEG-TS rungs only). */
    public void write(@Header(ASSET_ID) String id) throws IOException, InterruptedException {
        Path out = folders.transcodeOutput(id);
        Path masterFile = out.resolve("master.m3u8");
        if (!Files.isRegularFile(masterFile)) {
            return;
        }
        String master = Files.readString(masterFile, StandardCharsets.UTF_8);
        if (master.contains("#EXT-X-I-FRAME-STREAM-INF")) {
            return; // done before a restart
        }
        List<String> lines = List.of(master.split("\n"));
        List<String> added = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher variant = VARIANT.matcher(lines.get(i));
            if (!variant.matches()) {
                continue;
            }
            Matcher resolution = RESOLUTION.matcher(variant.group(1));
            Matcher codec = VIDEO_CODEC.matcher(variant.group(1));
            String uri = lines.get(i + 1).strip();
            Path playlist = out.resolve(uri).normalize();
            if (!resolution.find() || !codec.find() || !playlist.startsWith(out) || !uri.endsWith("index.m3u8")) {
                continue; // audio only
            }
            List<SegmentDecryption.Segment> segments = SegmentDecryption.segments(id, playlist);
            if (segments.stream().anyMatch(s -> !s.file().toString().endsWith(".ts"))) {
                continue; // not MPEG-TS
            }
            Rung rung;
            try {
                rung = rung(id, playlist, segments);
            } catch (IOException e) { // trick play is an extra: the rung plays without it
                LOG.warn("Asset {}: no I-frame playlist for {}: {}", id, uri, e.getMessage());
                continue;
            }
            if (rung.frames().isEmpty()) {
                continue;
            }
            String folder = uri.substring(0, uri.length() - "index.m3u8".length());
            added.add(String.format(Locale.ROOT, "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%s,CODECS=\"%s\",URI=\"%s%s\"",
                    rung.peakBitsPerSecond(), rung.averageBitsPerSecond(), resolution.group(1), codec.group(1), folder, PLAYLIST));
        }
        if (added.isEmpty()) {
            return;
        }
        Files.writeString(masterFile, master.stripTrailing() + "\n" + String.join("\n", added) + "\n", StandardCharsets.UTF_8);
        LOG.info("Asset {}: I-frame playlists for {} rungs", id, added.size());
    }

    /** One I-frame: its file, duration, size in bytes. */
    record Frame(String file, double seconds, long bytes) {
    }

    record Rung(List<Frame> frames) {
        long peakBitsPerSecond() {
            return frames.stream().mapToLong(f -> (long) Math.ceil(f.bytes() * 8 / Math.max(f.seconds(), 0.001))).max().orElse(0);
        }

        long averageBitsPerSecond() {
            double seconds = frames.stream().mapToDouble(Frame::seconds).sum();
            return (long) Math.ceil(frames.stream().mapToLong(Frame::bytes).sum() * 8 / Math.max(seconds, 0.001));
        }
    }

    private Rung rung(String id, Path playlist, List<SegmentDecryption.Segment> segments) throws IOException, InterruptedException {
        Path work = Files.createDirectories(folders.workDir(id).resolve("iframes"));
        try {
            Path clear = work.resolve("rung.ts");
            try (OutputStream o = Files.newOutputStream(clear)) {
                clearSegments.copyClear(id, playlist, o);
            }
            List<double[]> keyframes = keyframes(clear);
            run(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", "file:" + clear, "-map", "0:v:0", "-c", "copy",
                    "-bsf:v", "noise=drop=not(key)", "-f", "segment", "-segment_format", "mpegts", "-segment_time", "0.001",
                    "-reset_timestamps", "0", work.resolve(FILE).toString()), tools.ffmpeg());
            List<Double> segmentStarts = segmentStarts(playlist);
            double origin = keyframes.isEmpty() ? 0 : keyframes.get(0)[0];
            Map<Integer, byte[]> held = new HashMap<>();
            List<Frame> frames = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            try {
                for (int k = 0; k < keyframes.size(); k++) {
                    String name = String.format(Locale.ROOT, FILE, k);
                    Path made = work.resolve(name);
                    if (!Files.isRegularFile(made)) {
                        throw new IOException("ffmpeg wrote no file for keyframe " + k + " of " + playlist.getParent().getFileName());
                    }
                    double start = keyframes.get(k)[0];
                    double end = k + 1 < keyframes.size() ? keyframes.get(k + 1)[0] : keyframes.get(keyframes.size() - 1)[1];
                    SegmentDecryption.Segment from = segments.get(segmentOf(segmentStarts, start - origin));
                    byte[] bytes = Files.readAllBytes(made);
                    if (from.iv() != null) {
                        BigInteger iv = IV_BASE.add(BigInteger.valueOf(k));
                        bytes = encrypt(held.computeIfAbsent(from.key(), n -> keys.contentKey(id, n)), iv, bytes);
                        text.append(String.format(Locale.ROOT, "#EXT-X-KEY:METHOD=AES-128,URI=\"%s\",IV=0x%032x%n",
                                encryption.keyUri(id, from.key()), iv));
                    }
                    Files.write(playlist.resolveSibling(name), bytes);
                    frames.add(new Frame(name, end - start, bytes.length));
                    text.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n%s%n", end - start, name));
                }
            } finally {
                held.values().forEach(key -> Arrays.fill(key, (byte) 0));
            }
            int target = (int) Math.ceil(frames.stream().mapToDouble(Frame::seconds).max().orElse(1));
            String header = String.format(Locale.ROOT, "#EXTM3U%n#EXT-X-VERSION:4%n#EXT-X-TARGETDURATION:%d%n#EXT-X-MEDIA-SEQUENCE:0%n"
                    + "#EXT-X-PLAYLIST-TYPE:VOD%n#EXT-X-I-FRAMES-ONLY%n#EXT-X-INDEPENDENT-SEGMENTS%n", target);
            Files.writeString(playlist.resolveSibling(PLAYLIST), header + text + "#EXT-X-ENDLIST\n", StandardCharsets.UTF_8);
            return new Rung(frames);
        } finally {
            DataFolders.deleteTree(work);
        }
    }

    /** Each keyframe's presentation time, and (second) the end of the last frame. */
    private List<double[]> keyframes(Path clear) throws IOException, InterruptedException {
        String csv = run(List.of("-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,duration_time,flags",
                "-of", "csv=p=0", "file:" + clear), tools.ffprobe());
        List<double[]> keyframes = new ArrayList<>();
        double end = 0;
        for (String line : csv.strip().split("\n")) {
            String[] f = line.split(",");
            if (f.length < 3 || f[0].equals("N/A")) {
                continue;
            }
            double pts = Double.parseDouble(f[0]);
            end = Math.max(end, pts + (f[1].equals("N/A") ? 0 : Double.parseDouble(f[1])));
            if (f[2].startsWith("K")) {
                keyframes.add(new double[]{pts, 0});
            }
        }
        keyframes.sort((a, b) -> Double.compare(a[0], b[0]));
        if (!keyframes.isEmpty()) {
            keyframes.get(keyframes.size() - 1)[1] = end;
        }
        return keyframes;
    }

    private static List<Double> segmentStarts(Path playlist) throws IOException {
        List<Double> starts = new ArrayList<>();
        double t = 0;
        for (String line : Files.readAllLines(playlist, StandardCharsets.UTF_8)) {
            if (line.startsWith("#EXTINF:")) {
                starts.add(t);
                t += Double.parseDouble(line.substring(8, line.indexOf(',') < 0 ? line.length() : line.indexOf(',')));
            }
        }
        return starts;
    }

    /** The segment a keyframe {@code offset} seconds after the first one is in (a keyframe starts every segment). */
    static int segmentOf(List<Double> starts, double offset) {
        int s = 0;
        while (s + 1 < starts.size() && starts.get(s + 1) <= offset + 0.001) {
            s++;
        }
        return s;
    }

    private static byte[] encrypt(byte[] key, BigInteger iv, byte[] clear) throws IOException {
        try {
            byte[] ivBytes = new byte[16];
            byte[] b = iv.toByteArray();
            int n = Math.min(b.length, 16);
            System.arraycopy(b, b.length - n, ivBytes, 16 - n, n);
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(ivBytes));
            return aes.doFinal(clear);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot encrypt an I-frame: " + e.getMessage(), e);
        }
    }

    private String run(List<String> args, List<String> tool) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(tool);
        command.addAll(args);
        BoundedProcess.Result r = BoundedProcess.run(command, timeoutMillis);
        if (r.exitValue() != 0 || r.timedOut()) {
            LOG.debug("I-frame extraction: {}", paths.redact(r.stderrText()));
            throw new IOException("the keyframes could not be copied (exit " + r.exitValue() + (r.timedOut() ? ", timed out" : "") + ")");
        }
        return r.stdoutText();
    }
}
