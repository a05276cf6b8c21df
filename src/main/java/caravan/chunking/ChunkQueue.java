package caravan.chunking;

import java.util.List;

/**
 * The work queue a run's items go on, the one the workers already take assets from: the local worker pool's queue, or
 * on AWS the SQS queue every worker reads.
 */
@FunctionalInterface
public interface ChunkQueue {
    void send(List<String> items);
}
