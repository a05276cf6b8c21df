package caravan.transcode;

import caravan.asset.ProbeSummary;

import java.util.List;

/**
 * Which pictures an engine that cannot run the worker's own side outputs (MediaConvert) should capture across the
 * video, so that the worker makes the same poster, thumbnails and storyboard from them as from the ffmpeg pass.
 */
@FunctionalInterface
public interface FrameCapturePlanner {
    FrameCapturePlanner NONE = (plan, probe) -> List.of();

    List<FrameCapture> captures(LadderPlan plan, ProbeSummary probe);
}
