package caravan.imports;

import java.nio.file.Path;

/**
 * Where one manifest line's media is: a file on this machine, or an object in S3. {@code text} is the line's own
 * spelling, kept for the report; {@code key()} is the form two lines are compared by.
 */
public record ImportSource(String text, Path local, String bucket, String objectKey) {

    public static ImportSource local(String text, Path file) {
        return new ImportSource(text, file, null, null);
    }

    public static ImportSource s3(String text, String bucket, String key) {
        return new ImportSource(text, null, bucket, key);
    }

    public boolean isS3() {
        return bucket != null;
    }

    /** The same source however it was spelt: the normalised absolute path, or s3://bucket/key. */
    public String key() {
        return isS3() ? "s3://" + bucket + "/" + objectKey : local.toString();
    }

    /** The asset's source name: the file's (or the object's) last name, as an inbox upload's would be. */
    public String name() {
        String whole = isS3() ? objectKey : local.getFileName().toString();
        String last = whole.substring(whole.lastIndexOf('/') + 1);
        return last.isEmpty() ? "source" : last;
    }
}
