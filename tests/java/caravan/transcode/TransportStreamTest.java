package caravan.transcode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransportStreamTest {

    /** One 188-byte packet starting a PES of {@code streamId} with {@code pts}, optionally after an adaptation field. */
    private static byte[] pes(int streamId, long pts, boolean adaptation) {
        byte[] p = new byte[188];
        p[0] = 0x47;
        p[1] = 0x40; // payload unit start
        p[2] = 0x11;
        int i = 4;
        if (adaptation) {
            p[3] = 0x30;
            p[4] = 7;
            i = 4 + 1 + 7;
        } else {
            p[3] = 0x10;
        }
        p[i] = 0;
        p[i + 1] = 0;
        p[i + 2] = 1;
        p[i + 3] = (byte) streamId;
        p[i + 7] = (byte) 0x80;
        p[i + 8] = 5;
        p[i + 9] = (byte) (0x21 | ((pts >> 29) & 0x0e));
        p[i + 10] = (byte) (pts >> 22);
        p[i + 11] = (byte) (((pts >> 14) & 0xfe) | 1);
        p[i + 12] = (byte) (pts >> 7);
        p[i + 13] = (byte) (((pts << 1) & 0xfe) | 1);
        return p;
    }

    private static byte[] concat(byte[]... packets) {
        byte[] out = new byte[packets.length * 188];
        for (int k = 0; k < packets.length; k++) {
            System.arraycopy(packets[k], 0, out, k * 188, 188);
        }
        return out;
    }

    @Test
    void theFirstPictureInDisplayOrderWins() {
        byte[] ts = concat(pes(0xC0, 131_280, false), pes(0xE0, 136_800, true), pes(0xE0, 133_200, false),
                pes(0xE0, 8_589_934_000L, false));
        assertThat(TransportStream.firstPts(ts)).hasValue(133_200);
    }

    @Test
    void soundWhenThereIsNoPictureAndNothingWhenThereIsNoPes() {
        assertThat(TransportStream.firstPts(concat(pes(0xC0, 131_280, false)))).hasValue(131_280);
        assertThat(TransportStream.firstPts(new byte[376])).isEmpty();
    }
}
