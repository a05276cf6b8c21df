package caravan.testing;

import caravan.CloudClients;
import caravan.asset.Json;
import caravan.store.DynamoAssetStore;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A worker in the aws profile with the MediaConvert engine, on the stack deployed to moto, and WireMock playing
 * MediaConvert's REST API (the one edge we cannot run): CreateJob answers a job named {@code job-<asset id>},
 * GetJob a job still PROGRESSING (at a low priority, so a test can stub a job's end over it). Job state-change events
 * are what a test puts on the queue, as EventBridge would ({@link #stateChange}). What a completed job writes to S3 is
 * made by {@link #produce}: real ffmpeg, from the clip, for every output group of the CreateJob body the job was sent.
 */
public record MediaConvertStandIn(WireMockServer mediaConvert, AwsStack stack, S3Client s3, SqsClient sqs,
                                  DynamoAssetStore assets, CaravanApp app) implements AutoCloseable {
    public static final String ROLE = "arn:aws:iam::123456789012:role/MediaConvertRole";
    public static final String QUEUE = "arn:aws:mediaconvert:us-east-1:123456789012:queues/Default";

    /** Starts it all; {@code settings} add to (or replace) the stack's settings and the engine's. */
    public static MediaConvertStandIn start(Path workerData, String stackName, Map<String, String> settings) throws Exception {
        WireMockServer mediaConvert = new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(true));
        mediaConvert.start();
        mediaConvert.stubFor(post(urlEqualTo("/2017-08-29/jobs")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"job\": {\"id\": \"job-{{jsonPath request.body '$.userMetadata.assetId'}}\", \"status\": \"SUBMITTED\","
                        + " \"role\": \"" + ROLE + "\"}}")));
        mediaConvert.stubFor(get(urlPathMatching("/2017-08-29/jobs/.+")).atPriority(5).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"job\": {\"id\": \"{{request.pathSegments.[2]}}\", \"status\": \"PROGRESSING\", \"jobPercentComplete\": 40}}")));

        MotoServer moto = MotoServer.shared();
        System.setProperty("aws.endpointUrl", moto.endpoint());
        AwsStack stack = AwsStack.deploy(moto, stackName + "-" + System.nanoTime());
        SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(moto.endpoint())).build();
        DynamoAssetStore assets = new DynamoAssetStore(new CloudClients(moto.endpoint()).dynamoDb(), stack.outputs().get("Table"),
                Clock.systemUTC(), null);
        Map<String, String> all = new HashMap<>(stack.settings());
        all.put("caravan.transcode.engine", "mediaconvert");
        all.put("caravan.aws.mediaconvertEndpoint", mediaConvert.baseUrl());
        all.put("caravan.aws.mediaconvertRoleArn", ROLE);
        all.put("caravan.aws.mediaconvertQueueArn", QUEUE);
        all.putAll(settings);
        return new MediaConvertStandIn(mediaConvert, stack, stack.s3(), sqs, assets, CaravanApp.start(workerData, all));
    }

    /** The EventBridge event of a job's new state, as the template's rule puts it on the ingest queue. */
    public static String stateChange(String assetId, String status, Integer errorCode, String errorMessage) {
        return "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"MediaConvert Job State Change\","
                + "\"source\":\"aws.mediaconvert\",\"account\":\"123456789012\",\"region\":\"us-east-1\",\"resources\":[],"
                + "\"detail\":{\"timestamp\":" + System.currentTimeMillis() + ",\"accountId\":\"123456789012\",\"queue\":\"" + QUEUE + "\","
                + "\"jobId\":\"job-" + assetId + "\",\"status\":\"" + status + "\",\"userMetadata\":{\"assetId\":\"" + assetId + "\"}"
                + (errorCode == null ? "" : ",\"errorCode\":" + errorCode + ",\"errorMessage\":\"" + errorMessage + "\"") + "}}";
    }

    /** The last CreateJob body sent for the asset. */
    public JsonNode createJob(String assetId) throws IOException {
        JsonNode last = null;
        for (LoggedRequest r : mediaConvert.findAll(postRequestedFor(urlEqualTo("/2017-08-29/jobs")))) {
            JsonNode body = Json.MAPPER.readTree(r.getBodyAsString());
            if (assetId.equals(body.at("/userMetadata/assetId").asText())) {
                last = body;
            }
        }
        if (last == null) {
            throw new AssertionError("no job was sent for " + assetId);
        }
        return last;
    }

    /**
     * Writes to S3 what MediaConvert writes for the asset's job, made with ffmpeg from {@code clip}: for the HLS group,
     * one media playlist per output ({@code <destination><nameModifier>.m3u8}, 6 s AES-128 segments
     * {@code <destination><nameModifier>_00001.ts}... with the job's static key and key URL) and the master playlist
     * ({@code <destination>.m3u8}, BANDWIDTH the output's maximum bit rates, RFC 4281 codecs); for a file group, frame
     * captures ({@code <destination><nameModifier>.0000000.jpg}..., at the capture rate, at most maxCaptures) and MP4
     * files ({@code <destination><nameModifier>.<extension>}, index first).
     */
    public void produce(String assetId, Path clip) throws Exception {
        JsonNode job = createJob(assetId);
        Path work = Files.createTempDirectory("mediaconvert-" + assetId);
        for (JsonNode group : job.at("/settings/outputGroups")) {
            JsonNode hls = group.at("/outputGroupSettings/hlsGroupSettings");
            JsonNode file = group.at("/outputGroupSettings/fileGroupSettings");
            if (!hls.isMissingNode()) {
                hlsGroup(hls, group.path("outputs"), clip, work);
            } else if (!file.isMissingNode()) {
                fileGroup(file.path("destination").asText(), group.path("outputs"), clip, work);
            }
        }
    }

    private void hlsGroup(JsonNode settings, JsonNode outputs, Path clip, Path work) throws Exception {
        String destination = settings.path("destination").asText();
        String base = destination.substring(destination.lastIndexOf('/') + 1);
        JsonNode key = settings.at("/encryption/staticKeyProvider");
        Path keyFile = work.resolve("key.bin");
        Files.write(keyFile, HexFormat.of().parseHex(key.path("staticKeyValue").asText()));
        Path keyInfo = work.resolve("key.info");
        Files.writeString(keyInfo, key.path("url").asText() + "\n" + keyFile + "\n", StandardCharsets.UTF_8);
        Path dir = Files.createDirectories(work.resolve("hls"));
        StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (JsonNode output : outputs) {
            String name = base + output.path("nameModifier").asText();
            JsonNode video = output.path("videoDescription");
            JsonNode audio = output.at("/audioDescriptions/0/codecSettings/aacSettings");
            List<String> args = new ArrayList<>(List.of("-i", clip.toString()));
            args.addAll(encoding(video, audio));
            args.addAll(List.of("-f", "hls", "-hls_time", String.valueOf(settings.path("segmentLength").asInt(6)), "-hls_playlist_type", "vod",
                    "-hls_key_info_file", keyInfo.toString(), "-start_number", "1",
                    "-hls_segment_filename", dir.resolve(name + "_%05d.ts").toString(), dir.resolve(name + ".m3u8").toString()));
            ffmpeg(args);
            long bandwidth = video.at("/codecSettings/h264Settings/maxBitrate").asLong() + audio.path("bitrate").asLong();
            String codecs = String.join(",", video.isMissingNode() ? List.of("mp4a.40.2")
                    : audio.isMissingNode() ? List.of("avc1.640028") : List.of("avc1.640028", "mp4a.40.2"));
            master.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth).append(",AVERAGE-BANDWIDTH=").append(bandwidth)
                    .append(",CODECS=\"").append(codecs).append('"')
                    .append(video.isMissingNode() ? "" : ",RESOLUTION=" + video.path("width").asInt() + "x" + video.path("height").asInt())
                    .append('\n').append(name).append(".m3u8\n");
        }
        Files.writeString(dir.resolve(base + ".m3u8"), master.toString(), StandardCharsets.UTF_8);
        upload(dir, destination.substring(0, destination.lastIndexOf('/') + 1));
    }

    private void fileGroup(String destination, JsonNode outputs, Path clip, Path work) throws Exception {
        String base = destination.substring(destination.lastIndexOf('/') + 1);
        Path dir = Files.createDirectories(work.resolve("file-" + UUID.randomUUID()));
        for (JsonNode output : outputs) {
            String name = base + output.path("nameModifier").asText("");
            JsonNode video = output.path("videoDescription");
            JsonNode capture = video.at("/codecSettings/frameCaptureSettings");
            List<String> args = new ArrayList<>(List.of("-i", clip.toString()));
            if (!capture.isMissingNode()) {
                args.addAll(List.of("-an", "-sn", "-vf", "fps=" + capture.path("framerateNumerator").asInt() + "/" + capture.path("framerateDenominator").asInt()
                                + ",scale=" + video.path("width").asInt() + ":" + video.path("height").asInt(),
                        "-frames:v", String.valueOf(capture.path("maxCaptures").asInt()), "-q:v", "3", "-start_number", "0",
                        dir.resolve(name + ".%07d.jpg").toString()));
            } else {
                args.addAll(encoding(video, output.at("/audioDescriptions/0/codecSettings/aacSettings")));
                if ("PROGRESSIVE_DOWNLOAD".equals(output.at("/containerSettings/mp4Settings/moovPlacement").asText())) {
                    args.addAll(List.of("-movflags", "+faststart"));
                }
                args.addAll(List.of("-f", "mp4", dir.resolve(name + "." + output.path("extension").asText("mp4")).toString()));
            }
            ffmpeg(args);
        }
        upload(dir, destination.substring(0, destination.lastIndexOf('/') + 1));
    }

    private static List<String> encoding(JsonNode video, JsonNode audio) {
        List<String> args = new ArrayList<>(List.of("-sn"));
        if (video.isMissingNode()) {
            args.add("-vn");
        } else {
            JsonNode h264 = video.at("/codecSettings/h264Settings");
            double fps = h264.path("framerateNumerator").asDouble(25000) / h264.path("framerateDenominator").asDouble(1000);
            long max = h264.path("maxBitrate").asLong();
            args.addAll(List.of("-vf", "scale=" + video.path("width").asInt() + ":" + video.path("height").asInt() + ",format=yuv420p",
                    "-r", String.format(Locale.ROOT, "%.3f", fps), "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23",
                    "-maxrate", String.valueOf(max), "-bufsize", String.valueOf(max * 2),
                    "-g", String.valueOf(Math.round(fps * h264.path("gopSize").asDouble(2))), "-sc_threshold", "0"));
        }
        if (audio.isMissingNode()) {
            args.add("-an");
        } else {
            args.addAll(List.of("-c:a", "aac", "-b:a", String.valueOf(audio.path("bitrate").asLong()),
                    "-ar", String.valueOf(audio.path("sampleRate").asInt(48000)),
                    "-ac", "CODING_MODE_1_0".equals(audio.path("codingMode").asText()) ? "1" : "2"));
        }
        return args;
    }

    private static void ffmpeg(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg (standing in for MediaConvert) failed: " + log);
        }
    }

    /** Every file of {@code dir} to {@code s3://bucket/prefix<name>}. */
    private void upload(Path dir, String s3Prefix) throws IOException {
        String rest = s3Prefix.substring("s3://".length());
        String bucket = rest.substring(0, rest.indexOf('/'));
        String prefix = rest.substring(rest.indexOf('/') + 1);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                s3.putObject(b -> b.bucket(bucket).key(prefix + f.getFileName()), RequestBody.fromFile(f));
            }
        }
    }

    @Override
    public void close() throws Exception {
        app.close();
        mediaConvert.stop();
    }
}
