package caravan.asset;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single record of one upload, from the moment it is detected until its outcome.
 * This is the only place the asset's fields are defined; the store keeps it as a document.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Asset {
    private String id;
    private AssetStatus status;
    private int progress;
    private SourceFile source;
    /** For an upload taken from the ingest bucket: the exact object (version, or ETag) it was made from. */
    private SourceObject sourceObject;
    /** Sidecar metadata that is not protected (title, description, tags, course, extra fields). */
    private Map<String, Object> metadata = new LinkedHashMap<>();
    private SealedFields sealed;
    private ProbeSummary probe;
    private List<Rendition> renditions;
    private String master;
    private String duplicateOf;
    /** 1 for the first run through the pipeline, +1 for every retry. */
    private int run = 1;
    /** Where the source is kept after a failure, relative to the data folder. */
    private String keptAt;
    /** The per-asset data key (wrapped) from which the HLS AES-128 content key is derived. */
    private WrappedKey contentKey;
    /** The outside transcode job, when the engine is not the bundled ffmpeg. */
    private EngineJob engineJob;
    private AssetError error;
    /** What else was published besides the ladder: poster, thumbnails, storyboard, captions, download. */
    private Outputs outputs;
    /** Problems that did not fail the asset (a caption that could not be read, a rung below the quality floor). */
    private List<AssetWarning> warnings;
    /** The audio's loudness as uploaded and as published, when it was normalised (EBU R128). */
    private Loudness loudness;
    /** What the asset cost to make and keep, added to by every run (CPU, bytes, MediaConvert minutes, bytes served). */
    private AssetCost cost;
    /**
     * The caller's own id for this upload (sidecar {@code externalId}, an import manifest's {@code external_id}, an
     * upload's): comes back in the API and every event so the platform can match them; an import skips a source
     * whose external id is already here.
     */
    private String externalId;
    /** The per-title ladder chosen for this video and why, when {@code caravan.ladder.mode=per-title}. */
    private LadderChoice ladderChoice;
    private ChunkCount chunks;
    private Instant detectedAt;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant readyAt;
    private Long timeToReadyMs;

    public Asset() {
    }

    public static Asset received(String id, SourceFile source, Instant detectedAt, Instant now) {
        Asset a = new Asset();
        a.id = id;
        a.status = AssetStatus.RECEIVED;
        a.source = source;
        a.detectedAt = detectedAt;
        a.createdAt = now;
        a.updatedAt = now;
        return a;
    }

    public Asset copy() {
        Asset a = new Asset();
        a.id = id;
        a.status = status;
        a.progress = progress;
        a.source = source;
        a.sourceObject = sourceObject;
        a.metadata = new LinkedHashMap<>(metadata);
        a.sealed = sealed;
        a.probe = probe;
        a.renditions = renditions;
        a.master = master;
        a.duplicateOf = duplicateOf;
        a.run = run;
        a.keptAt = keptAt;
        a.contentKey = contentKey;
        a.engineJob = engineJob;
        a.error = error;
        a.outputs = outputs;
        a.warnings = warnings;
        a.loudness = loudness;
        a.cost = cost;
        a.externalId = externalId;
        a.ladderChoice = ladderChoice;
        a.chunks = chunks;
        a.detectedAt = detectedAt;
        a.createdAt = createdAt;
        a.updatedAt = updatedAt;
        a.readyAt = readyAt;
        a.timeToReadyMs = timeToReadyMs;
        return a;
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public AssetStatus getStatus() { return status; }
    public void setStatus(AssetStatus status) { this.status = status; }
    public int getProgress() { return progress; }
    public void setProgress(int progress) { this.progress = progress; }
    public SourceFile getSource() { return source; }
    public void setSource(SourceFile source) { this.source = source; }
    public SourceObject getSourceObject() { return sourceObject; }
    public void setSourceObject(SourceObject sourceObject) { this.sourceObject = sourceObject; }
    public Map<String, Object> getMetadata() { return metadata; }
    public void setMetadata(Map<String, Object> metadata) { this.metadata = metadata == null ? new LinkedHashMap<>() : metadata; }
    public SealedFields getSealed() { return sealed; }
    public void setSealed(SealedFields sealed) { this.sealed = sealed; }
    public ProbeSummary getProbe() { return probe; }
    public void setProbe(ProbeSummary probe) { this.probe = probe; }
    public List<Rendition> getRenditions() { return renditions; }
    public void setRenditions(List<Rendition> renditions) { this.renditions = renditions; }
    public String getMaster() { return master; }
    public void setMaster(String master) { this.master = master; }
    public String getDuplicateOf() { return duplicateOf; }
    public void setDuplicateOf(String duplicateOf) { this.duplicateOf = duplicateOf; }
    public int getRun() { return run; }
    public void setRun(int run) { this.run = run; }
    public String getKeptAt() { return keptAt; }
    public void setKeptAt(String keptAt) { this.keptAt = keptAt; }
    public WrappedKey getContentKey() { return contentKey; }
    public void setContentKey(WrappedKey contentKey) { this.contentKey = contentKey; }
    public EngineJob getEngineJob() { return engineJob; }
    public void setEngineJob(EngineJob engineJob) { this.engineJob = engineJob; }
    public AssetError getError() { return error; }
    public void setError(AssetError error) { this.error = error; }
    public Outputs getOutputs() { return outputs; }
    public void setOutputs(Outputs outputs) { this.outputs = outputs; }
    public List<AssetWarning> getWarnings() { return warnings; }
    public void setWarnings(List<AssetWarning> warnings) { this.warnings = warnings; }
    public Loudness getLoudness() { return loudness; }
    public void setLoudness(Loudness loudness) { this.loudness = loudness; }
    public AssetCost getCost() { return cost; }
    public void setCost(AssetCost cost) { this.cost = cost; }
    public String getExternalId() { return externalId; }
    public void setExternalId(String externalId) { this.externalId = externalId; }
    public LadderChoice getLadderChoice() { return ladderChoice; }
    public void setLadderChoice(LadderChoice ladderChoice) { this.ladderChoice = ladderChoice; }
    public ChunkCount getChunks() { return chunks; }
    public void setChunks(ChunkCount chunks) { this.chunks = chunks; }
    public Instant getDetectedAt() { return detectedAt; }
    public void setDetectedAt(Instant detectedAt) { this.detectedAt = detectedAt; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
    public Instant getReadyAt() { return readyAt; }
    public void setReadyAt(Instant readyAt) { this.readyAt = readyAt; }
    public Long getTimeToReadyMs() { return timeToReadyMs; }
    public void setTimeToReadyMs(Long timeToReadyMs) { this.timeToReadyMs = timeToReadyMs; }

    @Override
    public String toString() {
        return "Asset[" + id + " " + status + "]";
    }
}
