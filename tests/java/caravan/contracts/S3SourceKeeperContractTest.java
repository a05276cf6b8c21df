package caravan.contracts;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.CloudClients;
import caravan.archive.S3SourceKeeper;
import caravan.archive.SourceKeeper;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source keeper contract against an ingest bucket in S3 as the emulator serves it, versioned as the template
 * makes it; one bucket per test.
 */
@Pipeline
class S3SourceKeeperContractTest extends SourceKeeperContract {
    private static S3Client s3;
    private static String kmsKeyId;
    private String bucket;
    /** The object version each asset was made from, as S3Intake downloads exactly the version it checked. */
    private final Map<String, String> versions = new ConcurrentHashMap<>();

    @BeforeAll
    static void startS3() throws Exception {
        CloudClients aws = new CloudClients(MotoServer.shared().endpoint());
        s3 = aws.s3();
        try (KmsClient kms = aws.kms()) {
            kmsKeyId = kms.createKey(b -> b.description("caravan ingest bucket")).keyMetadata().arn();
        }
    }

    @AfterAll
    static void closeS3() {
        s3.close();
    }

    @Override
    protected SourceKeeper newKeeper(DataFolders folders) {
        bucket = "ingest-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        return new S3SourceKeeper(s3, bucket, kmsKeyId, folders);
    }

    /**
     * As a user uploads and S3Intake takes it: the object under its key (and {@code NAME.json} for a sidecar) in the
     * ingest bucket, the checked version downloaded to {@code work/<id>/source}, the sidecar beside it.
     */
    @Override
    protected void arrive(Asset asset, byte[] source, byte[] sidecar) throws Exception {
        String key = asset.getSource().name();
        versions.put(asset.getId(), s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(source)).versionId());
        Files.createDirectories(folders.workDir(asset.getId()));
        Files.write(folders.source(asset.getId()), source);
        if (sidecar != null) {
            s3.putObject(b -> b.bucket(bucket).key(key.substring(0, key.lastIndexOf('.')) + ".json"), RequestBody.fromBytes(sidecar));
            Files.write(folders.sidecar(asset.getId()), sidecar);
        }
    }

    /** Beside the kept copy: {@code failed/<id>/<key>.error.json}. */
    @Override
    protected Optional<byte[]> keptReport(Asset asset) {
        String key = asset.getKeptAt().substring(("s3://" + bucket + "/").length()) + ".error.json";
        return get(key, null);
    }

    /** The version this asset was made from, tagged {@code caravan-status=done} for the lifecycle rule. */
    @Override
    protected Optional<byte[]> archivedSource(Asset asset) {
        String key = asset.getSource().name();
        String version = versions.get(asset.getId());
        boolean done = s3.getObjectTagging(b -> b.bucket(bucket).key(key).versionId(version)).tagSet().stream()
                .anyMatch(t -> t.key().equals("caravan-status") && t.value().equals("done"));
        return done ? get(key, version) : Optional.empty();
    }

    private Optional<byte[]> get(String key, String version) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(version)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    // Where the S3 keeper does not honour the contract (findings of issue 12, for the lead to decide): each test is
    // kept in SourceKeeperContract and switched off here only, with what fails.

    @Override
    @Test
    @Disabled("FINDING: S3SourceKeeper.keepFailed copies the key's CURRENT object, not the version the asset was made"
            + " from: when a same-named upload arrived meanwhile, the first asset's kept copy (and its retry) is the"
            + " second upload's video; its own downloaded work copy is deleted")
    void sameNamedUploadsInFlightTogetherEachGetTheirOwnSourceBack() {
    }

    @Override
    @Test
    @Disabled("FINDING: S3SourceKeeper.archive tags the key's CURRENT version: with a same-named upload in flight the"
            + " first asset's own version is never tagged caravan-status=done (the lifecycle rule never moves it)")
    void sameNamedUploadsInFlightTogetherEachArchiveTheirOwnSource() {
    }

    @Override
    @Test
    @Disabled("FINDING: S3SourceKeeper keeps and restores the source only: the sidecar in the work folder is deleted by"
            + " keepFailed, restore brings none back, and the retry depends on S3LatePairing finding NAME.json still in"
            + " the bucket (the user may have replaced it with another upload's); the interface says the sidecar is kept")
    void theSidecarComesBackWithTheSource() {
    }

    @Override
    @Test
    @Disabled("FINDING: S3SourceKeeper does not keep captions/ (keepFailed deletes the work folder); harmless today only"
            + " because S3Intake takes no caption files")
    void captionsComeBackWithTheSource() {
    }
}
