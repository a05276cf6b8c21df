package caravan.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.constructs.IConstruct;

import java.util.List;

/**
 * Every cdk-nag finding Caravan accepts, each with its reason (SECURITY.md lists the same). Anything not here must
 * be fixed: the infra tests fail on any unsuppressed error.
 */
final class NagReasons {
    private NagReasons() {
    }

    static void apply(CaravanStack stack) {
        Storage storage = stack.storage;
        for (IConstruct bucket : List.of(storage.accessLogs, storage.loadBalancerLogs, storage.ingest, storage.output)) {
            suppress(bucket, "HIPAA.Security-S3BucketReplicationEnabled",
                    "Cross-region replication is a disaster-recovery choice with its own cost and region; every bucket is versioned and retained "
                            + "on stack deletion, and a failed or lost output is re-made from the kept source. Add a replication rule per deployment if required.");
        }
        suppress(storage.loadBalancerLogs, "HIPAA.Security-S3DefaultEncryptionKMS",
                "Elastic Load Balancing writes access logs only to buckets encrypted with S3-managed keys (SSE-S3); this bucket holds only those logs.");
        suppress(storage.table, "HIPAA.Security-DynamoDBInBackupPlan",
                "Point-in-time recovery (35 days of continuous backups) is on; an AWS Backup plan for longer retention is left to the account's backup policy.");

        Roles roles = stack.roles;
        suppress(roles.policies.get(roles.mediaConvert), "AwsSolutions-IAM5",
                "Object-level wildcards only: MediaConvert reads any raw upload (<ingest bucket>/*) and writes any output (<output bucket>/*) of the jobs Caravan submits.");
        suppress(roles.policies.get(roles.worker), "AwsSolutions-IAM5",
                "Object-level wildcards of Caravan's own buckets (<ingest>/*, <output>/*: every upload and output is the worker's work), the table's "
                        + "indexes (<table>/index/*), and actions that have no resource-level permissions (mediaconvert:CreateJob/GetJob, "
                        + "xray:PutTraceSegments/PutTelemetryRecords): Resource '*'.");
        suppress(roles.policies.get(roles.web), "AwsSolutions-IAM5",
                "Object-level wildcard of the output bucket (posters of any asset: <output>/*), the table's indexes (<table>/index/*), and "
                        + "X-Ray's actions, which have no resource-level permissions (Resource '*').");

        Services services = stack.services;
        for (IConstruct task : List.of(services.worker.getTaskDefinition(), services.web.getTaskDefinition())) {
            suppress(task, "AwsSolutions-ECS2",
                    "The environment variables are resource names (buckets, queue, table, topic, key id, role ARN) and the collector's address, "
                            + "none of them secret; the one secret, the delivery private key, is injected from Secrets Manager (secrets, not environment).");
        }
        for (IConstruct task : List.of(services.worker.getTaskDefinition(), services.web.getTaskDefinition())) {
            suppress(task.getNode().findChild("ExecutionRole"), "HIPAA.Security-IAMNoInlinePolicy",
                    "CDK's ECS execution role policy: only what the ECS agent needs to start this task (write its log streams, and for the web "
                            + "task read the one delivery-key secret), scoped to those resources by CDK; no workload runs with this role.");
        }
        for (IConstruct subnet : services.vpc.getPublicSubnets()) {
            suppress(subnet, "HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled",
                    "Public subnets hold only the internet-facing load balancer (reachable from CloudFront's prefix list only) and the NAT gateway; "
                            + "the tasks run in private subnets without public addresses.");
            suppress(subnet, "HIPAA.Security-VPCNoUnrestrictedRouteToIGW",
                    "The public subnets' route to the internet gateway is what lets CloudFront reach the load balancer and the NAT gateway reach AWS "
                            + "APIs; no task runs there.");
        }
    }

    private static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }
}
