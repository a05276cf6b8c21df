package caravan.infra;

import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may do what, one role per kind of work, each with only the actions that work uses:
 * <ul>
 *   <li>the worker (the worker service's task role): reads raw uploads, keeps failures, tags done sources, publishes,
 *       consumes the queue, writes assets, uses the key for data keys, publishes events, starts MediaConvert jobs;</li>
 *   <li>the web role (the web service's task role: API, key server, page): reads and writes asset records (the key
 *       server's audit trail, grants, the shared outbox), unwraps content keys, reads published posters, publishes
 *       outbox events; never reads raw uploads and never touches the queue;</li>
 *   <li>MediaConvert's role: reads raw uploads, writes the output bucket.</li>
 * </ul>
 */
public final class Roles extends Construct {
    final Role worker;
    final Role web;
    final Role mediaConvert;
    final Map<Role, ManagedPolicy> policies = new LinkedHashMap<>();

    Roles(Construct scope, String id, Storage storage, Messaging messaging) {
        super(scope, id);
        mediaConvert = Role.Builder.create(this, "MediaConvertRole")
                .assumedBy(new ServicePrincipal("mediaconvert.amazonaws.com"))
                .description("AWS Elemental MediaConvert reads Caravan's raw uploads and writes its HLS outputs")
                .build();
        allow(mediaConvert, "ReadUploads", List.of("s3:GetObject", "s3:GetObjectVersion"), storage.ingest.arnForObjects("*"));
        allow(mediaConvert, "WriteOutputs", List.of("s3:PutObject"), storage.output.arnForObjects("*"));
        allow(mediaConvert, "DataKeys", List.of("kms:GenerateDataKey", "kms:Decrypt"), storage.key.getKeyArn());

        worker = Role.Builder.create(this, "WorkerRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Caravan workers: ingest, transcode (or MediaConvert), publish, notify")
                .build();
        allow(worker, "ReadUploadsKeepFailuresTagDone",
                List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectTagging", "s3:DeleteObject"),
                storage.ingest.arnForObjects("*"));
        allow(worker, "PublishOutputs", List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"), storage.output.arnForObjects("*"));
        allow(worker, "ListForHeadRequests", List.of("s3:ListBucket"), storage.ingest.getBucketArn(), storage.output.getBucketArn());
        allow(worker, "ConsumeUploads",
                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
                messaging.ingestQueue.getQueueArn());
        allow(worker, "ConsumeImportLines",
                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"),
                messaging.backlogQueue.getQueueArn());
        allowAssetRecords(worker, storage);
        allow(worker, "DataKeys", List.of("kms:GenerateDataKey", "kms:Decrypt"), storage.key.getKeyArn());
        allow(worker, "Events", List.of("sns:Publish"), messaging.events.getTopicArn());
        // MediaConvert's job actions take no resource narrower than the account's jobs
        allow(worker, "MediaConvertJobs", List.of("mediaconvert:CreateJob", "mediaconvert:GetJob"), "*");
        allow(worker, "PassTheMediaConvertRole", List.of("iam:PassRole"), mediaConvert.getRoleArn());
        allowTraces(worker);

        web = Role.Builder.create(this, "WebRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("Caravan's web service: API, key server, page")
                .build();
        allowAssetRecords(web, storage);
        // POST /api/imports: an import's lines are written in batches, then each put on the backlog queue
        allow(web, "RecordImportLines", List.of("dynamodb:BatchWriteItem"), storage.table.getTableArn());
        allow(web, "QueueImportLines", List.of("sqs:SendMessage", "sqs:GetQueueUrl"), messaging.backlogQueue.getQueueArn());
        allow(web, "UnwrapContentKeys", List.of("kms:Decrypt", "kms:GenerateDataKey"), storage.key.getKeyArn());
        allow(web, "ReadPublished", List.of("s3:GetObject"), storage.output.arnForObjects("*"));
        allow(web, "ListPublished", List.of("s3:ListBucket"), storage.output.getBucketArn());
        allow(web, "Events", List.of("sns:Publish"), messaging.events.getTopicArn());
        allowTraces(web);
    }

    private void allowAssetRecords(Role role, Storage storage) {
        allow(role, "AssetRecords",
                List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:DescribeTable",
                        "dynamodb:ConditionCheckItem"),
                storage.table.getTableArn(), storage.table.getTableArn() + "/index/*");
    }

    /** The collector sidecar sends the task's spans to X-Ray with the task role; X-Ray has no resource-level permissions. */
    private void allowTraces(Role role) {
        allow(role, "Traces", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "*");
    }

    /** Each role's statements live in one customer-managed policy of its own (no inline policies). */
    private void allow(Role role, String sid, List<String> actions, String... resources) {
        ManagedPolicy policy = policies.computeIfAbsent(role, r -> ManagedPolicy.Builder.create(this, r.getNode().getId() + "Policy")
                .description("Caravan: what the " + r.getNode().getId() + " may do").roles(List.of(r)).build());
        policy.addStatements(PolicyStatement.Builder.create().sid(sid).actions(actions).resources(List.of(resources)).build());
    }
}
