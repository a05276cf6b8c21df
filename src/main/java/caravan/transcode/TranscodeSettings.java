package caravan.transcode;

import caravan.Settings;

import java.nio.file.Path;

/**
 * The ladder and how it is encoded.
 *
 * @param ladderFile            the operator's ladder (the built-in copy is used if the file is absent)
 * @param ffmpegPath            a system ffmpeg, or empty for the bundled one
 * @param ffprobePath           a system ffprobe, or empty for the bundled one
 * @param engine                {@link TranscodeEngine#FFMPEG} or {@link TranscodeEngine#MEDIACONVERT}
 * @param workers               assets processed at once (read by the routes)
 * @param minTimeoutSeconds     shortest per-job time limit
 * @param timeoutPerMediaSecond per-job time limit per second of media (the larger of the two applies)
 * @param progressMillis        how often progress is recorded
 * @param audioMaxTracks        the upload's audio tracks a video publishes (each its own rendition), at most
 */
public record TranscodeSettings(Path ladderFile, String ffmpegPath, String ffprobePath, String engine, int workers,
                                long minTimeoutSeconds, double timeoutPerMediaSecond, long progressMillis, int audioMaxTracks) {
    static final String AUDIO_MAX_TRACKS = "caravan.audio.maxTracks";
    /** Beyond this ffmpeg's one process holds more encoders than any real upload has languages. */
    static final int AUDIO_TRACKS_LIMIT = 16;

    public TranscodeSettings {
        if (audioMaxTracks < 1 || audioMaxTracks > AUDIO_TRACKS_LIMIT) {
            throw Settings.problem(AUDIO_MAX_TRACKS, "must be from 1 to " + AUDIO_TRACKS_LIMIT + " (got " + audioMaxTracks + ")");
        }
    }

    public static TranscodeSettings from(Settings s) {
        return new TranscodeSettings(Path.of(s.text("caravan.ladder.file")), s.optional("caravan.ffmpeg.path").orElse(""),
                s.optional("caravan.ffprobe.path").orElse(""),
                s.choice("caravan.transcode.engine", TranscodeEngine.FFMPEG, TranscodeEngine.MEDIACONVERT),
                s.intAtLeast("caravan.workers", 1), s.wholeAtLeast("caravan.transcode.minTimeoutSeconds", 1),
                s.decimalAtLeast("caravan.transcode.timeoutPerMediaSecond", 0), s.wholeAtLeast("caravan.transcode.progressMillis", 1),
                s.intAtLeast(AUDIO_MAX_TRACKS, 1));
    }

    public long minTimeoutMillis() {
        return minTimeoutSeconds * 1000;
    }
}
