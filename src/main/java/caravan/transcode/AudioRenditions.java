package caravan.transcode;

import caravan.asset.Outputs.AudioRendition;
import caravan.asset.ProbeSummary;
import caravan.asset.ProbeSummary.AudioTrack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which audio tracks of an upload are published, and how the master names them. A video gets one audio-only rendition
 * per track, up to {@code maxTracks} in the upload's order, each encoded once and played with every rung (the
 * master's AUDIO group); a sound-only upload publishes one track (its default) as the only variant. Folders are
 * {@code audio}, {@code audio2}, ...; the default is the source's default track, else the first (never a commentary
 * or an audio description when another track is there); the name is the language in English ("German"), else the
 * track's title, else "Audio N", marked "(Commentary)" or "(Audio Description)" by disposition.
 */
public final class AudioRenditions {
    private static final int MAX_NAME = 60;

    private AudioRenditions() {
    }

    public static List<AudioRendition> plan(ProbeSummary probe, boolean video, int maxTracks, int channels) {
        if (probe == null || !probe.hasAudio()) {
            return List.of();
        }
        List<AudioTrack> tracks = probe.audioTracks();
        List<AudioTrack> chosen = video ? tracks.subList(0, Math.min(Math.max(1, maxTracks), tracks.size())) : List.of(preferred(tracks));
        AudioTrack main = preferred(chosen);
        List<AudioRendition> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < chosen.size(); i++) {
            AudioTrack t = chosen.get(i);
            out.add(new AudioRendition((i == 0 ? "audio" : "audio" + (i + 1)) + "/index.m3u8", t.index(), t.language(),
                    unique(name(t, i), names), t == main, channels, t.describesVideo()));
        }
        return List.copyOf(out);
    }

    /** The one rendition of the first audio track, when nothing is known of the upload's tracks. */
    static List<AudioRendition> firstTrack(LadderPlan plan) {
        return plan.audio() ? List.of(new AudioRendition("audio/index.m3u8", 0, "und", "Audio 1", true,
                plan.ladder().audio().channels(), false)) : List.of();
    }

    /** The source's default track that is neither commentary nor description, else the first plain one, else the first. */
    private static AudioTrack preferred(List<AudioTrack> tracks) {
        return tracks.stream().filter(t -> t.isDefault() && plain(t)).findFirst()
                .or(() -> tracks.stream().filter(AudioRenditions::plain).findFirst())
                .orElse(tracks.get(0));
    }

    private static boolean plain(AudioTrack t) {
        return !t.commentary() && !t.describesVideo();
    }

    static String name(AudioTrack t, int position) {
        String base = null;
        if (t.language() != null && !"und".equals(t.language())) {
            String english = Locale.forLanguageTag(t.language()).getDisplayName(Locale.ENGLISH);
            base = english.isBlank() || english.equalsIgnoreCase(t.language()) ? null : english;
        }
        if (base == null && t.title() != null && !clean(t.title()).isBlank()) {
            base = clean(t.title());
        }
        if (base == null) {
            base = "Audio " + (position + 1);
        }
        if (t.describesVideo()) {
            base += " (Audio Description)";
        } else if (t.commentary()) {
            base += " (Commentary)";
        }
        return base;
    }

    /** A name for a quoted playlist attribute: no quotes, line breaks or control characters, not too long. */
    private static String clean(String text) {
        String c = text.replaceAll("[\\p{Cntrl}\"]", " ").replaceAll("\\s+", " ").strip();
        return c.length() <= MAX_NAME ? c : c.substring(0, MAX_NAME).strip();
    }

    private static String unique(String name, Set<String> taken) {
        String n = name;
        for (int k = 2; !taken.add(n); k++) {
            n = name + " " + k;
        }
        return n;
    }
}
