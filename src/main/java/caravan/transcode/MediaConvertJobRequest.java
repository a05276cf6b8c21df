package caravan.transcode;

import caravan.asset.Asset;
import caravan.transcode.LadderPlan.PlannedRung;
import software.amazon.awssdk.services.mediaconvert.model.AacSettings;
import software.amazon.awssdk.services.mediaconvert.model.AudioCodecSettings;
import software.amazon.awssdk.services.mediaconvert.model.AudioDescription;
import software.amazon.awssdk.services.mediaconvert.model.AudioSelector;
import software.amazon.awssdk.services.mediaconvert.model.ContainerSettings;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.FileGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.FrameCaptureSettings;
import software.amazon.awssdk.services.mediaconvert.model.H264QvbrSettings;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.HlsEncryptionSettings;
import software.amazon.awssdk.services.mediaconvert.model.HlsGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.Input;
import software.amazon.awssdk.services.mediaconvert.model.Mp4Settings;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
import software.amazon.awssdk.services.mediaconvert.model.Output;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroup;
import software.amazon.awssdk.services.mediaconvert.model.OutputGroupSettings;
import software.amazon.awssdk.services.mediaconvert.model.StaticKeyProvider;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodecSettings;
import software.amazon.awssdk.services.mediaconvert.model.VideoDescription;
import software.amazon.awssdk.services.mediaconvert.model.VideoSelector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MediaConvert {@code CreateJob} request for an asset, made from the same ladder plan the ffmpeg engine runs:
 * one HLS group (H.264 QVBR per rung, capped at the rung's bitrate, closed 2 s GOPs without scene-cut keyframes,
 * 6 s segments, AES-128 with the asset's content key); the frame captures the worker makes the poster, thumbnails and
 * storyboard from ({@link FrameCapturePlanner}), written outside the published folder; and, when one is offered, the
 * MP4 download of the chosen rung with its index first. The client request token is derived from the asset and its
 * run, so a redelivered message never starts a second job.
 */
public final class MediaConvertJobRequest {
    static final String AUDIO = "Audio Selector 1";
    static final int QVBR_QUALITY = 7;
    static final int CAPTURE_QUALITY = 80;
    /** Where the frame captures go in the output bucket: {@code captures/<id>/frame_<name>.<n>.jpg}, never published. */
    public static final String CAPTURES = "captures/";
    /** The MP4 download's file name without its extension, as with ffmpeg ({@code download.mp4}, or {@code .m4a}). */
    public static final String DOWNLOAD = "download";

    private final String roleArn;
    private final String queueArn;
    private final String ingestBucket;
    private final String outputBucket;
    private final String keyUriBase;
    private final FrameCapturePlanner captures;
    private final String downloadRung;

    /** A job of the HLS ladder only. */
    public MediaConvertJobRequest(String roleArn, String queueArn, String ingestBucket, String outputBucket, String keyUriBase) {
        this(roleArn, queueArn, ingestBucket, outputBucket, keyUriBase, FrameCapturePlanner.NONE, null);
    }

    /** {@code downloadRung}: the rung offered as an MP4 download, or null for none. */
    public MediaConvertJobRequest(String roleArn, String queueArn, String ingestBucket, String outputBucket, String keyUriBase,
                                  FrameCapturePlanner captures, String downloadRung) {
        this.captures = captures;
        this.downloadRung = downloadRung;
        this.roleArn = roleArn;
        this.queueArn = queueArn;
        this.ingestBucket = ingestBucket;
        this.outputBucket = outputBucket;
        this.keyUriBase = keyUriBase;
    }

    public CreateJobRequest build(Asset asset, LadderPlan plan, String contentKeyHex) {
        String id = asset.getId();
        String folder = "s3://" + outputBucket + "/media/" + id + "/";
        List<OutputGroup> groups = new ArrayList<>();
        groups.add(OutputGroup.builder().name("HLS")
                .outputGroupSettings(OutputGroupSettings.builder().type("HLS_GROUP_SETTINGS")
                        .hlsGroupSettings(HlsGroupSettings.builder()
                                .destination(folder + "master")
                                .segmentLength(plan.ladder().segmentSeconds())
                                .minSegmentLength(0)
                                .segmentControl("SEGMENTED_FILES")
                                .directoryStructure("SINGLE_DIRECTORY")
                                .manifestDurationFormat("FLOATING_POINT")
                                .outputSelection("MANIFESTS_AND_SEGMENTS")
                                .streamInfResolution("INCLUDE")
                                .codecSpecification("RFC_4281")
                                // no constantInitializationVector: MediaConvert then uses each segment's number as
                                // its IV, as ffmpeg does here. A static key cannot rotate within a job: the setting
                                // caravan.delivery.keyRotationSegments applies to the ffmpeg engine only.
                                .encryption(HlsEncryptionSettings.builder()
                                        .encryptionMethod("AES128")
                                        .type("STATIC_KEY")
                                        .staticKeyProvider(StaticKeyProvider.builder()
                                                .staticKeyValue(contentKeyHex)
                                                .url(keyUriBase + "/keys/" + id)
                                                .build())
                                        .build())
                                .build())
                        .build())
                .outputs(outputs(plan))
                .build());
        List<Output> frames = new ArrayList<>();
        for (FrameCapture c : captures.captures(plan, asset.getProbe())) {
            frames.add(Output.builder().nameModifier("_" + c.name())
                    .containerSettings(ContainerSettings.builder().container("RAW").build())
                    .videoDescription(VideoDescription.builder().width(c.width()).height(c.height())
                            .codecSettings(VideoCodecSettings.builder().codec("FRAME_CAPTURE")
                                    .frameCaptureSettings(FrameCaptureSettings.builder()
                                            .framerateNumerator(c.fpsNumerator()).framerateDenominator(c.fpsDenominator())
                                            .maxCaptures(c.maxCaptures()).quality(CAPTURE_QUALITY).build())
                                    .build())
                            .build())
                    .build());
        }
        if (!frames.isEmpty()) {
            groups.add(OutputGroup.builder().name("Frames")
                    .outputGroupSettings(OutputGroupSettings.builder().type("FILE_GROUP_SETTINGS")
                            .fileGroupSettings(FileGroupSettings.builder()
                                    .destination("s3://" + outputBucket + "/" + CAPTURES + id + "/frame").build()).build())
                    .outputs(frames)
                    .build());
        }
        if (downloadRung != null) {
            groups.add(download(plan, folder));
        }
        Input.Builder input = Input.builder().fileInput("s3://" + ingestBucket + "/" + asset.getSource().name())
                .timecodeSource("ZEROBASED")
                .videoSelector(VideoSelector.builder().rotate("AUTO").build());
        if (plan.audio()) {
            input.audioSelectors(Map.of(AUDIO, AudioSelector.builder().defaultSelection("DEFAULT").build()));
        }
        return CreateJobRequest.builder()
                .role(roleArn)
                .queue(queueArn)
                .clientRequestToken(id + "-run" + asset.getRun())
                .userMetadata(Map.of("assetId", id))
                .settings(JobSettings.builder().inputs(input.build()).outputGroups(groups).build())
                .build();
    }

    private List<Output> outputs(LadderPlan plan) {
        List<Output> outputs = new ArrayList<>();
        for (PlannedRung rung : plan.rungs()) {
            Output.Builder o = Output.builder().nameModifier("_" + rung.name())
                    .containerSettings(ContainerSettings.builder().container("M3U8").build())
                    .videoDescription(video(plan, rung));
            if (plan.audio()) {
                o.audioDescriptions(audio(plan));
            }
            outputs.add(o.build());
        }
        if (!plan.video()) {
            outputs.add(Output.builder().nameModifier("_audio")
                    .containerSettings(ContainerSettings.builder().container("M3U8").build())
                    .audioDescriptions(audio(plan)).build());
        }
        return outputs;
    }

    /**
     * The MP4 download: the chosen rung encoded as in the ladder, in an MP4 whose index comes first
     * ({@code PROGRESSIVE_DOWNLOAD}, MediaConvert's moov-at-start), beside the master as {@code download.mp4}
     * ({@code download.m4a} for sound only).
     */
    private OutputGroup download(LadderPlan plan, String folder) {
        Output.Builder o = Output.builder()
                .containerSettings(ContainerSettings.builder().container("MP4")
                        .mp4Settings(Mp4Settings.builder().moovPlacement("PROGRESSIVE_DOWNLOAD").build()).build());
        if (plan.video()) {
            o.extension("mp4").videoDescription(video(plan, DownloadRung.choose(plan, downloadRung).orElseThrow()));
        } else {
            o.extension("m4a");
        }
        if (plan.audio()) {
            o.audioDescriptions(audio(plan));
        }
        return OutputGroup.builder().name("Download")
                .outputGroupSettings(OutputGroupSettings.builder().type("FILE_GROUP_SETTINGS")
                        .fileGroupSettings(FileGroupSettings.builder().destination(folder + DOWNLOAD).build()).build())
                .outputs(o.build())
                .build();
    }

    private static VideoDescription video(LadderPlan plan, PlannedRung rung) {
        return VideoDescription.builder().width(rung.width()).height(rung.height())
                .codecSettings(VideoCodecSettings.builder().codec("H_264").h264Settings(H264Settings.builder()
                        .rateControlMode("QVBR")
                        .qvbrSettings(H264QvbrSettings.builder().qvbrQualityLevel(QVBR_QUALITY).build())
                        .maxBitrate(rung.maxKbps() * 1000)
                        .codecProfile("HIGH")
                        .gopSize((double) plan.ladder().video().gopSeconds())
                        .gopSizeUnits("SECONDS")
                        .gopClosedCadence(1)
                        .sceneChangeDetect("DISABLED")
                        .framerateControl("SPECIFIED")
                        .framerateNumerator((int) Math.round(plan.frameRate() * 1000))
                        .framerateDenominator(1000)
                        .build()).build())
                .build();
    }

    private static AudioDescription audio(LadderPlan plan) {
        return AudioDescription.builder().audioSourceName(AUDIO)
                .codecSettings(AudioCodecSettings.builder().codec("AAC").aacSettings(AacSettings.builder()
                        .bitrate(plan.ladder().audio().bitrateKbps() * 1000)
                        .codingMode(plan.ladder().audio().channels() == 1 ? "CODING_MODE_1_0" : "CODING_MODE_2_0")
                        .sampleRate(plan.ladder().audio().sampleRate())
                        .codecProfile("LC")
                        .build()).build())
                .build();
    }
}
