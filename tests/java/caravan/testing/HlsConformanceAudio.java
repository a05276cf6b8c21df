package caravan.testing;

import caravan.testing.HlsConformance.MediaFacts;
import caravan.testing.HlsConformance.VariantFacts;
import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaType;
import io.lindstrom.m3u8.model.Variant;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link HlsConformance} rules for alternate audio ({@code EXT-X-MEDIA:TYPE=AUDIO}): every rendition has a valid
 * BCP 47 {@code LANGUAGE}, a {@code NAME}, {@code AUTOSELECT=YES}, {@code CHANNELS} and a playlist of audio only that
 * follows the media rules; each group has exactly one {@code DEFAULT=YES}; every variant names a group the master
 * defines (once there is one); and a variant that plays with a group is measured with the group's largest rendition:
 * its CODECS list the audio's, and its {@code BANDWIDTH} covers the video's peak plus the audio's.
 */
final class HlsConformanceAudio {
    private final HlsConformance c;
    private final MasterPlaylist master;
    private final Map<String, List<MediaFacts>> groups = new LinkedHashMap<>();

    HlsConformanceAudio(HlsConformance c, MasterPlaylist master) {
        this.c = c;
        this.master = master;
    }

    void check() throws IOException {
        for (AlternativeRendition r : master.alternativeRenditions()) {
            if (r.type() != MediaType.AUDIO) {
                continue;
            }
            List<MediaFacts> group = groups.computeIfAbsent(r.groupId(), g -> new ArrayList<>());
            String where = "AUDIO " + r.groupId() + "/" + r.name();
            String language = r.language().orElse(null);
            if (language == null) {
                c.fail("AUDIO-LANGUAGE", where, "no LANGUAGE");
            } else if (!bcp47(language)) {
                c.fail("AUDIO-LANGUAGE", where, "LANGUAGE \"" + language + "\" is not a well-formed BCP 47 tag in its shortest form");
            }
            if (r.name().isBlank()) {
                c.fail("AUDIO-NAME", where, "no NAME");
            }
            if (!r.autoSelect().orElse(false)) {
                c.fail("AUDIO-AUTOSELECT", where, "AUTOSELECT is not YES");
            }
            if (r.channels().isEmpty()) {
                c.fail("AUDIO-CHANNELS", where, "no CHANNELS");
            }
            if (r.uri().isEmpty()) {
                continue; // the audio is in the variant itself
            }
            MediaFacts m = c.measure(r.uri().get());
            if (m.streams() != null && (m.streams().hasVideo() || m.streams().audioCodec() == null)) {
                c.fail("AUDIO-RENDITION", where, "its segments carry " + (m.streams().hasVideo() ? "video" : "no audio"));
            }
            group.add(m);
        }
        groups.forEach((id, facts) -> {
            long defaults = master.alternativeRenditions().stream()
                    .filter(r -> r.type() == MediaType.AUDIO && r.groupId().equals(id) && r.defaultRendition().orElse(false)).count();
            if (defaults != 1) {
                c.fail("AUDIO-DEFAULT", "AUDIO " + id, defaults + " renditions with DEFAULT=YES, not one");
            }
        });
        for (Variant v : master.variants()) {
            if (v.audio().isPresent() && !groups.containsKey(v.audio().get())) {
                c.fail("AUDIO-GROUP", v.uri(), "refers to the audio group " + v.audio().get() + " the master does not define");
            } else if (v.audio().isEmpty() && !groups.isEmpty()) {
                c.fail("AUDIO-GROUP", v.uri(), "names no AUDIO group, though the master has " + groups.keySet());
            }
        }
    }

    /** The variant's facts with its audio group's largest rendition added: what a player fetches to play it. */
    VariantFacts withGroup(Variant v, VariantFacts video) {
        List<MediaFacts> group = v.audio().map(groups::get).orElse(List.of());
        MediaFacts audio = group.stream().filter(m -> m.streams() != null).max((a, b) -> Double.compare(a.fullPeak(), b.fullPeak())).orElse(null);
        if (audio == null || video.streams() == null) {
            return video;
        }
        double peak = video.peak() + audio.fullPeak();
        // RFC 8216's peak leaves a remainder shorter than half the target alone out: so does this rule, for both
        if (v.bandwidth() < video.fullPeak() + audio.fullPeak()) {
            c.fail("AUDIO-BANDWIDTH", v.uri(), String.format(Locale.ROOT, "BANDWIDTH %d is below the video's peak %.0f plus its audio"
                    + " rendition's %.0f", v.bandwidth(), video.fullPeak(), audio.fullPeak()));
        }
        HlsConformanceMedia.Streams s = video.streams();
        HlsConformanceMedia.Streams both = new HlsConformanceMedia.Streams(s.videoCodec(), s.profile(), s.level(), s.width(), s.height(),
                s.frameRate(), audio.streams().audioCodec(), audio.streams().audioProfile(), s.closedCaptions());
        return new VariantFacts(v, video.playlist(), both, video.starts(), peak, video.average() + audio.average(),
                video.fullPeak() + audio.fullPeak());
    }

    /** Well formed and as {@link Locale} writes it back (shortest form: {@code en}, not {@code eng}; {@code und} allowed). */
    static boolean bcp47(String tag) {
        if (!tag.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
            return false;
        }
        String back = Locale.forLanguageTag(tag).toLanguageTag();
        return back.equalsIgnoreCase(tag) && (tag.length() == 2 || tag.contains("-") || "und".equals(tag)
                || Locale.forLanguageTag(tag).getISO3Language().equals(tag) && !twoLetterExists(tag));
    }

    private static boolean twoLetterExists(String threeLetter) {
        for (String two : Locale.getISOLanguages()) {
            try {
                if (Locale.forLanguageTag(two).getISO3Language().equals(threeLetter)) {
                    return true;
                }
            } catch (java.util.MissingResourceException e) {
                // none
            }
        }
        return false;
    }
}
