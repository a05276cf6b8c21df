package caravan.transcode;

import caravan.DataFolders;
import caravan.delivery.ContentKeys;
import caravan.keys.SecretFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Hands ffmpeg the asset's AES-128 content key for the length of one transcode: the key file (0600) and ffmpeg's
 * key info file sit in the asset's work folder, outside the folder that gets published, and are deleted as soon
 * as ffmpeg ends. Players fetch the key from {@code <keyUriBase>/keys/<id>}, which checks their grant. When keys
 * rotate every N segments, key n (n > 0) is {@code <keyUriBase>/keys/<id>/<n>}, and {@link SegmentKeyRotation}
 * hands ffmpeg each next key while it runs.
 */
public final class SegmentEncryption {
    private final DataFolders folders;
    private final ContentKeys keys;
    private final String keyUriBase;
    private final int rotationSegments;
    private final Map<String, SegmentKeyRotation> rotations = new ConcurrentHashMap<>();

    public SegmentEncryption(DataFolders folders, ContentKeys keys, String keyUriBase) {
        this(folders, keys, keyUriBase, 0);
    }

    /** {@code rotationSegments}: a new content key every that many segments; 0 for one key per asset. */
    public SegmentEncryption(DataFolders folders, ContentKeys keys, String keyUriBase, int rotationSegments) {
        if (rotationSegments != 0 && rotationSegments < 2) {
            throw new IllegalArgumentException("caravan.delivery.keyRotationSegments must be 0 (one content key per asset)"
                    + " or 2 and more (a new key every that many segments), not " + rotationSegments + ".");
        }
        this.folders = folders;
        this.keys = keys;
        this.keyUriBase = keyUriBase;
        this.rotationSegments = rotationSegments;
    }

    /**
     * Writes the key and key info files; returns the key info file for {@code -hls_key_info_file}. The key info has
     * no IV line on purpose: with {@link TranscodeCommand}'s {@code periodic_rekey}, ffmpeg then uses each segment's
     * media sequence number as its IV (the HLS default), where a fixed IV would be shared by every segment.
     */
    public Path prepare(String assetId) throws IOException {
        return prepare(assetId, List.of());
    }

    /** ... and, when keys rotate, starts rotating them in the folders of {@code renditions} (see {@link TranscodeCommand}). */
    public Path prepare(String assetId, List<String> renditions) throws IOException {
        return prepare(assetId, folders.workDir(assetId), folders.transcodeOutput(assetId), renditions, 0);
    }

    /**
     * For one work item of a split-and-stitch encode, whose segments start at {@code firstSegment}: the key files in
     * {@code itemDir} (several items of one asset may run at once on one machine), starting with the key of that
     * segment; keys rotate in the item's rendition folders in {@code outDir}. Chunks start where a key starts
     * ({@link #chunkSegmentsMultiple}).
     */
    public Path prepare(String assetId, Path itemDir, Path outDir, List<String> renditions, long firstSegment) throws IOException {
        stopRotation(itemDir.toString());
        int first = rotationSegments > 0 ? (int) (firstSegment / rotationSegments) : 0;
        useKey(assetId, itemDir, first);
        if (rotationSegments > 0 && !renditions.isEmpty()) {
            rotations.put(itemDir.toString(), new SegmentKeyRotation(assetId, keyInfo(itemDir), outDir, renditions,
                    rotationSegments, first, index -> useKey(assetId, itemDir, index)));
        }
        return keyInfo(itemDir);
    }

    /** Makes sure the asset has its content key (created now if not), before passes that use it start at once. */
    public void createKey(String assetId) {
        Arrays.fill(keys.contentKey(assetId, 0), (byte) 0);
    }

    /** A chunk's length in segments is a multiple of this, so each chunk starts with a new key (1: keys do not rotate). */
    public int chunkSegmentsMultiple() {
        return Math.max(1, rotationSegments);
    }

    /**
     * Key {@code index}'s file first, then the key info naming it, replaced whole: ffmpeg reads one or the other. The
     * earlier keys' files stay until {@link #cleanUp}: ffmpeg may have read the old key info and not yet the key file.
     */
    private void useKey(String assetId, Path dir, int index) throws IOException {
        byte[] key = keys.contentKey(assetId, index);
        try {
            SecretFiles.writeOwnerOnly(keyFile(dir, index), key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        SecretFiles.writeOwnerOnly(keyInfo(dir), (keyUri(assetId, index) + "\n" + keyFile(dir, index).toAbsolutePath() + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    public void cleanUp(String assetId) throws IOException {
        cleanUp(folders.workDir(assetId));
    }

    /** After one work item ({@link #prepare(String, Path, Path, List, long)}): its key files are deleted. */
    public void cleanUp(Path work) throws IOException {
        stopRotation(work.toString());
        if (Files.isDirectory(work)) {
            try (Stream<Path> files = Files.list(work)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("hls(-\\d+)?\\.key(info)?(\\.tmp)?")).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private void stopRotation(String dir) {
        SegmentKeyRotation running = rotations.remove(dir);
        if (running != null) {
            running.close();
        }
    }

    public String keyUri(String assetId) {
        return keyUriBase + "/keys/" + assetId;
    }

    /** Where players fetch content key {@code index}: key 0 keeps the URI of assets published before keys rotated. */
    public String keyUri(String assetId, int index) {
        return index == 0 ? keyUri(assetId) : keyUri(assetId) + "/" + index;
    }

    private static Path keyInfo(Path dir) {
        return dir.resolve("hls.keyinfo");
    }

    private static Path keyFile(Path dir, int index) {
        return dir.resolve(index == 0 ? "hls.key" : "hls-" + index + ".key");
    }
}
