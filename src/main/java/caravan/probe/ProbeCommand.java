package caravan.probe;

import java.nio.file.Path;
import java.util.List;

/**
 * ffprobe's arguments for one source: only the file protocol, only the allowed demuxers, JSON out.
 * The path is always the pipeline's own name for the file, prefixed {@code file:}.
 */
public final class ProbeCommand {
    private ProbeCommand() {
    }

    public static List<String> arguments(Path source, String allowedFormats) {
        return List.of("-hide_banner", "-v", "error",
                "-protocol_whitelist", "file",
                "-format_whitelist", allowedFormats,
                "-print_format", "json", "-show_format", "-show_streams", "-show_error",
                "file:" + source.toAbsolutePath());
    }
}
