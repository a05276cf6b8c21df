package caravan.testing;

import caravan.hawtio.HawtioLauncher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Hawtio launcher in its own JVM, started with the arguments {@code ./caravan hawtio} gives it. Its own process
 * matters: Hawtio registers MBeans of its own, and in Caravan's JVM they would change what Hawtio finds there.
 */
public final class HawtioLauncherProcess implements AutoCloseable {
    public static final Path WAR = Path.of("target", "hawtio", "hawtio.war");

    private final Process process;
    private final Path log;
    private final URI url;

    private HawtioLauncherProcess(Process process, Path log, URI url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    public static HawtioLauncherProcess start(URI jolokia, Path usersFile, Path log) throws Exception {
        int port = CaravanApp.freePort();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), HawtioLauncher.class.getName(),
                "--jolokia", jolokia.toString(), "--users", usersFile.toString(), "--port", String.valueOf(port),
                "--war", WAR.toString());
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HawtioLauncherProcess launcher = new HawtioLauncherProcess(process, log, URI.create("http://127.0.0.1:" + port + "/"));
        launcher.awaitUp();
        return launcher;
    }

    private void awaitUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Hawtio launcher exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (output().contains("Hawtio for Caravan: open")
                        && http.send(HttpRequest.newBuilder(url.resolve("/hawtio/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The Hawtio launcher did not start in 30 s:\n" + output());
    }

    /** The start page the launcher tells the operator to open. */
    public URI url() {
        return url;
    }

    /** What the launcher printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
