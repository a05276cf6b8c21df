package caravan.testing;

import caravan.CloudClients;
import caravan.store.DynamoAssetStore;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A worker in the aws profile with the MediaConvert engine, on the stack deployed to moto, and WireMock playing
 * MediaConvert's REST API (the one edge we cannot run): CreateJob answers a job named {@code job-<asset id>},
 * GetJob a job still PROGRESSING (at a low priority, so a test can stub a job's end over it). Job state-change events
 * are what a test puts on the queue, as EventBridge would ({@link #stateChange}).
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

    @Override
    public void close() throws Exception {
        app.close();
        mediaConvert.stop();
    }
}
