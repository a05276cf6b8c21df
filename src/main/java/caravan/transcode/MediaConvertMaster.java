package caravan.transcode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MediaConvert's master playlist as the worker starts from it: any SUBTITLES group taken out (the worker publishes
 * the captions as the ffmpeg engine does, and a finish that runs again after a crash reads back a master it already
 * rewrote), so adding the group is never done twice.
 */
public final class MediaConvertMaster {
    private static final Pattern SUBTITLES_ATTRIBUTE = Pattern.compile(",SUBTITLES=\"[^\"]*\"");

    private MediaConvertMaster() {
    }

    public static String withoutSubtitles(String master) {
        List<String> out = new ArrayList<>();
        boolean afterGroup = false;
        for (String line : master.split("\n", -1)) {
            if (line.startsWith("#EXT-X-MEDIA:") && line.contains("TYPE=SUBTITLES")) {
                afterGroup = true;
                continue;
            }
            if (afterGroup && line.isEmpty()) {
                afterGroup = false;
                continue; // the blank line a caption group leaves after itself goes with it
            }
            afterGroup = false;
            out.add(line.startsWith("#EXT-X-STREAM-INF:") ? SUBTITLES_ATTRIBUTE.matcher(line).replaceAll("") : line);
        }
        return String.join("\n", out);
    }
}
