package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.delivery.CloudFrontBase64;
import caravan.testing.CaravanApp;
import caravan.testing.MediaInspector;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local origin enforces what CloudFront would: grants signed by our key (and interoperable with openssl, as
 * AWS documents), bound to one asset's folder and a time window; segments are AES-128 and the key goes only to
 * holders of a grant; every grant and key fetch is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class PlaybackSecurityTest {
    private static final String ALLOWED_ORIGIN = "http://player.example";
    @TempDir
    static Path data;
    CaravanApp app;
    Asset asset;
    Asset other;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(data, Map.of("caravan.delivery.allowedOrigin", ALLOWED_ORIGIN));
        app.dropText("secured.json", "{\"title\": \"Secured lecture\", \"sensitive\": {\"mrn\": \"MRN-SECRET-4242\"}}");
        app.drop(TestClips.variant(TestClips.landscape(13), "secured"), "secured.mp4");
        app.drop(TestClips.variant(TestClips.noAudio(), "other-asset"), "other.mp4");
        asset = app.awaitOutcome("secured.mp4", Duration.ofSeconds(90));
        other = app.awaitOutcome("other.mp4", Duration.ofSeconds(90));
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(other.getStatus()).isEqualTo(AssetStatus.READY);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void aGrantSetsScopedHttpOnlyCookiesAndOpensMasterVariantSegmentAndKey() throws Exception {
        HttpResponse<String> grant = app.grant(asset.getId(), "{\"ttlSeconds\": 600, \"viewer\": \"student-17\"}");
        assertThat(grant.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(grant.body());
        assertThat(body.path("masterUrl").asText()).startsWith(app.baseUrl() + "/media/" + asset.getId() + "/master.m3u8?Policy=");
        assertThat(body.path("expiresAt").asText()).isNotBlank();
        List<String> cookies = grant.headers().allValues("set-cookie");
        assertThat(cookies).hasSize(6).allSatisfy(c -> assertThat(c).contains("HttpOnly").doesNotContain("Secure"));
        assertThat(cookies).anyMatch(c -> c.startsWith("CloudFront-Policy=") && c.contains("Path=/media/" + asset.getId() + "/"));
        assertThat(cookies).anyMatch(c -> c.startsWith("CloudFront-Key-Pair-Id=") && c.contains("Path=/keys/" + asset.getId()));

        String id = asset.getId();
        HttpResponse<byte[]> master = app.viewerGet("/media/" + id + "/master.m3u8");
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.headers().firstValue("content-type")).hasValue("application/vnd.apple.mpegurl");
        assertThat(master.headers().firstValue("cache-control").orElse("")).contains("no-cache");
        HttpResponse<byte[]> variant = app.viewerGet("/media/" + id + "/480p/index.m3u8");
        assertThat(variant.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> segment = app.viewerGet("/media/" + id + "/480p/segment_00000.ts");
        assertThat(segment.statusCode()).isEqualTo(200);
        assertThat(segment.headers().firstValue("content-type")).hasValue("video/mp2t");
        assertThat(segment.headers().firstValue("cache-control").orElse("")).contains("immutable");
        HttpResponse<byte[]> key = app.viewerGet("/keys/" + id);
        assertThat(key.statusCode()).isEqualTo(200);
        assertThat(key.body()).hasSize(16);
        assertThat(key.headers().firstValue("cache-control")).hasValue("no-store");
    }

    @Test
    void grantsAreRefusedForAssetsThatAreNotReadyAndWithoutTheToken() throws Exception {
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/assets/" + asset.getId() + "/playback"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().allValues("set-cookie")).isEmpty();
        assertThat(app.grant("nosuchasset", "{}").statusCode()).isEqualTo(404);
        assertThat(app.grant(asset.getId(), "{\"ttlSeconds\": 999999999}").statusCode()).isEqualTo(400);
    }

    @Test
    void aGrantEchoesNeitherQueryParametersNorRequestHeaders() throws Exception {
        HttpResponse<String> grant = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/assets/" + asset.getId()
                        + "/playback?Access-Control-Allow-Origin=http://evil.example&Set-Cookie=session%3Devil"))
                .header("Authorization", "Bearer " + app.token()).header("X-Echo", "echo-me")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(grant.statusCode()).isEqualTo(200);
        assertThat(grant.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("access-control-allow-origin")
                || h.equalsIgnoreCase("x-echo") || h.equalsIgnoreCase("authorization"));
        assertThat(grant.headers().allValues("set-cookie")).hasSize(6).noneMatch(c -> c.contains("evil"));
    }

    @Test
    void ourSignatureVerifiesWithOpensslAndOpensslsSignatureOpensTheOrigin() throws Exception {
        HttpResponse<String> grant = app.grant(asset.getId(), "{}");
        String policy = cookie(grant, "CloudFront-Policy");
        String signature = cookie(grant, "CloudFront-Signature");
        Path policyFile = Files.write(data.resolve("policy.json"), CloudFrontBase64.decode(policy));
        Path signatureFile = Files.write(data.resolve("policy.sig"), CloudFrontBase64.decode(signature));
        assertThat(run("openssl", "dgst", "-sha1", "-verify", data.resolve("delivery-public.pem").toString(),
                "-signature", signatureFile.toString(), policyFile.toString())).contains("Verified OK");

        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        String ours = opensslCookies(policy(resource(asset.getId()), inAnHour, null));
        assertThat(get("/media/" + asset.getId() + "/master.m3u8", ours)).isEqualTo(200);
    }

    @Test
    void everyWrongGrantIsA403() throws Exception {
        String id = asset.getId();
        long now = System.currentTimeMillis() / 1000;
        String path = "/media/" + id + "/480p/segment_00000.ts";
        String valid = opensslCookies(policy(resource(id), now + 3600, null));
        assertThat(get(path, valid)).isEqualTo(200);

        assertThat(get(path, null)).as("no cookie").isEqualTo(403);
        assertThat(get(path, valid.replace("CloudFront-Policy=eyJ", "CloudFront-Policy=eyK"))).as("tampered policy").isEqualTo(403);
        String sig = valid.replaceAll(".*CloudFront-Signature=([^;]+).*", "$1");
        String flipped = (sig.charAt(10) == 'A' ? "B" : "A");
        assertThat(get(path, valid.replace(sig, sig.substring(0, 10) + flipped + sig.substring(11)))).as("tampered signature").isEqualTo(403);
        assertThat(get(path, valid.replaceAll("CloudFront-Key-Pair-Id=[^;]+", "CloudFront-Key-Pair-Id=KOTHER"))).as("other key pair").isEqualTo(403);
        assertThat(get(path, opensslCookies(policy(resource(id), now - 10, null)))).as("expired").isEqualTo(403);
        assertThat(get(path, opensslCookies(policy(resource(id), now + 3600, now + 600)))).as("not yet valid").isEqualTo(403);
        assertThat(get("/media/" + other.getId() + "/master.m3u8", valid)).as("another asset").isEqualTo(403);
        assertThat(get("/keys/" + other.getId(), valid)).as("another asset's key").isEqualTo(403);

        String otherMaster = other.getId() + "/master.m3u8";
        for (String traversal : List.of("/media/" + id + "/../" + otherMaster, "/media/" + id + "/%2e%2e/" + otherMaster,
                "/media/" + id + "/..%2f" + otherMaster, "/media/" + id + "/480p/../../" + otherMaster,
                "/media/" + id + "/%2E%2E%2F" + otherMaster, "/media/" + id + "/", "/media/" + id + "/480p/")) {
            assertThat(rawGet(traversal, valid)).as(traversal).isEqualTo(403);
        }
        Path link = data.resolve("media").resolve(id).resolve("480p").resolve("leak.ts");
        Files.createSymbolicLink(link, data.resolve("api-token"));
        try {
            assertThat(get("/media/" + id + "/480p/leak.ts", valid)).as("symlink out of the folder").isEqualTo(404);
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void rangeRequestsAndCorsWorkForTheConfiguredOriginOnly() throws Exception {
        String cookies = opensslCookies(policy(resource(asset.getId()), System.currentTimeMillis() / 1000 + 3600, null));
        URI segment = URI.create(app.baseUrl() + "/media/" + asset.getId() + "/480p/segment_00000.ts");
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(segment).header("Cookie", cookies).header("Range", "bytes=0-187")
                .header("Origin", ALLOWED_ORIGIN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(188);
        assertThat(part.headers().firstValue("content-range").orElse("")).startsWith("bytes 0-187/");
        assertThat(part.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(part.headers().firstValue("access-control-allow-credentials")).hasValue("true");
        HttpResponse<byte[]> foreign = http.send(HttpRequest.newBuilder(segment).header("Cookie", cookies)
                .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(foreign.statusCode()).isEqualTo(200);
        assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();
        HttpResponse<byte[]> beyond = http.send(HttpRequest.newBuilder(segment).header("Cookie", cookies)
                .header("Range", "bytes=999999999-").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(beyond.statusCode()).isEqualTo(416);
    }

    @Test
    void aSignedUrlAloneIsEnoughForClientsWithoutCookies() throws Exception {
        String masterUrl = Json.MAPPER.readTree(app.grant(asset.getId(), "{}").body()).path("masterUrl").asText();
        HttpResponse<String> master = http.send(HttpRequest.newBuilder(URI.create(masterUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(master.statusCode()).isEqualTo(200);
        String variantUri = master.body().lines().filter(l -> l.startsWith("480p/")).findFirst().orElseThrow();
        assertThat(variantUri).contains("?Policy=");
        URI variantUrl = URI.create(masterUrl).resolve(variantUri);
        String variant = http.send(HttpRequest.newBuilder(variantUrl).build(), HttpResponse.BodyHandlers.ofString()).body();
        String keyUri = variant.lines().filter(l -> l.startsWith("#EXT-X-KEY")).findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
        String segmentUri = variant.lines().filter(l -> l.startsWith("segment_")).findFirst().orElseThrow();
        assertThat(http.send(HttpRequest.newBuilder(variantUrl.resolve(segmentUri)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(variantUrl.resolve(keyUri)).build(), HttpResponse.BodyHandlers.ofByteArray()).body()).hasSize(16);
        String unsigned = masterUrl.substring(0, masterUrl.indexOf('?'));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(unsigned)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
    }

    @Test
    void segmentsAreAes128AndDecodeOnlyWithTheKey() throws Exception {
        Path published = data.resolve("media").resolve(asset.getId()).resolve("480p");
        String playlist = Files.readString(published.resolve("index.m3u8"));
        assertThat(playlist).contains("#EXT-X-KEY:METHOD=AES-128,URI=\"/keys/" + asset.getId() + "\"");
        try (var files = Files.walk(data.resolve("media").resolve(asset.getId()))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".key") || n.endsWith(".keyinfo"));
        }
        Path segment = published.resolve("segment_00001.ts");
        JsonNode withoutKey = MediaInspector.firstStream(MediaInspector.probe(segment), "video");
        // random-looking bytes: ffprobe finds no stream, or guesses a bogus one; never the H.264 picture
        assertThat(withoutKey == null || !withoutKey.path("codec_name").asText().equals("h264") || withoutKey.path("height").asInt() == 0)
                .as("no decodable video without the key: %s", withoutKey).isTrue();

        byte[] key = app.contentKey(asset.getId());
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(ByteBuffer.allocate(16).putLong(8, 1).array()));
        Path clear = Files.write(data.resolve("clear.ts"), aes.doFinal(Files.readAllBytes(segment)));
        JsonNode video = MediaInspector.firstStream(MediaInspector.probe(clear), "video");
        assertThat(video.path("codec_name").asText()).isEqualTo("h264");
        assertThat(video.path("height").asInt()).isEqualTo(480);
    }

    @Test
    void grantsAndKeyFetchesAreAuditedWithoutSidecarContent() throws Exception {
        app.grant(asset.getId(), "{\"viewer\": \"dr-who\"}");
        app.viewerGet("/keys/" + asset.getId());
        get("/keys/" + asset.getId(), null);
        String audit = app.get("/api/assets/" + asset.getId() + "/audit", app.token()).body();
        JsonNode items = Json.MAPPER.readTree(audit).path("items");
        assertThat(items.findValuesAsText("action")).contains("status", "playback-grant", "key-fetch");
        assertThat(items).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("playback-grant");
            assertThat(e.path("actor").asText()).contains("dr-who");
            assertThat(e.path("remote").asText()).startsWith("127.0.0.1");
        });
        assertThat(items).anyMatch(e -> e.path("action").asText().equals("key-fetch") && e.path("outcome").asText().equals("granted"));
        assertThat(items).anyMatch(e -> e.path("action").asText().equals("key-fetch") && e.path("outcome").asText().equals("denied"));
        assertThat(items).anyMatch(e -> e.path("detail").asText().equals("TRANSCODING -> PUBLISHING"));
        assertThat(audit).doesNotContain("MRN-SECRET-4242", "Secured lecture");
        assertThat(app.get("/api/assets/" + asset.getId() + "/audit", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aFailedAssetCanBeRetriedFromItsKeptSource() throws Exception {
        app.dropText("fixable.json", "{\"tags\": \"not-a-list\"}");
        app.drop(TestClips.variant(TestClips.audioOnly(), "fixable"), "fixable.m4a");
        Asset failed = app.awaitOutcome("fixable.m4a", Duration.ofSeconds(60));
        assertThat(failed.getError().code()).isEqualTo("SIDECAR_INVALID");
        assertThat(app.get("/api/assets/" + asset.getId() + "/retry", app.token()).statusCode()).isEqualTo(405);

        Files.writeString(data.resolve("failed").resolve(failed.getId()).resolve("sidecar.json"), "{\"tags\": [\"fixed\"]}");
        HttpResponse<String> retried = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/assets/" + failed.getId() + "/retry"))
                .header("Authorization", "Bearer " + app.token()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(retried.statusCode()).isEqualTo(202);
        Asset ready = app.await("fixable.m4a", a -> a.getStatus() == AssetStatus.READY, Duration.ofSeconds(60));
        assertThat(ready.getRun()).isEqualTo(2);
        assertThat(ready.getMetadata()).containsEntry("tags", List.of("fixed"));
        assertThat(data.resolve("failed").resolve(failed.getId())).doesNotExist();
        assertThat(app.get("/api/assets/" + failed.getId() + "/audit", app.token()).body()).contains("\"retry\"");
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/assets/" + failed.getId() + "/retry"))
                .header("Authorization", "Bearer " + app.token()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(409);
    }

    private static String resource(String assetId) {
        return "%s/media/" + assetId + "/*";
    }

    private String policy(String resourceTemplate, long until, Long notBefore) {
        String condition = "{\"DateLessThan\":{\"AWS:EpochTime\":" + until + "}"
                + (notBefore == null ? "" : ",\"DateGreaterThan\":{\"AWS:EpochTime\":" + notBefore + "}") + "}";
        return "{\"Statement\":[{\"Resource\":\"" + resourceTemplate.formatted(app.baseUrl()) + "\",\"Condition\":" + condition + "}]}";
    }

    /** Signs a policy the way AWS documents it: openssl sha1 -sign, base64, then CloudFront's character swaps. */
    private String opensslCookies(String policy) throws Exception {
        Path file = Files.writeString(Files.createTempFile(data, "policy", ".json"), policy);
        Process p = new ProcessBuilder("openssl", "sha1", "-sign", data.resolve("delivery-private.pem").toString(), file.toString()).start();
        byte[] signature = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String keyPairId = cookie(app.grant(asset.getId(), "{}"), "CloudFront-Key-Pair-Id");
        return "CloudFront-Policy=" + CloudFrontBase64.encode(policy.getBytes(StandardCharsets.UTF_8))
                + "; CloudFront-Signature=" + CloudFrontBase64.encode(signature) + "; CloudFront-Key-Pair-Id=" + keyPairId;
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private int get(String path, String cookies) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
        if (cookies != null) {
            b.header("Cookie", cookies);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A request with the path exactly as written: no client-side normalisation of dot segments or escapes. */
    private int rawGet(String path, String cookies) throws IOException {
        URI base = URI.create(app.baseUrl());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nCookie: " + cookies
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }
}
