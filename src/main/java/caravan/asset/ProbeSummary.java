package caravan.asset;

import java.util.List;

/**
 * What ffprobe found in the source, as recorded on the asset. Width and height are as displayed (after rotation).
 * {@code subtitles} lists the subtitle tracks, in order ({@code index} counts subtitle tracks only, as ffmpeg's
 * {@code 0:s:N} does).
 */
public record ProbeSummary(String container, double durationSeconds, long bitRate, VideoInfo video, AudioInfo audio,
                           List<String> streams, List<SubtitleInfo> subtitles) {

    public ProbeSummary {
        subtitles = subtitles == null ? List.of() : List.copyOf(subtitles);
    }

    public ProbeSummary(String container, double durationSeconds, long bitRate, VideoInfo video, AudioInfo audio,
                        List<String> streams) {
        this(container, durationSeconds, bitRate, video, audio, streams, List.of());
    }

    public record VideoInfo(String codec, int width, int height, int rotation, double frameRate, boolean variableFrameRate,
                            String pixelFormat, int bitDepth, boolean interlaced) {
    }

    public record AudioInfo(String codec, int channels, String channelLayout, int sampleRate) {
    }

    /** A subtitle track: its codec, its language tag as stored in the file (or null), and whether it is text. */
    public record SubtitleInfo(int index, String codec, String language, boolean text) {
        private static final List<String> TEXT_CODECS = List.of("subrip", "srt", "ass", "ssa", "mov_text", "webvtt", "text");

        public static boolean isText(String codec) {
            return TEXT_CODECS.contains(codec);
        }
    }

    public boolean hasVideo() {
        return video != null;
    }

    public boolean hasAudio() {
        return audio != null;
    }

    /** The subtitle tracks that can be converted to WebVTT (text, not pictures). */
    public List<SubtitleInfo> textSubtitles() {
        return subtitles.stream().filter(SubtitleInfo::text).toList();
    }
}
