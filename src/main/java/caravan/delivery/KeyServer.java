package caravan.delivery;

import caravan.asset.Asset;
import caravan.audit.AuditLog;
import caravan.failure.Problem;
import caravan.ops.PipelineMetrics;
import caravan.store.AssetStore;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /keys/<id>}: the asset's 16-byte AES-128 key, only for a request carrying a valid grant for that
 * asset's folder, never cached. Every answer about an existing asset, given or refused, is audited. Requests that
 * name no asset (a malformed or unknown id) and requests over the client's rate limit are refused without an audit
 * row (an anonymous client must not be able to fill the audit table) and counted in
 * {@code caravan_key_requests_rejected_total{reason}} instead. {@code POST /keys/<id>/clearkey} answers CMAF players'
 * ClearKey licence requests under the same checks.
 */
public final class KeyServer {
    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,40}");

    private final AssetStore store;
    private final ContentKeys keys;
    private final PolicyVerifier verifier;
    private final AuditLog audit;
    private final Clock clock;
    private final String deliveryDomain;
    private final ClientRateLimit limit;
    private final PipelineMetrics metrics;
    private final KeySystem keySystem;

    public KeyServer(AssetStore store, ContentKeys keys, PolicyVerifier verifier, AuditLog audit, Clock clock, String deliveryDomain,
                     ClientRateLimit limit, PipelineMetrics metrics) {
        this(store, keys, verifier, audit, clock, deliveryDomain, limit, metrics, new ClearKeySystem());
    }

    /** ... with {@code keySystem} answering the CMAF licence requests ({@link #licence}). */
    public KeyServer(AssetStore store, ContentKeys keys, PolicyVerifier verifier, AuditLog audit, Clock clock, String deliveryDomain,
                     ClientRateLimit limit, PipelineMetrics metrics, KeySystem keySystem) {
        this.keySystem = keySystem;
        this.store = store;
        this.keys = keys;
        this.verifier = verifier;
        this.audit = audit;
        this.clock = clock;
        this.deliveryDomain = deliveryDomain;
        this.limit = limit;
        this.metrics = metrics;
    }

    public void serve(Exchange exchange) {
        authorised(exchange, "key-fetch").ifPresent(asset ->
                answer(exchange, 200, "application/octet-stream", keys.existingContentKey(asset)));
    }

    /**
     * {@code GET /keys/<id>/<n>}: content key {@code n} (1 and up) of an asset whose keys rotate every N segments
     * ({@code caravan.delivery.keyRotationSegments}), under exactly the checks of {@link #serve}; a malformed number
     * is 404 once the request is authorised.
     */
    public void serveRotated(Exchange exchange) {
        String n = exchange.getIn().getHeader("index", String.class);
        int index = n != null && n.matches("[1-9][0-9]{0,6}") ? Integer.parseInt(n) : -1;
        authorised(exchange, "key-fetch").ifPresent(asset -> {
            if (index < 1) {
                answer(exchange, 404, Problem.MEDIA_TYPE, Problem.of(404, "NO_SUCH_KEY", "This asset has no such key.", null).toBytes());
            } else {
                answer(exchange, 200, "application/octet-stream", keys.existingContentKey(asset, index));
            }
        });
    }

    /**
     * {@code POST /keys/<id>/clearkey}: a W3C ClearKey licence with the asset's CMAF content key, under exactly the
     * checks of {@link #serve} (rate limit, grant for the asset's folder, audit), for players of the CMAF manifests.
     */
    public void licence(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        authorised(exchange, "licence").ifPresent(asset -> {
            byte[] key = keys.existingCencKey(asset);
            try {
                KeySystem.Licence licence = keySystem.licence(body == null ? new byte[0] : body, keys.cencKeyId(asset), key);
                answer(exchange, 200, licence.contentType(), licence.body());
            } catch (KeySystem.BadLicenceRequest e) {
                answer(exchange, 400, Problem.MEDIA_TYPE, Problem.of(400, "BAD_LICENCE_REQUEST", e.getMessage(), null).toBytes());
            } finally {
                java.util.Arrays.fill(key, (byte) 0);
            }
        });
    }

    /**
     * The asset the request may have keys of, or empty once a refusal is answered: within the client's rate limit, a
     * well-formed id of an existing asset, a grant for that asset's folder, and a content key; audited as {@code action}.
     */
    private Optional<Asset> authorised(Exchange exchange, String action) {
        String id = exchange.getIn().getHeader("id", String.class);
        RequestGrant grant = RequestGrant.of(exchange);
        String base = RequestGrant.base(exchange, deliveryDomain);
        Object address = exchange.getIn().getHeader("CamelVertxPlatformHttpRemoteAddress");
        String remote = address == null ? null : address.toString();
        exchange.getIn().removeHeaders("*");
        exchange.getMessage().setHeader("Cache-Control", "no-store");

        long wait = limit.take(address instanceof SocketAddress socket ? socket.hostAddress() : remote);
        if (wait > 0) {
            metrics.keyRequestRejected("rate-limited");
            exchange.getMessage().setHeader("Retry-After", String.valueOf(wait));
            answer(exchange, 429, Problem.MEDIA_TYPE, Problem.of(429, "RATE_LIMITED",
                    "Too many key requests from this address; try again after Retry-After seconds.", null).toBytes());
            return Optional.empty();
        }
        if (id == null || !ID.matcher(id).matches()) {
            metrics.keyRequestRejected("malformed-id");
            forbidden(exchange);
            return Optional.empty();
        }
        Optional<Asset> asset = store.find(id);
        if (asset.isEmpty()) {
            metrics.keyRequestRejected("unknown-asset");
            forbidden(exchange);
            return Optional.empty();
        }
        PolicyVerifier.Verdict verdict = verifier.verify(grant.policy(), grant.signature(), grant.keyPairId(),
                base + "/media/" + id + "/key");
        boolean granted = verdict == PolicyVerifier.Verdict.GRANTED && asset.get().getContentKey() != null;
        audit.append(new AuditLog.AuditEntry(clock.millis(), asset.get().getId(),
                grant.keyPairId() == null ? "anonymous" : "grant:" + grant.keyPairId(), action,
                granted ? "granted" : "denied", remote, granted ? null : verdict.name()));
        if (!granted) {
            forbidden(exchange);
            return Optional.empty();
        }
        return asset;
    }

    // the same 403 for an unknown asset and a refused grant, so the answer does not tell which ids exist
    private static void forbidden(Exchange exchange) {
        answer(exchange, 403, Problem.MEDIA_TYPE, Problem.of(403, "FORBIDDEN",
                "This needs a valid, unexpired playback grant for this asset.", null).toBytes());
    }

    private static void answer(Exchange exchange, int status, String type, byte[] body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
        exchange.getMessage().setBody(body);
    }
}
