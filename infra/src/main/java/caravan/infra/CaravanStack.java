package caravan.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * Caravan on AWS, whole: storage, messaging, roles, the ECS services, CloudFront delivery and the alarms. The outputs
 * keep the names the old hand-written template had (IngestBucket, IngestQueue, Table, ...): docs/aws.md, Caravan's
 * aws profile and the root tests (caravan.testing.AwsStack) read them.
 */
public final class CaravanStack extends Stack {
    final StackParameters parameters;
    final Storage storage;
    final Messaging messaging;
    final Roles roles;
    final TrustedKeys trustedKeys;
    final Services services;
    final Delivery delivery;
    final Alerts alerts;

    public CaravanStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        setTemplateOptions();
        parameters = StackParameters.declare(this);
        storage = new Storage(this, "Storage");
        messaging = new Messaging(this, "Messaging", storage, parameters);
        roles = new Roles(this, "Roles", storage, messaging);
        trustedKeys = new TrustedKeys(this, "TrustedKeys", parameters);
        services = new Services(this, "Services", storage, messaging, roles, parameters, trustedKeys.publicKey.getPublicKeyId());
        RawUploadReaders.restrict(storage, roles, services, parameters);
        UploadCors.allow(storage, parameters);
        delivery = new Delivery(this, "Delivery", storage, trustedKeys, parameters);
        alerts = new Alerts(this, "Alerts", storage, messaging, services, parameters);
        NagReasons.apply(this);

        output("IngestBucket", storage.ingest.getBucketName(), "CARAVAN_INGEST_BUCKET");
        output("OutputBucket", storage.output.getBucketName(), "CARAVAN_OUTPUT_BUCKET");
        output("IngestQueue", messaging.ingestQueue.getQueueUrl(), "CARAVAN_QUEUE (URL)");
        output("IngestQueueName", messaging.ingestQueue.getQueueName(), "CARAVAN_QUEUE (name)");
        output("DeadLetterQueue", messaging.deadLetters.getQueueUrl(), "Uploads whose message failed MaxReceiveCount times");
        output("BacklogQueue", messaging.backlogQueue.getQueueUrl(), "CARAVAN_BACKLOG_QUEUE (URL): import lines, read while no upload waits");
        output("BacklogQueueName", messaging.backlogQueue.getQueueName(), "CARAVAN_BACKLOG_QUEUE (name)");
        output("BacklogDeadLetterQueue", messaging.backlogDeadLetters.getQueueUrl(), "Import lines whose message failed MaxReceiveCount times");
        output("Table", storage.table.getTableName(), "CARAVAN_TABLE");
        output("Topic", messaging.events.getTopicArn(), "CARAVAN_TOPIC_ARN");
        output("Key", storage.key.getKeyId(), "CARAVAN_KMS_KEY_ID");
        output("WorkerRole", roles.worker.getRoleArn(), "The worker service's task role");
        output("WebRole", roles.web.getRoleArn(), "The web service's task role");
        output("MediaConvertRole", roles.mediaConvert.getRoleArn(), "CARAVAN_MEDIACONVERT_ROLE_ARN");
        output("AlertTopic", alerts.topic.getTopicArn(), "Alarms (subscribe more addresses here)");
        output("DistributionDomainName", delivery.distribution.getDistributionDomainName(), "CNAME target for DeliveryDomainName");
        output("DistributionId", delivery.distribution.getDistributionId(), "The CloudFront distribution");
        output("DeliveryKeyPairId", trustedKeys.publicKey.getPublicKeyId(), "CloudFront's id of the delivery public key (caravan.delivery.keyPairId)");
        output("LoadBalancerDnsName", services.loadBalancer.getLoadBalancerDnsName(), "CNAME target for OriginDomainName");
        output("ClusterName", services.cluster.getClusterName(), "The ECS cluster");
        output("WorkerService", services.worker.getServiceName(), "The worker service (scales on the ingest and backlog queues)");
        output("WebService", services.web.getServiceName(), "The web service (API, key server, page)");
    }

    private void setTemplateOptions() {
        getTemplateOptions().setDescription("Caravan on AWS (synthesized from infra/, the CDK app): uploads to S3, workers on Fargate "
                + "scaling on the queue, MediaConvert events, DynamoDB, KMS, SNS, CloudFront signed delivery, alarms.");
    }

    private void output(String name, String value, String description) {
        CfnOutput.Builder.create(this, name).value(value).description(description).build();
    }
}
