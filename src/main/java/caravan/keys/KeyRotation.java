package caravan.keys;

import caravan.asset.Asset;
import caravan.asset.SealedFields;
import caravan.asset.WrappedKey;
import caravan.audit.AuditLog;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Master key rotation: a new master key version becomes active (written durably and verified first, with the old
 * file kept as a backup), then every stored data key (sealed sidecar fields, HLS content keys) is re-wrapped with it,
 * asset by asset, and values from before purposes were bound are moved to the bound form. Until that finishes, older
 * versions still open what they wrapped, so nothing becomes unreadable at any moment, even after a crash. Versions
 * that nothing stored uses any more can then be retired.
 */
public final class KeyRotation {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);

    private final MasterKeyFile masterKeys;
    private final FieldSealer sealer;
    private final AssetStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final SealedElsewhere elsewhere;

    public KeyRotation(MasterKeyFile masterKeys, AssetStore store, AuditLog audit, Clock clock) {
        this(masterKeys, store, audit, clock, SealedElsewhere.NONE);
    }

    /** @param elsewhere data keys sealed outside the asset records: counted as in use, so never retired from under them */
    public KeyRotation(MasterKeyFile masterKeys, AssetStore store, AuditLog audit, Clock clock, SealedElsewhere elsewhere) {
        this.masterKeys = masterKeys;
        this.sealer = new FieldSealer(masterKeys);
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.elsewhere = elsewhere;
    }

    public record Result(String activeKeyId, int assetsRewrapped) {
    }

    /** @param inUse how many stored data keys each remaining version still wraps */
    public record Retired(String activeKeyId, List<String> retired, Map<String, Integer> inUse) {
    }

    /** A retirement that was refused; {@code code} says why (KEY_ACTIVE, KEY_IN_USE, KEY_UNKNOWN). */
    public static final class Refused extends KeyException {
        private final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public synchronized Result rotate(String actor) {
        String active = masterKeys.rotate();
        int[] rewrapped = {0};
        forEachAsset(asset -> {
            if (needsRewrap(asset, active)) {
                store.update(asset.getId(), this::rewrap);
                audit.append(new AuditLog.AuditEntry(clock.millis(), asset.getId(), actor, "key-rotation", "rewrapped", null, active));
                rewrapped[0]++;
            }
        });
        masterKeys.rotationCommitted();
        return new Result(active, rewrapped[0]);
    }

    /**
     * Removes {@code keyId} from the key file, or with null every version that is neither active nor used; refuses
     * (a {@link Refused}) a version that is active, unknown, or still wraps a stored data key.
     */
    public synchronized Retired retire(String keyId, String actor) {
        Map<String, Integer> inUse = usage();
        String active = masterKeys.activeKeyId();
        List<String> retire = new ArrayList<>();
        if (keyId != null) {
            if (!masterKeys.versions().contains(keyId)) {
                throw new Refused("KEY_UNKNOWN", "Master key version " + keyId + " is not in the key file.");
            }
            if (keyId.equals(active)) {
                throw new Refused("KEY_ACTIVE", "Master key version " + keyId + " is the active one; rotate first, then retire it.");
            }
            if (inUse.containsKey(keyId)) {
                throw new Refused("KEY_IN_USE", "Master key version " + keyId + " still wraps " + inUse.get(keyId)
                        + " stored data key(s); rotate first (it re-wraps them), then retire it.");
            }
            retire.add(keyId);
        } else {
            masterKeys.versions().stream().filter(v -> !v.equals(active) && !inUse.containsKey(v)).sorted().forEach(retire::add);
        }
        if (!retire.isEmpty()) {
            masterKeys.retire(Set.copyOf(retire));
            LOG.info("Master key version(s) {} retired by {}", retire, actor);
        }
        inUse.keySet().retainAll(masterKeys.versions());
        return new Retired(active, List.copyOf(retire), inUse);
    }

    /** How many stored data keys each master key version wraps. */
    private Map<String, Integer> usage() {
        Map<String, Integer> counts = new TreeMap<>();
        forEachAsset(a -> {
            if (a.getSealed() != null) {
                counts.merge(a.getSealed().keyId(), 1, Integer::sum);
            }
            if (a.getContentKey() != null) {
                counts.merge(a.getContentKey().keyId(), 1, Integer::sum);
            }
        });
        elsewhere.keysInUse().forEach((keyId, n) -> counts.merge(keyId, n, Integer::sum));
        return counts;
    }

    private void forEachAsset(Consumer<Asset> action) {
        String after = null;
        for (List<Asset> page = store.list(200, null); !page.isEmpty(); page = store.list(200, after)) {
            page.forEach(action);
            after = page.get(page.size() - 1).getId();
        }
    }

    private static boolean needsRewrap(Asset a, String active) {
        SealedFields s = a.getSealed();
        WrappedKey c = a.getContentKey();
        return (s != null && (!active.equals(s.keyId()) || KeyPurpose.isLegacy(s.wrappedKey()) || KeyPurpose.isLegacy(s.ciphertext())))
                || (c != null && (!active.equals(c.keyId()) || KeyPurpose.isLegacy(c.wrapped())));
    }

    private void rewrap(Asset a) {
        if (a.getSealed() != null) {
            a.setSealed(sealer.rewrapped(a.getId(), a.getSealed()));
        }
        WrappedKey c = a.getContentKey();
        if (c != null) {
            KeyProvider.Rewrapped r = masterKeys.rewrap(c.keyId(), c.wrapped(), a.getId(), KeyPurpose.CONTENT_KEY);
            a.setContentKey(new WrappedKey(r.keyId(), r.wrapped()));
        }
    }
}
