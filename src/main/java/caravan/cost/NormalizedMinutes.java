package caravan.cost;

import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodecSettings;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;

/**
 * An estimate of a MediaConvert job's normalized minutes from its outputs, by AWS's published normalization for the
 * basic tier: each output's minutes times its resolution's factor, SD (below 720 lines) 1, HD (720 to 1080) 2, UHD
 * (above 1080) 4, doubled above 30 frames per second. An audio-only output counts as SD, and frame captures
 * (posters, thumbnails) as nothing. It is an estimate: AWS's bill (rounding, codec and pass multipliers, the
 * professional tier) is the reference.
 */
public final class NormalizedMinutes {
    private NormalizedMinutes() {
    }

    /** The factor of one output of this many lines at this frame rate. */
    public static double factor(int height, double framesPerSecond) {
        double resolution = height > 1080 ? 4 : height >= 720 ? 2 : 1;
        return framesPerSecond > 30 ? 2 * resolution : resolution;
    }

    /**
     * The job's normalized minutes for a source of {@code seconds}; {@code sourceHeight} and {@code sourceFps} stand
     * in for an output that follows the source.
     */
    public static double of(JobSettings settings, double seconds, int sourceHeight, double sourceFps) {
        double minutes = seconds / 60d;
        double sum = 0;
        for (OutputGroup group : settings.outputGroups()) {
            for (Output output : group.outputs()) {
                VideoDescription video = output.videoDescription();
                if (video == null) {
                    sum += output.hasAudioDescriptions() ? minutes * factor(0, 0) : 0;
                    continue;
                }
                VideoCodecSettings codec = video.codecSettings();
                if (codec != null && "FRAME_CAPTURE".equals(codec.codecAsString())) {
                    continue;
                }
                int height = video.height() != null ? video.height() : sourceHeight;
                sum += minutes * factor(height, frameRate(codec, sourceFps));
            }
        }
        return sum;
    }

    private static double frameRate(VideoCodecSettings codec, double sourceFps) {
        if (codec == null) {
            return sourceFps;
        }
        Integer num = null;
        Integer den = null;
        if (codec.h264Settings() != null) {
            num = codec.h264Settings().framerateNumerator();
            den = codec.h264Settings().framerateDenominator();
        } else if (codec.h265Settings() != null) {
            num = codec.h265Settings().framerateNumerator();
            den = codec.h265Settings().framerateDenominator();
        }
        return num != null && den != null && den > 0 ? num / (double) den : sourceFps;
    }
}
