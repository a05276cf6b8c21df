package caravan.probe;

import caravan.CrashPoints;
import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.ProbeSummary;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.Refusals;
import caravan.ffmpeg.UntrustedInput;
import caravan.store.AssetStore;
import org.apache.camel.Exchange;
import org.apache.camel.component.exec.ExecResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;

import static caravan.asset.ExchangeNames.ASSET_ID;
import static caravan.asset.ExchangeNames.DUPLICATE_OF;

/**
 * Probe and validate: checks the file itself (a regular file, within the size limit, not an HLS playlist), hands
 * ffprobe's command to camel-exec, then reads its report (and what ffprobe refused), enforces the limits, hashes the
 * content and records what was found.
 * Identical content already published (READY) is linked instead of transcoded again.
 */
public final class ProbeStage {
    private final DataFolders folders;
    private final AssetStore store;
    private final FfmpegTools tools;
    private final MediaLimits limits;
    private final UntrustedInput input;
    private final boolean linkDuplicates;

    public ProbeStage(DataFolders folders, AssetStore store, FfmpegTools tools, MediaLimits limits,
                      UntrustedInput input, boolean linkDuplicates) {
        this.folders = folders;
        this.store = store;
        this.tools = tools;
        this.limits = limits;
        this.input = input;
        this.linkDuplicates = linkDuplicates;
    }

    public void prepare(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Path source = folders.source(id);
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new RejectedInput(ErrorCode.SOURCE_MISSING, "The uploaded file is no longer there.");
        }
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new RejectedInput(ErrorCode.UNSUPPORTED_FORMAT, "Only regular files are accepted (links and devices are not).");
        }
        limits.checkSize(Files.size(source));
        if (HlsPlaylist.is(source)) {
            throw Refusals.playlist("an HLS playlist");
        }
        store.update(id, a -> a.setStatus(AssetStatus.PROBING));
        CrashPoints.reached(CrashPoints.PROBING);
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffprobe(), ProbeCommand.arguments(source, input), 120_000L);
    }

    public void record(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        String json = result.getStdout() == null ? "" : new String(result.getStdout().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = FfmpegTools.errorOutput(result);
        Refusals.in(stderr).ifPresent(refusal -> {
            throw refusal;
        });
        ProbeSummary probe = ProbeReport.parse(json);
        limits.check(probe);
        String sha256 = sha256(folders.source(id));
        Asset asset = store.update(id, a -> {
            a.setProbe(probe);
            a.setSource(a.getSource().withSha256(sha256));
        });
        if (linkDuplicates) {
            // only a READY original: one still on its way may yet fail, and its copy is then transcoded on its own
            Optional<Asset> original = store.findBySha256(sha256, id, EnumSet.of(AssetStatus.READY));
            original.filter(o -> o.getCreatedAt().isBefore(asset.getCreatedAt())
                            || (o.getCreatedAt().equals(asset.getCreatedAt()) && o.getId().compareTo(id) < 0))
                    .ifPresent(o -> exchange.getIn().setHeader(DUPLICATE_OF, o.getId()));
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
