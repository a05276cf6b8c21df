package caravan.keys;

import java.util.Map;

/**
 * Data keys wrapped by a master key version outside the asset records (an import's lines still waiting, whose
 * metadata is sealed until it is fed): a version they use is not retired, or they could no longer be opened.
 */
public interface SealedElsewhere {
    SealedElsewhere NONE = Map::of;

    /** How many data keys each master key version wraps there. */
    Map<String, Integer> keysInUse();
}
