package caravan.imports;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Two lanes on AWS, live first: the backlog queue's consumer polls only while this worker has a free worker slot
 * (the live route's exchanges and the backlog items it is running counted) and the live queue has no message waiting
 * (its {@code ApproximateNumberOfMessages}: visible, not taken by any worker). Every worker asks the same queue, so
 * an upload waiting anywhere holds every worker's backlog back, and a worker busy with a backlog item still takes a
 * live message at once (its live consumer never waits for the backlog).
 */
public final class BacklogGate implements PollingConsumerPollStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(BacklogGate.class);
    static final String LIVE_ROUTE = "ingest-s3-events";

    private final CamelContext context;
    private final SqsClient sqs;
    private final String liveQueue;
    private final int workers;
    private String liveUrl;
    private int taking;

    /** {@code liveQueue}: the live (S3 events) queue's name or URL. */
    public BacklogGate(CamelContext context, SqsClient sqs, String liveQueue, int workers) {
        this.context = context;
        this.sqs = sqs;
        this.liveQueue = liveQueue;
        this.workers = workers;
    }

    /** A poll of the backlog queue may go ahead: it then holds a slot until {@link #commit} or {@link #rollback}. */
    @Override
    public synchronized boolean begin(Consumer consumer, Endpoint endpoint) {
        if (taking + context.getInflightRepository().size(LIVE_ROUTE) >= workers) {
            return false;
        }
        try {
            if (liveWaiting() > 0) {
                return false;
            }
        } catch (RuntimeException e) {
            LOG.warn("The live queue's depth could not be read ({}); the backlog waits", e.getClass().getSimpleName());
            return false;
        }
        taking++;
        return true;
    }

    @Override
    public synchronized void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        taking--;
    }

    @Override
    public synchronized boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        taking--;
        return false;
    }

    private int liveWaiting() {
        if (liveUrl == null) {
            liveUrl = liveQueue.startsWith("https://") || liveQueue.startsWith("http://") ? liveQueue
                    : sqs.getQueueUrl(b -> b.queueName(liveQueue)).queueUrl();
        }
        String n = sqs.getQueueAttributes(b -> b.queueUrl(liveUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return n == null ? 0 : Integer.parseInt(n);
    }
}
