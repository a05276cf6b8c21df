package caravan.delivery;

import io.vertx.core.http.HttpServerResponse;
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
 * {@code VertxPlatformHttpSupport.writeResponse} leaves a response that has already ended alone. Elsewhere the body
 * is a stream bounded to the region, which Camel copies in chunks.
 */
final class FileRegionResponse {
    private FileRegionResponse() {
    }

    /** Sends {@code length} bytes of {@code file} from {@code start}, with the status and headers already on the message. */
    static void send(Exchange exchange, Path file, long start, long length, int status) throws IOException {
        Message message = exchange.getMessage();
        HttpServerResponse response = message instanceof HttpMessage http ? http.getResponse() : null;
        if (response == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            message.setHeader(Exchange.CONTENT_LENGTH, length);
            message.setBody(FileRegionStream.open(file, start, length));
            return;
        }
        response.setStatusCode(status);
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            if (header.getValue() != null && !header.getKey().startsWith("Camel")) {
                response.putHeader(header.getKey(), String.valueOf(header.getValue()));
            }
        }
        response.sendFile(file.toString(), start, length);
        if (!response.ended()) {
            // the file went away between the check and the send: Camel answers with what the message says
            response.headers().clear();
            MediaOrigin.respond(exchange, 404, "text/plain", "Not found".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
