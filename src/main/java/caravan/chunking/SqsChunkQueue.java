package caravan.chunking;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * On AWS: the items go on the work queue (the SQS queue of S3 events and job events), ten to a request. Any worker takes
 * one; its message is held while it encodes and deleted after, so a worker that dies leaves the item to another.
 */
public final class SqsChunkQueue implements ChunkQueue {
    private final SqsClient sqs;
    private final String queue;
    private volatile String url;

    /** {@code queue}: the work queue's name or URL. */
    public SqsChunkQueue(SqsClient sqs, String queue) {
        this.sqs = sqs;
        this.queue = queue;
    }

    @Override
    public void send(List<String> items) {
        for (int from = 0; from < items.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(items.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(items.get(i)).build());
            }
            SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url()).entries(entries));
            if (r.hasFailed() && !r.failed().isEmpty()) {
                // the asset's message is not deleted: it comes back and the run resumes, sending what is not done
                throw new IllegalStateException(r.failed().size() + " chunk work item(s) could not be put on the work queue ("
                        + r.failed().get(0).code() + ")");
            }
        }
    }

    private String url() {
        if (url == null) {
            url = queue.startsWith("https://") || queue.startsWith("http://") ? queue : sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        }
        return url;
    }
}
