package caravan.transcode;

import caravan.asset.Outputs.AudioRendition;
import caravan.ffmpeg.SecretFileArgument;
import caravan.ffmpeg.UntrustedInput;
import caravan.transcode.LadderPlan.PlannedRung;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * ffmpeg's arguments for a CMAF ladder in ONE process: the picture chain and scaling of {@link TranscodeCommand}
 * (so both packagings make the same pictures), each rung encoded in its ladder codec (H.264, HEVC tagged
 * {@code hvc1}, or AV1) with keyframes on the same 2 s grid and closed GOPs, every planned audio track encoded ONCE as
 * its own rendition (its own adaptation set, tagged with the track's language), and everything muxed by ffmpeg's {@code dash} muxer into fragmented MP4: one init segment and 6 s
 * segments per rendition, {@code manifest.mpd} and, with {@code hls_playlist}, HLS playlists over the same files
 * ({@link CmafManifests} finishes both). Every sample is encrypted with common encryption ({@code cenc-aes-ctr})
 * under the asset's content key; the stream indexes are those of the TS command (video rungs first, output 0), so
 * the side outputs and the quality comparison work unchanged.
 */
public final class CmafCommand {
    static final String MPD = "manifest.mpd";
    static final String MASTER = "master.m3u8";
    static final String INIT = "init-$RepresentationID$.mp4";
    static final String SEGMENT = "seg-$RepresentationID$-$Number%05d$.m4s";

    private CmafCommand() {
    }

    /**
     * The content key and its id (16 bytes each) every sample is encrypted under, and the file (0600, in the work
     * folder) that hands the muxer options naming them to ffmpeg: the key never appears in the command Camel logs.
     */
    public record Cenc(byte[] key, byte[] kid, Path optionsFile) {
        String formatOptions() {
            HexFormat hex = HexFormat.of();
            return "encryption_scheme=cenc-aes-ctr:encryption_key=" + hex.formatHex(key) + ":encryption_kid=" + hex.formatHex(kid);
        }
    }

    public static List<String> arguments(LadderPlan plan, Path source, Path outDir, Path progressFile, UntrustedInput input,
                                         Cenc cenc, SideOutputs side, AudioChain.Filters audio, List<AudioRendition> tracks) {
        Ladder ladder = plan.ladder();
        List<String> a = TranscodeCommand.head(progressFile, input);
        a.addAll(List.of("-i", UntrustedInput.path(source)));
        int n = plan.rungs().size();
        List<String> sets = new ArrayList<>();
        if (plan.video()) {
            a.add("-filter_complex");
            a.add(TranscodeCommand.filterGraph(plan, side.pictures()));
            for (int i = 0; i < n; i++) {
                PlannedRung r = plan.rungs().get(i);
                String codec = ladder.codecOf(r.name());
                a.addAll(List.of("-map", "[v" + i + "]", "-b:v:" + i, r.videoKbps() + "k"));
                if (!Ladder.AV1.equals(codec)) { // SVT-AV1 caps the rate in CRF mode only: its VBR refuses a maxrate
                    a.addAll(List.of("-maxrate:v:" + i, r.maxKbps() + "k", "-bufsize:v:" + i, r.bufferKbps() + "k"));
                }
                a.addAll(encoder(i, codec, ladder.video()));
                sets.add("id=" + i + ",streams=" + i); // one adaptation set per rung: DASH players switch within a codec
            }
            a.addAll(TranscodeCommand.keyframeGrid(plan));
        }
        List<AudioRendition> audioTracks = !plan.audio() ? List.of() : tracks.isEmpty() ? AudioRenditions.firstTrack(plan) : tracks;
        if (audio != null && !audioTracks.isEmpty()) {
            a.addAll(List.of("-filter_complex", TranscodeCommand.audioGraph(audio, audioTracks)));
        }
        for (int j = 0; j < audioTracks.size(); j++) {
            AudioRendition t = audioTracks.get(j);
            a.addAll(List.of("-map", audio != null ? "[a" + j + "]" : "0:a:" + t.track(), "-metadata:s:a:" + j, "language=" + t.language()));
            sets.add("id=" + (n + j) + ",streams=" + (n + j)); // one adaptation set per track: the MPD's lang is per set
        }
        if (!audioTracks.isEmpty()) {
            a.addAll(List.of("-c:a", ladder.audio().codec(), "-b:a", ladder.audio().bitrateKbps() + "k",
                    "-ac", String.valueOf(ladder.audio().channels()), "-ar", String.valueOf(ladder.audio().sampleRate())));
        }
        a.addAll(List.of("-f", "dash",
                "-seg_duration", String.valueOf(ladder.segmentSeconds()),
                "-use_template", "1", "-use_timeline", "1",
                "-hls_playlist", "1", "-hls_master_name", MASTER,
                "-adaptation_sets", String.join(" ", sets),
                "-init_seg_name", INIT, "-media_seg_name", SEGMENT,
                "-format_options", SecretFileArgument.of(cenc.optionsFile()),
                outDir.toAbsolutePath() + "/" + MPD));
        a.addAll(TranscodeCommand.sideOutputs(plan, side));
        return a;
    }

    /**
     * The encoder options of video stream {@code i} for its codec: x264 with the ladder's profile and preset; x265 Main
     * with the same preset, closed GOPs and no scene-cut keyframes (its own parameters), tagged {@code hvc1} as HLS wants;
     * SVT-AV1 at a speed preset near the ladder's.
     */
    static List<String> encoder(int i, String codec, Ladder.Video video) {
        return switch (codec) {
            case Ladder.HEVC -> List.of("-c:v:" + i, "libx265", "-tag:v:" + i, "hvc1", "-profile:v:" + i, "main",
                    "-preset:v:" + i, video.preset(), "-x265-params:v:" + i, "log-level=error:open-gop=0:scenecut=0");
            case Ladder.AV1 -> List.of("-c:v:" + i, "libsvtav1", "-preset:v:" + i, String.valueOf(svtPreset(video.preset())));
            default -> List.of("-c:v:" + i, video.codec(), "-profile:v:" + i, video.profile(), "-preset:v:" + i, video.preset());
        };
    }

    /**
     * SVT-AV1's presets run 0 (slowest) to 13, and 3.1 maps those above 10 to 10 for its VBR mode: x264's names mapped
     * onto 10 and below, where a ladder's pace is.
     */
    static int svtPreset(String x264Preset) {
        return switch (x264Preset) {
            case "ultrafast", "superfast", "veryfast", "faster" -> 10;
            case "fast", "medium" -> 8;
            default -> 6;
        };
    }
}
