package caravan.testing;

import caravan.wiring.Caravan;
import caravan.wiring.CaravanConfiguration;
import caravan.asset.Asset;
import caravan.store.AssetStore;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Caravan's real Camel context, started in this JVM on a temporary data folder and free ports. */
public final class CaravanApp implements AutoCloseable {
    private final Main main;
    private final Path data;
    private final int httpPort;
    private final int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.net.CookieManager cookies = new java.net.CookieManager();
    private final HttpClient viewer = HttpClient.newBuilder().cookieHandler(cookies).build();

    private CaravanApp(Main main, Path data, int httpPort, int managementPort) {
        this.main = main;
        this.data = data;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    public static CaravanApp start(Path data, Map<String, String> settings) throws Exception {
        int httpPort = freePort();
        int managementPort = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("caravan.data", data.toString());
        all.put("caravan.http.port", String.valueOf(httpPort));
        all.put("caravan.management.port", String.valueOf(managementPort));
        all.put("caravan.ingest.pollMillis", "200");
        all.put("caravan.ingest.stableMillis", "500");
        all.put("caravan.webhook.pollMillis", "200");
        all.put("caravan.retry.delayMillis", "100");
        all.put("caravan.workers", "2");
        all.putAll(settings);
        Main main = new Main(Caravan.class);
        main.configure().addConfiguration(CaravanConfiguration.class);
        all.forEach(main::addOverrideProperty);
        main.start();
        return new CaravanApp(main, data, httpPort, managementPort);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public Path data() {
        return data;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path inbox() {
        return data.resolve("inbox");
    }

    public AssetStore store() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("assetStore", AssetStore.class);
    }

    public caravan.notify.Outbox outbox() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("outbox", caravan.notify.Outbox.class);
    }

    public String token() throws IOException {
        return Files.readString(data.resolve("api-token")).trim();
    }

    public String webhookSecret() throws IOException {
        return Files.readString(data.resolve("webhook-secret")).trim();
    }

    /** Copies a file into the inbox the way a careful uploader does: under a hidden name, then renamed. */
    public Path drop(Path file, String relativeName) throws IOException {
        Path target = inbox().resolve(relativeName);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".uploading");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    public Path dropText(String relativeName, String content) throws IOException {
        Path tmp = Files.createTempFile(data, "text", ".tmp");
        Files.writeString(tmp, content);
        Path dropped = drop(tmp, relativeName);
        Files.delete(tmp);
        return dropped;
    }

    public Optional<Asset> bySourceName(String relativeName) {
        return store().list(1000, null).stream().filter(a -> relativeName.equals(a.getSource().name())).findFirst();
    }

    /** Waits until the asset dropped under this name reaches an outcome (READY, FAILED, DUPLICATE). */
    public Asset awaitOutcome(String relativeName, Duration timeout) throws InterruptedException {
        return await(relativeName, a -> a.getStatus().isOutcome(), timeout);
    }

    public Asset await(String relativeName, Predicate<Asset> condition, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        Asset last = null;
        while (Instant.now().isBefore(end)) {
            last = bySourceName(relativeName).orElse(null);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Asset '" + relativeName + "' did not get there in " + timeout + "; last seen: "
                + (last == null ? "nothing" : last.getStatus() + " " + last.getError()));
    }

    public HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Asks the API for a playback grant as the web page does; the viewer client keeps the cookies. */
    public HttpResponse<String> grant(String assetId, String body) throws IOException, InterruptedException {
        return viewer.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/assets/" + assetId + "/playback"))
                .header("Authorization", "Bearer " + token())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET by the viewer that holds the grant cookies. */
    public HttpResponse<byte[]> viewerGet(String path) throws IOException, InterruptedException {
        return viewer.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A POST by the viewer that holds the grant cookies (a CMAF player's licence request). */
    public HttpResponse<String> viewerPost(String path, String body) throws IOException, InterruptedException {
        return viewer.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The asset's AES-128 key, fetched the way a player does: grant, then the key URL with the cookies. */
    public byte[] contentKey(String assetId) throws IOException, InterruptedException {
        if (grant(assetId, "{}").statusCode() != 200) {
            throw new IllegalStateException("no grant for " + assetId);
        }
        HttpResponse<byte[]> key = viewerGet("/keys/" + assetId);
        if (key.statusCode() != 200) {
            throw new IllegalStateException("key refused: " + key.statusCode());
        }
        return key.body();
    }

    public HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public List<Path> filesUnder(String folder) throws IOException {
        try (var s = Files.walk(data.resolve(folder))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * Stops Caravan, after checking every READY asset it published under {@code media/} against Apple's HLS
     * authoring rules ({@link HlsConformance}): a violation fails the test that closes this app.
     */
    @Override
    public void close() throws Exception {
        List<String> nonConforming;
        try {
            nonConforming = publishedAssetsNotConforming();
        } finally {
            main.stop();
            main.shutdown();
        }
        if (!nonConforming.isEmpty()) {
            throw new AssertionError(String.join("\n", nonConforming));
        }
    }

    private List<String> publishedAssetsNotConforming() throws Exception {
        if (!main.isStarted() || main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (Asset asset : store().list(1000, null)) {
            Path folder = data.resolve("media").resolve(asset.getId());
            if (asset.getStatus() != caravan.asset.AssetStatus.READY || !Files.isRegularFile(folder.resolve("master.m3u8"))) {
                continue; // not published here (a duplicate, or published to a bucket)
            }
            if (grant(asset.getId(), "{}").statusCode() != 200) {
                System.out.println("HLS conformance of " + asset.getId() + " skipped: no playback grant to fetch its keys");
                continue;
            }
            Map<String, byte[]> keys = new java.util.HashMap<>();
            String id = asset.getId();
            HlsConformance.Report report = HlsConformance.check(folder, uri -> keys.computeIfAbsent(uri,
                    u -> u.startsWith("data:") ? clearKey(id, u) : keyAt(u)));
            System.out.println(report.describe());
            if (!report.conforms()) {
                out.add(report.describe());
            }
        }
        return out;
    }

    /** A CMAF asset's key, as hls.js gets it: the KID from the EXT-X-KEY's data URI, then a ClearKey licence request. */
    private byte[] clearKey(String assetId, String dataUri) {
        try {
            byte[] kid = java.util.Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf("base64,") + 7));
            HttpResponse<String> licence = viewerPost("/keys/" + assetId + "/clearkey", "{\"kids\":[\""
                    + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(kid) + "\"],\"type\":\"temporary\"}");
            var keys = caravan.asset.Json.MAPPER.readTree(licence.body()).path("keys");
            if (licence.statusCode() != 200 || keys.isEmpty()) {
                throw new IllegalStateException("the licence for " + assetId + " was refused: " + licence.statusCode());
            }
            return java.util.Base64.getUrlDecoder().decode(keys.get(0).path("k").asText());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private byte[] keyAt(String uri) {
        try {
            HttpResponse<byte[]> key = viewerGet(uri);
            // a test that spent the key server's rate limit on purpose: wait as its Retry-After says, as a player would
            for (int tries = 0; key.statusCode() == 429 && tries < 20; tries++) {
                long seconds = key.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Math.max(1, Math.min(seconds, 5)) * 1000);
                key = viewerGet(uri);
            }
            if (key.statusCode() != 200) {
                throw new IllegalStateException("the key " + uri + " was refused: " + key.statusCode());
            }
            return key.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
