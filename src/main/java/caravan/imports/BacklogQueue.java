package caravan.imports;

import caravan.asset.Json;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * On AWS, each QUEUED line of an import becomes one message on the backlog queue, {@code {"importId": ..., "line": N}}
 * (no source, no metadata: the line is read from the table when taken). Any worker may take it; the line is claimed
 * with a conditional write, so a message sent twice (the manifest posted again, SQS's at-least-once delivery) feeds
 * the line once. The queue's depth is what the service scales on, beside the live queue's.
 */
public final class BacklogQueue implements LineDispatch {
    private final SqsClient sqs;
    private final String queue;
    private volatile String url;

    /** {@code queue}: the backlog queue's name or URL. */
    public BacklogQueue(SqsClient sqs, String queue) {
        this.sqs = sqs;
        this.queue = queue;
    }

    @Override
    public void dispatch(List<ImportItem> queued) {
        for (int from = 0; from < queued.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (ImportItem item : queued.subList(from, Math.min(queued.size(), from + 10))) {
                String body = Json.MAPPER.createObjectNode().put("importId", item.importId()).put("line", item.line()).toString();
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(item.line())).messageBody(body).build());
            }
            SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(url()).entries(entries));
            if (r.hasFailed() && !r.failed().isEmpty()) {
                // the lines stay QUEUED in the table: posting the manifest again sends them again
                throw new IllegalStateException(r.failed().size() + " import line(s) could not be put on the backlog queue ("
                        + r.failed().get(0).code() + ")");
            }
        }
    }

    String url() {
        if (url == null) {
            url = queue.startsWith("https://") || queue.startsWith("http://") ? queue : sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        }
        return url;
    }
}
