package caravan.captions;

import java.util.List;

/** One caption cue: from {@code startMillis} to {@code endMillis}, WebVTT cue settings (or ""), and its text lines. */
public record Cue(long startMillis, long endMillis, String settings, List<String> lines) {
    public Cue {
        lines = List.copyOf(lines);
        settings = settings == null ? "" : settings;
    }
}
