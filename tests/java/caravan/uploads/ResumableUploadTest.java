package caravan.uploads;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser or an app uploads through the API: a tus upload cut half-way resumes from the offset the server stored,
 * lands in the inbox only when complete, and becomes a READY asset with its external id and metadata, the external id
 * coming back in the asset.ready webhook. Bad requests are refused before any byte is sent.
 */
@Pipeline
class ResumableUploadTest {
    @TempDir
    static Path dir;
    static WebhookReceiver hooks;
    static CaravanApp app;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        hooks = new WebhookReceiver();
        app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.webhook.urls", hooks.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        hooks.close();
    }

    @Test
    void anUploadCutHalfWayResumesFromTheStoredOffsetAndBecomesAReadyAssetWithItsExternalId() throws Exception {
        byte[] clip = Files.readAllBytes(TestClips.variant(TestClips.audioOnly(), "uploaded"));
        HttpResponse<String> created = post("/api/uploads", """
                {"name": "lecture.m4a", "size": %d, "externalId": "course-7/lecture-3",
                 "metadata": {"title": "Uploaded lecture", "course": "Anatomy"}}""".formatted(clip.length));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/api/uploads/u[0-9a-f]{32}");
        assertThat(Json.MAPPER.readTree(created.body()).path("protocol").asText()).isEqualTo("tus");

        int half = clip.length / 2;
        patchAndCut(location, clip, half);
        assertThat(awaitOffset(location, half)).as("the bytes that arrived before the cut are kept").isEqualTo(half);
        assertThat(inboxFiles()).as("nothing of a partial upload is in the inbox").isEmpty();

        // until the server has seen the cut connection close, the cut PATCH still holds the upload (UPLOAD_BUSY): a
        // client waits, as the page does
        HttpResponse<String> mismatch = patch(location, half - 1, Arrays.copyOfRange(clip, half - 1, clip.length));
        for (int i = 0; i < 100 && mismatch.body().contains("\"code\":\"UPLOAD_BUSY\""); i++) {
            Thread.sleep(100);
            mismatch = patch(location, half - 1, Arrays.copyOfRange(clip, half - 1, clip.length));
        }
        assertThat(mismatch.statusCode()).isEqualTo(409);
        assertThat(mismatch.body()).contains("\"code\":\"OFFSET_MISMATCH\"");
        assertThat(mismatch.headers().firstValue("Upload-Offset")).hasValue(String.valueOf(half));

        HttpResponse<String> rest = patch(location, half, Arrays.copyOfRange(clip, half, clip.length));
        assertThat(rest.statusCode()).isEqualTo(204);
        assertThat(rest.headers().firstValue("Upload-Offset")).hasValue(String.valueOf(clip.length));
        assertThat(head(location).statusCode()).as("a finished upload is gone from the tus endpoint").isEqualTo(404);

        Asset asset = app.awaitOutcome("lecture.m4a", Duration.ofSeconds(90));
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(asset.getExternalId()).isEqualTo("course-7/lecture-3");
        assertThat(asset.getMetadata()).containsEntry("title", "Uploaded lecture").containsEntry("course", "Anatomy");
        assertThat(asset.getSource().size()).isEqualTo(clip.length);

        JsonNode ready = awaitHook(asset.getId(), "asset.ready");
        assertThat(ready.findValue("externalId").asText()).isEqualTo("course-7/lecture-3");
        assertThat(uploadFolders()).as("the upload's partial folder is removed once it lands").isEmpty();
    }

    @Test
    void badUploadsAreRefusedAtCreationWithTheirCode() throws Exception {
        HttpResponse<String> tooLarge = post("/api/uploads", "{\"name\": \"huge.mp4\", \"size\": 60000000000}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("\"code\":\"FILE_TOO_LARGE\"").contains("53687091200");

        HttpResponse<String> badMetadata = post("/api/uploads", "{\"name\": \"a.mp4\", \"size\": 10, \"metadata\": {\"title\": 5}}");
        assertThat(badMetadata.statusCode()).isEqualTo(400);
        assertThat(badMetadata.body()).contains("\"code\":\"SIDECAR_INVALID\"").contains("title");

        HttpResponse<String> badName = post("/api/uploads", "{\"name\": \"../a.mp4\", \"size\": 10}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("\"code\":\"BAD_REQUEST\"");

        HttpResponse<String> noToken = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/uploads"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"a.mp4\", \"size\": 10}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);

        String location = post("/api/uploads", "{\"name\": \"b.mp4\", \"size\": 10}").headers().firstValue("Location").orElseThrow();
        HttpResponse<String> noTokenPatch = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + location))
                .header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noTokenPatch.statusCode()).isEqualTo(401);
        assertThat(head(location).headers().firstValue("Upload-Offset")).hasValue("0");
        HttpResponse<String> deleted = HTTP.send(authorized(location).method("DELETE", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(head(location).statusCode()).isEqualTo(404);
    }

    /** Sends the headers of a PATCH for the whole rest of the file, then only {@code upTo} bytes, then drops the connection. */
    private static void patchAndCut(String location, byte[] clip, int upTo) throws Exception {
        URI base = URI.create(app.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + location + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer " + app.token()
                    + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
                    + "Content-Length: " + clip.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(clip, 0, upTo);
            out.flush();
            // the network drops mid-body: what reached the server is stored while the connection is still up, then
            // it is cut (a client that closes before the server even read its bytes simply resends them after HEAD)
            awaitOffset(location, upTo);
        }
    }

    private static long awaitOffset(String location, long expected) throws Exception {
        Instant end = Instant.now().plusSeconds(20);
        long offset = -1;
        while (Instant.now().isBefore(end)) {
            offset = Long.parseLong(head(location).headers().firstValue("Upload-Offset").orElse("-1"));
            if (offset == expected) {
                return offset;
            }
            Thread.sleep(50);
        }
        return offset;
    }

    private static HttpRequest.Builder authorized(String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).header("Authorization", "Bearer " + app.token())
                .header("Tus-Resumable", "1.0.0");
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(authorized(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> patch(String location, long offset, byte[] bytes) throws Exception {
        return HTTP.send(authorized(location).header("Upload-Offset", String.valueOf(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> head(String location) throws Exception {
        return HTTP.send(authorized(location).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> inboxFiles() throws Exception {
        try (Stream<Path> files = Files.walk(app.inbox())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> uploadFolders() throws Exception {
        try (Stream<Path> folders = Files.list(app.data().resolve("uploads"))) {
            return folders.toList();
        }
    }

    private static JsonNode awaitHook(String assetId, String type) throws Exception {
        for (int i = 0; i < 300; i++) {
            List<WebhookReceiver.Received> got = hooks.accepted(assetId, type);
            if (!got.isEmpty()) {
                return got.get(0).json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never delivered: " + type);
    }
}
