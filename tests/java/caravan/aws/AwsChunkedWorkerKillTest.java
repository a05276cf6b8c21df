package caravan.aws;

import caravan.CloudClients;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.delivery.ContentKeys;
import caravan.keys.KmsKeyProvider;
import caravan.notify.DynamoOutbox;
import caravan.notify.Event;
import caravan.notify.Outbox.Delivery;
import caravan.store.DynamoAssetStore;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.HlsConformance;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split-and-stitch on AWS (moto): two workers take a long video's chunks from the SQS queue; one is killed (SIGKILL,
 * its ffmpeg too) while it encodes a chunk. Its message comes back after the visibility timeout and the other worker
 * redoes that chunk; the asset ends READY once, complete, and nothing of the run is left behind.
 */
@Pipeline
class AwsChunkedWorkerKillTest {
    private static final String SOURCE = "lectures/long.mp4";
    private static final Pattern ENCODING = Pattern.compile(".*/work/([^/]+)/chunks/(chunk_(\\d+))/progress\\.txt");
    private static final int SECONDS = 16;
    private static final int SEGMENT_SECONDS = 2;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidChunkLeavesItsChunkToTheOtherAndTheAssetIsReadyOnceAndComplete() throws Exception {
        MotoServer moto = MotoServer.shared();
        AwsStack stack = AwsStack.deploy(moto, "caravan-chunks-" + System.nanoTime());
        CloudClients clients = new CloudClients(moto.endpoint());
        DynamoDbClient ddb = clients.dynamoDb();
        String table = stack.outputs().get("Table");
        String output = stack.outputs().get("OutputBucket");
        DynamoAssetStore assets = new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
        S3Client s3 = stack.s3();

        Path ladder = dir.resolve("ladder.json");
        Files.writeString(ladder, """
                {"video": {"preset": "ultrafast", "gopSeconds": 2}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "240p", "height": 240, "videoKbps": 300}, {"name": "144p", "height": 144, "videoKbps": 120}]}""");
        List<String> jvm = List.of("-Dcaravan.ladder.file=" + ladder, "-Dcaravan.workers=1",
                "-Dcaravan.chunking.minSeconds=8", "-Dcaravan.chunking.chunkSeconds=4",
                "-Dcaravan.aws.visibilityTimeoutSeconds=6", "-Dcaravan.aws.leaseSeconds=8");
        Path[] logs = {Path.of("target", "aws-chunk-worker-a.log"), Path.of("target", "aws-chunk-worker-b.log")};
        for (Path log : logs) {
            Files.deleteIfExists(log);
        }
        Path[] data = {dir.resolve("worker-a"), dir.resolve("worker-b")};
        CompletableFuture<ChildCaravan> startingA = CompletableFuture.supplyAsync(() -> start(data[0], stack, logs[0], jvm));
        ChildCaravan workerB = start(data[1], stack, logs[1], jvm);
        ChildCaravan[] workers = {startingA.join(), workerB};
        try {
            s3.putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key(SOURCE), RequestBody.fromFile(subtitledClip()));

            // the worker that took the upload and queued the chunks dies while its ffmpeg encodes a chunk
            int doomed = -1;
            Matcher encoding = null;
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (encoding == null && System.nanoTime() < deadline) {
                for (int w = 0; w < 2 && doomed < 0; w++) {
                    doomed = Files.readString(logs[w]).contains(": " + SECONDS + " s in 4 chunks of 4 s and its audio") ? w : -1;
                }
                encoding = doomed < 0 ? null : chunkBeingEncoded(data[doomed]);
                if (encoding == null) {
                    Thread.sleep(20);
                }
            }
            assertThat(encoding).as("the worker that queued the chunks started encoding one").isNotNull();
            workers[doomed].killWithChildren();
            String id = encoding.group(1);
            int item = Integer.parseInt(encoding.group(3));
            assertThat(data[doomed].resolve("work").resolve(id).resolve("source"))
                    .as("the upload's copy let go once its chunks were queued: every item reads the ingest bucket").doesNotExist();
            int survivor = 1 - doomed;

            Asset done = null;
            long until = System.nanoTime() + 120_000_000_000L;
            while (done == null && System.nanoTime() < until) {
                done = assets.find(id).filter(a -> a.getStatus().isOutcome()).orElse(null);
                Thread.sleep(100);
            }
            assertThat(done).as("the survivor finished the asset").isNotNull();
            assertThat(done.getStatus()).as("%s", done.getError()).isEqualTo(AssetStatus.READY);
            assertThat(assets.list(100, null)).as("one asset").filteredOn(a -> a.getSource().name().equals(SOURCE)).hasSize(1);
            assertThat(done.getChunks().total()).as("4 chunks and the audio").isEqualTo(5);
            assertThat(done.getChunks().done()).isEqualTo(5);

            // the dead worker's chunk was encoded again, by the survivor, once its message came back
            String encoded = "Asset " + id + ": chunk " + (item + 1) + " of 4 ";
            assertThat(Files.readAllLines(logs[survivor])).as("the survivor encoded the dead worker's chunk")
                    .anySatisfy(l -> assertThat(l).contains(encoded).contains(") encoded ("));
            assertThat(Files.readAllLines(logs[doomed])).as("the dead worker never finished it")
                    .noneSatisfy(l -> assertThat(l).contains(encoded).contains(") encoded ("));
            assertThat(Files.readAllLines(logs[survivor])).as("the survivor stitched").anySatisfy(l -> assertThat(l).contains(
                    "Asset " + id + ": 4 chunks stitched"));

            List<Delivery> ready = new DynamoOutbox(ddb, table).deliveries(id).stream().filter(d -> Event.READY.equals(d.type())).toList();
            assertThat(ready).as("READY once").isNotEmpty().extracting(Delivery::eventId).containsOnly(ready.get(0).eventId());

            // published whole: every rung complete, conforming to the HLS authoring rules
            Path published = download(s3, output, "media/" + id + "/", dir.resolve("published"));
            for (String rung : List.of("240p", "144p")) {
                String playlist = Files.readString(published.resolve(rung).resolve("index.m3u8"));
                assertThat(playlist).contains("#EXT-X-ENDLIST").doesNotContain("DISCONTINUITY");
                assertThat(playlist.lines().filter(l -> l.startsWith("#EXTINF"))).as(rung).hasSize(SECONDS / SEGMENT_SECONDS);
            }
            // the embedded subtitles are extracted from the source by the stitching survivor, which never had the file
            assertThat(Files.readString(published.resolve("master.m3u8"))).contains("TYPE=SUBTITLES");
            try (Stream<Path> files = Files.walk(published)) {
                assertThat(files.filter(f -> f.toString().endsWith(".vtt")).map(AwsChunkedWorkerKillTest::read))
                        .as("the embedded cues").anySatisfy(vtt -> assertThat(vtt).contains("Embedded one"));
            }
            ContentKeys keys = new ContentKeys(assets, new KmsKeyProvider(clients.kms(), stack.outputs().get("Key")));
            HlsConformance.assertConforms(published, uri -> keys.existingContentKey(assets.find(id).orElseThrow()));

            // nothing of the run is left: no item files under work/, no ledger record
            assertThat(s3.listObjectsV2(b -> b.bucket(output).prefix("work/")).contents()).as("work/ emptied").isEmpty();
            assertThat(ddb.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("CHUNKS#" + id),
                    "sk", AttributeValue.fromS("CHUNKS")))).hasItem()).as("the ledger record is gone").isFalse();
        } finally {
            for (ChildCaravan w : workers) {
                w.kill(); // a graceful stop waits out the queue's long poll: nothing to prove here
            }
        }
    }

    /** The 16 s landscape clip with an English mov_text track (its cues at 2.5 s and 5.2 s). */
    private Path subtitledClip() throws Exception {
        Path srt = dir.resolve("embedded.srt");
        Files.writeString(srt, TestClips.EMBEDDED_SRT);
        return TestClips.make("landscape-" + SECONDS + "s-subtitled.mp4", List.of("-i", TestClips.landscape(SECONDS).toString(),
                "-i", srt.toString(), "-map", "0:v", "-map", "0:a", "-map", "1:s", "-metadata:s:s:0", "language=eng",
                "-c:v", "copy", "-c:a", "copy", "-c:s", "mov_text"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ChildCaravan start(Path data, AwsStack stack, Path log, List<String> jvm) {
        try {
            return ChildCaravan.start(data, CaravanApp.freePort(), stack.environment(), log, jvm);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A chunk whose ffmpeg is running in this worker's work folder (its progress file exists), or null. */
    private static Matcher chunkBeingEncoded(Path data) throws Exception {
        Path work = data.resolve("work");
        if (!Files.isDirectory(work)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(work, 4)) {
            return files.map(p -> ENCODING.matcher(p.toString().replace('\\', '/'))).filter(Matcher::matches).findFirst().orElse(null);
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException changing) {
            return null; // a folder went away while walking: look again
        }
    }

    private static Path download(S3Client s3, String bucket, String prefix, Path to) throws Exception {
        List<S3Object> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
        assertThat(objects).as("published objects").isNotEmpty();
        for (S3Object o : objects) {
            Path file = to.resolve(o.key().substring(prefix.length()));
            Files.createDirectories(file.getParent());
            s3.getObject(b -> b.bucket(bucket).key(o.key()), file);
        }
        return to;
    }
}
