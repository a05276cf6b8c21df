package caravan.delivery;

import caravan.DataFolders;
import caravan.cost.ServedBytes;
import caravan.failure.Problem;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local media origin, {@code /media/<id>/...}: enforces what CloudFront would (a valid grant whose resource
 * covers the requested URL) and then serves only regular files inside that asset's published folder, with HLS
 * content types (HLS, and CMAF's DASH manifest and fMP4 segments), caching fit for immutable segments, byte ranges and credentialed CORS. Refusals are one 403 problem
 * (RFC 9457, {@link Problem}) whatever the reason, so the answer does not tell a wrong signature from a wrong asset.
 * Files and ranges are streamed from disk ({@link FileRegionResponse}), never read into the heap; only playlists and
 * DASH manifests, which are small and rewritten for signed-URL grants, are read as text.
 */
public final class MediaOrigin {
    private static final Pattern PATH = Pattern.compile("^/media/([a-z0-9]{1,40})/([A-Za-z0-9_\\-]+(?:/[A-Za-z0-9_\\-]+)*\\.[a-z0-9]{1,5})$");

    private final DataFolders folders;
    private final PolicyVerifier verifier;
    private final String deliveryDomain;
    private final String allowedOrigin;
    private final ServedBytes served;

    public MediaOrigin(DataFolders folders, PolicyVerifier verifier, String deliveryDomain, String allowedOrigin, ServedBytes served) {
        this.folders = folders;
        this.served = served;
        this.verifier = verifier;
        this.deliveryDomain = deliveryDomain;
        this.allowedOrigin = allowedOrigin;
    }

    public void serve(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        String path = in.getHeader(Exchange.HTTP_URI, String.class);
        String origin = in.getHeader("Origin", String.class);
        String range = in.getHeader("Range", String.class);
        RequestGrant grant = RequestGrant.of(exchange);
        String base = RequestGrant.base(exchange, deliveryDomain);
        in.removeHeaders("*");
        cors(exchange, origin);
        if ("OPTIONS".equals(method)) {
            respond(exchange, 204, null, null);
            return;
        }
        if (path != null && path.contains("?")) {
            path = path.substring(0, path.indexOf('?'));
        }
        Matcher m = path == null ? null : PATH.matcher(path);
        if (m == null || !m.matches()) {
            forbidden(exchange);
            return;
        }
        String url = base + path;
        if (verifier.verify(grant.policy(), grant.signature(), grant.keyPairId(), url) != PolicyVerifier.Verdict.GRANTED) {
            forbidden(exchange);
            return;
        }
        Path folder = folders.published(m.group(1));
        Path file = folder.resolve(m.group(2)).normalize();
        if (!file.startsWith(folder) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || !file.toRealPath().startsWith(folder.toRealPath())) {
            notFound(exchange);
            return;
        }
        String name = file.getFileName().toString();
        String type = contentType(name);
        boolean manifest = name.endsWith(".m3u8") || name.endsWith(".mpd");
        exchange.getMessage().setHeader("Cache-Control", manifest ? "private, no-cache" : "public, max-age=31536000, immutable");
        if (manifest) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String signed = !grant.fromQuery() ? text : name.endsWith(".mpd")
                    ? PlaylistRewriter.mpdWithQuery(text, grant.asQuery()) : PlaylistRewriter.withQuery(text, grant.asQuery());
            byte[] body = signed.getBytes(StandardCharsets.UTF_8);
            respond(exchange, 200, type, body);
            served.sent(m.group(1), body.length);
            return;
        }
        serveBytes(exchange, m.group(1), file, type, range);
    }

    /** Sends the file or the range asked for, and counts what it sends for the asset's cost. */
    private void serveBytes(Exchange exchange, String assetId, Path file, String type, String range) throws IOException {
        long size = Files.size(file);
        Message out = exchange.getMessage();
        out.setHeader("Accept-Ranges", "bytes");
        out.setHeader(Exchange.CONTENT_TYPE, type);
        if (range == null) {
            if (size == 0) {
                respond(exchange, 200, type, null);
                return;
            }
            FileRegionResponse.send(exchange, file, 0, size, 200);
            served.sent(assetId, size);
            return;
        }
        Optional<ByteRange> part = ByteRange.parse(range, size);
        if (part.isEmpty()) {
            out.removeHeader(Exchange.CONTENT_TYPE);
            unsatisfiable(exchange, size);
            return;
        }
        out.setHeader("Content-Range", part.get().contentRange(size));
        FileRegionResponse.send(exchange, file, part.get().start(), part.get().length(), 206);
        served.sent(assetId, part.get().length());
    }

    private void unsatisfiable(Exchange exchange, long size) {
        exchange.getMessage().setHeader("Content-Range", "bytes */" + size);
        problem(exchange, 416, "RANGE_NOT_SATISFIABLE", "The requested byte range is outside the file.");
    }

    private void cors(Exchange exchange, String origin) {
        if (allowedOrigin != null && !allowedOrigin.isBlank() && allowedOrigin.equals(origin)) {
            exchange.getMessage().setHeader("Access-Control-Allow-Origin", origin);
            exchange.getMessage().setHeader("Access-Control-Allow-Credentials", "true");
            exchange.getMessage().setHeader("Access-Control-Allow-Headers", "Range");
            exchange.getMessage().setHeader("Access-Control-Expose-Headers", "Content-Range, Content-Length");
        }
        exchange.getMessage().setHeader("Vary", "Origin");
    }

    static void forbidden(Exchange exchange) {
        exchange.getMessage().setHeader("Cache-Control", "no-store");
        problem(exchange, 403, "FORBIDDEN", "This needs a valid, unexpired playback grant for this asset.");
    }

    static void notFound(Exchange exchange) {
        problem(exchange, 404, "NOT_FOUND", "The asset has no such file.");
    }

    /** An error as problem details; no {@code instance}, so the answer is the same for every refused URL. */
    static void problem(Exchange exchange, int status, String code, String detail) {
        respond(exchange, status, Problem.MEDIA_TYPE, Problem.of(status, code, detail, null).toBytes());
    }

    static void respond(Exchange exchange, int status, String type, byte[] body) {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (type != null) {
            out.setHeader(Exchange.CONTENT_TYPE, type);
        }
        out.setBody(body == null ? new byte[0] : body);
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "m3u8" -> "application/vnd.apple.mpegurl";
            case "mpd" -> "application/dash+xml";
            case "ts" -> "video/mp2t";
            case "mp4", "m4s" -> "video/mp4";
            case "m4a" -> "audio/mp4";
            case "vtt" -> "text/vtt; charset=utf-8";
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            default -> "application/octet-stream";
        };
    }
}
