package caravan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Whole files between S3 and the worker's disk through the SDK's S3 Transfer Manager: above the part size an object
 * moves as a multipart upload, a ranged parallel download or a part-by-part copy, streamed from and to the file, so
 * a worker moves a 50 GiB source with the same memory as a 5 MiB one. Each call waits for its transfer (the stages
 * are synchronous) and throws what S3 answered, as the blocking client would.
 */
public final class S3Transfers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Transfers.class);

    private final S3AsyncClient client;
    private final S3TransferManager manager;
    private final S3AsyncClient wholeObjectClient;
    private final S3TransferManager wholeObjects;
    private final AutoCloseable http;
    /** Set once the endpoint answered a part request without a Content-Range (emulators): downloads then go whole. */
    private final AtomicBoolean partsUnsupported = new AtomicBoolean();

    /**
     * @param client            a multipart-enabled client: uploads, copies and part-by-part parallel downloads
     * @param wholeObjectClient a client without multipart, for endpoints that cannot serve one part of an object
     * @param http              the HTTP client both share, closed with this
     */
    public S3Transfers(S3AsyncClient client, S3AsyncClient wholeObjectClient, AutoCloseable http) {
        this.client = client;
        this.manager = S3TransferManager.builder().s3Client(client).build();
        this.wholeObjectClient = wholeObjectClient;
        this.wholeObjects = S3TransferManager.builder().s3Client(wholeObjectClient).build();
        this.http = http;
    }

    /**
     * Writes the object to {@code file} (replaced if present; removed again if the download fails): an object
     * uploaded in parts comes down part by part in parallel, where the endpoint serves parts (S3 does, moto does not).
     */
    public GetObjectResponse download(Consumer<GetObjectRequest.Builder> request, Path file) throws IOException {
        if (!partsUnsupported.get()) {
            try {
                return await(manager.downloadFile(d -> d.getObjectRequest(request).destination(file)).completionFuture()).response();
            } catch (RuntimeException e) {
                if (!partAnsweredWhole(e)) {
                    throw e;
                }
                partsUnsupported.set(true);
                LOG.warn("The S3 endpoint does not serve single parts of an object: downloads stream whole objects");
            }
        }
        return await(wholeObjects.downloadFile(d -> d.getObjectRequest(request).destination(file)).completionFuture()).response();
    }

    public PutObjectResponse upload(Consumer<PutObjectRequest.Builder> request, Path file) throws IOException {
        return await(manager.uploadFile(u -> u.putObjectRequest(request).source(file)).completionFuture()).response();
    }

    /** A copy inside S3 (part by part above the part size, so objects over 5 GiB copy too). */
    public void copy(Consumer<CopyObjectRequest.Builder> request) throws IOException {
        await(manager.copy(c -> c.copyObjectRequest(request)).completionFuture());
    }

    /** The SDK's complaint when a part request ({@code partNumber=N}) is answered with the whole object. */
    private static boolean partAnsweredWhole(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().contains("Content range header is missing")) {
                return true;
            }
        }
        return false;
    }

    private static <T> T await(CompletableFuture<T> transfer) throws IOException {
        try {
            return transfer.get();
        } catch (InterruptedException e) {
            transfer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("S3 transfer interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public void close() {
        manager.close();
        wholeObjects.close();
        client.close();
        wholeObjectClient.close();
        try {
            http.close();
        } catch (Exception e) {
            LOG.debug("Closing the S3 transfers' HTTP client", e);
        }
    }
}
