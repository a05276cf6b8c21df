package caravan.captions;

import java.util.Locale;

/**
 * The media playlist of one caption track: a single WebVTT segment covering the whole asset. Players fetch it
 * once; its target duration is the asset's length, as RFC 8216 requires of the longest segment.
 */
public final class SubtitlePlaylist {
    private SubtitlePlaylist() {
    }

    public static String of(String vttName, double durationSeconds) {
        double duration = Math.max(durationSeconds, 0.001);
        return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + (long) Math.ceil(duration) + "\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-PLAYLIST-TYPE:VOD\n" + String.format(Locale.ROOT, "#EXTINF:%.3f,", duration) + "\n" + vttName + "\n#EXT-X-ENDLIST\n";
    }
}
