package caravan.imports;

import caravan.Settings;
import caravan.ingest.QueueName;

/**
 * The backlog lane on AWS.
 *
 * @param queue the backlog queue's name ({@code caravan.aws.backlogQueue}, {@code CARAVAN_BACKLOG_QUEUE}; its URL is
 *              taken too), or null: no backlog lane, and imports are refused ({@code IMPORTS_UNAVAILABLE})
 */
public record BacklogSettings(String queue) {
    public static BacklogSettings from(Settings s) {
        return new BacklogSettings(s.optional("caravan.aws.backlogQueue").map(String::trim).filter(v -> !v.isEmpty()).map(v -> {
            try {
                return QueueName.of(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Setting caravan.aws.backlogQueue (CARAVAN_BACKLOG_QUEUE) must be an SQS queue's"
                        + " name or URL, such as caravan-backlog (got '" + v + "')");
            }
        }).orElse(null));
    }
}
