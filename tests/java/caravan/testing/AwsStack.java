package caravan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Caravan's CloudFormation template, as the CDK app in infra/ synthesizes it (infra/cdk.out/Caravan.template.json),
 * deployed into the emulator, and the names it created, which then drive the test as they would drive a real
 * deployment.
 * <p>
 * moto creates the storage, queues, table, topics, key, roles, VPC, ECS cluster and services and the load balancer,
 * and skips what it does not model (CloudFront, CloudWatch alarms and metric filters, Application Auto Scaling, and
 * the bucket, queue and topic policies): docs/aws.md lists them; infra's own tests check those. Two things stand in
 * for an operator's prerequisites: an ACM certificate for the load balancer (moto checks that it exists) and the
 * deploy parameters. The outputs that read an attribute of a CloudFront resource are left out, because moto cannot
 * evaluate them.
 */
public record AwsStack(String endpoint, Map<String, String> outputs) {
    public static final Path TEMPLATE = Path.of("infra/cdk.out/Caravan.template.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static AwsStack deploy(MotoServer moto, String stackName) throws Exception {
        String template = templateForMoto();
        try (CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(URI.create(moto.endpoint())).build();
             AcmClient acm = AcmClient.builder().endpointOverride(URI.create(moto.endpoint())).build()) {
            String certificate = acm.requestCertificate(b -> b.domainName("origin.caravan.test")).certificateArn();
            cfn.createStack(b -> b.stackName(stackName).capabilities(Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_IAM)
                    .templateBody(template).parameters(parameters(certificate)));
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

    /** The synthesized template, less the outputs moto cannot evaluate; a clear error when it was never synthesized. */
    static String templateForMoto() throws IOException {
        if (!Files.isRegularFile(TEMPLATE)) {
            throw new IllegalStateException(TEMPLATE + " is missing: the AWS tests deploy the template the CDK app synthesizes. "
                    + "Run ./caravan aws synth (./caravan test does it first), then run these tests again.");
        }
        ObjectNode template = (ObjectNode) JSON.readTree(TEMPLATE.toFile());
        JsonNode resources = template.path("Resources");
        ObjectNode outputs = (ObjectNode) template.path("Outputs");
        List<String> unmodelled = new ArrayList<>();
        outputs.fields().forEachRemaining(o -> {
            JsonNode getAtt = o.getValue().path("Value").path("Fn::GetAtt");
            if (getAtt.isArray() && resources.path(getAtt.get(0).asText()).path("Type").asText().startsWith("AWS::CloudFront::")) {
                unmodelled.add(o.getKey());
            }
        });
        outputs.remove(unmodelled);
        return JSON.writeValueAsString(template);
    }

    /** What an operator passes at deploy time (docs/aws.md), with values that only have to be well-formed here. */
    private static List<Parameter> parameters(String originCertificate) {
        Map<String, String> values = Map.of(
                "ImageUri", "caravan:test",
                "DeliveryDomainName", "media.caravan.test",
                "DeliveryCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
                "DeliveryPublicKey", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n",
                "DeliveryPrivateKeySecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:caravan/delivery-private-key-AbCdEf",
                "OriginDomainName", "origin.caravan.test",
                "OriginCertificateArn", originCertificate,
                "CloudFrontOriginPrefixList", "pl-3b927c52");
        List<Parameter> parameters = new ArrayList<>();
        values.forEach((k, v) -> parameters.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
        return parameters;
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
