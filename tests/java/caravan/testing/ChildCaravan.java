package caravan.testing;

import caravan.asset.Json;
import caravan.wiring.Caravan;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Caravan as a separate process (as an operator runs it), so a test can kill it with SIGKILL and start it again. */
public final class ChildCaravan implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final Path data;
    private final int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpClient viewer = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();

    private ChildCaravan(Process process, int httpPort, int managementPort, Path data) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.data = data;
    }

    /** Caravan exactly as {@code ./caravan run} starts it: the JVM options of config/jvm.options and no test settings. */
    public static ChildCaravan startWithDefaults(Path data, Map<String, String> env, Path log) throws Exception {
        List<String> options = Files.readAllLines(Path.of("config", "jvm.options")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        return launch(data, CaravanApp.freePort(), env, log, options);
    }

    /**
     * As {@link #startWithDefaults(Path, Map, Path)}, run through {@code wrapper} (e.g. {@code taskset -c 0}: Caravan
     * and every ffmpeg it starts on one core).
     */
    public static ChildCaravan startWithDefaults(Path data, Map<String, String> env, Path log, List<String> wrapper) throws Exception {
        List<String> options = Files.readAllLines(Path.of("config", "jvm.options")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        return launch(data, CaravanApp.freePort(), env, log, options, wrapper);
    }

    public static ChildCaravan start(Path data, int httpPort, Map<String, String> env, Path log) throws Exception {
        return start(data, httpPort, env, log, List.of());
    }

    public static ChildCaravan start(Path data, int httpPort, Map<String, String> env, Path log, List<String> jvmProperties) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Xmx512m", "-Dcaravan.ingest.pollMillis=200",
                "-Dcaravan.ingest.stableMillis=500", "-Dcaravan.webhook.pollMillis=200"));
        options.addAll(jvmProperties);
        return launch(data, httpPort, env, log, options);
    }

    /** As {@link #startWithDefaults}, from a shell that set this umask first (e.g. "022"), as a login shell would. */
    public static ChildCaravan startWithUmask(Path data, Map<String, String> env, Path log, String umask) throws Exception {
        List<String> options = Files.readAllLines(Path.of("config", "jvm.options")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        return launch(data, CaravanApp.freePort(), env, log, options, List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
    }

    private static ChildCaravan launch(Path data, int httpPort, Map<String, String> env, Path log, List<String> jvmOptions) throws Exception {
        return launch(data, httpPort, env, log, jvmOptions, List.of());
    }

    private static ChildCaravan launch(Path data, int httpPort, Map<String, String> env, Path log, List<String> jvmOptions,
                                       List<String> wrapper) throws Exception {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Caravan.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("CARAVAN_DATA", data.toString());
        pb.environment().put("CARAVAN_HTTP_PORT", String.valueOf(httpPort));
        int managementPort = CaravanApp.freePort();
        pb.environment().put("CARAVAN_MANAGEMENT_PORT", String.valueOf(managementPort));
        pb.environment().putAll(env);
        ChildCaravan child = new ChildCaravan(pb.start(), httpPort, managementPort, data);
        child.awaitUp();
        return child;
    }

    /** A child JVM starts in a few seconds on a quiet machine; on a busy one (CI on 2 cores) it may take far longer. */
    private static final int START_SECONDS = 120;

    private void awaitUp() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Caravan exited with " + process.exitValue());
            }
            try {
                if (Files.exists(data.resolve("api-token")) && get("/api/assets").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Caravan did not start in " + START_SECONDS + " s");
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        String token = Files.readString(data.resolve("api-token")).trim();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The asset list's items ({@code GET /api/assets}) once it holds exactly one asset and that one is READY, or as it
     * is after {@code seconds}.
     */
    public JsonNode awaitOneReadyAsset(int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode items = null;
        while (System.nanoTime() < deadline) {
            items = Json.MAPPER.readTree(get("/api/assets").body()).path("items");
            if (items.size() == 1 && items.get(0).path("status").asText().equals("READY")) {
                break;
            }
            Thread.sleep(100);
        }
        return items;
    }

    /** POSTs {@code body} as {@code contentType} with the API token. */
    public HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Bearer " + token()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The import's status ({@code GET /api/imports/<id>}) once {@code condition} holds, polled for up to {@code seconds}. */
    public JsonNode awaitImport(String id, java.util.function.Predicate<JsonNode> condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            s = Json.MAPPER.readTree(get("/api/imports/" + id).body());
            if (condition.test(s)) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The import did not get there in " + seconds + " s; last: " + s);
    }

    /** A page of the management port (metrics, health), unauthenticated as Prometheus scrapes it. */
    public String management(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The machine dies: SIGKILL to this process and everything it started (ffmpeg included). */
    public void killWithChildren() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        kill();
    }

    /** SIGKILL: no shutdown hooks, no cleanup, like a power cut for this process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the process to end by itself; returns its exit status. */
    public int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Caravan did not exit within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** SIGTERM, as an orchestrator stops a container; returns the exit status once the process has ended. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Caravan did not exit within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /**
     * Stops Caravan, after checking every READY asset it published under {@code media/} against Apple's HLS authoring
     * rules ({@link HlsConformance}), as {@link CaravanApp#close()} does: a violation fails the test that closes it. A
     * process that is no longer running (killed by the test) is not asked.
     */
    @Override
    public void close() throws Exception {
        List<String> nonConforming;
        try {
            nonConforming = process.isAlive() ? publishedAssetsNotConforming() : List.of();
        } finally {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (!nonConforming.isEmpty()) {
            throw new AssertionError(String.join("\n", nonConforming));
        }
    }

    private List<String> publishedAssetsNotConforming() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        String after = null;
        do {
            HttpResponse<String> page = get("/api/assets?limit=100" + (after == null ? "" : "&after=" + after));
            if (page.statusCode() != 200) {
                return out; // a test that broke the API on purpose: nothing to list
            }
            JsonNode body = Json.MAPPER.readTree(page.body());
            for (JsonNode asset : body.path("items")) {
                String id = asset.path("id").asText();
                Path folder = data.resolve("media").resolve(id);
                if (!"READY".equals(asset.path("status").asText()) || !Files.isRegularFile(folder.resolve("master.m3u8"))) {
                    continue; // not published here (a duplicate, or published to a bucket)
                }
                if (send(viewer, HttpRequest.newBuilder(uri("/api/assets/" + id + "/playback")).header("Authorization", "Bearer " + token())
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode() != 200) {
                    System.out.println("HLS conformance of " + id + " skipped: no playback grant to fetch its keys");
                    continue;
                }
                Map<String, byte[]> keys = new java.util.HashMap<>();
                HlsConformance.Report report = HlsConformance.check(folder, keyUri -> keys.computeIfAbsent(keyUri, this::keyAt));
                System.out.println(report.describe());
                if (!report.conforms()) {
                    out.add(report.describe());
                }
            }
            after = body.path("next").isTextual() ? body.path("next").asText() : null;
        } while (after != null);
        return out;
    }

    private byte[] keyAt(String keyUri) {
        try {
            HttpResponse<byte[]> key = viewer.send(HttpRequest.newBuilder(uri(keyUri)).build(), HttpResponse.BodyHandlers.ofByteArray());
            // a test that spent the key server's rate limit on purpose: wait as its Retry-After says, as a player would
            for (int tries = 0; key.statusCode() == 429 && tries < 20; tries++) {
                Thread.sleep(Math.max(1, Math.min(key.headers().firstValueAsLong("Retry-After").orElse(1), 5)) * 1000);
                key = viewer.send(HttpRequest.newBuilder(uri(keyUri)).build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            if (key.statusCode() != 200) {
                throw new IllegalStateException("the key " + keyUri + " was refused: " + key.statusCode());
            }
            return key.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private String token() throws IOException {
        return Files.readString(data.resolve("api-token")).trim();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
