package caravan.failure;

import caravan.Settings;

/** How a transient failure is redelivered (exponential backoff) before the asset fails; read by the failure policy. */
public record RetrySettings(int maxRedeliveries, long delayMillis, double backOffMultiplier, long maxDelayMillis) {

    public static RetrySettings from(Settings s) {
        return new RetrySettings(s.intAtLeast("caravan.retry.maxRedeliveries", 0), s.wholeAtLeast("caravan.retry.delayMillis", 0),
                s.decimalAtLeast("caravan.retry.backOffMultiplier", 1), s.wholeAtLeast("caravan.retry.maxDelayMillis", 0));
    }
}
