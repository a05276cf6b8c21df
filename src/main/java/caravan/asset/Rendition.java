package caravan.asset;

/** One published rung of the ladder. Width and height are 0 for audio-only renditions. */
public record Rendition(String name, int width, int height, long bandwidth, String codecs, String playlist) {
}
