package caravan.contracts;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceObject;
import caravan.CloudClients;
import caravan.S3Transfers;
import caravan.archive.S3SourceKeeper;
import caravan.archive.SourceKeeper;
import caravan.testing.MotoBuckets;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import caravan.database.SqliteDatabase;
import caravan.ingest.S3Intake;
import caravan.ingest.SourceClaims;
import caravan.notify.Notifier;
import caravan.notify.SqliteOutbox;
import caravan.probe.MediaLimits;
import caravan.store.CaravanTable;
import caravan.store.DynamoAssetStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source keeper contract against an ingest bucket in S3 as the emulator serves it, versioned as the template
 * makes it; one bucket per test.
 */
@Pipeline
class S3SourceKeeperContractTest extends SourceKeeperContract {
    private static MotoBuckets moto;
    private static S3Client s3;
    private static S3Transfers transfers;
    private static String kmsKeyId;
    private String bucket;
    /** The object version each asset was made from, as S3Intake downloads exactly the version it checked. */
    private final Map<String, String> versions = new ConcurrentHashMap<>();

    @BeforeAll
    static void startS3() throws Exception {
        moto = MotoBuckets.start("caravan ingest bucket");
        s3 = moto.s3();
        transfers = moto.transfers();
        kmsKeyId = moto.kmsKeyId();
    }

    @AfterAll
    static void closeS3() {
        moto.close();
    }

    @Override
    protected SourceKeeper newKeeper(DataFolders folders) {
        bucket = "ingest-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        return new S3SourceKeeper(s3, transfers, bucket, kmsKeyId, folders);
    }

    /**
     * As a user uploads and S3Intake takes it: the object under its key (and {@code NAME.json} for a sidecar) in the
     * ingest bucket, the checked version recorded on the asset and downloaded to {@code work/<id>/source}, the
     * sidecar beside it.
     */
    @Override
    protected void arrive(Asset asset, byte[] source, byte[] sidecar) throws Exception {
        String key = asset.getSource().name();
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(source));
        if (put.versionId() != null) {
            versions.put(asset.getId(), put.versionId());
        }
        asset.setSourceObject(SourceObject.of(put.versionId(), put.eTag()));
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

    // What only the ingest bucket has: other uploads under the same key, buckets without versions, the earlier layout.

    /** Another worker fails the asset (the one that downloaded it crashed): the version it was made from is kept. */
    @Test
    void aWorkerWithoutTheWorkCopyKeepsTheVersionTheAssetWasMadeFrom() throws Exception {
        Asset first = upload("a1", "week 1/lecture.mp4");
        arrive(first, bytes("first video"), null);
        Asset second = upload("a2", "week 1/lecture.mp4");
        arrive(second, bytes("second video"), null);
        DataFolders.deleteTree(folders.workDir("a1"));

        fail(first, "{}");

        assertThat(keeper.restore(first)).isTrue();
        assertThat(folders.source("a1")).hasContent("first video");
    }

    /**
     * Without versions an upload under the same key replaces the object: the first asset's source is then only its
     * work copy. Without it nothing is kept for that asset (never the other upload's video), and archiving it leaves
     * the other upload untagged, so the lifecycle rule does not take it away.
     */
    @Test
    void inABucketWithoutVersionsAnotherUploadsObjectIsNeverKeptOrArchivedForThisAsset() throws Exception {
        bucket = "plain-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        keeper = new S3SourceKeeper(s3, transfers, bucket, kmsKeyId, folders);
        Asset first = upload("a1", "lecture.mp4");
        arrive(first, bytes("first video"), null);
        Asset kept = upload("a2", "lecture.mp4");
        arrive(kept, bytes("second video"), null);
        Asset replaced = upload("a3", "lecture.mp4");
        arrive(replaced, bytes("third video"), null);
        DataFolders.deleteTree(folders.workDir("a1"));

        fail(kept, "{}");
        fail(first, "{}");
        keeper.archive(replaced);
        keeper.archive(first);

        assertThat(keeper.restore(kept)).as("its work copy was kept").isTrue();
        assertThat(folders.source("a2")).hasContent("second video");
        assertThat(keeper.restore(first)).as("its object was replaced and it had no work copy").isFalse();
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("lecture.mp4")).tagSet())
                .as("the current object is a3's, archived by a3 only").hasSize(1);
        s3.deleteObjectTagging(b -> b.bucket(bucket).key("lecture.mp4"));
        keeper.archive(first);
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("lecture.mp4")).tagSet()).isEmpty();
    }

    /** Kept before each failed asset had a prefix of its own: {@code failed/<key>} with its report beside it. */
    @Test
    void aSourceKeptInTheEarlierLayoutIsStillRestored() throws Exception {
        Asset old = upload("a1", "lecture.mp4");
        s3.putObject(b -> b.bucket(bucket).key("failed/lecture.mp4"), RequestBody.fromBytes(bytes("video of a1")));
        s3.putObject(b -> b.bucket(bucket).key("failed/lecture.mp4.error.json"), RequestBody.fromBytes(bytes("{}")));
        old.setKeptAt("s3://" + bucket + "/failed/lecture.mp4");

        assertThat(keeper.restore(old)).isTrue();

        assertThat(folders.source("a1")).hasContent("video of a1");
        assertThat(get("failed/lecture.mp4.error.json", null)).isEmpty();
    }

    /** Caption names come from the bucket: one that is not a plain file name is not written anywhere. */
    @Test
    void aKeptCaptionNamedLikeAPathIsNotRestored() throws Exception {
        Asset a = upload("a1", "lecture.mp4");
        arrive(a, bytes("video of a1"), null);
        fail(a, "{}");
        String captions = "failed/a1/lecture.mp4.captions/";
        s3.putObject(b -> b.bucket(bucket).key(captions + "../../escaped.vtt"), RequestBody.fromBytes(bytes("WEBVTT")));
        s3.putObject(b -> b.bucket(bucket).key(captions + "01.en.vtt"), RequestBody.fromBytes(bytes("WEBVTT\n\nen")));

        assertThat(keeper.restore(a)).isTrue();

        try (var all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().endsWith(".vtt")).toList())
                    .containsExactly(folders.captions("a1").resolve("01.en.vtt"));
        }
    }

    /**
     * The intake records which version it downloaded, so a same-named upload that arrives before the first one fails
     * on another worker does not become the first one's kept source.
     */
    @Test
    void theIntakeRecordsTheVersionItTookSoTheKeeperKeepsThatOne() throws Exception {
        String table = "intake-" + UUID.randomUUID();
        try (DynamoDbClient ddb = new CloudClients(MotoServer.shared().endpoint()).dynamoDb();
             SqliteDatabase db = new SqliteDatabase(root.resolve("outbox.db"))) {
            CaravanTable.create(ddb, table);
            DynamoAssetStore store = new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
            S3Intake intake = new S3Intake(folders, store, new SourceClaims(ddb, table), s3,
                    new CloudClients(MotoServer.shared().endpoint()).s3Transfers(),
                    new Notifier(new SqliteOutbox(db), List.of(), Clock.systemUTC(), () -> { }), Clock.systemUTC(),
                    60_000, bucket, new MediaLimits(3600, 9_437_184, 1 << 20));
            String first = intake.accept(created(s3.putObject(b -> b.bucket(bucket).key("lecture.mp4"),
                    RequestBody.fromBytes(bytes("first video"))), 11)).get(0);
            String second = intake.accept(created(s3.putObject(b -> b.bucket(bucket).key("lecture.mp4"),
                    RequestBody.fromBytes(bytes("second video"))), 12)).get(0);
            DataFolders.deleteTree(folders.workDir(first));

            Asset failing = store.find(first).orElseThrow();
            fail(failing, "{}");

            assertThat(keeper.restore(failing)).isTrue();
            assertThat(folders.source(first)).hasContent("first video");
            assertThat(folders.source(second)).hasContent("second video");
        }
    }

    /** The event S3 sends for an object put into the ingest bucket. */
    private String created(PutObjectResponse put, long size) {
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + bucket
                + "\"},\"object\":{\"key\":\"lecture.mp4\",\"size\":" + size + ",\"eTag\":" + put.eTag()
                .replace("\"", "\\\"").transform(e -> "\"" + e + "\"") + ",\"versionId\":\"" + put.versionId() + "\"}}}]}";
    }
}
