package routes;

import caravan.asset.ExchangeNames;
import caravan.notify.WebhookDispatcher;

/** The exchange names the routes use: the pipeline's shared ones ({@link ExchangeNames}) and those of one stage. */
final class Headers {
    static final String ASSET_ID = ExchangeNames.ASSET_ID;
    static final String DUPLICATE_OF = ExchangeNames.DUPLICATE_OF;
    /** Exchange property: the SNS topic a webhook delivery goes to instead of a URL. */
    static final String SNS_TOPIC = WebhookDispatcher.SNS_TOPIC;

    private Headers() {
    }
}
