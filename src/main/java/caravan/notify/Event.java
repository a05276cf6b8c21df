package caravan.notify;

/** One notification about an asset. {@code id} is the webhook-id: stable across every retry of its delivery. */
public record Event(String id, String assetId, String type, int run, long createdAtMillis, String payload) {
    public static final String RECEIVED = "asset.received";
    public static final String READY = "asset.ready";
    public static final String FAILED = "asset.failed";
    public static final String DUPLICATE = "asset.duplicate";
}
