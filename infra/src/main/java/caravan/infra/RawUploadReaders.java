package caravan.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.CfnBucketPolicy;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Raw uploads are readable by the worker and MediaConvert roles and nobody else: the ingest bucket's policy denies
 * every object read to any other principal (account administrators included; they can still change the policy, which
 * CloudTrail records). With RawReadsOnlyThroughVpcEndpoint=true, the worker role may read them only through the
 * stack's S3 gateway endpoint (aws:SourceVpce); MediaConvert reads from AWS's own network, so the condition does not
 * apply to it.
 */
final class RawUploadReaders {
    static final List<String> OBJECT_READS = List.of("s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes",
            "s3:GetObjectVersionAttributes", "s3:GetObjectTorrent", "s3:GetObjectVersionTorrent");

    private RawUploadReaders() {
    }

    static void restrict(Storage storage, Roles roles, Services services, StackParameters parameters) {
        storage.ingest.addToResourcePolicy(PolicyStatement.Builder.create().sid("RawUploadsOnlyForWorkersAndMediaConvert")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(OBJECT_READS)
                .resources(List.of(storage.ingest.arnForObjects("*")))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", List.of(roles.worker.getRoleArn(), roles.mediaConvert.getRoleArn()))))
                .build());
        Object throughEndpointOnly = Map.of(
                "Sid", "WorkerReadsRawUploadsThroughTheVpcEndpoint",
                "Effect", "Deny",
                "Principal", Map.of("AWS", "*"),
                "Action", OBJECT_READS,
                "Resource", storage.ingest.arnForObjects("*"),
                "Condition", Map.of(
                        "ArnEquals", Map.of("aws:PrincipalArn", roles.worker.getRoleArn()),
                        "StringNotEquals", Map.of("aws:SourceVpce", services.s3Endpoint.getVpcEndpointId())));
        // appended after the statements above (TLS only, then this class's deny): index 2, present only when chosen
        CfnBucketPolicy policy = (CfnBucketPolicy) storage.ingest.getPolicy().getNode().getDefaultChild();
        policy.addOverride("Properties.PolicyDocument.Statement.2",
                Fn.conditionIf(parameters.restrictRawReadsToVpcEndpoint().getLogicalId(), throughEndpointOnly, Aws.NO_VALUE));
    }
}
