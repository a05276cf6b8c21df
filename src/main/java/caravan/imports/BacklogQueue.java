package caravan.imports;

import caravan.asset.Json;
import caravan.QueueSender;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;

/**
 * On AWS, each QUEUED line of an import becomes one message on the backlog queue, {@code {"importId": ..., "line": N}}
 * (no source, no metadata: the line is read from the table when taken). Any worker may take it; the line is claimed
 * with a conditional write, so a message sent twice (the manifest posted again, SQS's at-least-once delivery) feeds
 * the line once. The queue's depth is what the service scales on, beside the live queue's.
 */
public final class BacklogQueue implements LineDispatch {
    private final QueueSender sender;

    /** {@code queue}: the backlog queue's name or URL. */
    public BacklogQueue(SqsClient sqs, String queue) {
        this.sender = new QueueSender(sqs, queue);
    }

    /** The lines stay QUEUED in the table if the queue refuses one: posting the manifest again sends them again. */
    @Override
    public void dispatch(List<ImportItem> queued) {
        sender.send(queued.stream().map(item -> Json.MAPPER.createObjectNode().put("importId", item.importId())
                .put("line", item.line()).toString()).toList(), "import line(s)");
    }

    String url() {
        return sender.url();
    }
}
