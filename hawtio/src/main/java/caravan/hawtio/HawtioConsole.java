package caravan.hawtio;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hawtio's war in an embedded Jetty, on a loopback address: the console at {@code /hawtio}, and at {@code /} a start
 * page that saves the connection to Caravan in Hawtio's store and opens it. Hawtio reaches Caravan through its own
 * proxy (server to server, so Caravan needs no CORS for it), and the proxy may reach Caravan's host only.
 */
public final class HawtioConsole implements AutoCloseable {
    public static final String CONTEXT_PATH = "/hawtio";
    /** The id (and name) of Caravan's connection in Hawtio's Connect plugin. */
    public static final String CONNECTION_ID = "caravan";

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, String> replacedProperties;

    private HawtioConsole(Server server, ServerConnector connector, Map<String, String> replacedProperties) {
        this.server = server;
        this.connector = connector;
        this.replacedProperties = replacedProperties;
    }

    /** Starts the console on {@code host:port} (port 0 picks a free one). */
    public static HawtioConsole start(Path war, String host, int port, CaravanJolokia caravan) throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalArgumentException("Hawtio's war is not at " + war + " (mvn -f hawtio/pom.xml package puts it there)");
        }
        // Hawtio reads its settings from system properties when the webapp starts
        Map<String, String> replaced = setAll(settings(caravan));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath(CONTEXT_PATH);
        hawtio.setWar(war.toString());
        hawtio.addOverrideDescriptor(resourceFile("override-web.xml").toString());
        hideLoggingProviders(hawtio);
        ContextHandler start = new ContextHandler(new StartPage(startPage(caravan)), "/");
        server.setHandler(new ContextHandlerCollection(hawtio, start));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            restore(replaced);
            throw e;
        }
        if (hawtio.getUnavailableException() != null) {
            server.stop();
            restore(replaced);
            throw new IllegalStateException("Hawtio did not start", hawtio.getUnavailableException());
        }
        return new HawtioConsole(server, connector, replaced);
    }

    /**
     * Hawtio 4 settings (see Hawtio's configuration docs): no login for the console itself, which listens on loopback
     * only and holds no secret (Caravan's Jolokia still asks for its password); the proxy on, allowed to reach
     * Caravan's host and nothing else (no probing of this machine's other addresses).
     */
    static Map<String, String> settings(CaravanJolokia caravan) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("hawtio.authenticationEnabled", "false");
        s.put("hawtio.disableProxy", "false");
        s.put("hawtio.proxyAllowlist", caravan.host());
        s.put("hawtio.localAddressProbing", "false");
        return s;
    }

    /** The address to open: the start page, which sends the browser on to Hawtio connected to Caravan. */
    public URI url() {
        String host = connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/");
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            restore(replacedProperties);
        }
    }

    static String startPage(CaravanJolokia caravan) throws IOException {
        String connection = "{" + json("id", CONNECTION_ID) + "," + json("name", CONNECTION_ID) + ","
                + json("scheme", caravan.url().getScheme()) + "," + json("host", caravan.host()) + ","
                + "\"port\":" + caravan.port() + "," + json("path", caravan.url().getRawPath()) + "}";
        try (InputStream in = HawtioConsole.class.getResourceAsStream("start.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@CONNECTION@", connection);
        }
    }

    /** A JSON string member that is also safe inside a script element. */
    private static String json(String name, String value) {
        StringBuilder b = new StringBuilder("\"").append(name).append("\":\"");
        for (char c : (value == null ? "" : value).toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == '\'') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /**
     * Hawtio brings its own SLF4J and Log4j in WEB-INF/lib. Without this, its SLF4J would also find this JVM's
     * logging provider (slf4j-simple, or logback in the tests) through the parent class loader and report it as
     * "not a subtype" on every start.
     */
    private static void hideLoggingProviders(WebAppContext hawtio) throws IOException {
        var providers = HawtioConsole.class.getClassLoader().getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
        while (providers.hasMoreElements()) {
            String url = providers.nextElement().toString();
            if (url.startsWith("jar:") && url.contains("!/")) {
                hawtio.getHiddenClassMatcher().add(url.substring("jar:".length(), url.indexOf("!/")));
            }
        }
    }

    /** Jetty reads descriptors from files; the override lives in this jar, so it is copied out once. */
    private static Path resourceFile(String name) throws IOException {
        Path file = Files.createTempFile("caravan-hawtio-", "-" + name);
        file.toFile().deleteOnExit();
        try (InputStream in = HawtioConsole.class.getResourceAsStream(name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private static Map<String, String> setAll(Map<String, String> properties) {
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        return previous;
    }

    private static void restore(Map<String, String> previous) {
        previous.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    /** {@code GET /}: the start page; anything else outside {@code /hawtio} is not found. */
    private static final class StartPage extends Handler.Abstract {
        private final String html;

        StartPage(String html) {
            this.html = html;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!"/".equals(Request.getPathInContext(request))) {
                return false;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Content.Sink.write(response, true, html, callback);
            return true;
        }
    }
}
