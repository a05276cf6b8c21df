package caravan.asset;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the outside world sees of an asset (API responses, webhook and SNS events, error reports).
 * Protected sidecar fields are not part of it: they exist only sealed, inside the store.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetView(String id, String externalId, AssetStatus status, int progress, SourceFile source, Map<String, Object> metadata,
                        ProbeSummary probe, List<Rendition> renditions, String master, String duplicateOf,
                        AssetError error, Instant detectedAt, Instant createdAt, Instant updatedAt, Instant readyAt,
                        Long timeToReadyMs, Outputs outputs, List<AssetWarning> warnings, Loudness loudness,
                        AssetCost cost, LadderChoice ladderChoice, ChunkCount chunks) {

    public static AssetView of(Asset a) {
        return new AssetView(a.getId(), a.getExternalId(), a.getStatus(), a.getProgress(), a.getSource(), a.getMetadata(), a.getProbe(),
                a.getRenditions(), a.getMaster(), a.getDuplicateOf(), a.getError(), a.getDetectedAt(), a.getCreatedAt(),
                a.getUpdatedAt(), a.getReadyAt(), a.getTimeToReadyMs(), a.getOutputs(), a.getWarnings(),
                a.getLoudness(), a.getCost(), a.getLadderChoice(), a.getChunks());
    }
}
