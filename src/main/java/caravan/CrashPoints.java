package caravan;

/**
 * Named moments inside the pipeline where a crash is most likely to leave things half done. With the JVM property
 * {@code caravan.crashAt=<point>} (tests only; never set in production) the process halts there at once, exactly as
 * a SIGKILL would stop it, so tests can prove each stage recovers. Without the property this does nothing.
 */
public final class CrashPoints {
    /** The asset is recorded, its file still in the inbox. */
    public static final String INTAKE_RECORDED = "intake-recorded";
    /** The asset is PROBING, ffprobe not yet run. */
    public static final String PROBING = "probing";
    /** The HLS folder is in place, the asset not yet READY. */
    public static final String PUBLISHED = "published";
    /** A failed asset's source is kept under {@code failed/}, the asset not yet FAILED. */
    public static final String FAILURE_KEPT = "failure-kept";
    /** An outcome (READY, FAILED, DUPLICATE) and its event are recorded, the event not yet sent. */
    public static final String OUTCOME_RECORDED = "outcome-recorded";
    /** A webhook was accepted by its receiver, the delivery not yet recorded. */
    public static final String WEBHOOK_SENT = "webhook-sent";

    /** A finished upload's sidecar is in the inbox, its video still in the upload's folder. */
    public static final String UPLOAD_SIDECAR_LANDED = "upload-sidecar-landed";

    /** An item of a split-and-stitch run is recorded done and others are still to do. */
    public static final String CHUNK_RECORDED = "chunk-recorded";

    private static final String POINT = System.getProperty("caravan.crashAt");

    private CrashPoints() {
    }

    public static void reached(String point) {
        if (point.equals(POINT)) {
            Runtime.getRuntime().halt(137);
        }
    }
}
