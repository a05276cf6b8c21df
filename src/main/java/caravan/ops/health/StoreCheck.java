package caravan.ops.health;

import caravan.store.AssetStore;

/** The asset database can be opened and written (not deleted, not locked by another process). */
public final class StoreCheck extends DependencyCheck {
    private final AssetStore store;

    public StoreCheck(AssetStore store) {
        super("caravan-store");
        this.store = store;
    }

    @Override
    protected String problem() {
        try {
            store.ping();
            return null;
        } catch (RuntimeException e) {
            return "The asset database cannot be written: " + e.getMessage();
        }
    }
}
