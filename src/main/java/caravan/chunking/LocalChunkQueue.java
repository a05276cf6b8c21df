package caravan.chunking;

import org.apache.camel.ProducerTemplate;

import java.util.List;

/**
 * One machine: the chunks join the worker pool's queue ({@code seda:pipeline}), marked as work items. The audio item
 * goes to a lane of its own beside the pool ({@code audioEndpoint}): it is one single-threaded pass (AAC), so it runs
 * while the pool encodes chunks instead of holding a worker, and a single worker is not slower than one pass.
 */
public final class LocalChunkQueue implements ChunkQueue {
    /** Header marking a work item on the pool's queue. */
    public static final String ITEM = "CaravanChunkItem";

    private final ProducerTemplate producer;
    private final String endpoint;
    private final String audioEndpoint;

    public LocalChunkQueue(ProducerTemplate producer, String endpoint, String audioEndpoint) {
        this.producer = producer;
        this.endpoint = endpoint;
        this.audioEndpoint = audioEndpoint;
    }

    @Override
    public void send(List<String> items) {
        for (String item : items) {
            producer.sendBodyAndHeader(ChunkWork.isAudio(item) ? audioEndpoint : endpoint, item, ITEM, true);
        }
    }
}
