package caravan.testing;

import caravan.wiring.Caravan;

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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
