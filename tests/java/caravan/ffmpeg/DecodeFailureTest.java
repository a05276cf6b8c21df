package caravan.ffmpeg;

import caravan.failure.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stderr lines are real ffmpeg 8.0.1 output (addresses shortened): on garbled frames, and on a full or starved server. */
class DecodeFailureTest {
    private static final String GARBLED = """
            [h264 @ 0x55e1] Invalid NAL unit size (1378864525 > 15845).
            [h264 @ 0x55e1] Error splitting the input into NAL units.
            [vist#0:0/h264 @ 0x559f] [dec:h264 @ 0x559f] Error submitting packet to decoder: Invalid data found when processing input
            [vist#0:0/h264 @ 0x559f] [dec:h264 @ 0x559f] Decode error rate 1 exceeds maximum 0.666667
            [out#0/hls @ 0x5600] Nothing was written into output file, because at least one of its streams received no packets.
            """;

    @Test
    void garbledFramesAreTheUploadsFault() {
        assertThat(DecodeFailure.in(69, GARBLED)).isTrue();
        assertThat(DecodeFailure.in(1, "[aac @ 0x55] channel element 2.7 is not allocated\nError while decoding stream #0:1\n")).isTrue();
        assertThat(DecodeFailure.in(69, "")).as("ffmpeg's own exit status for too many failed frames").isTrue();
        assertThat(DecodeFailure.firstEvidence(GARBLED)).hasValue("[h264 @ 0x55e1] Invalid NAL unit size (1378864525 > 15845).");
    }

    @Test
    void aFullOrStarvedServerOrASignalIsNotTheUploadsFault() {
        assertThat(DecodeFailure.in(0, GARBLED)).as("frames concealed, run succeeded").isFalse();
        assertThat(DecodeFailure.in(1, GARBLED + "[hls @ 0x55] Failed to open file '/data/work/a/hls/720p/segment_00003.ts': No space left on device\n")).isFalse();
        assertThat(DecodeFailure.in(1, "Error while decoding stream #0:0: Cannot allocate memory\n")).isFalse();
        assertThat(DecodeFailure.in(137, GARBLED)).as("SIGKILL (the OOM killer, a time limit)").isFalse();
        assertThat(DecodeFailure.in(255, GARBLED + "Exiting normally, received signal 15.\n")).isFalse();
        assertThat(DecodeFailure.in(1, "simulated encoder crash\n")).isFalse();
        assertThat(DecodeFailure.in(1, "[in#0 @ 0x55] Error opening input: Input/output error\n")).isFalse();
    }

    @Test
    void theUploaderIsToldWithoutFfmpegsWords() {
        assertThat(DecodeFailure.rejection().code()).isEqualTo(ErrorCode.UNDECODABLE_MEDIA);
        assertThat(DecodeFailure.rejection().getMessage()).startsWith("The file could not be decoded").doesNotContain("/", "ffmpeg");
    }
}
