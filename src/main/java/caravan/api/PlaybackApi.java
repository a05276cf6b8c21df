package caravan.api;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.audit.AuditLog;
import caravan.delivery.PlaybackGrant;
import caravan.delivery.PlaybackSigner;
import caravan.delivery.RequestGrant;
import caravan.store.AssetStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import java.time.Clock;

/**
 * {@code POST /api/assets/{id}/playback} with optional {@code {"ttlSeconds": N, "viewer": "..."}}: a grant for a
 * READY asset (a DUPLICATE plays its original), as signed cookies and a signed master URL. Audited.
 */
public final class PlaybackApi {
    private final AssetStore store;
    private final PlaybackSigner signer;
    private final AuditLog audit;
    private final Clock clock;
    private final String deliveryDomain;
    private final long defaultTtl;
    private final long maxTtl;

    public PlaybackApi(AssetStore store, PlaybackSigner signer, AuditLog audit, Clock clock, String deliveryDomain,
                       long defaultTtl, long maxTtl) {
        this.store = store;
        this.signer = signer;
        this.audit = audit;
        this.clock = clock;
        this.deliveryDomain = deliveryDomain;
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
    }

    public void grant(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        String remote = exchange.getIn().getHeader("CamelVertxPlatformHttpRemoteAddress", String.class);
        String base = RequestGrant.base(exchange, deliveryDomain);
        JsonNode body;
        try {
            String text = exchange.getIn().getBody(String.class);
            body = text == null || text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
            if (!body.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
        } catch (Exception e) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST", "The body must be JSON: {\"ttlSeconds\": N, \"viewer\": \"...\"}.");
            return;
        }
        long ttl = body.path("ttlSeconds").asLong(defaultTtl);
        String viewer = body.path("viewer").asText("");
        if (ttl < 1 || ttl > maxTtl || viewer.length() > 200) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST", "ttlSeconds must be from 1 to " + maxTtl + "; viewer at most 200 characters.");
            return;
        }
        Asset asset = store.find(id == null ? "" : id).orElse(null);
        if (asset == null) {
            ApiResponses.error(exchange, 404, "NOT_FOUND", "No asset with that id.");
            return;
        }
        Asset played = asset.getStatus() == AssetStatus.DUPLICATE && asset.getDuplicateOf() != null
                ? store.find(asset.getDuplicateOf()).orElse(null) : asset;
        if (played == null || played.getStatus() != AssetStatus.READY) { // a duplicate plays only a READY original
            ApiResponses.error(exchange, 409, "NOT_READY", asset.getStatus() == AssetStatus.DUPLICATE
                    ? "The asset is a DUPLICATE of an asset that is not READY; only READY assets can be played."
                    : "The asset is " + asset.getStatus() + "; only READY assets can be played.");
            return;
        }
        String playable = played.getId();
        PlaybackGrant grant = signer.grant(base, playable, ttl, base.startsWith("https://"));
        audit.append(new AuditLog.AuditEntry(clock.millis(), asset.getId(), "api" + (viewer.isEmpty() ? "" : " viewer:" + viewer),
                "playback-grant", "granted", remote, "expires " + grant.expiresAt()));
        ApiResponses.json(exchange, 200, new PlaybackGrantAnswer(playable, grant.masterUrl(), grant.expiresAt().toString()));
        exchange.getMessage().setHeader("Set-Cookie", grant.setCookieHeaders());
    }

    /**
     * {@code GET /api/assets/{id}/poster}: signed URLs of the poster's two sizes ({@code url} small, {@code largeUrl}),
     * each covering that one file for the default grant lifetime, so a page can show posters in a list without a
     * playback grant per asset. A DUPLICATE shows its original's poster. 404 when there is no poster.
     */
    public void poster(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        Asset asset = store.find(id == null ? "" : id).orElse(null);
        if (asset != null && asset.getStatus() == AssetStatus.DUPLICATE && asset.getDuplicateOf() != null) {
            asset = store.find(asset.getDuplicateOf()).orElse(null);
        }
        if (asset == null || asset.getStatus() != AssetStatus.READY || asset.getOutputs() == null || asset.getOutputs().poster() == null) {
            ApiResponses.error(exchange, 404, "NOT_FOUND", "This asset has no poster.");
            return;
        }
        String base = RequestGrant.base(exchange, deliveryDomain);
        caravan.asset.Outputs.Poster poster = asset.getOutputs().poster();
        ApiResponses.json(exchange, 200, new PosterUrls(
                signer.signedFileUrl(base, asset.getId(), poster.small().path(), defaultTtl),
                signer.signedFileUrl(base, asset.getId(), poster.large().path(), defaultTtl),
                clock.instant().plusSeconds(defaultTtl).toString()));
    }
}
