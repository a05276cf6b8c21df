package caravan.ffmpeg;

import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;

import java.util.Optional;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ffprobe's or ffmpeg's error output for the moments {@link UntrustedInput}'s restrictions refused an upload,
 * and says so in the uploader's terms: a playlist or list of other files, a format that is not accepted, a picture
 * over the pixel limit. Anything else is left to the caller.
 */
public final class Refusals {
    /** Demuxers whose input is a list of other files or streams, not media, and what a user calls that input. */
    private static final Map<String, String> REFERENCE_FORMATS = Map.of(
            "hls", "an HLS playlist", "concat", "an ffconcat list", "dash", "a DASH manifest",
            "webm_dash_manifest", "a WebM DASH manifest", "imf", "an IMF composition playlist",
            "sdp", "an SDP session description", "rtsp", "an RTSP stream description", "rtp", "an RTP stream description");
    private static final Pattern FORMAT = Pattern.compile("\\[(\\w+) @ 0x\\p{XDigit}+\\] Format not on whitelist");
    private static final Pattern PROTOCOL = Pattern.compile("Protocol '([^']*)' not on whitelist");
    private static final Pattern PIXELS = Pattern.compile("Picture size (\\d+)x(\\d+) exceeds specified max pixel count (\\d+)");

    private Refusals() {
    }

    public static Optional<RejectedInput> in(String stderr) {
        if (stderr == null || stderr.isEmpty()) {
            return Optional.empty();
        }
        Matcher pixels = PIXELS.matcher(stderr);
        if (pixels.find()) {
            long w = Long.parseLong(pixels.group(1));
            long h = Long.parseLong(pixels.group(2));
            return Optional.of(new RejectedInput(ErrorCode.PIXEL_LIMIT, "The file contains a " + w + "x" + h + " picture ("
                    + w * h + " pixels); the limit is " + pixels.group(3) + " pixels."));
        }
        Matcher format = FORMAT.matcher(stderr);
        if (format.find()) {
            String name = format.group(1);
            if (REFERENCE_FORMATS.containsKey(name)) {
                return Optional.of(playlist(REFERENCE_FORMATS.get(name)));
            }
            return Optional.of(new RejectedInput(ErrorCode.FORMAT_NOT_ALLOWED, "The file is in the '" + name
                    + "' format, which Caravan does not accept. Convert it to MP4 (H.264 and AAC) and upload it again."));
        }
        Matcher protocol = PROTOCOL.matcher(stderr);
        if (protocol.find()) {
            return Optional.of(playlist("a list that points to a '" + protocol.group(1) + ":' resource"));
        }
        return Optional.empty();
    }

    /** The upload is {@code what}: it refers to other files or streams instead of containing media. */
    public static RejectedInput playlist(String what) {
        return new RejectedInput(ErrorCode.PLAYLIST_NOT_MEDIA, "The file is " + what
                + ": it refers to other files or streams instead of containing media. Upload the video or audio file itself.");
    }
}
