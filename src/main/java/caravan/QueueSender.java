package caravan;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends messages to one SQS queue, named or given by its URL (looked up once), ten to a request. A message the queue
 * refuses fails the call: the caller's work stays on record to be sent again.
 */
public final class QueueSender {
    private final SqsClient sqs;
    private final String queue;
    private volatile String url;

    public QueueSender(SqsClient sqs, String queue) {
        this.sqs = sqs;
        this.queue = queue;
    }

    /** Sends every one of {@code bodies}; {@code what} names them in the error ("import line(s)"). */
    public void send(List<String> bodies, String what) {
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build());
            }
            SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url()).entries(entries));
            if (r.hasFailed() && !r.failed().isEmpty()) {
                throw new IllegalStateException(r.failed().size() + " " + what + " could not be put on queue " + queue
                        + " (" + r.failed().get(0).code() + ")");
            }
        }
    }

    public String url() {
        if (url == null) {
            url = queue.startsWith("https://") || queue.startsWith("http://") ? queue : sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        }
        return url;
    }
}
