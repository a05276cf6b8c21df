package caravan.ingest;

import caravan.CloudClients;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract against an ingest bucket, as served by the emulator. */
@Pipeline
class S3LatePairingTest extends LatePairingContract {
    private S3Client s3;
    private String bucket;

    @Override
    LatePairing pairing() throws Exception {
        return new S3LatePairing(s3(), bucket, folders, store, metadata);
    }

    @Override
    void uploadSidecar(String video, String content) throws Exception {
        s3().putObject(b -> b.bucket(bucket).key(video.replaceAll("\\.mp4$", ".json")), RequestBody.fromString(content));
    }

    private S3Client s3() throws Exception {
        if (s3 == null) {
            s3 = new CloudClients(MotoServer.shared().endpoint()).s3();
            bucket = "ingest-" + System.nanoTime();
            s3.createBucket(b -> b.bucket(bucket));
        }
        return s3;
    }
}
