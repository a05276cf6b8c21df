package caravan.captions;

import java.util.List;
import java.util.Locale;

/** Writes cues as a WebVTT file; for HLS, with the X-TIMESTAMP-MAP that ties cue time 0 to the segments' clock. */
public final class WebVtt {
    private WebVtt() {
    }

    /** @param mpegts the 90 kHz MPEG-TS time at which media time 0 plays, or null for a plain WebVTT file */
    public static String write(List<Cue> cues, Long mpegts) {
        StringBuilder out = new StringBuilder("WEBVTT\n");
        if (mpegts != null) {
            out.append("X-TIMESTAMP-MAP=MPEGTS:").append(mpegts).append(",LOCAL:00:00:00.000\n");
        }
        for (Cue c : cues) {
            out.append('\n').append(time(c.startMillis())).append(" --> ").append(time(c.endMillis()));
            if (!c.settings().isEmpty()) {
                out.append(' ').append(c.settings());
            }
            out.append('\n');
            for (String line : c.lines()) {
                if (!line.isBlank()) {
                    out.append(line).append('\n');
                }
            }
        }
        return out.toString();
    }

    static String time(long ms) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}
