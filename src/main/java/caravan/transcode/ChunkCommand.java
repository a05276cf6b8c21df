package caravan.transcode;

import caravan.ffmpeg.UntrustedInput;
import caravan.transcode.ChunkPlan.Chunk;
import caravan.transcode.LadderPlan.PlannedRung;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ffmpeg's arguments for one chunk of a split-and-stitch encode: the same one-decode, all-rungs pass as
 * {@link TranscodeCommand}, video only (the audio is encoded once for the whole asset), over the chunk's frames.
 * <ul>
 * <li>The source is opened a second before the chunk ({@code -ss}) with its own timestamps kept ({@code -copyts}), so
 * the constant-frame-rate grid is the single pass's and {@code trim} takes exactly the chunk's frames: every frame is
 * in one chunk, none twice.</li>
 * <li>Keyframes fall on the same GOP grid: the encoder counts from the chunk's first frame, itself on the grid.</li>
 * <li>Every chunk's output is shifted by the same {@link #TIME_OFFSET_SECONDS}, so timestamps continue from chunk to
 * chunk with no discontinuity and decode timestamps (which run ahead of the first picture) never go negative.</li>
 * <li>Segment numbers start at the chunk's first segment, so names, media sequence numbers and the per-segment IVs
 * (which are the sequence numbers) continue.</li>
 * </ul>
 */
public final class ChunkCommand {
    /** Where every chunked asset's timeline starts, in seconds (the audio pass uses the same). */
    public static final double TIME_OFFSET_SECONDS = 10;
    /** Decoding starts this long before a chunk, for the frame-rate conversion's first frame. */
    static final double LEAD_IN_SECONDS = 1;

    private ChunkCommand() {
    }

    /** The chunk's own folder under the asset's transcode output, holding one folder per rung. */
    public static String folder(Chunk chunk) {
        return String.format(Locale.ROOT, "chunk_%04d", chunk.index());
    }

    public static List<String> arguments(LadderPlan plan, Chunk chunk, Path source, Path chunkDir, Path progressFile,
                                         UntrustedInput input, Path keyInfo) {
        if (!plan.video()) {
            throw new IllegalArgumentException("only a video is encoded in chunks");
        }
        List<String> a = TranscodeCommand.head(progressFile, input);
        double seek = Math.max(0, chunk.start() - LEAD_IN_SECONDS);
        if (seek > 0) {
            a.addAll(List.of("-ss", seconds(seek)));
        }
        a.addAll(List.of("-copyts", "-i", UntrustedInput.path(source)));
        a.addAll(List.of("-filter_complex", filterGraph(plan, chunk)));
        a.addAll(TranscodeCommand.videoEncoding(plan));
        a.addAll(List.of("-an", "-sn", "-dn"));
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < plan.rungs().size(); i++) {
            variants.add("v:" + i + ",name:" + plan.rungs().get(i).name());
        }
        if (keyInfo != null) {
            a.addAll(List.of("-hls_key_info_file", keyInfo.toAbsolutePath().toString()));
        }
        a.addAll(List.of("-output_ts_offset", seconds(TIME_OFFSET_SECONDS),
                "-f", "hls",
                "-hls_time", String.valueOf(plan.ladder().segmentSeconds()),
                "-hls_playlist_type", "vod",
                "-hls_flags", keyInfo != null ? "independent_segments+periodic_rekey" : "independent_segments",
                "-hls_segment_type", "mpegts",
                "-start_number", String.valueOf(chunk.firstSegment()),
                "-hls_segment_filename", chunkDir.toAbsolutePath() + "/%v/" + TranscodeCommand.SEGMENT,
                "-master_pl_name", "master.m3u8",
                "-var_stream_map", String.join(" ", variants),
                chunkDir.toAbsolutePath() + "/%v/index.m3u8"));
        return a;
    }

    /** The single pass's picture chain, then the chunk's frames only, then the rungs' scalers. */
    static String filterGraph(LadderPlan plan, Chunk chunk) {
        String head = "[0:v:0]" + TranscodeCommand.pictureChain(plan);
        String whole = TranscodeCommand.filterGraph(plan);
        if (!whole.startsWith(head)) {
            throw new IllegalStateException("the ladder's filter graph does not start with its picture chain");
        }
        String trim = ",trim=start=" + seconds(chunk.start()) + (chunk.last() ? "" : ":end=" + seconds(chunk.end()));
        return head + trim + whole.substring(head.length());
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }

    /** The rungs' folders in a chunk's folder (as in the single pass). */
    public static List<String> rungFolders(LadderPlan plan) {
        return plan.rungs().stream().map(PlannedRung::name).toList();
    }
}
