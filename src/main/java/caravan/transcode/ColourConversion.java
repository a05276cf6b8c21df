package caravan.transcode;

import caravan.asset.ProbeSummary.Colour;
import caravan.asset.ProbeSummary.VideoInfo;

import java.util.List;
import java.util.Map;

/**
 * How the source's picture becomes the ladder's colour: SDR BT.709, limited range, 8-bit 4:2:0, tagged as such.
 * <ul>
 *   <li>HDR (PQ or HLG transfer) is tone-mapped: to linear light (100 nits nominal), BT.2020 primaries to BT.709,
 *   the {@code mobius} curve (keeps contrast and colour of in-range material, rolls off highlights), then the BT.709
 *   transfer and matrix, with {@code zscale}. Passed through, an 8-bit H.264 rung shows HDR flat and washed out.</li>
 *   <li>SDR with another matrix (BT.601 of SD video, or an untagged SD picture, which players take for BT.601) or full
 *   range ({@code yuvj}, {@code pc}) is converted to BT.709 limited range, so a player that reads the tags shows the
 *   same colours.</li>
 *   <li>Anything else is already BT.709 limited range and only becomes 8-bit 4:2:0.</li>
 * </ul>
 * The primaries of SDR sources are not converted (BT.601's and BT.709's differ little; as most tools, only the matrix).
 */
public record ColourConversion(Kind kind, String transfer, String primaries, String matrix, String range) {

    public enum Kind { NONE, MATRIX_AND_RANGE, TONE_MAP }

    /** Already BT.709 limited range SDR (or no picture): only the pixel format changes. */
    public static final ColourConversion NONE = new ColourConversion(Kind.NONE, "bt709", "bt709", "bt709", "tv");

    /** What the encoder writes in every rung's VUI: BT.709 primaries, transfer and matrix, limited range. */
    public static final List<String> OUTPUT_TAGS = List.of("-color_primaries", "bt709", "-color_trc", "bt709",
            "-colorspace", "bt709", "-color_range", "tv");

    /** ffprobe's matrix names as swscale's {@code in_color_matrix} knows them. */
    private static final Map<String, String> SWSCALE_MATRIX = Map.of("bt709", "bt709", "smpte170m", "smpte170m",
            "bt470bg", "bt470", "bt2020nc", "bt2020", "bt2020c", "bt2020", "fcc", "fcc", "smpte240m", "smpte240m");

    public static ColourConversion of(VideoInfo v) {
        Colour c = v.colour();
        String range = "pc".equals(c.range()) ? "pc" : "tv";
        if (c.highDynamicRange()) {
            String matrix = c.matrix() != null && c.matrix().startsWith("bt2020") ? c.matrix() : "bt2020nc";
            return new ColourConversion(Kind.TONE_MAP, c.transfer(), "bt2020", matrix, range);
        }
        String matrix = c.matrix() != null && SWSCALE_MATRIX.containsKey(c.matrix()) ? c.matrix() : assumedMatrix(v);
        if (matrix.equals("bt709") && range.equals("tv")) {
            return NONE;
        }
        return new ColourConversion(Kind.MATRIX_AND_RANGE, "bt709", "bt709", matrix, range);
    }

    /** An untagged picture's matrix as players guess it: BT.709 from 1280 wide or 720 high (as stored), else BT.601. */
    static String assumedMatrix(VideoInfo v) {
        return v.storedWidth() >= 1280 || v.storedHeight() >= 720 ? "bt709" : "smpte170m";
    }

    /** The filters (no labels) that end in BT.709 limited-range 8-bit 4:2:0. */
    public String filters() {
        return switch (kind) {
            case NONE -> "format=yuv420p";
            case MATRIX_AND_RANGE -> "scale=in_color_matrix=" + SWSCALE_MATRIX.get(matrix) + ":out_color_matrix=bt709"
                    + ":in_range=" + range + ":out_range=tv,format=yuv420p";
            case TONE_MAP -> "zscale=tin=" + transfer + ":pin=" + primaries + ":min=" + matrix + ":rin=" + range
                    + ":t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=mobius:desat=0"
                    + ",zscale=t=bt709:m=bt709:r=tv,format=yuv420p";
        };
    }
}
