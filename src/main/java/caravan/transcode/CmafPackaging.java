package caravan.transcode;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.Outputs;
import caravan.asset.Outputs.AudioRendition;
import caravan.asset.ProbeSummary.AudioTrack;
import caravan.delivery.ContentKeys;
import caravan.delivery.KeySystem;
import caravan.ffmpeg.UntrustedInput;
import caravan.keys.SecretFiles;
import caravan.store.AssetStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * CMAF packaging for the ffmpeg engine ({@code caravan.packaging=cmaf}): the asset's common-encryption key and KID
 * (from {@link ContentKeys}, derived from the asset's wrapped data key like its AES-128 keys), {@link CmafCommand}'s
 * arguments, and once ffmpeg is done, {@link CmafManifests}. Players get the key as a licence from the key server
 * ({@code <keyUriBase>/keys/<id>/clearkey} for ClearKey), under the same grant as the segments.
 */
public final class CmafPackaging {
    private final DataFolders folders;
    private final ContentKeys keys;
    private final AssetStore store;
    private final KeySystem keySystem;
    private final String keyUriBase;

    public CmafPackaging(DataFolders folders, ContentKeys keys, AssetStore store, KeySystem keySystem, String keyUriBase) {
        this.folders = folders;
        this.keys = keys;
        this.store = store;
        this.keySystem = keySystem;
        this.keyUriBase = keyUriBase;
    }

    List<String> arguments(String assetId, LadderPlan plan, Path source, Path out, Path progressFile, UntrustedInput input,
                           SideOutputs side, AudioChain.Filters audio, List<AudioRendition> tracks) throws IOException {
        byte[] key = keys.cencKey(assetId);
        try {
            Asset asset = store.find(assetId).orElseThrow();
            CmafCommand.Cenc cenc = new CmafCommand.Cenc(key, keys.cencKeyId(asset), optionsFile(assetId));
            SecretFiles.writeOwnerOnly(cenc.optionsFile(), cenc.formatOptions().getBytes(StandardCharsets.US_ASCII));
            return CmafCommand.arguments(plan, source, out, progressFile, input, cenc, side, audio, tracks);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The key's options file goes as soon as ffmpeg ends, whatever the outcome. */
    void cleanUp(String assetId) throws IOException {
        Files.deleteIfExists(optionsFile(assetId));
    }

    private Path optionsFile(String assetId) {
        return folders.workDir(assetId).resolve("cenc.options");
    }

    /** The manifests finished over the audio renditions the run recorded (in the order they were encoded). */
    void finish(String assetId, LadderPlan plan, Path out) throws IOException {
        Asset asset = store.find(assetId).orElseThrow();
        List<AudioRendition> tracks = Outputs.orNone(asset.getOutputs()).audio();
        tracks = tracks == null ? List.of() : tracks;
        List<AudioTrack> source = asset.getProbe() == null ? List.of() : asset.getProbe().audioTracks();
        List<String> roles = tracks.stream().map(t -> CmafManifests.role(t, source.stream()
                .anyMatch(s -> s.index() == t.track() && s.commentary()))).toList();
        CmafManifests.finish(out, plan, tracks, roles, keys.cencKeyId(asset), keySystem, licenceUrl(assetId));
    }

    /** Where players ask for the asset's licence. */
    public String licenceUrl(String assetId) {
        return keyUriBase + "/keys/" + assetId + "/" + "clearkey";
    }
}
