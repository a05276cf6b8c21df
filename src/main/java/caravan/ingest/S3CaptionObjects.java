package caravan.ingest;

import caravan.DataFolders;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectStorageClass;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Caption objects beside a video in the ingest bucket, paired by the inbox's rules ({@link CaptionFiles}): same
 * prefix, {@code NAME.vtt}, {@code NAME.srt}, {@code NAME.<lang>.vtt}, at most {@link CaptionFiles#MAX_PER_VIDEO},
 * kept under Caravan's own names ({@code captions/01.en.vtt}). Keys are data: the folder is the key's text up to its
 * last {@code /}, never a path, and only the ingest bucket is read.
 * <p>
 * The bucket keeps every upload (nothing is moved out of it), so what is paired is what is beside the video each time
 * it is asked: the captions folder is fetched whole into a fresh folder, then swapped in, so asking again (late
 * pairing, a resumed asset) adds nothing twice. A caption larger than what the caption stage reads is fetched only up
 * to one byte over that size, so it costs no more disk than that and is reported as too large, as in the inbox.
 */
final class S3CaptionObjects {
    /** What the caption stage reads of a caption file at most (5 MiB); anything longer is refused there. */
    static final long MAX_BYTES = 5 << 20;
    /** Objects that must be restored before they can be read. */
    private static final Set<ObjectStorageClass> ARCHIVED = Set.of(ObjectStorageClass.GLACIER, ObjectStorageClass.DEEP_ARCHIVE);

    private final S3Client s3;
    private final String bucket;

    S3CaptionObjects(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The caption objects that pair with {@code videoKey}, sorted by key: one listing of its folder. */
    List<S3Object> besides(String videoKey) {
        String folder = videoKey.substring(0, videoKey.lastIndexOf('/') + 1);
        String stem = CaptionFiles.stem(videoKey.substring(folder.length()));
        List<S3Object> found = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder).delimiter("/")).contents()) {
            if (CaptionFiles.isCaptionOf(stem, o.key().substring(folder.length())) && !ARCHIVED.contains(o.storageClass())) {
                found.add(o);
            }
        }
        found.sort(Comparator.comparing(S3Object::key));
        return found.size() > CaptionFiles.MAX_PER_VIDEO ? found.subList(0, CaptionFiles.MAX_PER_VIDEO) : found;
    }

    /** Makes {@code captions} hold exactly the captions beside {@code videoKey} now (none: no folder); returns how many. */
    int fetchInto(String videoKey, Path captions) throws IOException {
        List<S3Object> objects = besides(videoKey);
        if (objects.isEmpty()) {
            DataFolders.deleteTree(captions);
            return 0;
        }
        String stem = CaptionFiles.stem(videoKey.substring(videoKey.lastIndexOf('/') + 1));
        Path fresh = captions.resolveSibling("captions.part");
        DataFolders.deleteTree(fresh);
        Files.createDirectories(fresh);
        int n = 0;
        for (S3Object o : objects) {
            Path kept = fresh.resolve(CaptionFiles.keptName(n + 1, stem, o.key().substring(o.key().lastIndexOf('/') + 1)));
            if (fetch(o, kept)) {
                n++;
            }
        }
        DataFolders.deleteTree(captions);
        Files.move(fresh, captions, StandardCopyOption.ATOMIC_MOVE);
        return n;
    }

    /** Fetches at most {@code MAX_BYTES + 1} bytes of {@code object}; false if it is gone since it was listed. */
    private boolean fetch(S3Object object, Path file) throws IOException {
        if (object.size() == 0) {
            Files.write(file, new byte[0]);
            return true;
        }
        try {
            s3.getObject(b -> b.bucket(bucket).key(object.key()).range("bytes=0-" + MAX_BYTES), ResponseTransformer.toFile(file));
            return true;
        } catch (NoSuchKeyException gone) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 416) { // replaced by an empty object since it was listed
                Files.write(file, new byte[0]);
                return true;
            }
            throw e;
        }
    }
}
