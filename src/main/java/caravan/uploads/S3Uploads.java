package caravan.uploads;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Uploads on AWS: the file goes straight into the ingest bucket, under {@code uploads/<random>/<name>}, through
 * presigned URLs (valid {@code caravan.uploads.presignSeconds}, each signed for its exact length); a large file in
 * parts, completed by {@code POST /api/uploads/{id}/complete}. The sidecar ({@code <name>.json} beside it) is put by
 * Caravan first, so the object's event finds it there as it would a sidecar uploaded beside the file.
 */
public final class S3Uploads implements UploadTarget {
    private static final Logger LOG = LoggerFactory.getLogger(S3Uploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PREFIX = "uploads/";
    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final UploadSettings settings;
    private final Clock clock;

    public S3Uploads(S3Client s3, S3Presigner presigner, String bucket, UploadSettings settings, Clock clock) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.settings = settings;
        this.clock = clock;
    }

    /** The origin the presigned URLs point at ({@code https://bucket.s3.region.amazonaws.com}): the page may send bytes there. */
    public String origin() {
        java.net.URL url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(1))
                .putObjectRequest(o -> o.bucket(bucket).key(PREFIX + "origin"))).url();
        return url.getProtocol() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    @Override
    public UploadTicket open(UploadRequest request) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String folder = PREFIX + HexFormat.of().formatHex(random) + "/";
        String key = folder + request.name();
        if (request.sidecar() != null) {
            s3.putObject(p -> p.bucket(bucket).key(folder + UploadName.stem(request.name()) + ".json").contentType("application/json"),
                    RequestBody.fromBytes(request.sidecarBytes()));
        }
        Duration ttl = Duration.ofSeconds(settings.presignSeconds());
        Instant expires = clock.instant().plus(ttl);
        if (request.size() <= settings.multipartThresholdBytes()) {
            String url = presigner.presignPutObject(p -> p.signatureDuration(ttl)
                    .putObjectRequest(o -> o.bucket(bucket).key(key).contentLength(request.size()))).url().toString();
            LOG.info("Upload to the ingest bucket presigned ({} bytes, one PUT)", request.size());
            return new UploadTicket("p" + HexFormat.of().formatHex(random), "s3-put", url, null, null, null, key,
                    request.externalId(), request.size(), expires.toString(), null);
        }
        long partSize = Math.max(settings.partBytes(), (request.size() + MAX_PARTS - 1) / MAX_PARTS);
        int count = (int) ((request.size() + partSize - 1) / partSize);
        String uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key(key)).uploadId();
        List<UploadTicket.Part> parts = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            int number = n;
            long length = Math.min(partSize, request.size() - (n - 1) * partSize);
            String url = presigner.presignUploadPart(p -> p.signatureDuration(ttl).uploadPartRequest(u -> u.bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(number).contentLength(length))).url().toString();
            parts.add(new UploadTicket.Part(n, url));
        }
        String id = "m" + Base64.getUrlEncoder().withoutPadding().encodeToString((key + "\n" + uploadId).getBytes(StandardCharsets.UTF_8));
        LOG.info("Upload to the ingest bucket presigned ({} bytes, {} parts)", request.size(), count);
        return new UploadTicket(id, "s3-multipart", null, parts, partSize, "/api/uploads/" + id + "/complete", key,
                request.externalId(), request.size(), expires.toString(), null);
    }

    @Override
    public UploadTicket complete(String id, Map<Integer, String> etags) {
        String[] keyAndUpload = decode(id);
        String key = keyAndUpload[0];
        String uploadId = keyAndUpload[1];
        List<CompletedPart> parts = etags.entrySet().stream()
                .map(e -> CompletedPart.builder().partNumber(e.getKey()).eTag(e.getValue()).build()).toList();
        try {
            s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("NoSuchUpload".equals(code)) {
                throw new UploadRefused(404, "NOT_FOUND", "No multipart upload under way with that id (completed, aborted or expired).");
            }
            if (code.startsWith("InvalidPart") || "EntityTooSmall".equals(code)) {
                throw new UploadRefused(400, "BAD_REQUEST", "S3 refused the parts (" + code + "): send every part's number and the ETag S3 answered.");
            }
            throw e;
        }
        LOG.info("Multipart upload to the ingest bucket completed ({} parts)", parts.size());
        return new UploadTicket(id, "s3-multipart", null, null, null, null, key, null, 0, clock.instant().toString(), true);
    }

    private static String[] decode(String id) {
        String[] parts = null;
        if (id != null && id.startsWith("m") && id.length() < 2000) {
            try {
                parts = new String(Base64.getUrlDecoder().decode(id.substring(1)), StandardCharsets.UTF_8).split("\n", 2);
            } catch (IllegalArgumentException e) {
                parts = null;
            }
        }
        if (parts == null || parts.length != 2 || !parts[0].startsWith(PREFIX) || parts[0].contains("..") || parts[1].isBlank()) {
            throw new UploadRefused(404, "NOT_FOUND", "No multipart upload under way with that id.");
        }
        return parts;
    }
}
