package caravan.aws;

import caravan.CloudClients;
import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceFile;
import caravan.asset.SourceObject;
import caravan.database.SqliteDatabase;
import caravan.store.SqliteAssetStore;
import caravan.chunking.ChunkSource;
import caravan.chunking.S3ChunkOutputs;
import caravan.chunking.S3ChunkSource;
import caravan.ffmpeg.UntrustedInput;
import caravan.testing.MotoBuckets;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a worker that did not take an upload reads its source for a chunk (moto, real ffprobe): an upload from the
 * ingest bucket at the very version that was checked, an imported source (never in the ingest bucket) from the copy
 * the dispatching worker shared under the asset's work prefix, which goes with the rest of the run's files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class S3ChunkSourceTest {
    private static final UntrustedInput INPUT = new UntrustedInput("mov,mp4,m4a,3gp,3g2,mj2", 4096L * 2304);
    private static final String INGEST = "chunk-source-ingest";
    private static final String OUTPUT = "chunk-source-output";

    @TempDir
    static Path dir;
    MotoBuckets buckets;
    S3Presigner presigner;
    SqliteAssetStore store;

    @BeforeAll
    void buckets() throws Exception {
        buckets = MotoBuckets.start("chunk source");
        presigner = new CloudClients(MotoServer.shared().endpoint()).s3Presigner();
        store = new SqliteAssetStore(new SqliteDatabase(dir.resolve("caravan.db")), Clock.systemUTC());
        for (String bucket : List.of(INGEST, OUTPUT)) {
            buckets.s3().createBucket(b -> b.bucket(bucket));
            buckets.s3().putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
    }

    @AfterAll
    void close() {
        presigner.close();
        store.close();
        buckets.close();
    }

    private S3ChunkSource source(DataFolders folders) {
        return new S3ChunkSource(buckets.transfers(), presigner, new S3ChunkOutputs(buckets.s3(), buckets.transfers(), OUTPUT, buckets.kmsKeyId()),
                INGEST, OUTPUT, folders, store, INPUT, Duration.ofMinutes(10));
    }

    @Test
    void anImportedSourceIsSharedUnderTheWorkPrefixReadByAnotherWorkerAndGoesWithTheRunsFiles() throws Exception {
        DataFolders dispatcher = DataFolders.create(dir.resolve("dispatcher"));
        DataFolders other = DataFolders.create(dir.resolve("other"));
        Asset imported = Asset.received("a" + System.nanoTime(), new SourceFile("talk.mp4", 0, null), Instant.now(), Instant.now());
        Files.createDirectories(dispatcher.workDir(imported.getId()));
        Files.copy(TestClips.landscape(3), dispatcher.source(imported.getId()));

        source(dispatcher).share(imported);
        source(dispatcher).share(imported); // a resumed run shares again: the copy is kept, not written twice
        String key = "work/" + imported.getId() + "/source";
        assertThat(buckets.s3().listObjectVersions(b -> b.bucket(OUTPUT).prefix(key)).versions()).as("one copy").hasSize(1);
        assertThat(buckets.s3().headObject(b -> b.bucket(OUTPUT).key(key)).serverSideEncryptionAsString())
                .as("encrypted with the stack's key, as every object Caravan writes").isEqualTo("aws:kms");

        ChunkSource.Input input = source(other).open(imported);
        assertThat(input.source()).startsWith("http").contains(OUTPUT).contains(key);
        assertThat(input.redacted()).doesNotContain("X-Amz-Signature").contains("asset " + imported.getId());
        assertThat(probedSeconds(input)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(source(dispatcher).open(imported).source()).as("the dispatcher reads its own file").startsWith("file:");
        store.create(imported);
        source(dispatcher).release(imported.getId());
        assertThat(dispatcher.source(imported.getId())).as("an import's copy is kept").exists();

        new S3ChunkOutputs(buckets.s3(), buckets.transfers(), OUTPUT, buckets.kmsKeyId()).discard(imported.getId());
        assertThat(buckets.s3().listObjectsV2(b -> b.bucket(OUTPUT).prefix("work/" + imported.getId() + "/")).contents())
                .as("removed with the run's files after publishing").isEmpty();
    }

    @Test
    void anUploadIsReadFromTheIngestBucketAtTheVersionThatWasCheckedAndNeverCopied() throws Exception {
        DataFolders other = DataFolders.create(dir.resolve("reader"));
        String name = "lectures/upload-" + System.nanoTime() + ".mp4";
        String checked = buckets.s3().putObject(b -> b.bucket(INGEST).key(name), RequestBody.fromFile(TestClips.landscape(3))).versionId();
        buckets.s3().putObject(b -> b.bucket(INGEST).key(name), RequestBody.fromFile(TestClips.landscape(2))); // replaced later
        Asset upload = Asset.received("u" + System.nanoTime(), new SourceFile(name, 0, null), Instant.now(), Instant.now());
        upload.setSourceObject(SourceObject.of(checked, null));

        source(other).share(upload);
        assertThat(buckets.s3().listObjectsV2(b -> b.bucket(OUTPUT).prefix("work/" + upload.getId() + "/")).contents()).isEmpty();
        ChunkSource.Input input = source(other).open(upload);
        assertThat(input.source()).contains(INGEST).contains("versionId=" + checked);
        assertThat(probedSeconds(input)).as("the checked version, not the newer one").isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.1));

        DataFolders intake = DataFolders.create(dir.resolve("intake"));
        Files.createDirectories(intake.workDir(upload.getId()));
        Files.copy(TestClips.landscape(3), intake.source(upload.getId()));
        store.create(upload);
        source(intake).release(upload.getId());
        assertThat(intake.source(upload.getId())).as("the worker that took the upload lets its copy go").doesNotExist();
        assertThat(source(intake).open(upload).source()).as("and reads the bucket like any other").contains("versionId=" + checked);
    }

    private static double probedSeconds(ChunkSource.Input input) throws Exception {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffprobe());
        cmd.addAll(List.of("-v", "error"));
        cmd.addAll(input.options());
        cmd.addAll(List.of("-show_entries", "format=duration", "-of", "csv=p=0", input.source()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return Double.parseDouble(out);
    }
}
