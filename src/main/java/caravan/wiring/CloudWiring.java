package caravan.wiring;

import caravan.CloudClients;
import caravan.S3Transfers;
import caravan.DataFolders;
import caravan.archive.S3SourceKeeper;
import caravan.audit.AuditLog;
import caravan.audit.DynamoAuditLog;
import caravan.notify.DynamoOutbox;
import caravan.database.SqliteDatabase;
import caravan.delivery.DeliverySettings;
import caravan.ingest.Recovery;
import caravan.ingest.S3Intake;
import caravan.ingest.S3LatePairing;
import caravan.ingest.SourceClaims;
import caravan.keys.KmsKeyProvider;
import caravan.notify.WebhookDispatcher;
import caravan.publish.S3Target;
import caravan.store.DynamoAssetStore;
import caravan.transcode.MediaConvertEvents;
import caravan.transcode.MediaConvertJobRequest;
import caravan.transcode.MediaConvertJobs;
import caravan.transcode.MediaConvertOutputs;
import caravan.transcode.SegmentDecryption;
import caravan.quality.SampledQuality;
import caravan.transcode.MediaConvertSettings;
import caravan.transcode.MediaConvertSweep;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.util.List;

/**
 * The cloud profile: uploads in a bucket with their events on a queue, assets and the audit log in one table, master
 * keys in the key service, events also to a topic; MediaConvert transcodes when chosen.
 */
public final class CloudWiring implements ProfileWiring {
    private final CloudSettings cloud;
    private final MediaConvertSettings mediaConvert;
    private final DeliverySettings delivery;
    private final CloudClients clients;
    private S3Client s3;
    private S3Transfers transfers;
    private S3Target target;

    /** {@code mediaConvert}: null when ffmpeg transcodes. */
    public CloudWiring(CloudSettings cloud, MediaConvertSettings mediaConvert, DeliverySettings delivery, CloudClients clients) {
        this.cloud = cloud;
        this.mediaConvert = mediaConvert;
        this.delivery = delivery;
        this.clients = clients;
    }

    @Override
    public Backends backends(CamelContext context, DataFolders folders, SqliteDatabase db, Clock clock) {
        DynamoDbClient ddb = clients.dynamoDb();
        AuditLog audit = new DynamoAuditLog(ddb, cloud.table());
        context.getRegistry().bind("sourceClaims", new SourceClaims(ddb, cloud.table()));
        s3 = clients.s3();
        transfers = clients.s3Transfers(); // large objects through the transfer manager: in parts, streamed to and from disk
        target = new S3Target(s3, transfers, cloud.outputBucket(), cloud.kmsKeyId());
        return new Backends(audit, new DynamoAssetStore(ddb, cloud.table(), clock, audit), new KmsKeyProvider(clients.kms(), cloud.kmsKeyId()),
                new S3SourceKeeper(s3, transfers, cloud.ingestBucket(), cloud.kmsKeyId(), folders), target,
                new DynamoOutbox(ddb, cloud.table()), // shared by every worker, in the asset table
                cloud.topicArn() == null ? List.of() : List.of(WebhookDispatcher.SNS_PREFIX + cloud.topicArn()),
                new caravan.imports.DynamoImports(ddb, cloud.table()), // imports outlive the worker that received them
                new caravan.chunking.DynamoChunkLedger(ddb, cloud.table())); // a chunked video's items, done on any worker
    }

    @Override
    public void bindStages(CamelContext context, Shared shared) {
        Registry r = context.getRegistry();
        r.bind("s3Intake", new S3Intake(shared.folders(), shared.store(), r.lookupByNameAndType("sourceClaims", SourceClaims.class),
                s3, transfers, shared.notifier(), shared.clock(), cloud.leaseSeconds() * 1000, cloud.ingestBucket(), shared.limits().media()));
        r.bind("latePairing", new S3LatePairing(s3, cloud.ingestBucket(), shared.folders(), shared.store(), shared.metadataStage()));
        // POST /api/uploads: presigned PUTs into the ingest bucket
        r.bind("uploadTarget", new caravan.uploads.S3Uploads(s3, clients.s3Presigner(), cloud.ingestBucket(),
                caravan.uploads.UploadSettings.from(new caravan.Settings(context)), shared.clock()));
        r.bind("sqsClient", clients.sqs());
        // a video in chunks: its items on the work queue, read by any worker from S3, their files waiting in the output bucket
        r.bind("chunkQueue", new caravan.chunking.SqsChunkQueue(clients.sqs(), cloud.queue()));
        caravan.chunking.S3ChunkOutputs chunkFiles = new caravan.chunking.S3ChunkOutputs(s3, transfers, cloud.outputBucket(), cloud.kmsKeyId());
        r.bind("chunkOutputs", chunkFiles);
        r.bind("chunkSource", new caravan.chunking.S3ChunkSource(transfers, clients.s3Presigner(), chunkFiles, cloud.ingestBucket(),
                cloud.outputBucket(), shared.folders(), shared.store(), shared.outputs().untrusted(), java.time.Duration.ofHours(6)));
        r.bind("mediaConvertEvents", new MediaConvertEvents(shared.store()));
        r.bind("snsClient", clients.sns());
        if (mediaConvert != null) {
            MediaConvertClient client = clients.mediaConvert(mediaConvert.endpoint());
            Shared.Outputs outputs = shared.outputs();
            r.bind("mediaConvertJobs", new MediaConvertJobs(client, shared.store(), shared.ladder(),
                    shared.contentKeys(), new MediaConvertJobRequest(mediaConvert.roleArn(), mediaConvert.queueArn(),
                            cloud.ingestBucket(), cloud.outputBucket(), delivery.keyUriBase(), outputs.planner(),
                            outputs.settings().downloadRung()), mediaConvert.timeout(),
                    r.lookupByNameAndType("costMetrics", caravan.cost.CostMetrics.class)));
            // what the worker adds to the job's ladder: the ffmpeg engine's outputs, from the job's captures and a sample
            MediaConvertOutputs fetched = new MediaConvertOutputs(s3, transfers, cloud.ingestBucket(), cloud.outputBucket(),
                    shared.folders(), shared.store(), target, shared.ladder(), outputs.settings().downloadRung());
            r.bind("mediaConvertOutputs", fetched);
            r.bind("waveform", new caravan.outputs.Waveform(shared.folders(), outputs.tools(), outputs.untrusted(), outputs.timeoutMillis()));
            r.bind("sampledQuality", new SampledQuality(shared.folders(), shared.store(), outputs.tools(), outputs.untrusted(),
                    new SegmentDecryption(shared.contentKeys()), shared.ladder(), outputs.quality(), outputs.qualityStage(),
                    fetched::publishedSizes, outputs.timeoutMillis()));
            r.bind("mediaConvertSweep", new MediaConvertSweep(client, shared.store(), shared.clock(), mediaConvert.overdue(),
                    mediaConvert.timeout()));
        }
    }

    @Override
    public void recover(Recovery recovery) {
        recovery.stopLeftoverProcesses(); // unfinished assets come back through their SQS messages
    }
}
