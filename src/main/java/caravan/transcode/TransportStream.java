package caravan.transcode;

import java.util.OptionalLong;

/**
 * Reads presentation timestamps from the start of an MPEG-TS segment: where our HLS timeline begins in the 90 kHz
 * MPEG-TS clock (ffmpeg starts it at about 1.4 s, not 0), which WebVTT segments must state in X-TIMESTAMP-MAP.
 */
public final class TransportStream {
    private static final int PACKET = 188;

    private TransportStream() {
    }

    /** The smallest video PTS in {@code ts} (the first picture in display order), else the smallest audio PTS. */
    public static OptionalLong firstPts(byte[] ts) {
        long video = Long.MAX_VALUE;
        long audio = Long.MAX_VALUE;
        for (int p = 0; p + PACKET <= ts.length; p += PACKET) {
            if ((ts[p] & 0xff) != 0x47 || (ts[p + 1] & 0x40) == 0) {
                continue; // not in sync, or no PES starts in this packet
            }
            int control = (ts[p + 3] >> 4) & 0x3;
            if ((control & 0x1) == 0) {
                continue; // no payload
            }
            int i = p + 4 + ((control & 0x2) != 0 ? 1 + (ts[p + 4] & 0xff) : 0);
            if (i + 14 > p + PACKET || ts[i] != 0 || ts[i + 1] != 0 || ts[i + 2] != 1 || (ts[i + 7] & 0x80) == 0) {
                continue;
            }
            int stream = ts[i + 3] & 0xff;
            long pts = ((long) (ts[i + 9] >> 1 & 0x07) << 30) | ((long) (ts[i + 10] & 0xff) << 22)
                    | ((long) (ts[i + 11] >> 1 & 0x7f) << 15) | ((long) (ts[i + 12] & 0xff) << 7) | ((ts[i + 13] & 0xff) >> 1);
            if (stream >= 0xE0 && stream <= 0xEF) {
                video = Math.min(video, pts);
            } else if (stream >= 0xC0 && stream <= 0xDF) {
                audio = Math.min(audio, pts);
            }
        }
        return video != Long.MAX_VALUE ? OptionalLong.of(video) : audio != Long.MAX_VALUE ? OptionalLong.of(audio) : OptionalLong.empty();
    }
}
