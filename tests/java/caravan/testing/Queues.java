package caravan.testing;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Waiting on an SQS queue in tests. */
public final class Queues {
    private Queues() {
    }

    /** Until the queue holds no message, visible or in flight; fails after {@code wait}. */
    public static void awaitDrained(SqsClient sqs, String queueUrl, Duration wait) throws InterruptedException {
        Instant end = Instant.now().plus(wait);
        while (Instant.now().isBefore(end)) {
            Map<QueueAttributeName, String> n = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            if (n.values().stream().allMatch("0"::equals)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the queue " + queueUrl + " was not drained in " + wait.toSeconds() + " s");
    }
}
