package caravan.testing;

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Caravan's CloudFormation template (config/aws/caravan.yaml) deployed into the emulator, and the names it created,
 * which then drive the test as they would drive a real deployment.
 */
public record AwsStack(String endpoint, Map<String, String> outputs) {

    public static AwsStack deploy(MotoServer moto, String stackName) throws Exception {
        String template = Files.readString(Path.of("config/aws/caravan.yaml"));
        try (CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(URI.create(moto.endpoint())).build()) {
            cfn.createStack(b -> b.stackName(stackName).capabilities(Capability.CAPABILITY_NAMED_IAM).templateBody(template));
            for (int i = 0; i < 300; i++) {
                var stack = cfn.describeStacks(b -> b.stackName(stackName)).stacks().get(0);
                if (stack.stackStatus() == StackStatus.CREATE_COMPLETE) {
                    Map<String, String> outputs = new HashMap<>();
                    for (Output o : stack.outputs()) {
                        outputs.put(o.outputKey(), o.outputValue());
                    }
                    AwsStack deployed = new AwsStack(moto.endpoint(), outputs);
                    deployed.connectBucketToQueue();
                    return deployed;
                }
                if (stack.stackStatus().toString().contains("FAILED") || stack.stackStatus().toString().contains("ROLLBACK")) {
                    throw new IllegalStateException("Stack failed: " + stack.stackStatus() + " " + stack.stackStatusReason());
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("Stack did not complete");
        }
    }

    /**
     * moto creates the stack but does not apply a bucket's NotificationConfiguration from CloudFormation, so the
     * same notification the template declares is applied here with PutBucketNotificationConfiguration.
     */
    private void connectBucketToQueue() {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).build();
             S3Client s3 = s3()) {
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(outputs.get("IngestQueue"))
                    .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
            s3.putBucketNotificationConfiguration(b -> b.bucket(outputs.get("IngestBucket")).notificationConfiguration(n -> n
                    .queueConfigurations(q -> q.queueArn(queueArn).eventsWithStrings("s3:ObjectCreated:*"))));
        }
    }

    public S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).build();
    }

    /** The settings a worker needs, as the aws profile reads them from the environment. */
    public Map<String, String> environment() {
        return Map.ofEntries(Map.entry("CARAVAN_PROFILE", "aws"),
                Map.entry("CARAVAN_INGEST_BUCKET", outputs.get("IngestBucket")),
                Map.entry("CARAVAN_OUTPUT_BUCKET", outputs.get("OutputBucket")),
                Map.entry("CARAVAN_QUEUE", outputs.get("IngestQueueName")),
                Map.entry("CARAVAN_TABLE", outputs.get("Table")),
                Map.entry("CARAVAN_TOPIC_ARN", outputs.get("Topic")),
                Map.entry("CARAVAN_KMS_KEY_ID", outputs.get("Key")),
                Map.entry("AWS_ENDPOINT_URL", endpoint),
                Map.entry("AWS_ACCESS_KEY_ID", "testing"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "testing"),
                Map.entry("AWS_REGION", "us-east-1"));
    }

    /** The same settings as properties, for a worker started in this JVM. */
    public Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("caravan.mode", "aws");
        s.put("caravan.ingest.folder.enabled", "false");
        s.put("caravan.ingest.s3.enabled", "true");
        s.put("caravan.aws.ingestBucket", outputs.get("IngestBucket"));
        s.put("caravan.aws.outputBucket", outputs.get("OutputBucket"));
        s.put("caravan.aws.queue", outputs.get("IngestQueueName"));
        s.put("caravan.aws.table", outputs.get("Table"));
        s.put("caravan.aws.topicArn", outputs.get("Topic"));
        s.put("caravan.aws.kmsKeyId", outputs.get("Key"));
        return s;
    }
}
