package caravan.testing;

import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.MediaType;
import io.lindstrom.m3u8.model.PlaylistType;
import io.lindstrom.m3u8.model.SegmentKey;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a published HLS folder against the VOD rules of Apple's HLS Authoring Specification that apply to Caravan's
 * output: every playlist parsed strictly with {@code io.lindstrom:m3u8-parser}, every segment decrypted with its key
 * and probed with ffprobe. Each violation names its rule; {@link Report#notes()} holds what is reported, not failed
 * (the spec's "where the source allows" items).
 */
public final class HlsConformance {
    /** Apple: target duration 6 s; measured bit rates within 10% of the declared ones; default variant near 2 Mb/s. */
    static final int TARGET_SECONDS = 6;
    static final double BITRATE_TOLERANCE = 0.10;
    static final long DEFAULT_VARIANT_BITS = 2_000_000;
    static final String SDH_DIALOG = "public.accessibility.transcribes-spoken-dialog";
    static final String SDH_SOUND = "public.accessibility.describes-music-and-sound";
    /** A rendition's NAME that says it is captions for the deaf and hard of hearing. */
    private static final Pattern SDH_NAME = Pattern.compile("\\bSDH\\b");

    public record Violation(String rule, String where, String detail) {
        @Override
        public String toString() {
            return rule + " (" + where + "): " + detail;
        }
    }

    public record Report(Path folder, List<Violation> violations, List<String> notes) {
        public boolean conforms() {
            return violations.isEmpty();
        }

        public List<String> rules() {
            return violations.stream().map(Violation::rule).distinct().toList();
        }

        public String describe() {
            StringBuilder b = new StringBuilder("HLS conformance of " + folder.getFileName() + ": "
                    + (conforms() ? "conforms" : violations.size() + " violation(s)"));
            violations.forEach(v -> b.append("\n  - ").append(v));
            notes.forEach(n -> b.append("\n  note: ").append(n));
            return b.toString();
        }
    }

    private final Path folder;
    private final Function<String, byte[]> keys;
    private final List<Violation> violations = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private HlsConformance(Path folder, Function<String, byte[]> keys) {
        this.folder = folder;
        this.keys = keys;
    }

    /** {@code keys}: the key for an {@code EXT-X-KEY} URI, as an authorised player fetches it. */
    public static Report check(Path folder, Function<String, byte[]> keys) {
        HlsConformance c = new HlsConformance(folder, keys);
        try {
            c.run();
        } catch (IOException e) {
            c.fail("READABLE", folder.getFileName().toString(), e.toString());
        }
        return new Report(folder, List.copyOf(c.violations), List.copyOf(c.notes));
    }

    public static void assertConforms(Path folder, Function<String, byte[]> keys) {
        Report r = check(folder, keys);
        if (!r.conforms()) {
            throw new AssertionError(r.describe());
        }
    }

    private void run() throws IOException {
        Path masterFile = folder.resolve("master.m3u8");
        MasterPlaylist master;
        try {
            master = new MasterPlaylistParser(ParsingMode.STRICT).readPlaylist(masterFile);
        } catch (RuntimeException e) {
            fail("PLAYLIST-PARSES", "master.m3u8", e.getMessage());
            return;
        }
        if (master.version().isEmpty()) {
            fail("VERSION", "master.m3u8", "no EXT-X-VERSION");
        }
        if (!master.independentSegments()) {
            fail("INDEPENDENT-SEGMENTS", "master.m3u8", "no EXT-X-INDEPENDENT-SEGMENTS in the multivariant playlist");
        }
        if (master.variants().isEmpty()) {
            fail("VARIANTS", "master.m3u8", "no variant");
            return;
        }
        HlsConformanceAudio audio = new HlsConformanceAudio(this, master);
        audio.check();
        List<VariantFacts> facts = new ArrayList<>();
        for (Variant v : master.variants()) {
            facts.add(audio.withGroup(v, variant(v)));
        }
        new HlsConformanceLadder(this, master, facts).check();
        for (AlternativeRendition r : master.alternativeRenditions()) {
            if (r.type() == MediaType.SUBTITLES) {
                subtitles(r);
            }
            characteristics(r);
        }
        for (Variant v : master.variants()) {
            v.subtitles().filter(g -> master.alternativeRenditions().stream().noneMatch(r -> r.groupId().equals(g)))
                    .ifPresent(g -> fail("SUBTITLES", v.uri(), "refers to the group " + g + " the master does not define"));
        }
    }

    /**
     * What one variant declares and what its media measured; for a variant that plays with an AUDIO group, its streams,
     * peak and average include the group's (the largest) audio rendition's.
     */
    record VariantFacts(Variant variant, MediaPlaylist playlist, HlsConformanceMedia.Streams streams,
                        List<Double> starts, double peak, double average, double fullPeak) {
    }

    private VariantFacts variant(Variant v) throws IOException {
        MediaFacts m = measure(v.uri());
        return new VariantFacts(v, m.playlist(), m.streams(), m.starts(), m.peak(), m.average(), m.fullPeak());
    }

    /** A media playlist's measured facts: its streams (from the first segment), segment starts, peak and average bit rate. */
    record MediaFacts(MediaPlaylist playlist, HlsConformanceMedia.Streams streams, List<Double> starts, double peak, double average,
                      double fullPeak) {
    }

    MediaFacts measure(String uri) throws IOException {
        String where = uri;
        Path file = folder.resolve(uri).normalize();
        MediaPlaylist playlist = media(file, where);
        if (playlist == null) {
            return new MediaFacts(null, null, List.of(), 0, 0, 0);
        }
        mediaRules(playlist, where, true);
        HlsConformanceCmaf.mediaRules(this, file, playlist, where);
        List<Double> starts = new ArrayList<>();
        HlsConformanceMedia.Streams streams = null;
        double peak = 0;
        double fullPeak = 0; // over segments of at least half the target (RFC 8216's peak leaves a short remainder alone out)
        long bits = 0;
        double seconds = 0;
        SegmentKey key = null;
        long sequence = playlist.mediaSequence();
        for (MediaSegment s : playlist.mediaSegments()) {
            key = s.segmentKey().orElse(key);
            Path segment = file.resolveSibling(s.uri()).normalize();
            long size = Files.size(segment);
            bits += size * 8;
            seconds += s.duration();
            peak = Math.max(peak, s.duration() > 0 ? size * 8 / s.duration() : 0);
            if (s.duration() >= 0.5 * playlist.targetDuration()) {
                fullPeak = Math.max(fullPeak, size * 8 / s.duration());
            }
            Path clear = null;
            try {
                byte[] k = key == null || key.uri().isEmpty() || "NONE".equals(key.method().toString()) ? null : keys.apply(key.uri().get());
                clear = HlsConformanceCmaf.isCmaf(playlist) ? HlsConformanceCmaf.clear(file, playlist, s, k)
                        : HlsConformanceMedia.clear(segment, k, key == null ? null : key.iv().orElse(null), sequence);
                if (streams == null) {
                    streams = HlsConformanceMedia.streams(clear);
                }
                if (streams.hasVideo()) {
                    HlsConformanceMedia.Start start = HlsConformanceMedia.videoStart(clear);
                    if (start == null || !start.isIdr()) {
                        fail("IDR-START", where + " " + s.uri(), start == null ? "no video in the segment"
                                : "starts with " + (start.keyPacket() ? "a key packet" : "a non-key packet") + " and a "
                                + start.pictType() + " frame, not an IDR keyframe");
                    }
                    starts.add(start == null ? Double.NaN : start.pts());
                }
            } catch (IOException | RuntimeException e) {
                fail("SEGMENT-READABLE", where + " " + s.uri(), e.getMessage());
            } finally {
                if (clear != null && !clear.equals(segment)) {
                    Files.deleteIfExists(clear);
                }
            }
            sequence++;
        }
        return new MediaFacts(playlist, streams, starts, peak, seconds > 0 ? bits / seconds : 0, fullPeak > 0 ? fullPeak : peak);
    }

    private MediaPlaylist media(Path file, String where) throws IOException {
        if (!Files.isRegularFile(file) || !file.startsWith(folder.normalize())) {
            fail("PLAYLIST-PARSES", where, "the playlist is not in the published folder");
            return null;
        }
        try {
            return new MediaPlaylistParser(ParsingMode.STRICT).readPlaylist(file);
        } catch (RuntimeException e) {
            fail("PLAYLIST-PARSES", where, e.getMessage());
            return null;
        }
    }

    /** Tag rules of one media playlist; {@code av}: audio/video (6 s target, independent segments), not subtitles. */
    private void mediaRules(MediaPlaylist p, String where, boolean av) throws IOException {
        if (p.version().isEmpty()) {
            fail("VERSION", where, "no EXT-X-VERSION");
        } else {
            int needed = p.mediaSegments().stream().anyMatch(s -> s.segmentKey().flatMap(SegmentKey::iv).isPresent()) ? 2 : 1;
            needed = Math.max(needed, floatDurations(where) ? 3 : 1);
            if (p.version().get() < needed) {
                fail("VERSION", where, "EXT-X-VERSION:" + p.version().get() + " but its tags need " + needed);
            }
        }
        if (p.playlistType().orElse(null) != PlaylistType.VOD) {
            fail("PLAYLIST-TYPE", where, "EXT-X-PLAYLIST-TYPE is " + p.playlistType().map(Object::toString).orElse("absent") + ", not VOD");
        }
        if (p.ongoing()) {
            fail("ENDLIST", where, "no EXT-X-ENDLIST");
        }
        if (p.mediaSegments().isEmpty()) {
            fail("SEGMENTS", where, "no segment");
            return;
        }
        for (MediaSegment s : p.mediaSegments()) {
            if (Math.round(s.duration()) > p.targetDuration()) {
                fail("TARGETDURATION", where + " " + s.uri(), String.format(Locale.ROOT,
                        "EXTINF %.3f rounds above EXT-X-TARGETDURATION %d", s.duration(), p.targetDuration()));
            }
        }
        if (!av) {
            return;
        }
        if (!p.independentSegments()) {
            fail("INDEPENDENT-SEGMENTS", where, "no EXT-X-INDEPENDENT-SEGMENTS");
        }
        if (p.targetDuration() > TARGET_SECONDS) {
            fail("TARGET-6S", where, "EXT-X-TARGETDURATION " + p.targetDuration() + ", the spec's target is " + TARGET_SECONDS + " s");
        } else if (p.targetDuration() < TARGET_SECONDS && p.mediaSegments().size() > 1) {
            // shorter segments are the operator's choice (a ladder's hls.segmentSeconds); a clip shorter than one
            // segment has a shorter target by nature
            notes.add(where + ": EXT-X-TARGETDURATION " + p.targetDuration() + ", shorter than the spec's " + TARGET_SECONDS + " s");
        }
        List<MediaSegment> segments = p.mediaSegments();
        for (int i = 0; i + 1 < segments.size(); i++) { // the last segment is the remainder
            double d = segments.get(i).duration();
            if (d < 0.9 * p.targetDuration() || d > p.targetDuration() + 0.5) {
                fail("SEGMENT-DURATION", where + " " + segments.get(i).uri(), String.format(Locale.ROOT,
                        "%.3f s, not near the %d s target", d, p.targetDuration()));
            }
        }
    }

    private boolean floatDurations(String where) throws IOException {
        return Files.readAllLines(folder.resolve(where), StandardCharsets.UTF_8).stream()
                .anyMatch(l -> l.startsWith("#EXTINF:") && l.substring(8).split(",")[0].contains("."));
    }

    private void subtitles(AlternativeRendition r) throws IOException {
        String where = "SUBTITLES " + r.groupId() + "/" + r.name();
        if (r.language().isEmpty()) {
            fail("SUBTITLES", where, "no LANGUAGE");
        }
        if (r.name().isBlank()) {
            fail("SUBTITLES", where, "no NAME");
        }
        if (!r.autoSelect().orElse(false)) {
            fail("SUBTITLES", where, "AUTOSELECT is not YES");
        }
        if (r.uri().isEmpty()) {
            fail("SUBTITLES", where, "no URI");
            return;
        }
        Path file = folder.resolve(r.uri().get()).normalize();
        MediaPlaylist p = media(file, r.uri().get());
        if (p == null) {
            return;
        }
        mediaRules(p, r.uri().get(), false);
        for (MediaSegment s : p.mediaSegments()) {
            Path vtt = file.resolveSibling(s.uri()).normalize();
            List<String> header = Files.readAllLines(vtt, StandardCharsets.UTF_8).stream().takeWhile(l -> !l.isBlank()).toList();
            if (header.isEmpty() || !header.get(0).replace("\uFEFF", "").startsWith("WEBVTT")) {
                fail("WEBVTT", where + " " + s.uri(), "does not start with WEBVTT");
            } else if (header.stream().noneMatch(l -> l.startsWith("X-TIMESTAMP-MAP="))) {
                fail("X-TIMESTAMP-MAP", where + " " + s.uri(), "no X-TIMESTAMP-MAP in the WebVTT header");
            }
        }
    }

    /**
     * Captions for the deaf and hard of hearing are marked with both accessibility characteristics, or neither; a
     * track whose name says SDH ("English (SDH)") has both.
     */
    private void characteristics(AlternativeRendition r) {
        boolean dialog = r.characteristics().contains(SDH_DIALOG);
        boolean sound = r.characteristics().contains(SDH_SOUND);
        if (dialog != sound) {
            fail("CHARACTERISTICS", r.type() + " " + r.name(), "SDH captions need both " + SDH_DIALOG + " and " + SDH_SOUND);
        } else if (r.type() == MediaType.SUBTITLES && !dialog && SDH_NAME.matcher(r.name()).find()) {
            fail("CHARACTERISTICS", r.type() + " " + r.name(), "named SDH but has neither " + SDH_DIALOG + " nor " + SDH_SOUND);
        }
    }

    void fail(String rule, String where, String detail) {
        violations.add(new Violation(rule, where, detail));
    }

    void note(String text) {
        notes.add(text);
    }

    static Comparator<Variant> byResolution() {
        return Comparator.comparingLong(v -> v.resolution().map(r -> (long) r.width() * r.height()).orElse(0L));
    }
}
