package caravan.transcode;

import caravan.asset.Outputs.AudioRendition;
import caravan.ffmpeg.UntrustedInput;
import caravan.transcode.ChunkPlan.Chunk;
import caravan.transcode.LadderPlan.PlannedRung;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ffmpeg's arguments for the work items of a split-and-stitch encode. A video chunk is the same one-decode, all-rungs
 * pass as {@link TranscodeCommand}, video only, over the chunk's frames, with the side outputs (pictures, the quality
 * comparison) of those frames; the audio item encodes every audio track once for the whole asset.
 * <ul>
 * <li>The source is opened a second before the chunk ({@code -ss}) with its own timestamps kept ({@code -copyts}),
 * shifted as the single pass shifts them ({@code -start_at_zero}: the file's first timestamp is 0), so the
 * constant-frame-rate grid is the single pass's and {@code trim} takes exactly the chunk's frames: every frame is in
 * one chunk, none twice.</li>
 * <li>Keyframes fall on the same GOP grid: the encoder counts from the chunk's first frame, itself on the grid.</li>
 * <li>Every item's output is shifted by the same {@link #TIME_OFFSET_SECONDS}, so timestamps continue from chunk to
 * chunk with no discontinuity, the audio lines up with the pictures, and decode timestamps (which run ahead of the
 * first picture) never go negative.</li>
 * <li>Segment numbers start at the chunk's first segment, so names, media sequence numbers and the per-segment IVs
 * (which are the sequence numbers) continue.</li>
 * </ul>
 */
public final class ChunkCommand {
    /** Where every chunked asset's timeline starts, in seconds (the audio item uses the same). */
    public static final double TIME_OFFSET_SECONDS = 10;
    /** Decoding starts this long before a chunk, for the frame-rate conversion's first frame. */
    static final double LEAD_IN_SECONDS = 1;
    /** A chunk's (or the audio item's) renditions are in this folder of its own folder. */
    public static final String HLS = "hls";
    /** The audio item's folder beside the chunks' folders. */
    public static final String AUDIO_ITEM = "audio";

    private ChunkCommand() {
    }

    /** The chunk's own folder, in the asset's chunks folder. */
    public static String folder(Chunk chunk) {
        return String.format(Locale.ROOT, "chunk_%04d", chunk.index());
    }

    /** Without side outputs, reading a file. */
    public static List<String> arguments(LadderPlan plan, Chunk chunk, Path source, Path chunkDir, Path progressFile,
                                         UntrustedInput input, Path keyInfo) {
        return arguments(plan, chunk, input.options(), UntrustedInput.path(source), chunkDir, progressFile, keyInfo, SideOutputs.NONE);
    }

    /**
     * The chunk's pass: {@code inputOptions} and {@code source} as ffmpeg opens the source (a file, or an object's
     * signed URL); renditions to {@code chunkDir/hls/<rung>/}; {@code side}'s pictures and comparison for the chunk's
     * frames only (their files named by the caller, in the chunk's folder).
     */
    public static List<String> arguments(LadderPlan plan, Chunk chunk, List<String> inputOptions, String source, Path chunkDir,
                                         Path progressFile, Path keyInfo, SideOutputs side) {
        if (!plan.video()) {
            throw new IllegalArgumentException("only a video is encoded in chunks");
        }
        List<String> a = TranscodeCommand.head(progressFile, inputOptions);
        double seek = Math.max(0, chunk.start() - LEAD_IN_SECONDS);
        if (seek > 0) {
            a.addAll(List.of("-ss", seconds(seek)));
        }
        a.addAll(List.of("-copyts", "-start_at_zero", "-i", source));
        a.addAll(List.of("-filter_complex", filterGraph(plan, chunk, side)));
        a.addAll(TranscodeCommand.videoEncoding(plan));
        a.addAll(List.of("-an", "-sn", "-dn"));
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < plan.rungs().size(); i++) {
            variants.add("v:" + i + ",name:" + plan.rungs().get(i).name());
        }
        if (keyInfo != null) {
            a.addAll(List.of("-hls_key_info_file", keyInfo.toAbsolutePath().toString()));
        }
        Path hls = chunkDir.resolve(HLS).toAbsolutePath();
        a.addAll(List.of("-output_ts_offset", seconds(TIME_OFFSET_SECONDS),
                "-f", "hls",
                "-hls_time", String.valueOf(plan.ladder().segmentSeconds()),
                "-hls_playlist_type", "vod",
                "-hls_flags", keyInfo != null ? "independent_segments+periodic_rekey" : "independent_segments",
                "-hls_segment_type", "mpegts",
                "-start_number", String.valueOf(chunk.firstSegment()),
                "-hls_segment_filename", hls + "/%v/" + TranscodeCommand.SEGMENT,
                "-master_pl_name", "master.m3u8",
                "-var_stream_map", String.join(" ", variants),
                hls + "/%v/index.m3u8"));
        SideOutputs chunkSide = new SideOutputs(side.pictures(), null,
                side.comparison() == null ? null : side.comparison().replace("[0:v:0]" + TranscodeCommand.pictureChain(plan),
                        "[0:v:0]" + TranscodeCommand.pictureChain(plan) + trim(chunk)));
        a.addAll(TranscodeCommand.sideOutputs(plan, chunkSide));
        return a;
    }

    /**
     * The audio item: every one of {@code tracks} through {@code audio}'s chain (null: as it is) into its own rendition
     * in {@code itemDir/hls/<folder>/}, for the whole asset, on the chunks' timeline; the master ffmpeg writes names
     * the AUDIO group, for the stitch to join to the chunks' variants.
     */
    public static List<String> audioArguments(LadderPlan plan, List<String> inputOptions, String source, Path itemDir,
                                              Path progressFile, Path keyInfo, AudioChain.Filters audio, List<AudioRendition> tracks) {
        if (!plan.audio() || tracks.isEmpty()) {
            throw new IllegalArgumentException("the audio item needs audio tracks");
        }
        Ladder ladder = plan.ladder();
        List<String> a = TranscodeCommand.head(progressFile, inputOptions);
        a.addAll(List.of("-i", source, "-vn", "-sn", "-dn"));
        if (audio != null) {
            a.addAll(List.of("-filter_complex", TranscodeCommand.audioGraph(audio, tracks)));
        }
        List<String> variants = new ArrayList<>();
        for (int j = 0; j < tracks.size(); j++) {
            AudioRendition t = tracks.get(j);
            a.addAll(List.of("-map", audio != null ? "[a" + j + "]" : "0:a:" + t.track()));
            variants.add("a:" + j + ",agroup:" + TranscodeCommand.AUDIO_GROUP + ",language:" + t.language()
                    + (t.isDefault() ? ",default:yes" : "") + ",name:" + t.folder());
        }
        a.addAll(List.of("-c:a", ladder.audio().codec(), "-b:a", ladder.audio().bitrateKbps() + "k",
                "-ac", String.valueOf(ladder.audio().channels()), "-ar", String.valueOf(ladder.audio().sampleRate())));
        if (keyInfo != null) {
            a.addAll(List.of("-hls_key_info_file", keyInfo.toAbsolutePath().toString()));
        }
        Path hls = itemDir.resolve(HLS).toAbsolutePath();
        a.addAll(List.of("-output_ts_offset", seconds(TIME_OFFSET_SECONDS),
                "-f", "hls",
                "-hls_time", String.valueOf(ladder.segmentSeconds()),
                "-hls_playlist_type", "vod",
                "-hls_flags", keyInfo != null ? "independent_segments+periodic_rekey" : "independent_segments",
                "-hls_segment_type", "mpegts",
                "-hls_segment_filename", hls + "/%v/" + TranscodeCommand.SEGMENT,
                "-master_pl_name", "master.m3u8",
                "-var_stream_map", String.join(" ", variants),
                hls + "/%v/index.m3u8"));
        return a;
    }

    /** The single pass's picture chain, then the chunk's frames only, then the rungs' scalers and side branches. */
    static String filterGraph(LadderPlan plan, Chunk chunk, SideOutputs side) {
        String head = "[0:v:0]" + TranscodeCommand.pictureChain(plan);
        String whole = TranscodeCommand.filterGraph(plan, side.pictures());
        if (!whole.startsWith(head)) {
            throw new IllegalStateException("the ladder's filter graph does not start with its picture chain");
        }
        return head + trim(chunk) + whole.substring(head.length());
    }

    /** {@code ,trim=...}: the chunk's frames, by their time in the source. */
    static String trim(Chunk chunk) {
        return ",trim=start=" + seconds(chunk.start()) + (chunk.last() ? "" : ":end=" + seconds(chunk.end()));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }

    /** The rungs' folders in a chunk's {@code hls} folder (as in the single pass). */
    public static List<String> rungFolders(LadderPlan plan) {
        return plan.rungs().stream().map(PlannedRung::name).toList();
    }
}
