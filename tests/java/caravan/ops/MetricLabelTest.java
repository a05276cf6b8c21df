package caravan.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Label values come out snake_case whatever spelling the code uses: statuses, error codes, class names, hyphens. */
class MetricLabelTest {
    @Test
    void everySpellingBecomesSnakeCase() {
        assertThat(MetricLabel.snake("READY")).isEqualTo("ready");
        assertThat(MetricLabel.snake("UNREADABLE_MEDIA")).isEqualTo("unreadable_media");
        assertThat(MetricLabel.snake("TranscodeFailed")).isEqualTo("transcode_failed");
        assertThat(MetricLabel.snake("IOException")).isEqualTo("io_exception");
        assertThat(MetricLabel.snake("S3Exception")).isEqualTo("s3_exception");
        assertThat(MetricLabel.snake("given-up")).isEqualTo("given_up");
        assertThat(MetricLabel.snake("mediaconvert")).isEqualTo("mediaconvert");
        assertThat(MetricLabel.snake(null)).isEqualTo("unknown");
    }
}
