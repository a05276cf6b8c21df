package caravan.store;

import caravan.asset.Asset;
import caravan.asset.Json;
import caravan.database.StoreException;
import com.fasterxml.jackson.core.JsonProcessingException;

/** An asset as every store keeps it: one JSON document. */
public final class AssetDocuments {
    private AssetDocuments() {
    }

    public static String write(Asset asset) {
        try {
            return Json.MAPPER.writeValueAsString(asset);
        } catch (JsonProcessingException e) {
            throw new StoreException(e);
        }
    }

    public static Asset read(String doc) {
        try {
            return Json.MAPPER.readValue(doc, Asset.class);
        } catch (JsonProcessingException e) {
            throw new StoreException(e);
        }
    }
}
