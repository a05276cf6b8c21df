package caravan.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpoint;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where Caravan runs: a VPC (private subnets for the tasks, an S3 gateway endpoint, flow logs), an ECS cluster, the
 * worker service (Fargate, the worker role as its task role, zero tasks when idle, more when uploads wait or age),
 * and the web service (API, key server, page) behind an HTTPS-only load balancer that only CloudFront reaches.
 * Each task runs Caravan and an OpenTelemetry collector sidecar that sends its spans to X-Ray.
 */
public final class Services extends Construct {
    static final int HTTP_PORT = 8080;

    final Vpc vpc;
    final GatewayVpcEndpoint s3Endpoint;
    final Cluster cluster;
    final LogGroup workerLogs;
    final LogGroup webLogs;
    final FargateService worker;
    final FargateService web;
    final ApplicationLoadBalancer loadBalancer;

    Services(Construct scope, String id, Storage storage, Messaging messaging, Roles roles, StackParameters parameters, String keyPairId) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(1)
                .flowLogs(Map.of("FlowLogs", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toS3(storage.accessLogs)).build()))
                .build();
        s3Endpoint = vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build());
        cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).containerInsightsV2(ContainerInsights.ENABLED).build();

        workerLogs = logGroup("WorkerLogs", storage);
        webLogs = logGroup("WebLogs", storage);
        Map<String, String> resources = new HashMap<>();
        resources.put("CARAVAN_PROFILE", "aws");
        resources.put("CARAVAN_INGEST_BUCKET", storage.ingest.getBucketName());
        resources.put("CARAVAN_OUTPUT_BUCKET", storage.output.getBucketName());
        resources.put("CARAVAN_QUEUE", messaging.ingestQueue.getQueueName());
        resources.put("CARAVAN_BACKLOG_QUEUE", messaging.backlogQueue.getQueueName());
        resources.put("CARAVAN_TABLE", storage.table.getTableName());
        resources.put("CARAVAN_TOPIC_ARN", messaging.events.getTopicArn());
        resources.put("CARAVAN_KMS_KEY_ID", storage.key.getKeyId());
        resources.put("CARAVAN_DATA", "/caravan/data");

        // --- workers: ingest, transcode, publish; scale on the queue
        FargateTaskDefinition workerTask = FargateTaskDefinition.Builder.create(this, "WorkerTask")
                .cpu(2048).memoryLimitMiB(4096)
                .ephemeralStorageGiB(100) // the scratch disk for sources and renditions
                .taskRole(roles.worker)
                .build();
        Map<String, String> workerEnv = new HashMap<>(resources);
        workerEnv.put("CARAVAN_MEDIACONVERT_ROLE_ARN", roles.mediaConvert.getRoleArn());
        caravanContainer(workerTask, "worker", workerEnv, Map.of(), parameters,
                Fn.join("", List.of("-Dcaravan.aws.visibilityTimeoutSeconds=", parameters.visibilityTimeoutSeconds().getValueAsString())));
        worker = FargateService.Builder.create(this, "WorkerService")
                .cluster(cluster).taskDefinition(workerTask)
                .desiredCount(0)
                .minHealthyPercent(0).maxHealthyPercent(200)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .circuitBreaker(software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker.builder().rollback(true).build())
                .build();
        scaleWorkersOnTheQueue(messaging, parameters);

        // --- web: API, key server, page, behind the load balancer
        FargateTaskDefinition webTask = FargateTaskDefinition.Builder.create(this, "WebTask")
                .cpu(512).memoryLimitMiB(1024)
                .taskRole(roles.web)
                .build();
        Map<String, String> webEnv = new HashMap<>(resources);
        webEnv.put("CARAVAN_DELIVERY_PUBLIC_KEY", parameters.deliveryPublicKey().getValueAsString());
        ISecret privateKey = software.amazon.awscdk.services.secretsmanager.Secret.fromSecretCompleteArn(this, "DeliveryPrivateKey",
                parameters.deliveryPrivateKeySecretArn().getValueAsString());
        caravanContainer(webTask, "web", webEnv, Map.of("CARAVAN_DELIVERY_PRIVATE_KEY", Secret.fromSecretsManager(privateKey)), parameters,
                // the web role consumes nothing: S3 ingest off; grants name the viewers' domain and CloudFront's key id
                Fn.join("", List.of("-Dcaravan.ingest.s3.enabled=false -Dcaravan.delivery.domain=",
                        parameters.deliveryDomainName().getValueAsString(), " -Dcaravan.delivery.keyPairId=", keyPairId)));
        SecurityGroup albSecurityGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
                .vpc(vpc).allowAllOutbound(false)
                .description("HTTPS from the CloudFront origin-facing prefix list only")
                .build();
        // inline in the group (not a separate ingress resource): the one rule this group has
        ((CfnSecurityGroup) albSecurityGroup.getNode().getDefaultChild()).setSecurityGroupIngress(List.of(CfnSecurityGroup.IngressProperty.builder()
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .sourcePrefixListId(parameters.cloudFrontOriginPrefixList().getValueAsString())
                .description("CloudFront origin-facing").build()));
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(vpc).internetFacing(true).securityGroup(albSecurityGroup)
                .dropInvalidHeaderFields(true)
                .deletionProtection(true)
                .build();
        loadBalancer.logAccessLogs(storage.loadBalancerLogs, "alb");
        web = FargateService.Builder.create(this, "WebService")
                .cluster(cluster).taskDefinition(webTask)
                .desiredCount(2)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .circuitBreaker(software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker.builder().rollback(true).build())
                .build();
        ApplicationListener https = loadBalancer.addListener("Https", software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
                .port(443).protocol(ApplicationProtocol.HTTPS).sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromArn(parameters.originCertificateArn().getValueAsString())))
                .open(false)
                .build());
        ApplicationTargetGroup targets = ApplicationTargetGroup.Builder.create(this, "WebTargets")
                .vpc(vpc).port(HTTP_PORT).protocol(ApplicationProtocol.HTTP).targetType(TargetType.IP)
                .targets(List.of(web.loadBalancerTarget(LoadBalancerTargetOptions.builder().containerName("caravan").containerPort(HTTP_PORT).build())))
                .healthCheck(HealthCheck.builder().path("/").healthyHttpCodes("200").interval(Duration.seconds(30)).build())
                .deregistrationDelay(Duration.seconds(30))
                .build();
        https.addTargetGroups("Web", software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetGroupsProps.builder()
                .targetGroups(List.of(targets)).build());
        web.getConnections().allowFrom(albSecurityGroup, Port.tcp(HTTP_PORT), "the load balancer");
    }

    private LogGroup logGroup(String id, Storage storage) {
        return LogGroup.Builder.create(this, id)
                .encryptionKey(storage.key)
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * Caravan itself and its collector sidecar. Caravan sends spans over OTLP to the sidecar on localhost (a task's
     * containers share its network), which exports them to X-Ray with the task role. A stopped task gets SIGTERM
     * and 120 s (Fargate's most) to finish or hand its asset back.
     */
    private void caravanContainer(FargateTaskDefinition task, String name, Map<String, String> environment, Map<String, Secret> secrets,
                                  StackParameters parameters, String javaToolOptions) {
        LogGroup logs = name.equals("worker") ? workerLogs : webLogs;
        var collector = task.addContainer("otel-collector", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(parameters.otelCollectorImage().getValueAsString()))
                .command(List.of("--config=/etc/ecs/ecs-xray.yaml"))
                .essential(true)
                .memoryReservationMiB(128)
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("otel-collector").build()))
                .build());
        Map<String, String> env = new HashMap<>(environment);
        env.put("OTEL_SERVICE_NAME", "caravan-" + name);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318");
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        if (javaToolOptions != null) {
            env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        var caravan = task.addContainer("caravan", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(parameters.imageUri().getValueAsString()))
                .essential(true)
                .environment(env)
                .secrets(secrets)
                .portMappings(name.equals("web") ? List.of(PortMapping.builder().containerPort(HTTP_PORT).build()) : List.of())
                .stopTimeout(Duration.seconds(120))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(name).build()))
                .build());
        caravan.addContainerDependencies(ContainerDependency.builder().container(collector).condition(ContainerDependencyCondition.START).build());
    }

    /**
     * Workers follow both queues: a task more while uploads wait, more when many wait or the oldest has waited long;
     * a task more while import lines wait on the backlog queue, two when many do (the backlog fills what the live
     * lane leaves, so an import grows the service up to WorkerMaxTasks); and none once nothing waits and nothing is
     * being worked on in either queue (waiting + in-flight = 0), so a scale-in never cuts a running job short when it
     * could be avoided; when it does (a deployment), SIGTERM hands the job back.
     */
    private void scaleWorkersOnTheQueue(Messaging messaging, StackParameters parameters) {
        var capacity = worker.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(0).maxCapacity(parameters.workerMaxTasks().getValueAsNumber()).build());
        MetricOptions oneMinute = MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build();
        capacity.scaleOnMetric("UploadsWaiting", BasicStepScalingPolicyProps.builder()
                .metric(messaging.ingestQueue.metricApproximateNumberOfMessagesVisible(oneMinute))
                .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper(0).change(0).build(),
                        ScalingInterval.builder().lower(1).change(1).build(),
                        ScalingInterval.builder().lower(10).change(2).build(),
                        ScalingInterval.builder().lower(50).change(4).build()))
                .cooldown(Duration.minutes(2))
                .build());
        capacity.scaleOnMetric("OldestUploadWaiting", BasicStepScalingPolicyProps.builder()
                .metric(messaging.ingestQueue.metricApproximateAgeOfOldestMessage(oneMinute))
                .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper(0).change(0).build(),
                        ScalingInterval.builder().lower(300).change(1).build(),
                        ScalingInterval.builder().lower(1800).change(2).build()))
                .cooldown(Duration.minutes(5))
                .build());
        capacity.scaleOnMetric("ImportLinesWaiting", BasicStepScalingPolicyProps.builder()
                .metric(messaging.backlogQueue.metricApproximateNumberOfMessagesVisible(oneMinute))
                .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper(0).change(0).build(),
                        ScalingInterval.builder().lower(1).change(1).build(),
                        ScalingInterval.builder().lower(100).change(2).build()))
                .cooldown(Duration.minutes(5))
                .build());
        capacity.scaleOnMetric("IdleToZero", BasicStepScalingPolicyProps.builder()
                .metric(MathExpression.Builder.create()
                        .expression("waiting + inFlight + linesWaiting + linesInFlight")
                        .usingMetrics(new java.util.TreeMap<>(Map.of(
                                "waiting", messaging.ingestQueue.metricApproximateNumberOfMessagesVisible(oneMinute),
                                "inFlight", messaging.ingestQueue.metricApproximateNumberOfMessagesNotVisible(oneMinute),
                                "linesWaiting", messaging.backlogQueue.metricApproximateNumberOfMessagesVisible(oneMinute),
                                "linesInFlight", messaging.backlogQueue.metricApproximateNumberOfMessagesNotVisible(oneMinute))))
                        .period(Duration.minutes(1))
                        .label("Uploads and import lines waiting or being worked on")
                        .build())
                .adjustmentType(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper(0).change(-100).build(),
                        ScalingInterval.builder().lower(1).change(0).build()))
                .evaluationPeriods(15)
                .build());
    }
}
