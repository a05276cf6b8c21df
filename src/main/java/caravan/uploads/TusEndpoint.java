package caravan.uploads;

import caravan.failure.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The tus 1.0.0 upload endpoint (core, creation's POST is {@code UploadsApi}'s, termination, expiration) at
 * {@code /api/uploads/<id>}, on the business port's Vert.x router beside Camel's routes: HEAD answers the offset
 * stored, PATCH ({@code application/offset+octet-stream}, {@code Upload-Offset} equal to that offset or 409) streams
 * the body to the upload's file as it arrives, with back-pressure, so a connection cut half-way keeps what arrived
 * and the client resumes from there; DELETE ends the upload; OPTIONS tells the protocol's version, extensions and
 * largest size. It is a Vert.x handler, not a Camel route, because Camel's HTTP consumer reads a whole body before
 * a route runs (in memory, bounded by {@code camel.server.maxBodySize}, or spooled to a temporary file outside the
 * data folder), which would lose a cut PATCH entirely. Same bearer token as the API.
 */
public final class TusEndpoint implements Consumer<Router> {
    private static final Logger LOG = LoggerFactory.getLogger(TusEndpoint.class);
    static final String VERSION = "1.0.0";
    private static final String OFFSET_STREAM = "application/offset+octet-stream";
    private static final long IDLE_CHECK_MILLIS = 500;
    private static final long IDLE_LIMIT_MILLIS = 30_000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final LocalUploads uploads;
    private final byte[] expected;

    public TusEndpoint(LocalUploads uploads, String token) {
        this.uploads = uploads;
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void accept(Router router) {
        router.route(HttpMethod.OPTIONS, "/api/uploads").handler(this::options);
        router.route(HttpMethod.OPTIONS, "/api/uploads/:id").handler(this::options);
        router.route(HttpMethod.HEAD, "/api/uploads/:id").handler(ctx -> authorized(ctx, this::head));
        router.route(HttpMethod.PATCH, "/api/uploads/:id").handler(ctx -> authorized(ctx, this::patch));
        router.route(HttpMethod.DELETE, "/api/uploads/:id").handler(ctx -> authorized(ctx, this::delete));
    }

    private void options(RoutingContext ctx) {
        ctx.response().setStatusCode(204).putHeader("Tus-Resumable", VERSION).putHeader("Tus-Version", VERSION)
                .putHeader("Tus-Extension", "creation,termination,expiration")
                .putHeader("Tus-Max-Size", String.valueOf(uploads.maxFileBytes())).end();
    }

    private void authorized(RoutingContext ctx, Consumer<RoutingContext> then) {
        HttpServerRequest request = ctx.request();
        request.pause(); // nothing of a body is read before the request is known to be allowed
        String given = request.getHeader("Authorization");
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            problem(ctx, 401, "UNAUTHORIZED", "A valid bearer token is required.");
            return;
        }
        String resumable = request.getHeader("Tus-Resumable");
        if (request.method() != HttpMethod.HEAD && request.method() != HttpMethod.DELETE && !VERSION.equals(resumable)
                || resumable != null && !VERSION.equals(resumable)) {
            ctx.response().putHeader("Tus-Version", VERSION);
            problem(ctx, 412, "TUS_VERSION", "This server speaks tus " + VERSION + " (send Tus-Resumable: " + VERSION + ").");
            return;
        }
        then.accept(ctx);
    }

    private void head(RoutingContext ctx) {
        Optional<LocalUploads.Upload> upload = uploads.find(ctx.pathParam("id"));
        if (upload.isEmpty()) {
            notFound(ctx);
            return;
        }
        try {
            tusHeaders(ctx.response(), upload.get()).putHeader("Upload-Offset", String.valueOf(upload.get().offset()))
                    .putHeader("Upload-Length", String.valueOf(upload.get().size())).setStatusCode(200).end();
        } catch (IOException e) {
            notFound(ctx);
        }
    }

    private void delete(RoutingContext ctx) {
        try {
            if (uploads.delete(ctx.pathParam("id"))) {
                ctx.response().putHeader("Tus-Resumable", VERSION).setStatusCode(204).end();
            } else {
                notFound(ctx);
            }
        } catch (IOException e) {
            LOG.error("Cannot delete upload {}", ctx.pathParam("id"), e);
            problem(ctx, 500, "INTERNAL_ERROR", "The request failed on our side; it has been logged.");
        }
    }

    private void patch(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String type = request.getHeader("Content-Type");
        if (type == null || !type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(OFFSET_STREAM)) {
            problem(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "A PATCH carries Content-Type: " + OFFSET_STREAM + ".");
            return;
        }
        Optional<LocalUploads.Upload> found = uploads.find(ctx.pathParam("id"));
        if (found.isEmpty()) {
            notFound(ctx);
            return;
        }
        LocalUploads.Upload upload = found.get();
        long claimed;
        try {
            claimed = Long.parseLong(String.valueOf(request.getHeader("Upload-Offset")).trim());
        } catch (NumberFormatException e) {
            problem(ctx, 400, "BAD_REQUEST", "Upload-Offset must be the offset to write at (HEAD tells it).");
            return;
        }
        if (!uploads.hold(upload.id())) {
            problem(ctx, 409, "UPLOAD_BUSY", "Another PATCH to this upload is under way; wait for it, then HEAD for the offset.");
            return;
        }
        long offset;
        try {
            offset = upload.offset();
        } catch (IOException e) {
            uploads.release(upload.id());
            notFound(ctx);
            return;
        }
        if (claimed != offset) {
            uploads.release(upload.id());
            ctx.response().putHeader("Upload-Offset", String.valueOf(offset));
            problem(ctx, 409, "OFFSET_MISMATCH", "The upload holds " + offset + " bytes; PATCH from that offset (HEAD tells it).");
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && offset + Long.parseLong(length) > upload.size()) {
            uploads.release(upload.id());
            problem(ctx, 400, "BAD_REQUEST", "The body goes past the upload's length (" + upload.size() + " bytes).");
            return;
        }
        Vertx vertx = ctx.vertx();
        vertx.fileSystem().open(upload.data().toString(), new OpenOptions().setWrite(true).setCreate(false).setTruncateExisting(false))
                .onFailure(e -> {
                    uploads.release(upload.id());
                    notFound(ctx);
                })
                .onSuccess(file -> receive(ctx, upload, offset, file));
    }

    /** Streams the body to the file from {@code offset}; on the body's end the offset is answered (and a full upload lands). */
    private void receive(RoutingContext ctx, LocalUploads.Upload upload, long offset, AsyncFile file) {
        HttpServerRequest request = ctx.request();
        AtomicBoolean done = new AtomicBoolean();
        long[] received = {0};
        long[] lastBytes = {System.nanoTime()};
        file.setWritePos(offset);
        long[] watch = {-1};
        Runnable stop = () -> {
            if (done.compareAndSet(false, true)) {
                ctx.vertx().cancelTimer(watch[0]);
                // what arrived before the cut stays: the next HEAD answers it, and the client resumes from there
                file.close().onComplete(closed -> uploads.release(upload.id()));
            }
        };
        // a connection that went silent (a phone that lost its network sends no FIN) must not hold the upload for ever
        watch[0] = ctx.vertx().setPeriodic(IDLE_CHECK_MILLIS, t -> {
            long quiet = System.nanoTime() - lastBytes[0];
            // a client that cut the connection before these handlers were set (the file opens asynchronously) gave no
            // close event to hear: its closed connection, quiet for a moment, ends the PATCH
            if (ctx.response().closed() && quiet > TimeUnit.MILLISECONDS.toNanos(IDLE_CHECK_MILLIS)) {
                stop.run();
                return;
            }
            if (quiet > TimeUnit.MILLISECONDS.toNanos(IDLE_LIMIT_MILLIS)) {
                LOG.info("Upload {}: no bytes for {} s; the connection is closed, what arrived is kept", upload.id(), IDLE_LIMIT_MILLIS / 1000);
                stop.run();
                request.connection().close();
            }
        });
        request.exceptionHandler(e -> stop.run());
        ctx.response().closeHandler(v -> stop.run());
        request.handler(chunk -> {
            if (done.get()) {
                return;
            }
            lastBytes[0] = System.nanoTime();
            received[0] += chunk.length();
            if (offset + received[0] > upload.size()) {
                stop.run();
                problem(ctx, 400, "BAD_REQUEST", "The body goes past the upload's length (" + upload.size() + " bytes).");
                request.connection().close();
                return;
            }
            file.write(chunk);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        });
        request.endHandler(v -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            ctx.vertx().cancelTimer(watch[0]);
            file.close().onComplete(closed -> ctx.vertx().<Long>executeBlocking(() -> finish(upload), false).onComplete(result -> {
                uploads.release(upload.id());
                if (result.failed()) {
                    LOG.error("Upload {}: cannot store what arrived", upload.id(), result.cause());
                    problem(ctx, 500, "INTERNAL_ERROR", "The request failed on our side; it has been logged.");
                    return;
                }
                tusHeaders(ctx.response(), upload).putHeader("Upload-Offset", String.valueOf(result.result())).setStatusCode(204).end();
            }));
        });
        request.resume();
    }

    private long finish(LocalUploads.Upload upload) throws IOException {
        long offset = upload.offset();
        if (offset == upload.size()) {
            uploads.land(upload);
        }
        return offset;
    }

    private static HttpServerResponse tusHeaders(HttpServerResponse response, LocalUploads.Upload upload) {
        return response.putHeader("Tus-Resumable", VERSION).putHeader("Cache-Control", "no-store")
                .putHeader("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
    }

    private static void notFound(RoutingContext ctx) {
        problem(ctx, 404, "NOT_FOUND", "No upload under way with that id (it may have finished, been deleted or expired).");
    }

    private static void problem(RoutingContext ctx, int status, String code, String detail) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader("Tus-Resumable", VERSION).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.end();
        } else {
            response.end(Problem.of(status, code, detail, Problem.instanceOf(ctx.request().path())).toString());
        }
    }
}
