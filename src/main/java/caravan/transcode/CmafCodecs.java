package caravan.transcode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6381 {@code CODECS} strings that ffmpeg's muxers leave short. HEVC's comes from the init segment's decoder
 * configuration ({@code hvcC}, ISO/IEC 14496-15 annex E): {@code hvc1.<profile>.<compatibility, bits reversed>.<tier
 * L|H><level>.<constraint bytes>}, e.g. {@code hvc1.1.6.L93.B0} for Main at level 3.1.
 */
final class CmafCodecs {
    private CmafCodecs() {
    }

    static String hevc(byte[] init) {
        int at = indexOf(init, "hvcC".getBytes(StandardCharsets.US_ASCII));
        if (at < 0 || at + 4 + 13 > init.length) {
            return "hvc1";
        }
        int p = at + 4;
        int first = init[p + 1] & 0xFF;
        int space = first >> 6;
        boolean highTier = (first & 0x20) != 0;
        int profile = first & 0x1F;
        long compatibility = ((init[p + 2] & 0xFFL) << 24) | ((init[p + 3] & 0xFFL) << 16) | ((init[p + 4] & 0xFFL) << 8) | (init[p + 5] & 0xFFL);
        long reversed = Long.reverse(compatibility) >>> 32;
        List<String> constraints = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            constraints.add(String.format(Locale.ROOT, "%02X", init[p + 6 + i] & 0xFF));
        }
        while (!constraints.isEmpty() && constraints.get(constraints.size() - 1).equals("00")) {
            constraints.remove(constraints.size() - 1);
        }
        int level = init[p + 12] & 0xFF;
        return "hvc1." + (space == 0 ? "" : String.valueOf((char) ('A' + space - 1))) + profile + "."
                + Long.toHexString(reversed).toUpperCase(Locale.ROOT) + "." + (highTier ? "H" : "L") + level
                + (constraints.isEmpty() ? "" : "." + String.join(".", constraints));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
