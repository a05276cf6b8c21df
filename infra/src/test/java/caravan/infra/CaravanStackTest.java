package caravan.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.s3.Bucket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static caravan.infra.SynthesizedApp.getAtt;
import static caravan.infra.SynthesizedApp.logicalId;
import static caravan.infra.SynthesizedApp.properties;
import static caravan.infra.SynthesizedApp.ref;
import static caravan.infra.SynthesizedApp.template;
import static org.assertj.core.api.Assertions.assertThat;

/** The synthesized template keeps the promises the deployment makes about data at rest, delivery, scaling and alerts. */
@SuppressWarnings("unchecked")
class CaravanStackTest {
    private final CaravanStack stack = SynthesizedApp.stack();

    @Test
    void theTemplateIsWrittenForPlainCloudFormationAndMoto() throws Exception {
        Path written = Path.of("cdk.out/Caravan.template.json");
        assertThat(written).isRegularFile();
        String json = Files.readString(written);
        assertThat(json).contains("AWS::CloudFront::Distribution", "AWS::CloudFront::KeyGroup", "AWS::ECS::Service",
                "AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::CloudWatch::Alarm");
        // no bootstrap: no version rule, no SSM parameter, no assets
        assertThat(template().toJSON()).doesNotContainKey("Rules");
        assertThat((Map<String, Object>) template().toJSON().get("Parameters")).doesNotContainKey("BootstrapVersion");
        assertThat((Map<String, Object>) template().toJSON().get("Outputs"))
                .containsKeys("IngestBucket", "OutputBucket", "IngestQueue", "IngestQueueName", "Table", "Topic", "Key", "MediaConvertRole");
    }

    @Test
    void everyBucketIsEncryptedWithTheStacksKeyAndRefusesPlainHttp() {
        Map<String, Map<String, Object>> buckets = template().findResources("AWS::S3::Bucket");
        assertThat(buckets).hasSize(4);
        Object stackKey = getAtt(logicalId(stack.storage.key), "Arn");
        for (Bucket bucket : List.of(stack.storage.ingest, stack.storage.output, stack.storage.accessLogs)) {
            Map<String, Object> sse = defaultEncryption(logicalId(bucket));
            assertThat(sse).as(bucket.getNode().getPath()).containsEntry("SSEAlgorithm", "aws:kms").containsEntry("KMSMasterKeyID", stackKey);
        }
        // the one exception: Elastic Load Balancing can write its access logs only with S3-managed keys
        assertThat(defaultEncryption(logicalId(stack.storage.loadBalancerLogs))).containsEntry("SSEAlgorithm", "AES256");

        for (String bucket : buckets.keySet()) {
            template().hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                    "Bucket", ref(bucket),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny", "Action", "s3:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        }
        template().hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void mediaAndKeysRequireTheTrustedKeyGroupOverHttpsOnly() {
        Map<String, Object> config = (Map<String, Object>) properties(logicalId(stack.delivery.distribution)).get("DistributionConfig");
        Object keyGroup = List.of(ref(logicalId(stack.trustedKeys.keyGroup)));
        Map<String, Map<String, Object>> byPath = new java.util.HashMap<>();
        for (Map<String, Object> behavior : (List<Map<String, Object>>) config.get("CacheBehaviors")) {
            byPath.put((String) behavior.get("PathPattern"), behavior);
            assertThat(behavior).containsEntry("ViewerProtocolPolicy", "https-only");
        }
        assertThat(byPath).containsOnlyKeys("/media/*", "/keys/*", "/api/*");
        assertThat(byPath.get("/media/*")).containsEntry("TrustedKeyGroups", keyGroup);
        assertThat(byPath.get("/keys/*")).containsEntry("TrustedKeyGroups", keyGroup);
        assertThat(byPath.get("/api/*")).doesNotContainKey("TrustedKeyGroups");
        assertThat((Map<String, Object>) config.get("DefaultCacheBehavior")).containsEntry("ViewerProtocolPolicy", "https-only");
        assertThat((Map<String, Object>) config.get("ViewerCertificate")).containsEntry("MinimumProtocolVersion", "TLSv1.2_2021");
        assertThat((Map<String, Object>) config.get("Logging")).containsKey("Bucket");

        // /media/* reads the output bucket through Origin Access Control, the key server sits behind HTTPS
        List<Map<String, Object>> origins = (List<Map<String, Object>>) config.get("Origins");
        Map<String, Object> media = origins.stream().filter(o -> o.get("Id").equals(byPath.get("/media/*").get("TargetOriginId"))).findFirst().orElseThrow();
        assertThat(media).containsKey("OriginAccessControlId");
        assertThat(media.get("DomainName")).isEqualTo(getAtt(logicalId(stack.storage.output), "RegionalDomainName"));
        Map<String, Object> keys = origins.stream().filter(o -> o.get("Id").equals(byPath.get("/keys/*").get("TargetOriginId"))).findFirst().orElseThrow();
        assertThat((Map<String, Object>) keys.get("CustomOriginConfig")).containsEntry("OriginProtocolPolicy", "https-only");
        template().hasResourceProperties("AWS::CloudFront::PublicKey", Match.objectLike(Map.of(
                "PublicKeyConfig", Match.objectLike(Map.of("EncodedKey", ref("DeliveryPublicKey"))))));
    }

    @Test
    void theWorkerServiceScalesOnTheQueueFromZero() {
        String service = logicalId(stack.services.worker);
        Map<String, Map<String, Object>> targets = template().findResources("AWS::ApplicationAutoScaling::ScalableTarget");
        assertThat(targets).hasSize(1);
        String target = targets.keySet().iterator().next();
        Map<String, Object> targetProperties = properties(target);
        assertThat(targetProperties).containsEntry("MinCapacity", 0).containsEntry("MaxCapacity", ref("WorkerMaxTasks"));
        assertThat(String.valueOf(targetProperties.get("ResourceId"))).contains(service);

        Map<String, Map<String, Object>> policies = template().findResources("AWS::ApplicationAutoScaling::ScalingPolicy",
                Map.of("Properties", Map.of("ScalingTargetId", ref(target))));
        List<String> queueMetrics = new ArrayList<>();
        Object queueName = getAtt(logicalId(stack.messaging.ingestQueue), "QueueName");
        Object backlogName = getAtt(logicalId(stack.messaging.backlogQueue), "QueueName");
        for (String policy : policies.keySet()) {
            Map<String, Map<String, Object>> alarms = template().findResources("AWS::CloudWatch::Alarm",
                    Map.of("Properties", Match.objectLike(Map.of("AlarmActions", List.of(ref(policy))))));
            for (String alarm : alarms.keySet()) {
                Map<String, Object> p = properties(alarm);
                if (p.containsKey("MetricName")) {
                    List<Object> dimensions = (List<Object>) p.get("Dimensions");
                    boolean backlog = dimensions.equals(List.of(Map.of("Name", "QueueName", "Value", backlogName)));
                    if (!backlog) {
                        assertThat(dimensions).containsExactly(Map.of("Name", "QueueName", "Value", queueName));
                    }
                    queueMetrics.add((backlog ? "backlog:" : "") + p.get("MetricName"));
                } else {
                    // the scale-to-zero expression counts both queues, waiting and in flight
                    List<Map<String, Object>> metrics = (List<Map<String, Object>>) p.get("Metrics");
                    List<Object> queues = new ArrayList<>();
                    for (Map<String, Object> m : metrics) {
                        Map<String, Object> stat = (Map<String, Object>) m.get("MetricStat");
                        if (stat != null) {
                            queues.add(((List<Map<String, Object>>) ((Map<String, Object>) stat.get("Metric")).get("Dimensions")).get(0).get("Value"));
                        }
                    }
                    assertThat(queues).containsOnly(queueName, backlogName).hasSize(4);
                    queueMetrics.add("waiting+inFlight");
                }
            }
        }
        assertThat(queueMetrics).contains("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage", "waiting+inFlight",
                "backlog:ApproximateNumberOfMessagesVisible");
    }

    @Test
    void theBacklogQueueIsEncryptedWithItsOwnDeadLetterQueueAndTheWorkersAreToldItsName() {
        Object stackKey = getAtt(logicalId(stack.storage.key), "Arn");
        String backlog = logicalId(stack.messaging.backlogQueue);
        String deadLetters = logicalId(stack.messaging.backlogDeadLetters);
        assertThat(properties(backlog)).containsEntry("KmsMasterKeyId", stackKey)
                .containsEntry("VisibilityTimeout", ref("VisibilityTimeoutSeconds"))
                .containsEntry("RedrivePolicy", Map.of("deadLetterTargetArn", getAtt(deadLetters, "Arn"), "maxReceiveCount", ref("MaxReceiveCount")));
        assertThat(properties(deadLetters)).containsEntry("KmsMasterKeyId", stackKey);
        assertThat(deadLetters).isNotEqualTo(logicalId(stack.messaging.deadLetters));
        for (String queue : List.of(backlog, deadLetters)) {
            template().hasResourceProperties("AWS::SQS::QueuePolicy", Match.objectLike(Map.of(
                    "Queues", List.of(ref(queue)),
                    "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
        }
        // both services know it: workers read it, the web service puts an import's lines on it
        for (var task : List.of(stack.services.worker.getTaskDefinition(), stack.services.web.getTaskDefinition())) {
            template().hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                    "ContainerDefinitions", Match.arrayWith(List.of(Match.objectLike(Map.of("Environment", Match.arrayWith(List.of(
                            Map.of("Name", "CARAVAN_BACKLOG_QUEUE", "Value", getAtt(backlog, "QueueName")))))))))));
            assertThat(logicalId(task)).isNotBlank();
        }
        template().hasResourceProperties("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of(
                "Roles", List.of(ref(logicalId(stack.roles.worker))),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "ConsumeImportLines", "Resource", getAtt(backlog, "Arn"))))))))));
        template().hasResourceProperties("AWS::IAM::ManagedPolicy", Match.objectLike(Map.of(
                "Roles", List.of(ref(logicalId(stack.roles.web))),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "QueueImportLines", "Action", List.of("sqs:SendMessage", "sqs:GetQueueUrl"),
                        "Resource", getAtt(backlog, "Arn"))))))))));
        assertThat((Map<String, Object>) template().toJSON().get("Outputs")).containsKeys("BacklogQueue", "BacklogQueueName", "BacklogDeadLetterQueue");
    }

    @Test
    void alarmsWatchBothDeadLetterQueuesOldestMessageAndFailedAssetsAndTellTheAlertTopic() {
        Object alertTopic = List.of(ref(logicalId(stack.alerts.topic)));
        template().hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(logicalId(stack.messaging.deadLetters), "QueueName"))),
                "Threshold", 1, "AlarmActions", alertTopic)));
        template().hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Namespace", "AWS/SQS",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(logicalId(stack.messaging.backlogDeadLetters), "QueueName"))),
                "Threshold", 1, "AlarmActions", alertTopic)));
        template().hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage", "Namespace", "AWS/SQS",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(logicalId(stack.messaging.ingestQueue), "QueueName"))),
                "Threshold", ref("OldestMessageAlarmSeconds"), "AlarmActions", alertTopic)));
        template().hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "FailedAssets", "Namespace", "Caravan", "Statistic", "Sum", "AlarmActions", alertTopic)));
        // the failed-assets metric counts the failure path's log line in the workers' log group
        template().hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
                "LogGroupName", ref(logicalId(stack.services.workerLogs)),
                "FilterPattern", "\"Asset\" \"FAILED\"",
                "MetricTransformations", List.of(Map.of("MetricNamespace", "Caravan", "MetricName", "FailedAssets", "MetricValue", "1"))));
        template().hasResource("AWS::SNS::Subscription", Match.objectLike(Map.of(
                "Condition", "HasAlertEmail",
                "Properties", Map.of("Protocol", "email", "Endpoint", ref("AlertEmail"), "TopicArn", ref(logicalId(stack.alerts.topic))))));
    }

    @Test
    void rawUploadsAreReadableOnlyByTheWorkerAndMediaConvertRoles() {
        String ingest = logicalId(stack.storage.ingest);
        Object worker = getAtt(logicalId(stack.roles.worker), "Arn");
        Object mediaConvert = getAtt(logicalId(stack.roles.mediaConvert), "Arn");
        Map<String, Object> policy = properties(logicalId(stack.storage.ingest.getPolicy()));
        List<Object> statements = (List<Object>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
        assertThat(statements).anySatisfy(s -> assertThat((Map<String, Object>) s)
                .containsEntry("Effect", "Deny")
                .containsEntry("Principal", Map.of("AWS", "*"))
                .containsEntry("Action", RawUploadReaders.OBJECT_READS)
                .containsEntry("Condition", Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", List.of(worker, mediaConvert)))));
        // the optional VPC endpoint condition: a statement present only when the parameter says so
        assertThat(statements).anySatisfy(s -> assertThat((Map<String, Object>) s).containsKey("Fn::If"));

        // and no identity policy grants object reads on the ingest bucket to any role but those two
        List<Object> readers = new ArrayList<>();
        for (var entry : template().findResources("AWS::IAM::ManagedPolicy").entrySet()) {
            Map<String, Object> p = (Map<String, Object>) entry.getValue().get("Properties");
            String document = String.valueOf(p.get("PolicyDocument"));
            boolean readsRawUploads = ((List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument")).get("Statement")).stream()
                    .anyMatch(s -> String.valueOf(s.get("Action")).contains("s3:GetObject") && String.valueOf(s.get("Resource")).contains(ingest));
            if (readsRawUploads) {
                readers.addAll((List<Object>) p.get("Roles"));
            }
            assertThat(document).doesNotContain("s3:*");
        }
        assertThat(readers).containsExactlyInAnyOrder(ref(logicalId(stack.roles.worker)), ref(logicalId(stack.roles.mediaConvert)));
        assertThat(template().findResources("AWS::IAM::Policy").values().toString()).doesNotContain(ingest);
    }

    @Test
    void eachTaskRunsCaravanWithItsRoleAndACollectorSidecarExportingToXRay() {
        Map<String, Object> worker = properties(logicalId(stack.services.worker.getTaskDefinition()));
        assertThat(worker.get("TaskRoleArn")).isEqualTo(getAtt(logicalId(stack.roles.worker), "Arn"));
        Map<String, Object> web = properties(logicalId(stack.services.web.getTaskDefinition()));
        assertThat(web.get("TaskRoleArn")).isEqualTo(getAtt(logicalId(stack.roles.web), "Arn"));
        for (Map<String, Object> task : List.of(worker, web)) {
            List<Map<String, Object>> containers = (List<Map<String, Object>>) task.get("ContainerDefinitions");
            Map<String, Object> caravan = containers.stream().filter(c -> c.get("Name").equals("caravan")).findFirst().orElseThrow();
            Map<String, Object> collector = containers.stream().filter(c -> c.get("Name").equals("otel-collector")).findFirst().orElseThrow();
            assertThat(caravan.get("Image")).isEqualTo(ref("ImageUri"));
            assertThat((List<Object>) caravan.get("Environment")).contains(Map.of("Name", "OTEL_EXPORTER_OTLP_ENDPOINT", "Value", "http://localhost:4318"));
            assertThat(collector.get("Image")).isEqualTo(ref("OtelCollectorImage"));
            assertThat((List<Object>) collector.get("Command")).containsExactly("--config=/etc/ecs/ecs-xray.yaml");
            assertThat(caravan.get("StopTimeout")).isEqualTo(120);
        }
        // the private delivery key comes from Secrets Manager at start, never as a value in the template
        List<Map<String, Object>> webContainers = (List<Map<String, Object>>) web.get("ContainerDefinitions");
        assertThat(webContainers.stream().filter(c -> c.get("Name").equals("caravan")).findFirst().orElseThrow().get("Secrets"))
                .isEqualTo(List.of(Map.of("Name", "CARAVAN_DELIVERY_PRIVATE_KEY", "ValueFrom", ref("DeliveryPrivateKeySecretArn"))));
    }

    @Test
    void chunkFilesLeftUnderWorkInTheOutputBucketExpireAfterAWeekAndPublishedMediaNever() {
        Map<String, Object> lifecycle = (Map<String, Object>) properties(logicalId(stack.storage.output)).get("LifecycleConfiguration");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) lifecycle.get("Rules");
        Map<String, Object> work = rules.stream().filter(r -> "AbandonedChunkFiles".equals(r.get("Id"))).findFirst().orElseThrow();
        assertThat(work).containsEntry("Prefix", "work/").containsEntry("Status", "Enabled").containsEntry("ExpirationInDays", 7)
                .containsEntry("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 1));
        Map<String, Object> markers = rules.stream().filter(r -> "ChunkFileDeleteMarkers".equals(r.get("Id"))).findFirst().orElseThrow();
        assertThat(markers).containsEntry("Prefix", "work/").containsEntry("ExpiredObjectDeleteMarker", true);
        // nothing else in the bucket expires: published media stays
        assertThat(rules).filteredOn(r -> r.containsKey("ExpirationInDays") || r.containsKey("NoncurrentVersionExpiration")
                || r.containsKey("ExpiredObjectDeleteMarker")).allSatisfy(r -> assertThat(r).containsEntry("Prefix", "work/"));
    }

    private static Map<String, Object> defaultEncryption(String bucket) {
        Map<String, Object> encryption = (Map<String, Object>) properties(bucket).get("BucketEncryption");
        Map<String, Object> rule = ((List<Map<String, Object>>) encryption.get("ServerSideEncryptionConfiguration")).get(0);
        return (Map<String, Object>) rule.get("ServerSideEncryptionByDefault");
    }
}
