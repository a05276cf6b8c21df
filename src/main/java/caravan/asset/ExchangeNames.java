package caravan.asset;

/**
 * Names the stages and the routes share on an exchange and in the logs. They live here, on the bottom floor, so that
 * any stage can use them without importing another stage; names one route uses alone stay with that route.
 */
public final class ExchangeNames {
    /** Header: the id of the asset an exchange carries through the pipeline. */
    public static final String ASSET_ID = "CaravanAssetId";
    /** Header: set by probing when a READY asset has the same content; the pipeline then links instead of transcoding. */
    public static final String DUPLICATE_OF = "CaravanDuplicateOf";
    /** Logging MDC key: the asset id on every line logged for an asset's work ({@code caravan-log-*.xml}). */
    public static final String LOG_ASSET_ID = "assetId";
    /** Logging MDC key: the pipeline stage of the step that logged (ingest, metadata, probe, transcode, ...). */
    public static final String LOG_STAGE = "stage";

    private ExchangeNames() {
    }
}
