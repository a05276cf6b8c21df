package caravan.asset;

import java.util.ArrayList;
import java.util.List;

/**
 * Something about an asset that is READY but not as the user meant: a caption file that could not be read, a rung
 * whose measured quality is below the floor. A stable code for machines, a sentence a person can act on.
 */
public record AssetWarning(String code, String message) {
    public static final String CAPTION_INVALID = "CAPTION_INVALID";
    public static final String CAPTION_NOT_EXTRACTED = "CAPTION_NOT_EXTRACTED";
    public static final String QUALITY_BELOW_FLOOR = "QUALITY_BELOW_FLOOR";
    public static final String DOWNLOAD_FAILED = "DOWNLOAD_FAILED";

    /** The list with {@code warning} added at the end (a new list; {@code null} counts as empty). */
    public static List<AssetWarning> append(List<AssetWarning> warnings, AssetWarning warning) {
        List<AssetWarning> out = new ArrayList<>(warnings == null ? List.of() : warnings);
        out.add(warning);
        return List.copyOf(out);
    }
}
