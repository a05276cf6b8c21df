package caravan.ingest;

import caravan.CloudClients;
import caravan.probe.MediaLimits;
import caravan.store.CaravanTable;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The caption pairing contract against an ingest bucket, as served by the emulator, its events read by {@link S3Intake}. */
@Pipeline
class S3CaptionPairingTest extends CaptionPairingContract {
    S3Client s3;
    String bucket;
    S3Intake intake;

    @BeforeEach
    void anIngestBucket() throws Exception {
        CloudClients clients = new CloudClients(MotoServer.shared().endpoint());
        s3 = clients.s3();
        bucket = "ingest-" + System.nanoTime();
        s3.createBucket(b -> b.bucket(bucket));
        DynamoDbClient ddb = clients.dynamoDb();
        String table = "claims-" + System.nanoTime();
        CaravanTable.create(ddb, table);
        intake = new S3Intake(folders, store, new SourceClaims(ddb, table), s3, clients.s3Transfers(), notifier, Clock.systemUTC(), 300_000, bucket,
                new MediaLimits(3600, 3840L * 2160, 5_000_000_000L));
    }

    @Override
    void upload(String name, String content) {
        s3.putObject(b -> b.bucket(bucket).key(name), RequestBody.fromString(content));
    }

    /** The S3 event notification of the upload, as it arrives over SQS. */
    @Override
    List<String> take(String name) throws Exception {
        var head = s3.headObject(b -> b.bucket(bucket).key(name));
        String event = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + bucket
                + "\"},\"object\":{\"key\":\"" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "\",\"size\":"
                + head.contentLength() + ",\"eTag\":\"" + head.eTag().replace("\"", "") + "\"}}}]}";
        return intake.accept(event);
    }

    @Override
    LatePairing pairing() {
        return new S3LatePairing(s3, bucket, folders, store, metadata);
    }

    @Test
    void aCaptionLargerThanTheCaptionStageReadsCostsAtMostOneByteOverIt() throws Exception {
        s3.putObject(b -> b.bucket(bucket).key("course-a/talk.en.vtt"), RequestBody.fromBytes(new byte[(int) S3CaptionObjects.MAX_BYTES * 3]));
        upload(VIDEO, "the video");

        String id = take(VIDEO).get(0);

        assertThat(CaptionFiles.kept(folders.captions(id))).singleElement()
                .satisfies(k -> assertThat(Files.size(k.file())).isEqualTo(S3CaptionObjects.MAX_BYTES + 1));
    }
}
