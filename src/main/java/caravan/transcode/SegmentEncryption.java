package caravan.transcode;

import caravan.DataFolders;
import caravan.delivery.ContentKeys;
import caravan.keys.SecretFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands ffmpeg the asset's AES-128 content key for the length of one transcode: the key file (0600) and ffmpeg's
 * key info file sit in the asset's work folder, outside the folder that gets published, and are deleted as soon
 * as ffmpeg ends. Players fetch the key from {@code <keyUriBase>/keys/<id>}, which checks their grant.
 */
public final class SegmentEncryption {
    private final DataFolders folders;
    private final ContentKeys keys;
    private final String keyUriBase;

    public SegmentEncryption(DataFolders folders, ContentKeys keys, String keyUriBase) {
        this.folders = folders;
        this.keys = keys;
        this.keyUriBase = keyUriBase;
    }

    /**
     * Writes the key and key info files; returns the key info file for {@code -hls_key_info_file}. The key info has
     * no IV line on purpose: with {@link TranscodeCommand}'s {@code periodic_rekey}, ffmpeg then uses each segment's
     * media sequence number as its IV (the HLS default), where a fixed IV would be shared by every segment.
     */
    public Path prepare(String assetId) throws IOException {
        byte[] key = keys.contentKey(assetId);
        try {
            SecretFiles.writeOwnerOnly(keyFile(assetId), key);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
        Path info = folders.workDir(assetId).resolve("hls.keyinfo");
        Files.writeString(info, keyUri(assetId) + "\n" + keyFile(assetId).toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        return info;
    }

    public void cleanUp(String assetId) throws IOException {
        Files.deleteIfExists(keyFile(assetId));
        Files.deleteIfExists(folders.workDir(assetId).resolve("hls.keyinfo"));
    }

    public String keyUri(String assetId) {
        return keyUriBase + "/keys/" + assetId;
    }

    private Path keyFile(String assetId) {
        return folders.workDir(assetId).resolve("hls.key");
    }
}
