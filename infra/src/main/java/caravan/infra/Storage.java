package caravan.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Everything Caravan keeps: the KMS key that encrypts all of it (rotated yearly), the ingest bucket (raw uploads,
 * done sources tagged for Intelligent-Tiering, failed sources under failed/), the output bucket (published HLS
 * under media/, a chunked video's item files under work/ for a week at most), the asset table, and the two log buckets.
 */
public final class Storage extends Construct {
    final Key key;
    final Bucket accessLogs;
    final Bucket loadBalancerLogs;
    final Bucket ingest;
    final Bucket output;
    final Table table;

    Storage(Construct scope, String id) {
        super(scope, id);
        key = Key.Builder.create(this, "Key")
                .description("Caravan data keys, buckets, queues, topics, table and logs")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        allowServicesToUseTheKey();

        accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true)
                .enforceSsl(true).versioned(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                // CloudFront's standard logs are written with an ACL grant, which needs ACLs enabled for the owner
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // Elastic Load Balancing writes access logs only to buckets encrypted with S3-managed keys (not KMS)
        loadBalancerLogs = Bucket.Builder.create(this, "LoadBalancerLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true).versioned(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("s3/load-balancer-logs/")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // named, so the queue policy can name it before it exists (the bucket waits for the policy)
        ingest = mediaBucket("IngestBucket", "ingest", key, accessLogs, List.of(
                LifecycleRule.builder().id("DoneSourcesToIntelligentTiering")
                        .tagFilters(Map.of("caravan-status", "done"))
                        .transitions(List.of(after(0, StorageClass.INTELLIGENT_TIERING))).build(),
                LifecycleRule.builder().id("FailedSourcesToInfrequentAccess")
                        .prefix("failed/")
                        .transitions(List.of(after(30, StorageClass.INFREQUENT_ACCESS))).build(),
                ABANDONED_UPLOADS));
        output = mediaBucket("OutputBucket", "output", key, accessLogs, List.of(
                LifecycleRule.builder().id("PublishedMediaToIntelligentTiering")
                        .prefix("media/")
                        .transitions(List.of(after(0, StorageClass.INTELLIGENT_TIERING))).build(),
                // a chunked video's item files wait under work/ for the stitch, which removes them; a run abandoned
                // for good (its asset deleted, its worker lost) leaves them: gone after a week, old versions too
                LifecycleRule.builder().id("AbandonedChunkFiles")
                        .prefix("work/")
                        .expiration(Duration.days(7))
                        .noncurrentVersionExpiration(Duration.days(1)).build(),
                // the delete markers the stitch's clean-up (and the rule above) leave in the versioned bucket
                LifecycleRule.builder().id("ChunkFileDeleteMarkers")
                        .prefix("work/")
                        .expiredObjectDeleteMarker(true).build(),
                ABANDONED_UPLOADS));

        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.CUSTOMER_MANAGED).encryptionKey(key)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        index("byTime", "gsi1");
        index("byStatus", "gsi2");
        index("byContent", "gsi3");
        index("byEnd", "gsi4");
    }

    private void index(String name, String prefix) {
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName(name)
                .partitionKey(Attribute.builder().name(prefix + "pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(prefix + "sk").type(AttributeType.STRING).build())
                .projectionType(ProjectionType.ALL)
                .build());
    }

    /**
     * The AWS services that write into encrypted resources on the stack's behalf: S3 and EventBridge into the
     * encrypted queue, CloudWatch alarms into the encrypted alert topic, CloudWatch Logs for the encrypted log groups,
     * and the log deliveries (VPC flow logs, CloudFront's logs, S3 server access logs) into the log bucket.
     */
    private void allowServicesToUseTheKey() {
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("ServicesSendToEncryptedQueuesAndTopics")
                .principals(List.of(new ServicePrincipal("s3.amazonaws.com"), new ServicePrincipal("events.amazonaws.com"),
                        new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("LogGroupsOfThisAccount")
                .principals(List.of(new ServicePrincipal(Fn.sub("logs.${AWS::Region}.amazonaws.com"))))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        Fn.sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"))))
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create().sid("LogDeliveriesToTheLogBucket")
                .principals(List.of(new ServicePrincipal("delivery.logs.amazonaws.com"), new ServicePrincipal("logging.s3.amazonaws.com")))
                .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
    }


    private static final LifecycleRule ABANDONED_UPLOADS = LifecycleRule.builder().id("AbandonedUploads")
            .abortIncompleteMultipartUploadAfter(Duration.days(7)).build();

    /** A bucket of Caravan's media: named after the stack, KMS with the stack's key, TLS only, versioned, private, logged, kept. */
    private Bucket mediaBucket(String id, String role, Key key, Bucket accessLogs, List<LifecycleRule> rules) {
        return Bucket.Builder.create(this, id)
                .bucketName(Fn.sub("${AWS::StackName}-" + role + "-${AWS::AccountId}-${AWS::Region}"))
                .encryption(BucketEncryption.KMS).encryptionKey(key).bucketKeyEnabled(true)
                .enforceSsl(true).versioned(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("s3/" + role + "/")
                .lifecycleRules(rules)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private static Transition after(int days, StorageClass storageClass) {
        return Transition.builder().storageClass(storageClass).transitionAfter(Duration.days(days)).build();
    }
}
