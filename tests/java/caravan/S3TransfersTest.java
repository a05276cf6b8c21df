package caravan;

import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large sources and outputs move through the transfer manager: in parts (the object's ETag says how many), whole,
 * and with a heap far smaller than the object, so a worker's memory does not grow with the media it moves.
 */
@Pipeline
class S3TransfersTest {
    @TempDir
    Path dir;

    @Test
    void anObjectLargerThanAPartGoesUpInPartsAndComesDownWhole() throws Exception {
        MotoServer moto = MotoServer.shared();
        CloudClients aws = new CloudClients(moto.endpoint());
        String bucket = "transfers-" + UUID.randomUUID();
        Path source = randomFile(dir.resolve("source.bin"), (40L << 20) + 5);
        Path back = dir.resolve("back.bin");
        try (S3Client s3 = aws.s3(); S3Transfers transfers = aws.s3Transfers()) {
            s3.createBucket(b -> b.bucket(bucket));

            transfers.upload(b -> b.bucket(bucket).key("big.bin"), source);
            String etag = s3.headObject(b -> b.bucket(bucket).key("big.bin")).eTag().replace("\"", "");
            transfers.download(b -> b.bucket(bucket).key("big.bin"), back);

            assertThat(etag).as("uploaded in 8 MiB parts").endsWith("-6");
            assertThat(Files.size(back)).isEqualTo(Files.size(source));
            assertThat(sha256(back)).isEqualTo(sha256(source));
        }
    }

    /** 200 MiB up and down again by a JVM limited to 48 MiB of heap. */
    @Test
    void aTransferNeedsFarLessMemoryThanTheObjectsSize() throws Exception {
        MotoServer moto = MotoServer.shared();
        String bucket = "transfers-" + UUID.randomUUID();
        Path source = randomFile(dir.resolve("huge.bin"), 200L << 20);
        Path back = dir.resolve("huge-back.bin");
        try (S3Client s3 = new CloudClients(moto.endpoint()).s3()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:MaxDirectMemorySize=64m", "-Daws.accessKeyId=testing", "-Daws.secretAccessKey=testing", "-Daws.region=us-east-1",
                "-cp", System.getProperty("java.class.path"), RoundTrip.class.getName(), moto.endpoint(), bucket, source.toString(), back.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("round trip finished").isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        assertThat(sha256(back)).isEqualTo(sha256(source));
    }

    /** The child: uploads a file and downloads it again through {@link CloudClients#s3Transfers()}. */
    public static final class RoundTrip {
        public static void main(String[] args) throws IOException {
            try (S3Transfers transfers = new CloudClients(args[0]).s3Transfers()) {
                transfers.upload(b -> b.bucket(args[1]).key("huge.bin"), Path.of(args[2]));
                transfers.download(b -> b.bucket(args[1]).key("huge.bin"), Path.of(args[3]));
            }
        }
    }

    private static Path randomFile(Path file, long size) throws IOException {
        Random random = new Random(size);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
