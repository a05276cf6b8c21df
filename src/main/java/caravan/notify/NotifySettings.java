package caravan.notify;

import caravan.Settings;

import java.util.List;

/**
 * Where events go and how hard delivery is tried.
 *
 * @param urls                webhook receivers
 * @param secret              the configured signing secret, or null to use (or generate) the one in the data folder
 * @param pollMillis          outbox scan interval for retries that fall due
 * @param maxRedeliveries     quick redeliveries of one request (read by the notify routes)
 * @param delayMillis         first quick redelivery delay (read by the notify routes)
 * @param retryBaseMillis     later rounds: base delay, doubling
 * @param maxRetryDelayMillis later rounds: the largest delay
 * @param maxRounds           later rounds: how many
 * @param leaseMillis         how long a worker holds a delivery it is sending before another may take it
 */
public record NotifySettings(List<String> urls, String secret, long pollMillis, int maxRedeliveries, long delayMillis,
                             long retryBaseMillis, long maxRetryDelayMillis, int maxRounds,
                             long leaseMillis) {

    public static NotifySettings from(Settings s) {
        return new NotifySettings(s.list("caravan.webhook.urls"), s.optional("caravan.webhook.secret").orElse(null),
                s.wholeAtLeast("caravan.webhook.pollMillis", 1), s.intAtLeast("caravan.webhook.maxRedeliveries", 0),
                s.wholeAtLeast("caravan.webhook.delayMillis", 0), s.wholeAtLeast("caravan.webhook.retryBaseMillis", 1),
                s.wholeAtLeast("caravan.webhook.maxRetryDelayMillis", 1), s.intAtLeast("caravan.webhook.maxRounds", 0),
                s.wholeAtLeast("caravan.webhook.leaseMillis", 1));
    }

    @Override
    public String toString() {
        return "NotifySettings[urls=" + urls.size() + ", secret=" + (secret == null ? "generated" : "configured") + "]";
    }
}
