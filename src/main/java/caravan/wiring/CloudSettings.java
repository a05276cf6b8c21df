package caravan.wiring;

import caravan.Settings;

/**
 * The cloud profile's resources ({@code application-aws.properties}; names come from the environment).
 *
 * @param ingestBucket             where uploads land
 * @param outputBucket             where HLS is published
 * @param queue                    the queue of upload events (read by the ingest route)
 * @param table                    the table of assets, claims and the audit log
 * @param topicArn                 the topic events are also published to, or null
 * @param kmsKeyId                 the key for data keys and server-side encryption
 * @param visibilityTimeoutSeconds how long a worker holds a message (read by the ingest route)
 * @param leaseSeconds             an unfinished asset with no update for this long is resumed by the next notification
 */
public record CloudSettings(String ingestBucket, String outputBucket, String queue, String table, String topicArn, String kmsKeyId,
                            long visibilityTimeoutSeconds, long leaseSeconds) {

    public static CloudSettings from(Settings s) {
        return new CloudSettings(s.text("caravan.aws.ingestBucket"), s.text("caravan.aws.outputBucket"), s.text("caravan.aws.queue"),
                s.text("caravan.aws.table"), s.optional("caravan.aws.topicArn").orElse(null), s.text("caravan.aws.kmsKeyId"),
                s.wholeBetween("caravan.aws.visibilityTimeoutSeconds", 0, 43_200), s.wholeAtLeast("caravan.aws.leaseSeconds", 1));
    }
}
