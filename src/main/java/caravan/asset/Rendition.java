package caravan.asset;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One published rung of the ladder. Width and height are 0 for audio-only renditions. {@code quality} is what was
 * measured on it (the ffmpeg engine measures; absent otherwise).
 */
public record Rendition(String name, int width, int height, long bandwidth, String codecs, String playlist,
                        @JsonInclude(JsonInclude.Include.NON_NULL) RenditionQuality quality) {

    public Rendition(String name, int width, int height, long bandwidth, String codecs, String playlist) {
        this(name, width, height, bandwidth, codecs, playlist, null);
    }

    public Rendition withQuality(RenditionQuality measured) {
        return new Rendition(name, width, height, bandwidth, codecs, playlist, measured);
    }

    /** {@code renditions}, each with the quality measured earlier on the rendition of the same name, if any. */
    public static List<Rendition> withMeasuredQuality(List<Rendition> renditions, List<Rendition> measured) {
        if (measured == null || measured.isEmpty()) {
            return renditions;
        }
        return renditions.stream().map(r -> measured.stream()
                .filter(m -> m.name().equals(r.name()) && m.quality() != null)
                .findFirst().map(m -> r.withQuality(m.quality())).orElse(r)).toList();
    }
}
