package caravan.transcode;

import caravan.Settings;

import java.time.Duration;

/**
 * The MediaConvert engine (aws profile, {@code caravan.transcode.engine=mediaconvert}).
 *
 * @param roleArn  the role MediaConvert assumes (required)
 * @param queueArn the queue jobs go to, or null for the account's default queue
 * @param endpoint MediaConvert's endpoint, or null for the SDK's
 * @param sweep    how often the sweep looks for jobs whose events are overdue
 * @param overdue  how long a job may go without any update before the sweep asks {@code GetJob} about it
 * @param timeout  the job's time limit
 */
public record MediaConvertSettings(String roleArn, String queueArn, String endpoint, Duration sweep, Duration overdue,
                                   Duration timeout) {

    public static MediaConvertSettings from(Settings s) {
        return new MediaConvertSettings(s.text("caravan.aws.mediaconvertRoleArn"),
                s.optional("caravan.aws.mediaconvertQueueArn").orElse(null), s.optional("caravan.aws.mediaconvertEndpoint").orElse(null),
                Duration.ofMillis(s.wholeAtLeast("caravan.mediaconvert.sweepMillis", 100)),
                Duration.ofMillis(s.wholeAtLeast("caravan.mediaconvert.overdueMillis", 1)),
                Duration.ofMinutes(s.wholeAtLeast("caravan.mediaconvert.timeoutMinutes", 1)));
    }
}
