package caravan.api;

import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the web page: a fixed set of static files from the jar ({@code web/}), hls.js and dash.js included (vendored in
 * {@code web/vendor/} from the npm releases, with their licences; {@code web/vendor/README.md} says how to update it).
 * Nothing else on the classpath is reachable.
 */
public final class WebPage {
    private static final Map<String, String[]> FILES = Map.ofEntries(
            Map.entry("/", new String[]{"/web/index.html", "text/html; charset=utf-8"}),
            Map.entry("/ui/app.js", new String[]{"/web/app.js", "text/javascript; charset=utf-8"}),
            Map.entry("/ui/uploads.js", new String[]{"/web/uploads.js", "text/javascript; charset=utf-8"}),
            Map.entry("/ui/costs.js", new String[]{"/web/costs.js", "text/javascript; charset=utf-8"}),
            Map.entry("/ui/imports.js", new String[]{"/web/imports.js", "text/javascript; charset=utf-8"}),
            Map.entry("/ui/ladder.js", new String[]{"/web/ladder.js", "text/javascript; charset=utf-8"}),
            Map.entry("/ui/audio.js", new String[]{"/web/audio.js", "text/javascript; charset=utf-8"}),
            Map.entry("/ui/style.css", new String[]{"/web/style.css", "text/css; charset=utf-8"}),
            Map.entry("/ui/vendor/hls.min.js", new String[]{"/web/vendor/hls.min.js", "text/javascript; charset=utf-8"}),
            Map.entry("/ui/cmaf.js", new String[]{"/web/cmaf.js", "text/javascript; charset=utf-8"}),
            Map.entry("/ui/vendor/dash.all.min.js", new String[]{"/web/vendor/dash.all.min.js", "text/javascript; charset=utf-8"}));

    private final String connectSources;

    public WebPage() {
        this(null);
    }

    /** {@code uploadOrigin}: where the page may also send bytes (the ingest bucket's origin on AWS), or null. */
    public WebPage(String uploadOrigin) {
        this.connectSources = uploadOrigin == null ? "'self'" : "'self' " + uploadOrigin;
    }

    public void serve(Exchange exchange) throws IOException {
        String uri = exchange.getIn().getHeader(Exchange.HTTP_URI, "/", String.class);
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        exchange.getIn().removeHeaders("*");
        String[] file = FILES.get(path);
        if (file == null) {
            ApiResponses.error(exchange, 404, "NOT_FOUND", "No such page.");
            return;
        }
        try (InputStream in = WebPage.class.getResourceAsStream(file[0])) {
            exchange.getMessage().setBody(in.readAllBytes());
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, file[1]);
        exchange.getMessage().setHeader("Cache-Control", "no-cache");
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        exchange.getMessage().setHeader("Content-Security-Policy",
                "default-src 'self'; connect-src " + connectSources
                        + "; media-src 'self' blob:; worker-src 'self' blob:; img-src 'self' data:; style-src 'self'");
    }
}
