package caravan.captions;

import caravan.asset.ProbeSummary.SubtitleInfo;
import caravan.ffmpeg.UntrustedInput;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ffmpeg's arguments to copy the text subtitle tracks of an upload out as WebVTT, one file per track
 * ({@code <folder>/<N>.vtt} for ffmpeg's {@code 0:s:N}), in one process that decodes no picture or sound.
 * The input is opened as {@link UntrustedInput}; every path is the pipeline's own.
 */
public final class ExtractionCommand {
    private ExtractionCommand() {
    }

    public static List<String> arguments(Path source, List<SubtitleInfo> tracks, Path folder, UntrustedInput input) {
        List<String> a = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-y"));
        a.addAll(input.options());
        a.addAll(List.of("-i", UntrustedInput.path(source)));
        for (SubtitleInfo t : tracks) {
            a.addAll(List.of("-map", "0:s:" + t.index(), "-c:s", "webvtt", "-f", "webvtt",
                    UntrustedInput.path(folder.resolve(t.index() + ".vtt"))));
        }
        return a;
    }

    public static Path output(Path folder, SubtitleInfo track) {
        return folder.resolve(track.index() + ".vtt");
    }
}
