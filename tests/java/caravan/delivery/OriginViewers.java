package caravan.delivery;

import caravan.testing.ChildCaravan;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * Viewers of one asset on a Caravan running in its own JVM: they hold a grant signed with that Caravan's key pair (as
 * the API would issue it), read responses as a stream (counting and checksumming, never keeping the body), and can
 * come many at once while the Caravan's heap is watched through its Prometheus metrics. Shared by the origin's tests
 * and benchmark P9; traffic goes to 127.0.0.1 only.
 */
public final class OriginViewers {
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+-]+)$");

    private final ChildCaravan app;
    private final String base;
    private final String cookies;
    private final HttpClient http;
    private final HttpClient http2;

    public OriginViewers(ChildCaravan app, Path data, String assetId) {
        this.app = app;
        this.base = "http://127.0.0.1:" + app.httpPort();
        SigningKeys keys = SigningKeys.openOrCreate(data.resolve("delivery-private.pem"), data.resolve("delivery-public.pem"), null);
        PlaybackGrant grant = new PlaybackSigner(keys, Clock.systemUTC(), null).grant(base, assetId, 3600, false);
        this.cookies = grant.setCookieHeaders().stream().filter(c -> c.contains("Path=/media/"))
                .map(c -> c.substring(0, c.indexOf(';'))).collect(Collectors.joining("; "));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        this.http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** What a viewer got: status, headers, how many body bytes, their CRC-32, and 16 bytes at each probed offset. */
    public record Fetched(int status, HttpClient.Version version, HttpHeaders headers, long bytes, long crc, byte[][] probes) {
        public long contentLength() {
            return headers.firstValueAsLong("content-length").orElse(-1);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** GETs {@code path} (with a Range header unless null), reading the body as it arrives. */
    public Fetched fetch(String path, String range, long... probeOffsets) throws IOException, InterruptedException {
        return fetchAtMost(path, range, Long.MAX_VALUE, probeOffsets);
    }

    /** As {@link #fetch(String, String, long...)}, hanging up once {@code atMost} bytes have arrived (a viewer who leaves). */
    public Fetched fetchAtMost(String path, String range, long atMost, long... probeOffsets) throws IOException, InterruptedException {
        return fetch(http, path, range, atMost, probeOffsets);
    }

    /** As {@link #fetchAtMost}, over HTTP/2 (h2c, by upgrade: what java.net.http and curl --http2 try on plain HTTP). */
    public Fetched fetchOverHttp2(String path, String range, long atMost, long... probeOffsets) throws IOException, InterruptedException {
        return fetch(http2, path, range, atMost, probeOffsets);
    }

    private Fetched fetch(HttpClient client, String path, String range, long atMost, long... probeOffsets)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookies).timeout(Duration.ofMinutes(2));
        if (range != null) {
            b.header("Range", range);
        }
        HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[][] probes = new byte[probeOffsets.length][16];
        CRC32 crc = new CRC32();
        long position = 0;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[256 * 1024];
            for (int n; position < atMost && (n = in.read(buf)) != -1; position += n) {
                crc.update(buf, 0, n);
                for (int p = 0; p < probeOffsets.length; p++) {
                    for (int i = 0; i < 16; i++) {
                        long at = probeOffsets[p] + i;
                        if (at >= position && at < position + n) {
                            probes[p][i] = buf[(int) (at - position)];
                        }
                    }
                }
            }
        }
        return new Fetched(response.statusCode(), response.version(), response.headers(), position, crc.getValue(), probes);
    }

    /** How a load went: requests answered 200 with the whole body, the others, the wall time, the peak heap seen. */
    public record Load(int complete, int failed, double seconds, double peakHeapMiB, List<String> failures) {
        public double perSecond() {
            return complete / seconds;
        }
    }

    /**
     * {@code total} GETs of {@code path} by {@code concurrency} viewers at once; a request counts as complete when it
     * answered 200 with exactly {@code expectedBytes} bytes of checksum {@code expectedCrc}. The Caravan's used heap
     * is sampled every 50 ms meanwhile.
     */
    public Load load(String path, int total, int concurrency, long expectedBytes, long expectedCrc) throws Exception {
        ExecutorService viewers = Executors.newFixedThreadPool(concurrency);
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        double[] peak = {heapMiB()};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    double now = heapMiB();
                    synchronized (peak) {
                        peak[0] = Math.max(peak[0], now);
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // a missed sample
                }
            }
        }, "heap sampler");
        sampler.setDaemon(true);
        long start = System.nanoTime();
        sampler.start();
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            results.add(viewers.submit(() -> {
                try {
                    Fetched f = fetch(path, null);
                    boolean ok = f.status() == 200 && f.bytes() == expectedBytes && f.crc() == expectedCrc;
                    if (!ok) {
                        failures.add("status " + f.status() + ", " + f.bytes() + " bytes");
                    }
                    return ok;
                } catch (IOException e) {
                    failures.add(e.toString());
                    return false;
                }
            }));
        }
        int complete = 0;
        for (Future<Boolean> r : results) {
            complete += r.get() ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        viewers.shutdown();
        viewers.awaitTermination(10, TimeUnit.SECONDS);
        synchronized (peak) {
            return new Load(complete, total - complete, seconds, Math.max(peak[0], heapMiB()), List.copyOf(failures));
        }
    }

    /** The Caravan JVM's used heap now, in MiB (all heap pools, from its Prometheus metrics). */
    public double heapMiB() throws IOException {
        try {
            Matcher m = HEAP.matcher(app.management("/observe/metrics"));
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum / (1024 * 1024);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The Caravan JVM's open descriptors on this file (from /proc). */
    public long openDescriptors(Path file) throws IOException {
        Path target = file.toRealPath();
        long n = 0;
        try (var fds = Files.list(Path.of("/proc", String.valueOf(app.pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    n += Files.readSymbolicLink(fd).equals(target) ? 1 : 0;
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return n;
    }
}
