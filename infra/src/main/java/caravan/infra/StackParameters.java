package caravan.infra;

import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;

import java.util.List;

/**
 * What an operator chooses at deploy time: the stack's CloudFormation parameters, with a default wherever one is
 * safe. The names here are the deploy command's vocabulary (docs/aws.md), so they change only with the docs.
 */
public record StackParameters(
        CfnParameter imageUri,
        CfnParameter otelCollectorImage,
        CfnParameter visibilityTimeoutSeconds,
        CfnParameter maxReceiveCount,
        CfnParameter workerMaxTasks,
        CfnParameter deliveryDomainName,
        CfnParameter deliveryCertificateArn,
        CfnParameter deliveryPublicKey,
        CfnParameter deliveryPrivateKeySecretArn,
        CfnParameter originDomainName,
        CfnParameter originCertificateArn,
        CfnParameter cloudFrontOriginPrefixList,
        CfnParameter alertEmail,
        CfnParameter oldestMessageAlarmSeconds,
        CfnParameter rawReadsOnlyThroughVpcEndpoint,
        CfnCondition hasAlertEmail,
        CfnCondition restrictRawReadsToVpcEndpoint) {

    static StackParameters declare(Stack stack) {
        CfnParameter alertEmail = text(stack, "AlertEmail", "",
                "E-mail address that receives the alarms (dead-letter queue, oldest message, failed assets); empty: no subscription, subscribe to the AlertTopic output yourself.");
        CfnParameter vpce = CfnParameter.Builder.create(stack, "RawReadsOnlyThroughVpcEndpoint").type("String").defaultValue("false")
                .allowedValues(List.of("true", "false"))
                .description("true: the worker role may read raw uploads only through the stack's S3 gateway endpoint (aws:SourceVpce).").build();
        return new StackParameters(
                text(stack, "ImageUri", null, "Caravan's container image (built from the repository's Dockerfile), e.g. <account>.dkr.ecr.<region>.amazonaws.com/caravan:0.1.0."),
                text(stack, "OtelCollectorImage", "public.ecr.aws/aws-observability/aws-otel-collector:latest",
                        "The OpenTelemetry collector sidecar's image (AWS Distro for OpenTelemetry); pin a version in production."),
                number(stack, "VisibilityTimeoutSeconds", "120", "How long a worker holds an upload's message before extending it (Caravan extends it while it works)."),
                number(stack, "MaxReceiveCount", "5", "Deliveries of one message before SQS moves it to the dead-letter queue."),
                number(stack, "WorkerMaxTasks", "10", "The most worker tasks the queue may scale to (the least is 0)."),
                text(stack, "DeliveryDomainName", null, "The viewers' domain for the CloudFront distribution (e.g. media.example.org); point a CNAME at the DistributionDomainName output."),
                text(stack, "DeliveryCertificateArn", null, "ACM certificate in us-east-1 for DeliveryDomainName (CloudFront requires us-east-1)."),
                text(stack, "DeliveryPublicKey", null, "The delivery key pair's public key (PEM): CloudFront's trusted key group verifies signed cookies and URLs with it."),
                text(stack, "DeliveryPrivateKeySecretArn", null, "ARN of the Secrets Manager secret that holds the delivery private key (PEM, PKCS#8); only the web service reads it."),
                text(stack, "OriginDomainName", null, "The load balancer's own name (e.g. origin.media.example.org, a CNAME to the LoadBalancerDnsName output): CloudFront reaches /keys and /api over HTTPS at this name."),
                text(stack, "OriginCertificateArn", null, "ACM certificate, in the stack's region, for OriginDomainName (the load balancer's HTTPS listener)."),
                text(stack, "CloudFrontOriginPrefixList", null,
                        "The region's managed prefix list com.amazonaws.global.cloudfront.origin-facing (pl-...): only CloudFront may reach the load balancer."),
                alertEmail,
                number(stack, "OldestMessageAlarmSeconds", "10800",
                        "Alarm when the ingest queue's oldest message is older than this (a running transcode keeps its message; 3 h covers long lectures)."),
                vpce,
                CfnCondition.Builder.create(stack, "HasAlertEmail").expression(Fn.conditionNot(Fn.conditionEquals(alertEmail.getValueAsString(), ""))).build(),
                CfnCondition.Builder.create(stack, "RestrictRawReadsToVpcEndpoint").expression(Fn.conditionEquals(vpce.getValueAsString(), "true")).build());
    }

    private static CfnParameter text(Stack stack, String name, String defaultValue, String description) {
        CfnParameter.Builder b = CfnParameter.Builder.create(stack, name).type("String").description(description);
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return b.build();
    }

    private static CfnParameter number(Stack stack, String name, String defaultValue, String description) {
        return CfnParameter.Builder.create(stack, name).type("Number").defaultValue(defaultValue).description(description).build();
    }
}
