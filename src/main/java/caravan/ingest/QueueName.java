package caravan.ingest;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * The SQS queue of S3 events, as the operator names it in {@code caravan.aws.queue} ({@code CARAVAN_QUEUE}): its name,
 * or its URL as the stack's outputs give it ({@code https://sqs.<region>.amazonaws.com/<account>/<name>}), of which
 * the last path segment is the name. The SQS consumer looks the queue up by name in the client's account and region.
 */
public final class QueueName {
    /** SQS's own rule: 1 to 80 letters, digits, hyphens and underscores; a FIFO queue's name ends in {@code .fifo}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,75}(\\.fifo)?|[A-Za-z0-9_-]{1,80}");

    private QueueName() {
    }

    /** The queue's name from its name, ARN (passed on as is: the consumer reads ARNs itself) or URL. */
    public static String of(String nameOrUrl) {
        String value = nameOrUrl == null ? "" : nameOrUrl.trim();
        if (value.startsWith("arn:")) {
            return value;
        }
        String name = value;
        if (value.startsWith("https://") || value.startsWith("http://")) {
            String path = pathOf(value);
            name = path.substring(path.lastIndexOf('/') + 1);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Setting caravan.aws.queue (CARAVAN_QUEUE) must be an SQS queue's name or URL,"
                    + " such as caravan-ingest or https://sqs.us-east-1.amazonaws.com/123456789012/caravan-ingest (got '" + value + "')");
        }
        return name;
    }

    private static String pathOf(String url) {
        try {
            String path = URI.create(url).getPath();
            return path == null ? "" : path.replaceAll("/+$", "");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
