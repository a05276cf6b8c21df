package caravan.delivery;

import caravan.asset.Asset;
import caravan.audit.AuditLog;
import caravan.store.AssetStore;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code GET /keys/<id>}: the asset's 16-byte AES-128 key, only for a request carrying a valid grant for that
 * asset's folder, never cached. Every answer, given or refused, is audited.
 */
public final class KeyServer {
    private final AssetStore store;
    private final ContentKeys keys;
    private final PolicyVerifier verifier;
    private final AuditLog audit;
    private final Clock clock;
    private final String deliveryDomain;

    public KeyServer(AssetStore store, ContentKeys keys, PolicyVerifier verifier, AuditLog audit, Clock clock, String deliveryDomain) {
        this.store = store;
        this.keys = keys;
        this.verifier = verifier;
        this.audit = audit;
        this.clock = clock;
        this.deliveryDomain = deliveryDomain;
    }

    public void serve(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        RequestGrant grant = RequestGrant.of(exchange);
        String base = RequestGrant.base(exchange, deliveryDomain);
        String remote = exchange.getIn().getHeader("CamelVertxPlatformHttpRemoteAddress", String.class);
        exchange.getIn().removeHeaders("*");
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        Optional<Asset> asset = id == null || !id.matches("[a-z0-9]{1,40}") ? Optional.empty() : store.find(id);
        PolicyVerifier.Verdict verdict = verifier.verify(grant.policy(), grant.signature(), grant.keyPairId(),
                base + "/media/" + id + "/key");
        boolean granted = verdict == PolicyVerifier.Verdict.GRANTED && asset.map(a -> a.getContentKey() != null).orElse(false);
        audit.append(new AuditLog.AuditEntry(clock.millis(), asset.map(Asset::getId).orElse(null),
                grant.keyPairId() == null ? "anonymous" : "grant:" + grant.keyPairId(), "key-fetch",
                granted ? "granted" : "denied", remote, granted ? null : verdict.name()));
        if (!granted) {
            MediaOrigin.forbidden(exchange);
            return;
        }
        MediaOrigin.respond(exchange, 200, "application/octet-stream", keys.existingContentKey(asset.get()));
    }
}
