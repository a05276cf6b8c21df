package caravan.aws;

import caravan.CloudClients;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.store.DynamoAssetStore;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads on AWS (moto): {@code POST /api/uploads} answers presigned URLs into the ingest bucket; a PUT through one
 * lands the file beside the sidecar Caravan put first, and the upload becomes a READY asset with its external id; a
 * large file goes in parts and is completed through the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class PresignedUploadTest {
    @TempDir
    static Path dir;
    final HttpClient http = HttpClient.newHttpClient();
    AwsStack stack;
    S3Client s3;
    DynamoAssetStore assets;
    CaravanApp worker;
    String bucket;

    @BeforeAll
    void start() throws Exception {
        MotoServer moto = MotoServer.shared();
        System.setProperty("aws.endpointUrl", moto.endpoint());
        stack = AwsStack.deploy(moto, "caravan-uploads-" + System.nanoTime());
        s3 = stack.s3();
        bucket = stack.outputs().get("IngestBucket");
        assets = new DynamoAssetStore(new CloudClients(moto.endpoint()).dynamoDb(), stack.outputs().get("Table"), Clock.systemUTC(), null);
        Map<String, String> settings = new HashMap<>(stack.settings());
        settings.put("caravan.workers", "1");
        settings.put("caravan.uploads.multipartThresholdBytes", String.valueOf(5L << 20));
        settings.put("caravan.uploads.partBytes", String.valueOf(5L << 20));
        worker = CaravanApp.start(dir.resolve("worker"), settings);
    }

    @AfterAll
    void stop() throws Exception {
        worker.close();
    }

    @Test
    void aPresignedPutLandsTheFileBesideItsSidecarAndBecomesAReadyAssetWithItsExternalId() throws Exception {
        byte[] clip = Files.readAllBytes(TestClips.variant(TestClips.audioOnly(), "presigned"));
        JsonNode ticket = create("{\"name\": \"talk.m4a\", \"size\": " + clip.length
                + ", \"externalId\": \"lms-77\", \"metadata\": {\"title\": \"Presigned\"}}");
        assertThat(ticket.path("protocol").asText()).isEqualTo("s3-put");
        String key = ticket.path("key").asText();
        assertThat(key).matches("uploads/[0-9a-f]{32}/talk\\.m4a");
        String sidecarKey = key.replace("talk.m4a", "talk.json");
        assertThat(Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(sidecarKey)).asByteArray()).path("externalId").asText())
                .as("the sidecar is in the bucket before the file").isEqualTo("lms-77");

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(ticket.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(clip)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength()).isEqualTo(clip.length);

        Asset asset = awaitOutcome(key);
        assertThat(asset.getStatus()).as(String.valueOf(asset.getError())).isEqualTo(AssetStatus.READY);
        assertThat(asset.getExternalId()).isEqualTo("lms-77");
        assertThat(asset.getMetadata()).containsEntry("title", "Presigned");
    }

    @Test
    void aLargeUploadGoesInPartsAndIsCompletedThroughTheApi() throws Exception {
        byte[] big = new byte[(11 << 20) + 123];
        new Random(7).nextBytes(big);
        JsonNode ticket = create("{\"name\": \"big.mov\", \"size\": " + big.length + "}");
        assertThat(ticket.path("protocol").asText()).isEqualTo("s3-multipart");
        long partSize = ticket.path("partSize").asLong();
        assertThat(partSize).isEqualTo(5L << 20);
        assertThat(ticket.path("parts")).hasSize(3);

        ObjectNode complete = Json.MAPPER.createObjectNode();
        ArrayNode parts = complete.putArray("parts");
        for (JsonNode part : ticket.path("parts")) {
            int n = part.path("partNumber").asInt();
            byte[] bytes = Arrays.copyOfRange(big, (int) ((n - 1) * partSize), (int) Math.min(big.length, n * partSize));
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(part.path("url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            parts.addObject().put("partNumber", n).put("etag", put.headers().firstValue("ETag").orElseThrow());
        }
        HttpResponse<String> done = api(ticket.path("completeUrl").asText(), complete.toString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(done.body()).path("complete").asBoolean()).isTrue();
        String key = ticket.path("key").asText();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).isEqualTo(big);

        HttpResponse<String> forged = api("/api/uploads/m" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("failed/a1/x.mp4\nnot-an-upload".getBytes()) + "/complete", complete.toString());
        assertThat(forged.statusCode()).as("only uploads under uploads/ are completed").isEqualTo(404);
    }

    private JsonNode create(String body) throws Exception {
        HttpResponse<String> r = api("/api/uploads", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> api(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(worker.baseUrl() + path)).header("Authorization", "Bearer " + worker.token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Asset awaitOutcome(String key) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(end)) {
            List<Asset> found = assets.findByStatus(EnumSet.of(AssetStatus.READY, AssetStatus.FAILED, AssetStatus.DUPLICATE))
                    .stream().filter(a -> a.getSource().name().equals(key)).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no outcome for " + key);
    }
}
