package caravan.chunking;

import org.apache.camel.ProducerTemplate;

import java.util.List;

/** One machine: the items join the worker pool's queue ({@code seda:pipeline}), marked as work items. */
public final class LocalChunkQueue implements ChunkQueue {
    /** Header marking a work item on the pool's queue. */
    public static final String ITEM = "CaravanChunkItem";

    private final ProducerTemplate producer;
    private final String endpoint;

    public LocalChunkQueue(ProducerTemplate producer, String endpoint) {
        this.producer = producer;
        this.endpoint = endpoint;
    }

    @Override
    public void send(List<String> items) {
        for (String item : items) {
            producer.sendBodyAndHeader(endpoint, item, ITEM, true);
        }
    }
}
