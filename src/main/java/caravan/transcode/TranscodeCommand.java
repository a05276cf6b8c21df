package caravan.transcode;

import caravan.asset.Outputs.AudioRendition;
import caravan.ffmpeg.UntrustedInput;
import caravan.transcode.LadderPlan.PlannedRung;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ffmpeg's arguments for a whole ladder in ONE process: the source is decoded once, split and scaled per rung,
 * every rung encoded with keyframes on the same 2 s grid (closed GOPs, no scene-cut keyframes), every audio track
 * encoded once into its own rendition, and written as MPEG-TS HLS with a master playlist. Paths are the pipeline's own; the input is opened as {@link UntrustedInput}.
 */
public final class TranscodeCommand {
    static final String SEGMENT = "segment_%05d.ts";
    /** The AUDIO group's id in ffmpeg's {@code var_stream_map}. */
    public static final String AUDIO_GROUP = "audio";

    private TranscodeCommand() {
    }

    /** The folder (in the output folder) of each rendition ffmpeg writes: one per rung, one per published audio track. */
    public static List<String> renditionFolders(LadderPlan plan) {
        return renditionFolders(plan, AudioRenditions.firstTrack(plan));
    }

    public static List<String> renditionFolders(LadderPlan plan, List<AudioRendition> tracks) {
        List<String> folders = new ArrayList<>(plan.rungs().stream().map(PlannedRung::name).toList());
        if (plan.audio()) {
            tracks.forEach(t -> folders.add(t.folder()));
        }
        return List.copyOf(folders);
    }

    /** The file name, in its rendition's folder, of the segment with media sequence number {@code sequence}. */
    public static String segmentFile(long sequence) {
        return String.format(Locale.ROOT, SEGMENT, sequence);
    }

    public static List<String> arguments(LadderPlan plan, Path source, Path outDir, Path progressFile, UntrustedInput input) {
        return arguments(plan, source, outDir, progressFile, input, null);
    }

    /**
     * With {@code keyInfo} (ffmpeg's key info file: key URI and key file, no IV), every segment is AES-128 encrypted
     * under its own IV, its media sequence number, written in the segment's own {@code #EXT-X-KEY}.
     */
    public static List<String> arguments(LadderPlan plan, Path source, Path outDir, Path progressFile, UntrustedInput input,
                                         Path keyInfo) {
        return arguments(plan, source, outDir, progressFile, input, keyInfo, SideOutputs.NONE);
    }

    /** Also writes {@code side}'s outputs from the same decode (after the HLS output, which stays output 0). */
    public static List<String> arguments(LadderPlan plan, Path source, Path outDir, Path progressFile, UntrustedInput input,
                                         Path keyInfo, SideOutputs side) {
        return arguments(plan, source, outDir, progressFile, input, keyInfo, side, null);
    }

    /** ... with the first audio track taken through {@code audio}'s chain (null: the audio as it is). */
    public static List<String> arguments(LadderPlan plan, Path source, Path outDir, Path progressFile, UntrustedInput input,
                                         Path keyInfo, SideOutputs side, AudioChain.Filters audio) {
        return arguments(plan, source, outDir, progressFile, input, keyInfo, side, audio, AudioRenditions.firstTrack(plan));
    }

    /**
     * ... with every one of {@code tracks} encoded ONCE into its own audio-only rendition, each through {@code audio}'s
     * chain: a video's rungs carry no sound and name the AUDIO group {@code audio} instead (ffmpeg's master calls it
     * {@code group_audio}; the publish step writes the group as Caravan names it). A sound-only plan has one track.
     */
    public static List<String> arguments(LadderPlan plan, Path source, Path outDir, Path progressFile, UntrustedInput input,
                                         Path keyInfo, SideOutputs side, AudioChain.Filters audio, List<AudioRendition> tracks) {
        Ladder ladder = plan.ladder();
        List<String> a = head(progressFile, input);
        a.addAll(List.of("-i", UntrustedInput.path(source)));
        List<String> variants = new ArrayList<>();
        int n = plan.rungs().size();
        if (plan.video()) {
            a.add("-filter_complex");
            a.add(filterGraph(plan, side.pictures()));
            a.addAll(videoEncoding(plan));
        }
        List<AudioRendition> audioTracks = plan.audio() ? tracks : List.of();
        if (!audioTracks.isEmpty() && audio != null) {
            a.addAll(List.of("-filter_complex", audioGraph(audio, audioTracks)));
        }
        for (int j = 0; j < audioTracks.size(); j++) {
            a.addAll(List.of("-map", audio != null ? "[a" + j + "]" : "0:a:" + audioTracks.get(j).track()));
        }
        if (!audioTracks.isEmpty()) {
            a.addAll(List.of("-c:a", ladder.audio().codec(), "-b:a", ladder.audio().bitrateKbps() + "k",
                    "-ac", String.valueOf(ladder.audio().channels()), "-ar", String.valueOf(ladder.audio().sampleRate())));
        }
        String group = audioTracks.isEmpty() || !plan.video() ? "" : ",agroup:" + AUDIO_GROUP;
        for (int i = 0; i < n; i++) {
            variants.add("v:" + i + group + ",name:" + plan.rungs().get(i).name());
        }
        for (int j = 0; j < audioTracks.size(); j++) {
            AudioRendition t = audioTracks.get(j);
            variants.add("a:" + j + group + (group.isEmpty() ? "" : ",language:" + t.language() + (t.isDefault() ? ",default:yes" : ""))
                    + ",name:" + t.folder());
        }
        if (keyInfo != null) {
            a.addAll(List.of("-hls_key_info_file", keyInfo.toAbsolutePath().toString()));
        }
        a.addAll(List.of("-f", "hls",
                "-hls_time", String.valueOf(ladder.segmentSeconds()),
                "-hls_playlist_type", "vod",
                // periodic_rekey: ffmpeg reads the key info again for each segment and, as it has no IV line, gives
                // every segment its media sequence number as IV, stated in its own EXT-X-KEY. Without it ffmpeg
                // computes the IV once and every segment of the asset shares IV 0 under the same key.
                "-hls_flags", keyInfo != null ? "independent_segments+periodic_rekey" : "independent_segments",
                "-hls_segment_type", "mpegts",
                "-hls_segment_filename", outDir.toAbsolutePath() + "/%v/" + SEGMENT,
                "-master_pl_name", "master.m3u8",
                "-var_stream_map", String.join(" ", variants),
                outDir.toAbsolutePath() + "/%v/index.m3u8"));
        a.addAll(sideOutputs(plan, side));
        return a;
    }

    /** What every encode command starts with: quiet, overwriting, progress to {@code progressFile}, the untrusted-input options. */
    static List<String> head(Path progressFile, UntrustedInput input) {
        return head(progressFile, input.options());
    }

    /** ... with {@code inputOptions} as the input's (a file's, or a signed URL's: {@link UntrustedInput#urlOptions}). */
    static List<String> head(Path progressFile, List<String> inputOptions) {
        List<String> a = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-y",
                "-progress", "file:" + progressFile.toAbsolutePath()));
        a.addAll(inputOptions);
        return a;
    }

    /**
     * Every rung's encoder settings, for the pictures {@code [v0]}...: keyframes on the GOP grid (counted from the
     * output's first frame: a chunk, which starts on the grid, gets the same grid), closed GOPs, no scene-cut
     * keyframes, BT.709 tags.
     */
    static List<String> videoEncoding(LadderPlan plan) {
        Ladder ladder = plan.ladder();
        List<String> a = new ArrayList<>();
        for (int i = 0; i < plan.rungs().size(); i++) {
            PlannedRung r = plan.rungs().get(i);
            a.addAll(List.of("-map", "[v" + i + "]",
                    "-c:v:" + i, ladder.video().codec(),
                    "-b:v:" + i, r.videoKbps() + "k",
                    "-maxrate:v:" + i, r.maxKbps() + "k",
                    "-bufsize:v:" + i, r.bufferKbps() + "k"));
        }
        a.addAll(List.of("-profile:v", ladder.video().profile(), "-preset", ladder.video().preset()));
        a.addAll(keyframeGrid(plan));
        return a;
    }

    /**
     * For every video output: keyframes on the GOP grid (counted from the output's first frame), closed GOPs, no
     * scene-cut keyframes, no CEA-608/708 (the master says CLOSED-CAPTIONS=NONE), BT.709 tags.
     */
    static List<String> keyframeGrid(LadderPlan plan) {
        List<String> a = new ArrayList<>(List.of("-g", String.valueOf(plan.gopFrames()), "-keyint_min", String.valueOf(plan.gopFrames()),
                "-sc_threshold", "0", "-flags", "+cgop", "-a53cc", "0",
                "-force_key_frames", "expr:gte(t,n_forced*" + plan.ladder().video().gopSeconds() + ")"));
        a.addAll(ColourConversion.OUTPUT_TAGS);
        return a;
    }

    /**
     * Each track ({@code 0:a:N}) through {@code audio}'s chain into {@code [a0]}, {@code [a1]}...: the chain's gain is
     * the one measured on the first track (the tracks of one programme are mixed to the same level; see docs/outputs.md),
     * and the meter is fed a copy of the first track.
     */
    static String audioGraph(AudioChain.Filters audio, List<AudioRendition> tracks) {
        StringBuilder g = new StringBuilder();
        for (int j = 0; j < tracks.size(); j++) {
            g.append(j == 0 ? "" : ";").append("[0:a:").append(tracks.get(j).track()).append(']').append(audio.chain());
            if (j == 0 && audio.meter() != null) {
                g.append(",asplit=2[a0][meter];[meter]").append(audio.meter());
            } else {
                g.append("[a").append(j).append(']');
            }
        }
        return g.toString();
    }

    /** The side outputs' files, and the comparison graph over the rungs decoded again (loopback decoders). */
    static List<String> sideOutputs(LadderPlan plan, SideOutputs side) {
        List<String> a = new ArrayList<>();
        if (plan.video()) {
            for (int j = 0; j < side.pictures().size(); j++) {
                a.addAll(List.of("-map", "[x" + j + "]"));
                a.addAll(side.pictures().get(j).output());
            }
        } else if (side.sound() != null && plan.audio()) {
            a.addAll(List.of("-filter_complex", "[0:a:0]" + side.sound().filters() + "[x0]", "-map", "[x0]"));
            a.addAll(side.sound().output());
        }
        if (plan.video() && side.comparison() != null) {
            for (int i = 0; i < plan.rungs().size(); i++) {
                a.addAll(List.of("-dec", "0:" + i));
            }
            a.addAll(List.of("-filter_complex", side.comparison()));
            for (int i = 0; i < plan.rungs().size(); i++) {
                a.addAll(List.of("-map", "[q" + i + "]"));
            }
            a.addAll(List.of("-f", "null", "-"));
        }
        return a;
    }

    /**
     * Decode once: [deinterlace,] constant frame rate, 8-bit 4:2:0, then each rung scaled from the rung above it
     * (rungs come tallest first), so every scaler reads the smallest picture it can. Measured in BENCHMARKS.md (P2):
     * about 5% less wall time than scaling every rung from the source, for an SSIM cost of 0.003 at 360p.
     */
    static String filterGraph(LadderPlan plan) {
        return filterGraph(plan, List.of());
    }

    /** ... and one more copy of the decoded picture for each side branch, which ends in {@code [xN]}. */
    static String filterGraph(LadderPlan plan, List<SideOutputs.Branch> branches) {
        int n = plan.rungs().size();
        StringBuilder g = new StringBuilder("[0:v:0]").append(pictureChain(plan));
        if (branches.isEmpty()) {
            g.append("[c0]");
        } else {
            g.append(",split=").append(1 + branches.size()).append("[c0]");
            for (int j = 0; j < branches.size(); j++) {
                g.append("[b").append(j).append(']');
            }
        }
        for (int i = 0; i < n; i++) {
            g.append(";[c").append(i).append(']').append(scaleTo(plan.rungs().get(i)));
            if (i < n - 1) {
                g.append(",split=2[v").append(i).append("][c").append(i + 1).append(']');
            } else {
                g.append("[v").append(i).append(']');
            }
        }
        for (int j = 0; j < branches.size(); j++) {
            g.append(";[b").append(j).append(']').append(branches.get(j).filters()).append("[x").append(j).append(']');
        }
        return g.toString();
    }

    /**
     * What every rung is made from: [deinterlaced,] constant frame rate, then BT.709 limited range 8-bit 4:2:0
     * ({@link ColourConversion}: HDR tone-mapped, another matrix or full range converted) (no labels).
     */
    public static String pictureChain(LadderPlan plan) {
        return (plan.deinterlace() ? "bwdif=mode=send_frame:deint=interlaced," : "")
                + String.format(Locale.ROOT, "fps=%.6f,", plan.frameRate()) + plan.colour().filters();
    }

    /** How the picture is scaled to a rung (no labels). */
    public static String scaleTo(PlannedRung r) {
        return "scale=" + r.width() + ':' + r.height() + ":flags=bicubic,setsar=1";
    }
}
