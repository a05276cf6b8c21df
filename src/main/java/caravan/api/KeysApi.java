package caravan.api;

import caravan.keys.KeyRotation;
import org.apache.camel.Exchange;


/**
 * {@code POST /api/keys/rotate}: a new master key version, and every stored data key re-wrapped with it.
 * {@code POST /api/keys/retire[?keyId=k1]}: removes that version (or every one) that no stored data key uses.
 */
public final class KeysApi {
    private final KeyRotation rotation;

    /** @param rotation null where keys are not Caravan's to rotate (KMS in the AWS profile rotates its own) */
    public KeysApi(KeyRotation rotation) {
        this.rotation = rotation;
    }

    public void rotate(Exchange exchange) {
        if (rotation == null) {
            ApiResponses.error(exchange, 409, "NOT_HERE", "Data keys are wrapped by KMS here; KMS rotates its own key material.");
            return;
        }
        KeyRotation.Result r = rotation.rotate("api");
        ApiResponses.json(exchange, 200, new Rotated(r.activeKeyId(), r.assetsRewrapped()));
    }

    public void retire(Exchange exchange) {
        if (rotation == null) {
            ApiResponses.error(exchange, 409, "NOT_HERE", "Data keys are wrapped by KMS here; KMS keeps and retires its own key material.");
            return;
        }
        String keyId = exchange.getIn().getHeader("keyId", String.class);
        try {
            KeyRotation.Retired r = rotation.retire(keyId == null || keyId.isBlank() ? null : keyId, "api");
            ApiResponses.json(exchange, 200, new Retired(r.activeKeyId(), r.retired(), r.inUse()));
        } catch (KeyRotation.Refused refused) {
            ApiResponses.error(exchange, "KEY_UNKNOWN".equals(refused.code()) ? 404 : 409, refused.code(), refused.getMessage());
        }
    }
}
