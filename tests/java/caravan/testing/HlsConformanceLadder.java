package caravan.testing;

import caravan.testing.HlsConformance.VariantFacts;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Resolution;
import io.lindstrom.m3u8.model.Variant;

import java.util.List;
import java.util.Locale;

/**
 * The {@link HlsConformance} rules over the variants: what each {@code EXT-X-STREAM-INF} declares against what its
 * media measured (CODECS, RESOLUTION, FRAME-RATE, BANDWIDTH, AVERAGE-BANDWIDTH, CLOSED-CAPTIONS), and the ladder as a whole
 * (keyframes aligned across rungs, the default variant first, the top resolution).
 */
final class HlsConformanceLadder {
    private final HlsConformance c;
    private final MasterPlaylist master;
    private final List<VariantFacts> facts;

    HlsConformanceLadder(HlsConformance c, MasterPlaylist master, List<VariantFacts> facts) {
        this.c = c;
        this.master = master;
        this.facts = facts;
    }

    void check() {
        for (VariantFacts f : facts) {
            if (f.streams() != null) {
                declared(f);
            }
            closedCaptions(f);
        }
        aligned();
        defaultVariant();
        topResolution();
    }

    private void declared(VariantFacts f) {
        Variant v = f.variant();
        String where = v.uri();
        HlsConformanceMedia.Streams s = f.streams();
        List<String> codecs = v.codecs();
        if (codecs.isEmpty()) {
            c.fail("CODECS", where, "no CODECS");
        } else {
            java.util.regex.Pattern video = s.hasVideo() ? HlsConformanceCmaf.videoCodec(s.videoCodec(), s.profile(), s.level()) : null;
            if (s.hasVideo() && (video == null || codecs.stream().noneMatch(x -> video.matcher(x).matches()))) {
                c.fail("CODECS", where, "CODECS " + codecs + " but the video is " + s.videoCodec() + " " + s.profile()
                        + " level " + s.level() + " (" + video + ")");
            }
            if ("aac".equals(s.audioCodec()) && "LC".equals(s.audioProfile()) && !codecs.contains("mp4a.40.2")) {
                c.fail("CODECS", where, "CODECS " + codecs + " but the audio is AAC-LC (mp4a.40.2)");
            }
            int streams = HlsConformanceCmaf.declaredStreams(v, s);
            if (codecs.size() != streams) {
                c.fail("CODECS", where, "CODECS lists " + codecs.size() + " formats for " + streams + " stream(s)");
            }
        }
        if (s.hasVideo()) {
            Resolution r = v.resolution().orElse(null);
            if (r == null) {
                c.fail("RESOLUTION", where, "no RESOLUTION on a video variant");
            } else if (r.width() != s.width() || r.height() != s.height()) {
                c.fail("RESOLUTION", where, "RESOLUTION " + r.width() + "x" + r.height() + " but the video decodes to "
                        + s.width() + "x" + s.height());
            }
            if (v.frameRate().isEmpty()) {
                c.fail("FRAME-RATE", where, "no FRAME-RATE on a video variant");
            } else if (Math.abs(v.frameRate().get() - s.frameRate()) > 0.01) {
                c.fail("FRAME-RATE", where, String.format(Locale.ROOT, "FRAME-RATE %.3f but the video runs at %.3f",
                        v.frameRate().get(), s.frameRate()));
            }
        } else {
            if (v.resolution().isPresent() || v.frameRate().isPresent()) {
                c.fail("AUDIO-ONLY", where, "an audio-only variant declares RESOLUTION or FRAME-RATE");
            }
        }
        if (Math.abs(f.peak() - v.bandwidth()) > HlsConformance.BITRATE_TOLERANCE * v.bandwidth()) {
            c.fail("BANDWIDTH", where, String.format(Locale.ROOT, "BANDWIDTH %d but the measured peak segment bit rate is %.0f (more than 10%% apart)",
                    v.bandwidth(), f.peak()));
        }
        if (v.averageBandwidth().isEmpty()) {
            c.fail("AVERAGE-BANDWIDTH", where, "no AVERAGE-BANDWIDTH");
        } else if (Math.abs(f.average() - v.averageBandwidth().get()) > HlsConformance.BITRATE_TOLERANCE * v.averageBandwidth().get()) {
            c.fail("AVERAGE-BANDWIDTH", where, String.format(Locale.ROOT, "AVERAGE-BANDWIDTH %d but the measured average is %.0f (more than 10%% apart)",
                    v.averageBandwidth().get(), f.average()));
        }
    }

    /**
     * {@code CLOSED-CAPTIONS} on every variant (the HLS specification: once one says NONE, all do): NONE when the video
     * carries no CEA-608/708 captions, which Apple asks to be said; never NONE over video that carries them.
     */
    private void closedCaptions(VariantFacts f) {
        Variant v = f.variant();
        boolean none = v.closedCaptionsNone().orElse(false);
        if (!none && v.closedCaptions().isEmpty()) {
            c.fail("CLOSED-CAPTIONS", v.uri(), "no CLOSED-CAPTIONS attribute (NONE when the video carries no CEA-608/708 captions)");
        } else if (none && f.streams() != null && f.streams().closedCaptions()) {
            c.fail("CLOSED-CAPTIONS", v.uri(), "CLOSED-CAPTIONS=NONE but the video carries CEA-608/708 captions");
        }
    }

    /** Every video rung has the same segment boundaries, and each segment starts at the same presentation time. */
    private void aligned() {
        VariantFacts first = null;
        for (VariantFacts f : facts) {
            if (f.playlist() == null || f.streams() == null || !f.streams().hasVideo()) {
                continue;
            }
            if (first == null) {
                first = f;
                continue;
            }
            List<MediaSegment> a = first.playlist().mediaSegments();
            List<MediaSegment> b = f.playlist().mediaSegments();
            String where = first.variant().uri() + " vs " + f.variant().uri();
            if (a.size() != b.size()) {
                c.fail("KEYFRAMES-ALIGNED", where, a.size() + " and " + b.size() + " segments");
                continue;
            }
            double frame = 1 / Math.max(1, f.streams().frameRate());
            for (int i = 0; i < a.size(); i++) {
                if (Math.abs(a.get(i).duration() - b.get(i).duration()) > frame) {
                    c.fail("KEYFRAMES-ALIGNED", where, String.format(Locale.ROOT, "segment %d lasts %.3f and %.3f s",
                            i, a.get(i).duration(), b.get(i).duration()));
                } else if (i < first.starts().size() && i < f.starts().size() && !first.starts().get(i).isNaN()
                        && !f.starts().get(i).isNaN() && !(Math.abs(first.starts().get(i) - f.starts().get(i)) < frame / 2)) {
                    c.fail("KEYFRAMES-ALIGNED", where, String.format(Locale.ROOT, "segment %d starts at %.3f and %.3f s",
                            i, first.starts().get(i), f.starts().get(i)));
                }
            }
        }
    }

    /** Players start on the first variant: the one whose average bit rate is nearest 2 Mb/s. */
    private void defaultVariant() {
        List<Variant> variants = master.variants();
        if (variants.size() < 2) {
            return;
        }
        Variant nearest = variants.get(0);
        for (Variant v : variants) {
            if (distance(v) < distance(nearest)) {
                nearest = v;
            }
        }
        if (nearest != variants.get(0) && distance(nearest) < distance(variants.get(0))) {
            c.fail("DEFAULT-VARIANT", variants.get(0).uri(), "listed first, but " + nearest.uri()
                    + " is nearer " + HlsConformance.DEFAULT_VARIANT_BITS + " b/s");
        }
    }

    private static long distance(Variant v) {
        return Math.abs(v.averageBandwidth().orElse(v.bandwidth()) - HlsConformance.DEFAULT_VARIANT_BITS);
    }

    /** "At least two variants at the top resolution where the source allows": reported, not failed. */
    private void topResolution() {
        Variant top = master.variants().stream().max(HlsConformance.byResolution()).orElseThrow();
        if (top.resolution().isEmpty()) {
            return;
        }
        Resolution r = top.resolution().get();
        long atTop = master.variants().stream().filter(v -> v.resolution().equals(top.resolution())).count();
        if (atTop < 2) {
            c.note("one variant at the top resolution " + r.width() + "x" + r.height()
                    + " (the spec asks for two, at different bit rates, where the source allows)");
        }
    }
}
