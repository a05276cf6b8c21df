package caravan.chunking;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * One work item of an asset's split-and-stitch run, as a message on the work queue (the local worker pool, or the SQS
 * queue every worker reads): the asset, its run, and the item (0..n-1 the video's chunks, n the audio item, marked
 * {@code audio}).
 */
public record ChunkWork(String assetId, int run, int item, boolean audio) {
    private static final String MARK = "caravanChunk";
    /** How a work item's message starts. */
    public static final String PREFIX = "{\"" + MARK + "\"";

    public String toJson() {
        return Json.MAPPER.createObjectNode().set(MARK, Json.MAPPER.createObjectNode()
                .put("asset", assetId).put("run", run).put("item", item).put("audio", audio)).toString();
    }

    /** Whether a queue message is a work item (and not an S3 event or a MediaConvert job event). */
    /** Whether a message is the audio item (read without a full parse: the local queue sends it to its own lane). */
    public static boolean isAudio(String body) {
        return isWork(body) && body.contains("\"audio\":true");
    }

    public static boolean isWork(String body) {
        return body != null && body.startsWith(PREFIX);
    }

    public static ChunkWork parse(String body) throws IOException {
        JsonNode w = Json.MAPPER.readTree(body).path(MARK);
        if (!w.path("asset").isTextual() || !w.path("run").canConvertToInt() || !w.path("item").canConvertToInt()) {
            throw new IOException("not a chunk work item");
        }
        return new ChunkWork(w.path("asset").asText(), w.path("run").asInt(), w.path("item").asInt(), w.path("audio").asBoolean(false));
    }
}
