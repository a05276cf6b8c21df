package caravan.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The AWS emulator (moto's server, `moto_server`, in the machine's Python; elsewhere `pip install "moto[server]"`)
 * on a free loopback port, started for a test class and stopped after it. One per JVM is shared.
 */
public final class MotoServer {
    private static MotoServer shared;
    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized MotoServer shared() throws Exception {
        if (shared == null || !shared.process.isAlive()) {
            int port = CaravanApp.freePort();
            Path log = Files.createTempFile("moto", ".log");
            Process p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            shared = new MotoServer(p, port);
            shared.awaitUp(log);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
            System.setProperty("aws.region", "us-east-1");
        }
        return shared;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitUp(Path log) throws Exception {
        for (int i = 0; i < 200; i++) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
                c.setConnectTimeout(200);
                if (c.getResponseCode() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("moto_server did not start: " + Files.readString(log));
    }
}
