package caravan.transcode;

import caravan.asset.Outputs.AudioRendition;
import caravan.ffmpeg.UntrustedInput;
import caravan.transcode.LadderPlan.PlannedRung;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TranscodeCommandTest {
    private static final Path SOURCE = Path.of("/work/x/source");
    private static final Path OUT = Path.of("/work/x/out");
    private static final Path PROGRESS = Path.of("/work/x/progress.txt");
    private static final String FORMATS = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm";
    private static final UntrustedInput INPUT = new UntrustedInput(FORMATS, 4096L * 2304);

    private static Ladder ladder;

    @BeforeAll
    static void loadDefaultLadder() {
        ladder = Ladder.load(Path.of("config/ladder.json"));
    }

    private static LadderPlan threeRungs(boolean audio, boolean deinterlace) {
        return new LadderPlan(List.of(
                new PlannedRung("480p", 854, 480, 1400),
                new PlannedRung("360p", 640, 360, 800),
                new PlannedRung("240p", 426, 240, 400)), audio, 25, deinterlace, ladder);
    }

    private static List<String> args(LadderPlan plan) {
        return TranscodeCommand.arguments(plan, SOURCE, OUT, PROGRESS, INPUT);
    }

    /** The value following {@code option}; fails if the option is missing or appears more than once. */
    private static String valueOf(List<String> args, String option) {
        assertThat(Collections.frequency(args, option)).as("occurrences of %s in %s", option, args).isEqualTo(1);
        return args.get(args.indexOf(option) + 1);
    }

    @Test
    void inputIsRestrictedToTheFileProtocolAndAllowedFormats() {
        List<String> a = args(threeRungs(true, false));

        assertThat(a.get(0)).isEqualTo("-nostdin");
        assertThat(valueOf(a, "-protocol_whitelist")).isEqualTo("file");
        assertThat(valueOf(a, "-format_whitelist")).isEqualTo(FORMATS);
        assertThat(valueOf(a, "-max_pixels")).isEqualTo("9437184");
        assertThat(valueOf(a, "-i")).isEqualTo("file:/work/x/source");
        assertThat(valueOf(a, "-progress")).isEqualTo("file:/work/x/progress.txt");
        assertThat(a.indexOf("-protocol_whitelist")).isLessThan(a.indexOf("-i"));
        assertThat(a.indexOf("-format_whitelist")).isLessThan(a.indexOf("-i"));
        assertThat(a.indexOf("-max_pixels")).isLessThan(a.indexOf("-i"));
    }

    @Test
    void oneDecodeIsScaledDownRungByRung() {
        String graph = valueOf(args(threeRungs(true, false)), "-filter_complex");

        assertThat(graph).startsWith("[0:v:0]").doesNotContain("bwdif");
        assertThat(graph).contains("fps=25.000000").contains("format=yuv420p");
        assertThat(graph).containsSubsequence("[c0]scale=854:480:", "split=2[v0][c1]", "[c1]scale=640:360:", "split=2[v1][c2]",
                "[c2]scale=426:240:", "[v2]");
        assertThat(graph.split("scale=", -1)).hasSize(4);
        assertThat(graph.split("\\[0:v:0]", -1)).as("the source is decoded once").hasSize(2);
    }

    @Test
    void eachRungIsMappedAndEncodedAtItsBitrate() {
        List<String> a = args(threeRungs(true, false));

        assertThat(a).containsSubsequence("-map", "[v0]", "-c:v:0", "libx264", "-b:v:0", "1400k", "-maxrate:v:0", "1498k", "-bufsize:v:0", "2100k");
        assertThat(a).containsSubsequence("-map", "[v2]", "-c:v:2", "libx264", "-b:v:2", "400k");
        assertThat(Collections.frequency(a, "0:a:0")).as("the audio is encoded once, not once per rung").isEqualTo(1);
        assertThat(valueOf(a, "-c:a")).isEqualTo("aac");
        assertThat(valueOf(a, "-b:a")).isEqualTo("128k");
        assertThat(valueOf(a, "-ac")).isEqualTo("2");
        assertThat(valueOf(a, "-ar")).isEqualTo("48000");
    }

    @Test
    void rungsCarryNoSoundAndPlayWithTheAudioGroup() {
        assertThat(valueOf(args(threeRungs(true, false)), "-var_stream_map"))
                .isEqualTo("v:0,agroup:audio,name:480p v:1,agroup:audio,name:360p v:2,agroup:audio,name:240p"
                        + " a:0,agroup:audio,language:und,default:yes,name:audio");
    }

    private static final List<AudioRendition> TWO_LANGUAGES = List.of(
            new AudioRendition("audio/index.m3u8", 0, "en", "English", true, 2, false),
            new AudioRendition("audio2/index.m3u8", 1, "de", "German", false, 2, false));

    @Test
    void everyAudioTrackIsEncodedOnceIntoItsOwnRendition() {
        List<String> a = TranscodeCommand.arguments(threeRungs(true, false), SOURCE, OUT, PROGRESS, INPUT, null, SideOutputs.NONE,
                null, TWO_LANGUAGES);

        assertThat(Collections.frequency(a, "0:a:0")).isEqualTo(1);
        assertThat(Collections.frequency(a, "0:a:1")).isEqualTo(1);
        assertThat(valueOf(a, "-c:a")).as("one option for every audio output").isEqualTo("aac");
        assertThat(valueOf(a, "-var_stream_map")).endsWith(" a:0,agroup:audio,language:en,default:yes,name:audio"
                + " a:1,agroup:audio,language:de,name:audio2");
        assertThat(TranscodeCommand.renditionFolders(threeRungs(true, false), TWO_LANGUAGES))
                .as("the folders whose segments are encrypted and rotated").containsExactly("480p", "360p", "240p", "audio", "audio2");
    }

    @Test
    void everyTrackGoesThroughTheChainAndTheMeterHearsTheFirst() {
        List<String> a = TranscodeCommand.arguments(threeRungs(true, false), SOURCE, OUT, PROGRESS, INPUT, null, SideOutputs.NONE,
                new AudioChain.Filters("volume=2", "anullsink"), TWO_LANGUAGES);

        assertThat(a).contains("[0:a:0]volume=2,asplit=2[a0][meter];[meter]anullsink;[0:a:1]volume=2[a1]");
        assertThat(String.join(" ", a)).contains("-map [a0] -map [a1]");
    }

    @Test
    void keyframesAreAlignedOnTheGopGrid() {
        List<String> a = args(threeRungs(true, false));

        assertThat(valueOf(a, "-sc_threshold")).isEqualTo("0");
        assertThat(valueOf(a, "-force_key_frames")).isEqualTo("expr:gte(t,n_forced*2)");
        assertThat(valueOf(a, "-g")).isEqualTo("50");
        assertThat(valueOf(a, "-keyint_min")).isEqualTo("50");
        assertThat(valueOf(a, "-flags")).isEqualTo("+cgop");
        assertThat(valueOf(a, "-profile:v")).isEqualTo("high");
        assertThat(valueOf(a, "-preset")).isEqualTo("veryfast");
    }

    @Test
    void outputIsVodMpegTsHlsWithAMasterPlaylist() {
        List<String> a = args(threeRungs(true, false));

        assertThat(valueOf(a, "-f")).isEqualTo("hls");
        assertThat(valueOf(a, "-hls_playlist_type")).isEqualTo("vod");
        assertThat(valueOf(a, "-hls_segment_type")).isEqualTo("mpegts");
        assertThat(valueOf(a, "-hls_time")).isEqualTo(String.valueOf(ladder.segmentSeconds())).isEqualTo("6");
        assertThat(valueOf(a, "-master_pl_name")).isEqualTo("master.m3u8");
        assertThat(valueOf(a, "-hls_segment_filename")).isEqualTo("/work/x/out/%v/segment_%05d.ts");
        assertThat(a.get(a.size() - 1)).isEqualTo("/work/x/out/%v/index.m3u8");
    }

    @Test
    void audioOnlyPlanHasOneAudioVariantAndNoFilterGraph() {
        LadderPlan plan = new LadderPlan(List.of(), true, 0, false, ladder);
        List<String> a = args(plan);

        assertThat(valueOf(a, "-var_stream_map")).isEqualTo("a:0,name:audio");
        assertThat(a).doesNotContain("-filter_complex", "-c:v:0", "-g", "-force_key_frames");
        assertThat(Collections.frequency(a, "0:a:0")).isEqualTo(1);
        assertThat(valueOf(a, "-c:a")).isEqualTo("aac");
    }

    @Test
    void videoOnlyPlanMapsNoAudio() {
        List<String> a = args(threeRungs(false, false));

        assertThat(a).doesNotContain("0:a:0", "-c:a", "-b:a");
        assertThat(valueOf(a, "-var_stream_map")).isEqualTo("v:0,name:480p v:1,name:360p v:2,name:240p");
    }

    @Test
    void interlacedPlanDeinterlacesBeforeScaling() {
        String graph = valueOf(args(threeRungs(true, true)), "-filter_complex");

        assertThat(graph).contains("bwdif");
        assertThat(graph.indexOf("bwdif")).isLessThan(graph.indexOf("scale="));
    }

    @Test
    void onlyThePipelinesOwnPathsAppearAndNeverAsOptions() {
        List<String> a = args(threeRungs(true, false));

        List<String> pathBearing = a.stream().filter(s -> s.contains("/work/x")).toList();
        assertThat(pathBearing).hasSize(4).allSatisfy(s -> assertThat(s.startsWith("file:") || s.startsWith("/"))
                .as("path-bearing argument %s starts with file: or /", s).isTrue());
        assertThat(a).filteredOn(s -> s.startsWith("-")).noneMatch(s -> s.contains("/"));
    }

    @Test
    void aRelativeSourceThatLooksLikeAnOptionIsStillAnAbsoluteFileInput() {
        List<String> a = TranscodeCommand.arguments(threeRungs(true, false), Path.of("-f lavfi -i evil"),
                Path.of("out"), Path.of("progress"), INPUT);

        String input = valueOf(a, "-i");
        assertThat(input).startsWith("file:/").endsWith("/-f lavfi -i evil");
        assertThat(valueOf(a, "-hls_segment_filename")).startsWith("/");
        assertThat(a.get(a.size() - 1)).startsWith("/");
        assertThat(a).doesNotContain("lavfi", "evil");
    }
    @Test
    void sideOutputsBranchFromTheSameDecodeAndComeAfterTheLadder() {
        SideOutputs side = new SideOutputs(List.of(
                new SideOutputs.Branch("select='x',scale=320:180", List.of("-c:v", "mjpeg", "file:/work/x/thumbs/%05d.jpg")),
                new SideOutputs.Branch("scale=160:90", List.of("-c:v", "mjpeg", "file:/work/x/tiles/%05d.jpg"))),
                null, "[0:v:0]null[q0];[dec:1]null[q1];[dec:2]null[q2]");
        List<String> a = TranscodeCommand.arguments(threeRungs(true, false), SOURCE, OUT, PROGRESS, INPUT, null, side);

        String graph = a.get(a.indexOf("-filter_complex") + 1);
        assertThat(graph).contains("split=3[c0][b0][b1]", ";[b0]select='x',scale=320:180[x0]", ";[b1]scale=160:90[x1]");
        int ladderOut = a.indexOf("/work/x/out/%v/index.m3u8");
        assertThat(a.subList(ladderOut, a.size())).containsSubsequence("-map", "[x0]", "-c:v", "mjpeg", "file:/work/x/thumbs/%05d.jpg",
                "-map", "[x1]", "-c:v", "mjpeg", "file:/work/x/tiles/%05d.jpg",
                "-dec", "0:0", "-dec", "0:1", "-dec", "0:2", "-filter_complex", "[0:v:0]null[q0];[dec:1]null[q1];[dec:2]null[q2]",
                "-map", "[q0]", "-map", "[q1]", "-map", "[q2]", "-f", "null", "-");
        assertThat(a.indexOf("-hls_key_info_file")).isEqualTo(-1);
    }

    @Test
    void anAudioOnlyPlanGetsItsSoundBranchAndNoComparison() {
        SideOutputs side = new SideOutputs(List.of(), new SideOutputs.Branch("showwavespic=s=1280x720",
                List.of("-frames:v", "1", "file:/work/x/wave.png")), "[dec:0]null[q0]");
        List<String> a = TranscodeCommand.arguments(new LadderPlan(List.of(), true, 0, false, ladder), SOURCE, OUT, PROGRESS, INPUT,
                null, side);

        assertThat(a).containsSubsequence("/work/x/out/%v/index.m3u8", "-filter_complex", "[0:a:0]showwavespic=s=1280x720[x0]",
                "-map", "[x0]", "-frames:v", "1", "file:/work/x/wave.png");
        assertThat(a).doesNotContain("-dec");
    }

    @Test
    void theQualityComparisonSeesTheRungsAsTheEncoderDidAndPairsFramesByTime() {
        String graph = caravan.quality.ComparisonGraph.of(threeRungs(true, true), 30, "quality");
        String sameFrames = "setpts=PTS-STARTPTS,select='not(mod(round(t*25.000000)\\,30))'";

        assertThat(graph).startsWith("[0:v:0]bwdif=mode=send_frame:deint=interlaced,fps=25.000000,format=yuv420p,"
                + sameFrames + ",split=3[r0][r1][r2]");
        assertThat(graph).as("the rung decoded again gets the same timestamp handling and frame choice")
                .contains(";[r2]scale=426:240:flags=bicubic,setsar=1,split[ra2][rb2]",
                ";[dec:2]" + sameFrames + "[d2]", ";[d2][ra2]psnr=stats_file=quality/psnr-2.log[e2]",
                ";[e2][rb2]ssim=stats_file=quality/ssim-2.log[q2]");
        assertThat(graph).doesNotContain("mod(n");
    }

    @Test
    void everyRungIsTaggedBt709LimitedRange() {
        List<String> a = args(threeRungs(true, false));

        assertThat(valueOf(a, "-color_primaries")).isEqualTo("bt709");
        assertThat(valueOf(a, "-color_trc")).isEqualTo("bt709");
        assertThat(valueOf(a, "-colorspace")).isEqualTo("bt709");
        assertThat(valueOf(a, "-color_range")).isEqualTo("tv");
        assertThat(a.indexOf("-colorspace")).as("an option of the HLS output").isLessThan(a.indexOf("-f"));
    }

    @Test
    void theColourConversionComesBeforeTheRungsAreScaled() {
        ColourConversion toneMap = new ColourConversion(ColourConversion.Kind.TONE_MAP, "smpte2084", "bt2020", "bt2020nc", "tv");
        LadderPlan base = threeRungs(false, false);
        LadderPlan plan = new LadderPlan(base.rungs(), false, 25, false, ladder, toneMap);

        String graph = valueOf(args(plan), "-filter_complex");

        assertThat(graph).startsWith("[0:v:0]fps=25.000000," + toneMap.filters() + "[c0]");
        assertThat(TranscodeCommand.pictureChain(plan)).as("what the quality comparison starts from").endsWith(toneMap.filters());
    }

    @Test
    void audioChainFeedsTheOneAudioEncodeAndTheMeter() {
        List<String> a = TranscodeCommand.arguments(threeRungs(true, false), SOURCE, OUT, PROGRESS, INPUT, null, SideOutputs.NONE,
                new AudioChain.Filters("volume=2", "anullsink"));
        List<String> graphs = new java.util.ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals("-filter_complex")) {
                graphs.add(a.get(i + 1));
            }
        }
        assertThat(graphs).contains("[0:a:0]volume=2,asplit=2[a0][meter];[meter]anullsink");
        assertThat(a).doesNotContain("0:a:0", "[a1]");
        assertThat(String.join(" ", a)).contains("-map [a0]").contains("a:0,agroup:audio,language:und,default:yes,name:audio");
    }

    @Test
    void audioOnlyChainWithoutMeterHasOneCopy() {
        LadderPlan audioOnly = new LadderPlan(List.of(), true, 0, false, ladder);
        List<String> a = TranscodeCommand.arguments(audioOnly, SOURCE, OUT, PROGRESS, INPUT, null, SideOutputs.NONE,
                new AudioChain.Filters("volume=2", null));
        assertThat(valueOf(a, "-filter_complex")).isEqualTo("[0:a:0]volume=2[a0]");
        assertThat(valueOf(a, "-map")).isEqualTo("[a0]");
    }

    @Test
    void withoutAChainTheAudioIsMappedAsItIs() {
        assertThat(args(threeRungs(true, false))).containsSubsequence("-map", "0:a:0").doesNotContain("[a0]");
    }
}
