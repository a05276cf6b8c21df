package caravan.delivery;

import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Camel's HTTP header filter drops {@code Cache-Control} and {@code Pragma} from responses; the media origin and
 * key server must send them (immutable segments, {@code no-store} keys), so this filter lets those two through.
 */
public final class MediaHeaderFilter extends HttpHeaderFilterStrategy {
    @Override
    protected void initialize() {
        super.initialize();
        getOutFilter().remove("cache-control");
        getOutFilter().remove("pragma");
    }
}
