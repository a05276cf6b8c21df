package caravan.keys;

import caravan.asset.Asset;
import caravan.asset.SealedFields;
import caravan.asset.WrappedKey;
import caravan.audit.AuditLog;
import caravan.store.AssetStore;

import java.time.Clock;
import java.util.List;

/**
 * Master key rotation: a new master key version becomes active, then every stored data key (sealed sidecar fields,
 * HLS content keys) is re-wrapped with it, asset by asset. Until that finishes, older versions still open what they
 * wrapped, so nothing becomes unreadable at any moment.
 */
public final class KeyRotation {
    private final MasterKeyFile masterKeys;
    private final AssetStore store;
    private final AuditLog audit;
    private final Clock clock;

    public KeyRotation(MasterKeyFile masterKeys, AssetStore store, AuditLog audit, Clock clock) {
        this.masterKeys = masterKeys;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public record Result(String activeKeyId, int assetsRewrapped) {
    }

    public synchronized Result rotate(String actor) {
        String active = masterKeys.rotate();
        int rewrapped = 0;
        String after = null;
        for (List<Asset> page = store.list(200, null); !page.isEmpty(); page = store.list(200, after)) {
            for (Asset asset : page) {
                if (needsRewrap(asset, active)) {
                    store.update(asset.getId(), this::rewrap);
                    audit.append(new AuditLog.AuditEntry(clock.millis(), asset.getId(), actor, "key-rotation", "rewrapped", null, active));
                    rewrapped++;
                }
            }
            after = page.get(page.size() - 1).getId();
        }
        return new Result(active, rewrapped);
    }

    private static boolean needsRewrap(Asset a, String active) {
        return (a.getSealed() != null && !active.equals(a.getSealed().keyId()))
                || (a.getContentKey() != null && !active.equals(a.getContentKey().keyId()));
    }

    private void rewrap(Asset a) {
        SealedFields s = a.getSealed();
        if (s != null) {
            KeyProvider.Rewrapped r = masterKeys.rewrap(s.keyId(), s.wrappedKey(), a.getId());
            a.setSealed(new SealedFields(r.keyId(), r.wrapped(), s.iv(), s.ciphertext()));
        }
        WrappedKey c = a.getContentKey();
        if (c != null) {
            KeyProvider.Rewrapped r = masterKeys.rewrap(c.keyId(), c.wrapped(), a.getId());
            a.setContentKey(new WrappedKey(r.keyId(), r.wrapped()));
        }
    }
}
