package caravan.store;

import caravan.asset.AssetStatus;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One page of the asset list: the statuses to show (empty: all), a text to find in the title, the source's name or
 * the id (case-insensitive, anywhere in them; null: everything), newest or oldest first, the page size, and the id
 * of the last asset of the previous page ({@code after}, null for the first page).
 */
public record AssetQuery(Set<AssetStatus> statuses, String text, Order order, int limit, String after) {
    /** Longest search text accepted. */
    public static final int MAX_TEXT = 200;

    public enum Order { NEWEST, OLDEST }

    public AssetQuery {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
        if (text != null && text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("search text over " + MAX_TEXT + " characters");
        }
        order = order == null ? Order.NEWEST : order;
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    public static AssetQuery newest(int limit, String after) {
        return new AssetQuery(Set.of(), null, Order.NEWEST, limit, after);
    }

    /** The words an asset is found by: its title, its source's name and its id, lower case, one per line. */
    public static String searchableText(caravan.asset.Asset asset) {
        Object title = asset.getMetadata() == null ? null : asset.getMetadata().get("title");
        String name = asset.getSource() == null ? null : asset.getSource().name();
        StringBuilder s = new StringBuilder();
        if (title instanceof String t) {
            s.append(t).append('\n');
        }
        if (name != null) {
            s.append(name).append('\n');
        }
        if (asset.getExternalId() != null) {
            s.append(asset.getExternalId()).append('\n');
        }
        s.append(asset.getId());
        return s.toString().toLowerCase(Locale.ROOT);
    }

    public boolean matches(caravan.asset.Asset asset) {
        return (statuses.isEmpty() || statuses.contains(asset.getStatus()))
                && (text == null || searchableText(asset).contains(text));
    }
}
