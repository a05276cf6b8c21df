package caravan.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.CfnQueue;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * How work reaches the workers and news leaves them: the ingest queue (the live lane: uploads' S3 notifications and
 * MediaConvert's job state changes) with its dead-letter queue, the backlog queue (one message per bulk-import line,
 * read by a worker only while the live queue is empty) with its own, and the events topic. Everything encrypted
 * with the stack's key.
 */
public final class Messaging extends Construct {
    final Queue deadLetters;
    final Queue ingestQueue;
    final Queue backlogDeadLetters;
    final Queue backlogQueue;
    final Topic events;
    final Rule mediaConvertJobs;

    Messaging(Construct scope, String id, Storage storage, StackParameters parameters) {
        super(scope, id);
        deadLetters = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(storage.key)
                .retentionPeriod(Duration.days(14))
                .enforceSsl(true)
                .build();
        ingestQueue = Queue.Builder.create(this, "IngestQueue")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(storage.key)
                .retentionPeriod(Duration.days(14))
                .receiveMessageWaitTime(Duration.seconds(20))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(parameters.maxReceiveCount().getValueAsNumber()).build())
                .enforceSsl(true)
                .build();
        ((CfnQueue) ingestQueue.getNode().getDefaultChild()).setVisibilityTimeout(parameters.visibilityTimeoutSeconds().getValueAsNumber());

        backlogDeadLetters = Queue.Builder.create(this, "BacklogDeadLetterQueue")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(storage.key)
                .retentionPeriod(Duration.days(14))
                .enforceSsl(true)
                .build();
        backlogQueue = Queue.Builder.create(this, "BacklogQueue")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(storage.key)
                .retentionPeriod(Duration.days(14))
                .deadLetterQueue(DeadLetterQueue.builder().queue(backlogDeadLetters).maxReceiveCount(parameters.maxReceiveCount().getValueAsNumber()).build())
                .enforceSsl(true)
                .build();
        ((CfnQueue) backlogQueue.getNode().getDefaultChild()).setVisibilityTimeout(parameters.visibilityTimeoutSeconds().getValueAsNumber());

        ingestQueue.addToResourcePolicy(PolicyStatement.Builder.create().sid("IngestBucketNotifies")
                .principals(List.of(new ServicePrincipal("s3.amazonaws.com")))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(ingestQueue.getQueueArn()))
                .conditions(Map.of(
                        // by name, not by reference: the bucket waits for this policy, so it cannot be referenced here
                        "ArnLike", Map.of("aws:SourceArn", Fn.sub("arn:${AWS::Partition}:s3:::${AWS::StackName}-ingest-${AWS::AccountId}-${AWS::Region}")),
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        CfnBucket ingestBucket = (CfnBucket) storage.ingest.getNode().getDefaultChild();
        ingestBucket.setNotificationConfiguration(CfnBucket.NotificationConfigurationProperty.builder()
                .queueConfigurations(List.of(CfnBucket.QueueConfigurationProperty.builder()
                        .event("s3:ObjectCreated:*").queue(ingestQueue.getQueueArn()).build()))
                .build());
        // S3 checks that it may send to the queue when the notification is set: the policy must exist first
        storage.ingest.getNode().addDependency(ingestQueue);

        mediaConvertJobs = Rule.Builder.create(this, "MediaConvertJobEvents")
                .description("MediaConvert job state changes, to the workers' queue (CARAVAN_ENGINE=mediaconvert)")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.mediaconvert"))
                        .detailType(List.of("MediaConvert Job State Change"))
                        .detail(Map.of("status", List.of("COMPLETE", "ERROR", "CANCELED")))
                        .build())
                .targets(List.of(new SqsQueue(ingestQueue)))
                .build();

        events = Topic.Builder.create(this, "Topic")
                .masterKey(storage.key)
                .enforceSsl(true)
                .build();
    }
}
