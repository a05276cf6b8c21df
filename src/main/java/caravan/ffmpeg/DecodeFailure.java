package caravan.ffmpeg;

import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells, from how ffmpeg ended, whether it stopped because the upload's audio or video data cannot be decoded (garbled
 * frames, invalid NAL units, more frames failing than ffmpeg tolerates): the upload's fault, which no retry changes.
 * A run that also ran out of memory or disk, failed to read or write, or was stopped by a signal is not counted as
 * one: those may pass.
 */
public final class DecodeFailure {
    /** ffmpeg's exit status when more than {@code -max_error_rate} (2/3) of the decoded frames failed. */
    static final int ERROR_RATE_EXCEEDED = 69;
    private static final List<String> DECODE_ERRORS = List.of(
            "invalid data found when processing input", "error while decoding", "decoding error",
            "error submitting packet to decoder", "corrupt decoded frame", "invalid nal unit", "error splitting the input into nal units",
            "decode error rate", "concealing", "missing picture in access unit", "non-existing pps", "no frame!",
            "invalid frame dimensions", "header missing", "is not allocated", "corrupt input packet", "invalid block size",
            "invalid bitstream", "bitstream overread", "overread");
    private static final List<String> RESOURCE_ERRORS = List.of(
            "cannot allocate memory", "out of memory", "no space left on device", "disk quota exceeded",
            "input/output error", "resource temporarily unavailable", "too many open files", "permission denied",
            "read-only file system", "received signal", "broken pipe", "killed");

    private DecodeFailure() {
    }

    /** Whether a run that exited with {@code exitValue} and wrote {@code stderr} failed on the upload's data. */
    public static boolean in(int exitValue, String stderr) {
        if (exitValue == 0 || exitValue >= 128 && exitValue < 255 || exitValue < 0) {
            return false; // success, or ended by a signal (killed, out of memory, time limit)
        }
        String text = stderr == null ? "" : stderr.toLowerCase(Locale.ROOT);
        if (RESOURCE_ERRORS.stream().anyMatch(text::contains)) {
            return false;
        }
        return exitValue == ERROR_RATE_EXCEEDED || DECODE_ERRORS.stream().anyMatch(text::contains);
    }

    /** The first line of {@code stderr} that reports a decoding error, for the log. */
    public static Optional<String> firstEvidence(String stderr) {
        return stderr == null ? Optional.empty() : stderr.lines()
                .filter(line -> DECODE_ERRORS.stream().anyMatch(line.toLowerCase(Locale.ROOT)::contains))
                .map(String::strip).findFirst();
    }

    /** What the uploader is told: a sentence without ffmpeg's output. */
    public static RejectedInput rejection() {
        return new RejectedInput(ErrorCode.UNDECODABLE_MEDIA, "The file could not be decoded: its audio or video data is"
                + " damaged, or not what its header says. Export or convert it again (for example to MP4 with H.264 and AAC)"
                + " and upload it again.");
    }
}
