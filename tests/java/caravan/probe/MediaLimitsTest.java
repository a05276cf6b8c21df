package caravan.probe;

import caravan.asset.ProbeSummary;
import caravan.asset.ProbeSummary.AudioInfo;
import caravan.asset.ProbeSummary.VideoInfo;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MediaLimitsTest {
    private final MediaLimits limits = new MediaLimits(3600, 3840L * 2160, 5_000_000_000L);

    private static ProbeSummary probe(double duration, int width, int height, boolean audio) {
        VideoInfo v = width > 0 ? new VideoInfo("h264", width, height, 0, 25, false, "yuv420p", 8, false) : null;
        AudioInfo a = audio ? new AudioInfo("aac", 2, "stereo", 48000) : null;
        return new ProbeSummary("mov,mp4,m4a,3gp,3g2,mj2", duration, 1_000_000, v, a, List.of());
    }

    private static RejectedInput rejection(Runnable check) {
        RejectedInput e = catchThrowableOfType(RejectedInput.class, check::run);
        assertThat(e).as("expected a RejectedInput").isNotNull();
        return e;
    }

    @Test
    void emptyFile() {
        RejectedInput e = rejection(() -> limits.checkSize(0));

        assertThat(e.code()).isEqualTo(ErrorCode.EMPTY_FILE);
        assertThat(e.getMessage()).contains("0 bytes");
    }

    @Test
    void fileTooLargeNamesTheLimit() {
        RejectedInput e = rejection(() -> limits.checkSize(5_000_000_001L));

        assertThat(e.code()).isEqualTo(ErrorCode.FILE_TOO_LARGE);
        assertThat(e.getMessage()).contains("5000000000").contains("5000000001");
    }

    @Test
    void sizesUpToTheLimitPass() {
        assertThatCode(() -> limits.checkSize(1)).doesNotThrowAnyException();
        assertThatCode(() -> limits.checkSize(5_000_000_000L)).doesNotThrowAnyException();
    }

    @Test
    void tooLongNamesTheLimit() {
        RejectedInput e = rejection(() -> limits.check(probe(3601, 1920, 1080, true)));

        assertThat(e.code()).isEqualTo(ErrorCode.DURATION_LIMIT);
        assertThat(e.getMessage()).contains("3600 s").contains("3601 s");
    }

    @Test
    void tooManyPixelsNamesTheLimit() {
        RejectedInput e = rejection(() -> limits.check(probe(60, 7680, 4320, true)));

        assertThat(e.code()).isEqualTo(ErrorCode.PIXEL_LIMIT);
        assertThat(e.getMessage()).contains("8294400").contains("7680x4320");
    }

    @Test
    void audioOnlyIsNotSubjectToThePixelLimit() {
        assertThatCode(() -> limits.check(probe(60, 0, 0, true))).doesNotThrowAnyException();
    }

    @Test
    void noStreamsAtAll() {
        RejectedInput e = rejection(() -> limits.check(probe(60, 0, 0, false)));

        assertThat(e.code()).isEqualTo(ErrorCode.NO_MEDIA_STREAMS);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void withinEveryLimitPasses() {
        assertThatCode(() -> limits.check(probe(3600, 3840, 2160, true))).doesNotThrowAnyException();
        assertThatCode(() -> limits.check(probe(10, 1920, 1080, false))).doesNotThrowAnyException();
    }
}
