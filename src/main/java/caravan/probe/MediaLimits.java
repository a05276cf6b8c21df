package caravan.probe;

import caravan.asset.ProbeSummary;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;

/** The operator's limits on what an upload may be. Checked against the file size before probing and the probe after. */
public record MediaLimits(double maxDurationSeconds, long maxPixels, long maxFileBytes) {

    public void checkSize(long bytes) {
        if (bytes == 0) {
            throw new RejectedInput(ErrorCode.EMPTY_FILE, "The file is empty (0 bytes).");
        }
        if (bytes > maxFileBytes) {
            throw new RejectedInput(ErrorCode.FILE_TOO_LARGE,
                    "The file is " + bytes + " bytes; the limit is " + maxFileBytes + " bytes.");
        }
    }

    public void check(ProbeSummary probe) {
        if (!probe.hasVideo() && !probe.hasAudio()) {
            throw new RejectedInput(ErrorCode.NO_MEDIA_STREAMS, "The file has no decodable audio or video stream.");
        }
        if (probe.durationSeconds() > maxDurationSeconds) {
            throw new RejectedInput(ErrorCode.DURATION_LIMIT, String.format(
                    "The media is %.0f s long; the limit is %.0f s.", probe.durationSeconds(), maxDurationSeconds));
        }
        if (probe.hasVideo()) {
            long pixels = (long) probe.video().width() * probe.video().height();
            if (pixels > maxPixels) {
                throw new RejectedInput(ErrorCode.PIXEL_LIMIT, "The picture is " + probe.video().width() + "x"
                        + probe.video().height() + " (" + pixels + " pixels); the limit is " + maxPixels + " pixels.");
            }
        }
    }
}
