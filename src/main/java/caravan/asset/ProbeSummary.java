package caravan.asset;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;

/**
 * What ffprobe found in the source, as recorded on the asset. Width and height are as displayed (after rotation).
 * {@code subtitles} lists the subtitle tracks, in order ({@code index} counts subtitle tracks only, as ffmpeg's
 * {@code 0:s:N} does). {@code audioTracks} lists every audio stream with sound, in order ({@code index} counts audio
 * streams, as ffmpeg's {@code 0:a:N} does); {@code audio} is the first of them. A record made before the tracks were
 * probed has one, from {@code audio}.
 */
public record ProbeSummary(String container, double durationSeconds, long bitRate, VideoInfo video, AudioInfo audio,
                           List<String> streams, List<SubtitleInfo> subtitles, List<AudioTrack> audioTracks) {

    @JsonCreator
    public ProbeSummary {
        subtitles = subtitles == null ? List.of() : List.copyOf(subtitles);
        audioTracks = audioTracks == null || audioTracks.isEmpty()
                ? audio == null ? List.of() : List.of(new AudioTrack(0, audio.codec(), audio.channels(), "und", null, true, false, false))
                : List.copyOf(audioTracks);
    }

    public ProbeSummary(String container, double durationSeconds, long bitRate, VideoInfo video, AudioInfo audio,
                        List<String> streams, List<SubtitleInfo> subtitles) {
        this(container, durationSeconds, bitRate, video, audio, streams, subtitles, List.of());
    }

    public ProbeSummary(String container, double durationSeconds, long bitRate, VideoInfo video, AudioInfo audio,
                        List<String> streams) {
        this(container, durationSeconds, bitRate, video, audio, streams, List.of());
    }

    /**
     * The picture. {@code width} and {@code height} count stored pixels (after rotation); {@code sarNum:sarDen} is the
     * shape of one pixel (1:1 unless the source is anamorphic, e.g. 64:45 for 16:9 PAL stored as 720x576), so the
     * picture is displayed at {@link #displayWidth()} x {@link #displayHeight()}.
     */
    public record VideoInfo(String codec, int width, int height, int rotation, double frameRate, boolean variableFrameRate,
                            String pixelFormat, int bitDepth, boolean interlaced, int sarNum, int sarDen, Colour colour) {

        public VideoInfo {
            if (sarNum <= 0 || sarDen <= 0) {
                sarNum = 1;
                sarDen = 1;
            }
            colour = colour == null ? Colour.UNKNOWN : colour;
        }

        /** Square pixels, colour unknown (as recorded before pixel shape and colour were probed). */
        public VideoInfo(String codec, int width, int height, int rotation, double frameRate, boolean variableFrameRate,
                         String pixelFormat, int bitDepth, boolean interlaced) {
            this(codec, width, height, rotation, frameRate, variableFrameRate, pixelFormat, bitDepth, interlaced, 1, 1, null);
        }

        private boolean sideways() {
            return rotation == 90 || rotation == 270;
        }

        /** The displayed width: the stored width stretched by the pixel shape (which applies before rotation). */
        public int displayWidth() {
            return sideways() ? width : (int) Math.round((double) width * sarNum / sarDen);
        }

        public int displayHeight() {
            return sideways() ? (int) Math.round((double) height * sarNum / sarDen) : height;
        }

        /** The width of the picture as stored, before rotation (players guess an untagged matrix from it). */
        public int storedWidth() {
            return sideways() ? height : width;
        }

        public int storedHeight() {
            return sideways() ? width : height;
        }
    }

    /**
     * The colour tags of the picture as ffprobe names them ({@code color_transfer}, {@code color_primaries},
     * {@code color_space}, {@code color_range}); null where the file does not say.
     */
    public record Colour(String transfer, String primaries, String matrix, String range) {
        public static final Colour UNKNOWN = new Colour(null, null, null, null);

        /** HDR: the PQ (SMPTE ST 2084) or HLG (ARIB STD-B67) transfer. */
        public boolean highDynamicRange() {
            return "smpte2084".equals(transfer) || "arib-std-b67".equals(transfer);
        }
    }

    public record AudioInfo(String codec, int channels, String channelLayout, int sampleRate) {
    }

    /**
     * An audio track: {@code index} among the audio streams ({@code 0:a:N}), its language as a BCP 47 tag ({@code und}
     * when the file does not say), its title tag (or null), and its dispositions: the source's default track, a
     * commentary ({@code comment}), an audio description for the blind and partially sighted ({@code visual_impaired}
     * or {@code descriptions}).
     */
    public record AudioTrack(int index, String codec, int channels, String language, String title, boolean isDefault,
                             boolean commentary, boolean describesVideo) {
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
