package caravan.chunking;

import caravan.QueueSender;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;

/**
 * On AWS: the items go on the work queue (the SQS queue of S3 events and job events). Any worker takes one; its message
 * is held while it encodes and deleted after, so a worker that dies leaves the item to another. If the queue refuses
 * one, the asset's message is not deleted: it comes back and the run resumes, sending what is not done.
 */
public final class SqsChunkQueue implements ChunkQueue {
    private final QueueSender sender;

    /** {@code queue}: the work queue's name or URL. */
    public SqsChunkQueue(SqsClient sqs, String queue) {
        this.sender = new QueueSender(sqs, queue);
    }

    @Override
    public void send(List<String> items) {
        sender.send(items, "chunk work item(s)");
    }
}
