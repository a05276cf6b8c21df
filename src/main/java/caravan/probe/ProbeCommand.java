package caravan.probe;

import caravan.ffmpeg.UntrustedInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ffprobe's arguments for one source: the {@link UntrustedInput} restrictions, JSON out.
 * The path is always the pipeline's own name for the file, prefixed {@code file:}.
 */
public final class ProbeCommand {
    private ProbeCommand() {
    }

    /** ... for an object at {@code url} (a presigned GET Caravan made), read over the network, headers only. */
    public static List<String> arguments(java.net.URI url, UntrustedInput input) {
        List<String> a = new ArrayList<>(List.of("-hide_banner", "-v", "error"));
        a.addAll(input.urlOptions(url.getScheme()));
        a.addAll(List.of("-print_format", "json", "-show_format", "-show_streams", "-show_error", url.toString()));
        return a;
    }

    public static List<String> arguments(Path source, UntrustedInput input) {
        List<String> a = new ArrayList<>(List.of("-hide_banner", "-v", "error"));
        a.addAll(input.options());
        a.addAll(List.of("-print_format", "json", "-show_format", "-show_streams", "-show_error", UntrustedInput.path(source)));
        return a;
    }
}
