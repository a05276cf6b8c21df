package caravan.publish;

import caravan.S3Transfers;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes to the output bucket under {@code media/<id>/}: every file streamed from disk by the transfer manager
 * (multipart, parts in parallel, for large files such as the MP4 download), each encrypted with SSE-KMS, and the
 * master playlist written last, so its presence means the whole asset is there.
 */
public final class S3Target implements PublishTarget {
    private final S3Client s3;
    private final S3Transfers transfers;
    private final String bucket;
    private final String kmsKeyId;

    public S3Target(S3Client s3, S3Transfers transfers, String bucket, String kmsKeyId) {
        this.s3 = s3;
        this.transfers = transfers;
        this.bucket = bucket;
        this.kmsKeyId = kmsKeyId;
    }

    @Override
    public boolean isPublished(String assetId) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(master(assetId)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String publish(String assetId, Path hlsFolder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(hlsFolder)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        Path masterFile = hlsFolder.resolve("master.m3u8");
        files.remove(masterFile);
        files.sort(Comparator.comparing(Path::toString));
        for (Path f : files) {
            upload(f, "media/" + assetId + "/" + hlsFolder.relativize(f).toString().replace('\\', '/'));
        }
        upload(masterFile, master(assetId));
        return masterLocation(assetId);
    }

    @Override
    public String masterPlaylist(String assetId) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(master(assetId))).asUtf8String();
    }

    @Override
    public String masterLocation(String assetId) {
        return "s3://" + bucket + "/" + master(assetId);
    }

    private static String master(String assetId) {
        return "media/" + assetId + "/master.m3u8";
    }

    private void upload(Path file, String key) throws IOException {
        String type = contentType(key);
        transfers.upload(b -> encrypted(b.bucket(bucket).key(key).contentType(type)), file);
    }

    private software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder encrypted(
            software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder b) {
        b.serverSideEncryption(ServerSideEncryption.AWS_KMS);
        return kmsKeyId == null ? b : b.ssekmsKeyId(kmsKeyId);
    }

    static String contentType(String key) {
        if (key.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        return key.endsWith(".ts") ? "video/mp2t" : key.endsWith(".jpg") ? "image/jpeg" : key.endsWith(".vtt") ? "text/vtt; charset=utf-8"
                : key.endsWith(".mp4") ? "video/mp4" : key.endsWith(".m4a") ? "audio/mp4" : "application/octet-stream";
    }
}
