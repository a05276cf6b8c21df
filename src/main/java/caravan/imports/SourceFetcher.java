package caravan.imports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.function.Supplier;

/**
 * Opens a line's source for copying in: a local file, or an S3 object through the configured S3 client (made on first
 * use, from the environment as every AWS client of Caravan's). A source that is gone is {@link Unavailable}, with a
 * sentence that names neither the path nor the bucket.
 */
public final class SourceFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFetcher.class);
    private final Supplier<S3Client> s3Factory;
    private S3Client s3;

    public SourceFetcher(Supplier<S3Client> s3Factory) {
        this.s3Factory = s3Factory;
    }

    /** The source is not there (any more), or may not be read. */
    public static final class Unavailable extends IOException {
        Unavailable(String message) {
            super(message);
        }
    }

    public InputStream open(ImportSource source) throws IOException {
        if (!source.isS3()) {
            try {
                return Files.newInputStream(source.local());
            } catch (NoSuchFileException e) {
                throw new Unavailable("The source file is no longer there.");
            } catch (java.nio.file.AccessDeniedException e) {
                throw new Unavailable("The source file cannot be read by the account Caravan runs as.");
            }
        }
        try {
            return s3().getObject(b -> b.bucket(source.bucket()).key(source.objectKey()));
        } catch (NoSuchKeyException e) {
            throw new Unavailable("The S3 object does not exist.");
        } catch (SdkException e) {
            LOG.warn("An S3 source could not be fetched: {}", e.getClass().getSimpleName());
            throw new Unavailable("The S3 object could not be fetched (no access, or S3 did not answer).");
        }
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = s3Factory.get();
        }
        return s3;
    }
}
