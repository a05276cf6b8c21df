package caravan.ffmpeg;

import java.nio.file.Path;
import java.util.List;

/**
 * How ffprobe and ffmpeg open an upload: through the {@code file} protocol only (no network, no {@code concat:} or
 * {@code subfile:}), with the allowed demuxers only (so no playlist or list format can make them open other files),
 * and with the decoder refusing any picture over the pixel limit before it allocates the frame. The options go
 * before {@code -i}; the path is always the pipeline's own, prefixed {@code file:}.
 */
public record UntrustedInput(String allowedFormats, long maxPixels) {

    public List<String> options() {
        return List.of("-protocol_whitelist", "file",
                "-format_whitelist", allowedFormats,
                "-max_pixels", String.valueOf(Math.min(maxPixels, Integer.MAX_VALUE)));
    }

    /**
     * The same restrictions for an object read over HTTP(S) by a URL Caravan signed itself (an S3 object's presigned
     * GET): that scheme only, no {@code file}; ffprobe then reads the headers it needs with range requests.
     */
    public List<String> urlOptions(String scheme) {
        return List.of("-protocol_whitelist", "https".equals(scheme) ? "https,tls,tcp" : "http,tcp",
                "-format_whitelist", allowedFormats,
                "-max_pixels", String.valueOf(Math.min(maxPixels, Integer.MAX_VALUE)));
    }

    public static String path(Path file) {
        return "file:" + file.toAbsolutePath();
    }
}
