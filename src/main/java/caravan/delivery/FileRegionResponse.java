package caravan.delivery;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Answers with a region of a file without holding it in the heap. On platform-http over Vert.x (Caravan's HTTP
 * engine) the file goes out through Vert.x's {@code sendFile}: zero-copy where the connection allows it, with an
 * exact {@code Content-Length}, and Vert.x closes the file when the transfer ends or fails. Camel 4.17's
 * {@code VertxPlatformHttpSupport.writeResponse} leaves a response that has already ended alone. Over HTTP/2 (h2c,
 * which Vert.x accepts on the plain port) and away from Vert.x, the body is a stream bounded to the region, which
 * Camel copies to the connection a chunk at a time.
 */
final class FileRegionResponse {
    private FileRegionResponse() {
    }

    /** Sends {@code length} bytes of {@code file} from {@code start}, with the status and headers already on the message. */
    static void send(Exchange exchange, Path file, long start, long length, int status) throws IOException {
        Message message = exchange.getMessage();
        HttpMessage http = message instanceof HttpMessage h && h.getResponse() != null ? h : null;
        if (http != null && http.getRequest().version() != HttpVersion.HTTP_2) {
            sendFile(exchange, http.getResponse(), file, start, length, status);
            return;
        }
        // HTTP/2 (h2c) ends a sendFile only once the file is open, after Camel would already write its own answer
        FileRegionStream body = FileRegionStream.open(file, start, length);
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setBody(body);
        if (http != null) {
            // Camel's header filter drops Content-Length; HTTP/2 keeps one set here, and frames the body itself
            http.getResponse().putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length));
            // Camel closes the stream when the body is sent, not when the viewer resets the stream half-way
            http.getResponse().closeHandler(closed -> body.closeQuietly());
        }
    }

    private static void sendFile(Exchange exchange, HttpServerResponse response, Path file, long start, long length, int status) {
        response.setStatusCode(status);
        for (Map.Entry<String, Object> header : exchange.getMessage().getHeaders().entrySet()) {
            if (header.getValue() != null && !header.getKey().startsWith("Camel")) {
                response.putHeader(header.getKey(), String.valueOf(header.getValue()));
            }
        }
        response.sendFile(file.toString(), start, length);
        if (!response.ended()) {
            // the file went away between the check and the send: Camel answers with what the message says
            response.headers().clear();
            MediaOrigin.notFound(exchange);
        }
    }
}
