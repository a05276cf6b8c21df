package caravan.asset;

import java.util.List;

/** What ffprobe found in the source, as recorded on the asset. Width and height are as displayed (after rotation). */
public record ProbeSummary(String container, double durationSeconds, long bitRate, VideoInfo video, AudioInfo audio,
                           List<String> streams) {

    public record VideoInfo(String codec, int width, int height, int rotation, double frameRate, boolean variableFrameRate,
                            String pixelFormat, int bitDepth, boolean interlaced) {
    }

    public record AudioInfo(String codec, int channels, String channelLayout, int sampleRate) {
    }

    public boolean hasVideo() {
        return video != null;
    }

    public boolean hasAudio() {
        return audio != null;
    }
}
