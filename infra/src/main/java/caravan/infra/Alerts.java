package caravan.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * What wakes the engineers: alarms on the dead-letter queues' depth (uploads' and import lines'), the ingest queue's oldest message, and failed
 * assets, to an encrypted alert topic with an optional e-mail subscription.
 * <p>
 * Failed assets are counted by a metric filter on the workers' log group: every failure goes through Caravan's one
 * failure path (caravan.failure.FailureRecorder), which logs "Asset &lt;id&gt; FAILED ...". Caravan's own counters are
 * Prometheus metrics on the management port, which CloudWatch does not read without a scraper; the log line needs
 * no extra moving part and counts the same events.
 */
public final class Alerts extends Construct {
    static final String NAMESPACE = "Caravan";
    static final String FAILED_ASSETS = "FailedAssets";

    final Topic topic;
    final Alarm deadLetters;
    final Alarm backlogDeadLetters;
    final Alarm oldestMessage;
    final Alarm failedAssets;

    Alerts(Construct scope, String id, Storage storage, Messaging messaging, Services services, StackParameters parameters) {
        super(scope, id);
        topic = Topic.Builder.create(this, "AlertTopic").masterKey(storage.key).enforceSsl(true).build();
        CfnSubscription email = CfnSubscription.Builder.create(this, "AlertEmail")
                .topicArn(topic.getTopicArn()).protocol("email").endpoint(parameters.alertEmail().getValueAsString()).build();
        email.getCfnOptions().setCondition(parameters.hasAlertEmail());

        MetricOptions maxPerMinute = MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build();
        deadLetters = alarm("DeadLettersAlarm", messaging.deadLetters.metricApproximateNumberOfMessagesVisible(maxPerMinute), 1,
                "An upload's message was delivered MaxReceiveCount times without finishing and waits in the dead-letter queue: see docs/aws.md (re-drive).");
        backlogDeadLetters = alarm("BacklogDeadLettersAlarm", messaging.backlogDeadLetters.metricApproximateNumberOfMessagesVisible(maxPerMinute), 1,
                "An import line's message was delivered MaxReceiveCount times without finishing and waits in the backlog dead-letter queue: "
                        + "see docs/aws.md (re-drive) and the import's report.");
        oldestMessage = alarm("OldestMessageAlarm", messaging.ingestQueue.metricApproximateAgeOfOldestMessage(maxPerMinute),
                parameters.oldestMessageAlarmSeconds().getValueAsNumber(),
                "The ingest queue's oldest message is older than OldestMessageAlarmSeconds: workers are not keeping up, or one job is stuck.");
        MetricFilter failures = MetricFilter.Builder.create(this, "FailedAssetsFilter")
                .logGroup(services.workerLogs)
                .filterPattern(FilterPattern.allTerms("Asset", "FAILED"))
                .metricNamespace(NAMESPACE).metricName(FAILED_ASSETS).metricValue("1")
                .build();
        failedAssets = alarm("FailedAssetsAlarm",
                failures.metric(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build()), 1,
                "At least one asset FAILED in the last 5 minutes: its source is kept under failed/<id>/ in the ingest bucket, with error.json.");
    }

    private Alarm alarm(String id, IMetric metric, Number threshold, String description) {
        Alarm alarm = new Alarm(this, id, software.amazon.awscdk.services.cloudwatch.AlarmProps.builder()
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build());
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }
}
