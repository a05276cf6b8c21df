package caravan.asset;

/** A transcode job run by an outside engine (MediaConvert): its id and its last known state. */
public record EngineJob(String engine, String jobId, String status, String errorCode, String errorMessage) {
    public EngineJob withStatus(String newStatus, String code, String message) {
        return new EngineJob(engine, jobId, newStatus, code, message);
    }
}
