package caravan.failure;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An AWS service refused the request for good: a 4xx answer that is not throttling (access denied, no such bucket,
 * a validation error). Redelivering would only repeat it, so the asset fails at once. Throttling and 5xx answers are
 * transient and are redelivered like any other failure.
 */
public final class PermanentServiceError implements Predicate {
    @Override
    public boolean matches(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = exchange.getException();
        }
        for (; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException aws) {
                int status = aws.statusCode();
                return status >= 400 && status < 500 && status != 429 && !aws.isThrottlingException();
            }
        }
        return false;
    }
}
