package caravan;

import caravan.api.AssetApi;
import caravan.api.KeysApi;
import caravan.database.SqliteDatabase;
import caravan.keys.KeyRotation;
import caravan.audit.AuditLog;
import caravan.store.DynamoAssetStore;
import caravan.audit.DynamoAuditLog;
import caravan.keys.KmsKeyProvider;
import caravan.transcode.MediaConvertEvents;
import caravan.transcode.MediaConvertJobRequest;
import caravan.transcode.MediaConvertJobs;
import caravan.ingest.S3Intake;
import caravan.ingest.S3LatePairing;
import caravan.archive.S3SourceKeeper;
import caravan.publish.S3Target;
import caravan.ingest.SourceClaims;
import caravan.keys.KeyProvider;
import caravan.publish.PublishTarget;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import caravan.api.BearerAuth;
import caravan.api.JsonBodies;
import caravan.api.BusinessHttpEngine;
import caravan.api.PlaybackApi;
import caravan.api.WebPage;
import caravan.audit.SqliteAuditLog;
import caravan.delivery.ClientRateLimit;
import caravan.delivery.ContentKeys;
import caravan.delivery.KeyServer;
import caravan.delivery.MediaHeaderFilter;
import caravan.delivery.MediaOrigin;
import caravan.delivery.PlaybackSigner;
import caravan.delivery.PolicyVerifier;
import caravan.delivery.SigningKeys;
import caravan.archive.LocalSourceKeeper;
import caravan.failure.Redrive;
import caravan.archive.SourceKeeper;
import caravan.publish.FolderTarget;
import caravan.transcode.SegmentEncryption;
import caravan.transcode.SegmentDecryption;
import caravan.captions.CaptionStage;
import caravan.outputs.DownloadStage;
import caravan.outputs.OutputSettings;
import caravan.outputs.OutputsPlanner;
import caravan.outputs.PosterPicker;
import caravan.outputs.Storyboard;
import caravan.outputs.Thumbnails;
import caravan.quality.QualitySettings;
import caravan.quality.QualityStage;
import caravan.failure.FailureRecorder;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.ingest.InboxFilter;
import caravan.ingest.InboxWatch;
import caravan.ingest.Intake;
import caravan.ingest.InboxLatePairing;
import caravan.ingest.Recovery;
import caravan.ingest.UndecodableNames;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.keys.SecretFiles;
import caravan.metadata.MetadataStage;
import caravan.metadata.SidecarReader;
import caravan.notify.Notifier;
import caravan.notify.Outbox;
import caravan.notify.SqliteOutbox;
import caravan.notify.WebhookDispatcher;
import caravan.notify.WebhookSigner;
import caravan.poll.WakeablePoll;
import caravan.ops.AssetMdc;
import caravan.ops.ManagementCors;
import caravan.ops.ManagementLogin;
import caravan.ops.ManagementUsers;
import caravan.ops.MeteredAssetStore;
import caravan.ops.MeteredOutbox;
import caravan.ops.OwnerOnlyAssetFiles;
import caravan.ops.PipelineMetrics;
import caravan.ops.RoutingMetrics;
import caravan.ops.health.DiskSpaceCheck;
import caravan.ops.health.InboxCheck;
import caravan.ops.health.StoreCheck;
import caravan.ops.health.ToolsCheck;
import caravan.probe.MediaLimits;
import caravan.probe.ProbeStage;
import caravan.publish.Publisher;
import caravan.store.AssetStore;
import caravan.store.SqliteAssetStore;
import caravan.transcode.Ladder;
import caravan.transcode.ProgressTracker;
import caravan.transcode.TranscodeEngine;
import caravan.transcode.TranscodeStage;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Caravan's services from its settings and binds them by name for the routes. Nothing else creates them.
 * Every setting is listed, with its default and meaning, in README.md.
 */
public class CaravanConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(CaravanConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = new Settings(context);
        Registry r = context.getRegistry();
        Clock clock = Clock.systemUTC();

        DataFolders folders = DataFolders.create(Path.of(s.text("caravan.data", "./data")));
        Ladder ladder = Ladder.load(Path.of(s.text("caravan.ladder.file", "config/ladder.json")));
        FfmpegTools tools = FfmpegTools.resolve(s.text("caravan.ffmpeg.path", ""), s.text("caravan.ffprobe.path", ""));
        LOG.info("Data in {}; {}", folders.root(), tools.version());

        boolean onAws = "aws".equals(s.text("caravan.mode", "local"));
        CloudClients aws = onAws ? CloudClients.fromEnvironment() : null;
        SqliteDatabase db = new SqliteDatabase(folders.database());
        AuditLog audit;
        AssetStore records;
        if (onAws) {
            String table = s.required("caravan.aws.table");
            DynamoDbClient ddb = aws.dynamoDb();
            audit = new DynamoAuditLog(ddb, table);
            records = new DynamoAssetStore(ddb, table, clock, audit);
            r.bind("sourceClaims", new SourceClaims(ddb, table));
        } else {
            audit = new SqliteAuditLog(db);
            records = new SqliteAssetStore(db, clock, audit);
        }
        PipelineMetrics metrics = new PipelineMetrics(PipelineMetrics.registryOf(context), // aws-housekeeping: the engine in use
                s.text("caravan.transcode.engine", TranscodeEngine.FFMPEG), records, folders);
        AssetStore store = new OwnerOnlyAssetFiles(new MeteredAssetStore(records, metrics, folders), folders);
        Outbox outbox = new MeteredOutbox(new SqliteOutbox(db), metrics);
        context.getManagementStrategy().addEventNotifier(new RoutingMetrics(metrics, store));
        context.getCamelContextExtension().addInterceptStrategy(new AssetMdc());
        List<String> subscribers = new ArrayList<>(s.list("caravan.webhook.urls"));
        String topicArn = onAws ? s.text("caravan.aws.topicArn", null) : null;
        if (topicArn != null) {
            subscribers.add(WebhookDispatcher.SNS_PREFIX + topicArn);
        }
        outbox.releaseInFlight(clock.millis());
        WakeablePoll outboxWatch = new WakeablePoll("webhook outbox", s.number("caravan.webhook.pollMillis", 1000));
        r.bind("outboxWatch", outboxWatch);
        Notifier notifier = new Notifier(outbox, subscribers, clock, outboxWatch::wake);

        String kmsKeyId = onAws ? s.required("caravan.aws.kmsKeyId") : null;
        KeyProvider masterKeys = onAws ? new KmsKeyProvider(aws.kms(), kmsKeyId) : MasterKeyFile.openOrCreate(
                Path.of(s.text("caravan.keys.masterKeyFile", folders.root().resolve("master.key").toString())));
        FieldSealer sealer = new FieldSealer(masterKeys);
        ContentKeys contentKeys = new ContentKeys(store, masterKeys);
        String deliveryDomain = s.text("caravan.delivery.domain", null);
        SigningKeys signingKeys = SigningKeys.openOrCreate(
                Path.of(s.text("caravan.delivery.privateKeyFile", folders.root().resolve("delivery-private.pem").toString())),
                Path.of(s.text("caravan.delivery.publicKeyFile", folders.root().resolve("delivery-public.pem").toString())),
                s.text("caravan.delivery.keyPairId", null));
        PolicyVerifier verifier = new PolicyVerifier(signingKeys, clock);

        String formats = s.text("caravan.probe.formats", "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mpeg,mp3,aac,wav,flac,ogg,avi,mxf");
        MediaLimits limits = new MediaLimits(s.decimal("caravan.limits.maxDurationSeconds", 4 * 3600),
                s.number("caravan.limits.maxPixels", 4096L * 2304), s.number("caravan.limits.maxFileBytes", 50L << 30));
        UntrustedInput untrusted = new UntrustedInput(formats, limits.maxPixels());
        ProgressTracker progress = new ProgressTracker(store, s.number("caravan.transcode.progressMillis", 1000));
        context.addService(progress);

        Intake intake = new Intake(folders, store, notifier, clock);
        r.bind("inboxFilter", new InboxFilter());
        r.bind("inboxWatch", new InboxWatch(folders.inbox(), s.number("caravan.ingest.pollMillis", 2000)));
        r.bind("intake", intake);
        r.bind("undecodableNames", new UndecodableNames(folders.inbox()));
        MetadataStage metadataStage = new MetadataStage(folders, store, new SidecarReader(s.number("caravan.sidecar.maxBytes", 1 << 20)), sealer);
        r.bind("metadataStage", metadataStage);
        r.bind("probeStage", new ProbeStage(folders, store, tools, limits, untrusted, s.flag("caravan.duplicates.link", true)));
        SegmentEncryption encryption = new SegmentEncryption(folders, contentKeys, deliveryDomain == null ? "" : "https://" + deliveryDomain,
                (int) s.number("caravan.delivery.keyRotationSegments", 0));
        OutputSettings outputSettings = new OutputSettings(s.decimal("caravan.outputs.thumbnailSeconds", 10),
                s.decimal("caravan.outputs.storyboardSeconds", 5), s.text("caravan.outputs.downloadRung", null)).checkedAgainst(ladder);
        QualitySettings quality = new QualitySettings((int) s.number("caravan.quality.sampleEvery", 30), s.decimal("caravan.quality.ssimFloor", 0.95));
        OutputFolders outputFiles = new OutputFolders(folders);
        r.bind("transcodeStage", new TranscodeStage(folders, store, tools, ladder, progress, encryption, untrusted,
                s.number("caravan.transcode.minTimeoutSeconds", 600) * 1000, s.decimal("caravan.transcode.timeoutPerMediaSecond", 10),
                new OutputsPlanner(outputFiles, outputSettings, quality)));
        SegmentDecryption clearSegments = new SegmentDecryption(contentKeys);
        long outputTimeout = s.number("caravan.transcode.minTimeoutSeconds", 600) * 1000;
        r.bind("posterPicker", new PosterPicker(outputFiles, store));
        r.bind("thumbnails", new Thumbnails(outputFiles, store, outputSettings.thumbnailSeconds()));
        r.bind("storyboard", new Storyboard(outputFiles, store, outputSettings.storyboardSeconds()));
        r.bind("captionStage", new CaptionStage(folders, outputFiles, store, tools, untrusted, clearSegments, outputTimeout));
        r.bind("downloadStage", new DownloadStage(folders, outputFiles, store, tools, clearSegments, ladder,
                outputSettings.downloadRung(), outputTimeout));
        r.bind("qualityStage", new QualityStage(outputFiles, store, ladder, quality));
        SourceKeeper keeper;
        PublishTarget target;
        if (onAws) {
            S3Client s3 = aws.s3();
            keeper = new S3SourceKeeper(s3, s.required("caravan.aws.ingestBucket"), kmsKeyId, folders);
            S3Transfers transfers = aws.s3Transfers(); // aws-housekeeping: large objects through the transfer manager
            target = new S3Target(s3, transfers, s.required("caravan.aws.outputBucket"), kmsKeyId);
            r.bind("s3Intake", new S3Intake(folders, store, context.getRegistry().lookupByNameAndType("sourceClaims", SourceClaims.class),
                    s3, transfers, notifier, clock, s.number("caravan.aws.leaseSeconds", 300) * 1000, s.required("caravan.aws.ingestBucket"), limits));
            r.bind("latePairing", new S3LatePairing(s3, s.required("caravan.aws.ingestBucket"), folders, store, metadataStage));
            r.bind("sqsClient", aws.sqs());
            r.bind("mediaConvertEvents", new MediaConvertEvents(store));
            r.bind("snsClient", aws.sns());
        } else {
            keeper = new LocalSourceKeeper(folders);
            r.bind("latePairing", new InboxLatePairing(folders, store, metadataStage, clock, s.number("caravan.ingest.stableMillis", 500)));
            target = new FolderTarget(folders);
        }
        r.bind("publisher", new Publisher(folders, target, keeper, store, notifier, clock));
        String engine = s.text("caravan.transcode.engine", "ffmpeg");
        if (TranscodeEngine.MEDIACONVERT.equals(engine) && onAws) {
            r.bind("mediaConvertJobs", new MediaConvertJobs(aws.mediaConvert(s.text("caravan.aws.mediaconvertEndpoint", null)), store,
                    ladder, contentKeys, new MediaConvertJobRequest(s.required("caravan.aws.mediaconvertRoleArn"),
                            s.text("caravan.aws.mediaconvertQueueArn", null), s.required("caravan.aws.ingestBucket"),
                            s.required("caravan.aws.outputBucket"), deliveryDomain == null ? "" : "https://" + deliveryDomain),
                    clock, Duration.ofMillis(s.number("caravan.mediaconvert.firstPollMillis", 5000)),
                    Duration.ofMillis(s.number("caravan.mediaconvert.maxPollMillis", 60_000)),
                    Duration.ofMinutes(s.number("caravan.mediaconvert.timeoutMinutes", 360))));
        } else if (!TranscodeEngine.FFMPEG.equals(engine)) {
            throw new IllegalArgumentException("Setting caravan.transcode.engine (CARAVAN_ENGINE) must be ffmpeg, or mediaconvert"
                    + " in the aws profile (got '" + engine + "')");
        }
        r.bind("failureRecorder", new FailureRecorder(store, keeper, notifier, clock));

        String secret = s.text("caravan.webhook.secret", null);
        if (secret != null) {
            SecretStrength.checkWebhookSecret(secret);
        } else {
            Path secretFile = folders.root().resolve("webhook-secret");
            secret = SecretFiles.readOrCreate(secretFile);
            LOG.info("Webhook signing secret: generated in {}", secretFile);
        }
        r.bind("webhookDispatcher", new WebhookDispatcher(outbox, new WebhookSigner(secret), clock,
                s.number("caravan.webhook.retryBaseMillis", 30_000), s.number("caravan.webhook.maxRetryDelayMillis", 3_600_000),
                (int) s.number("caravan.webhook.maxRounds", 8)));

        String token = s.text("caravan.api.token", null);
        if (token != null) {
            SecretStrength.checkApiToken(token);
        } else {
            Path tokenFile = folders.root().resolve("api-token");
            token = SecretFiles.readOrCreate(tokenFile);
            LOG.info("API token: see {}", tokenFile);
        }
        r.bind("platform-http-engine", new BusinessHttpEngine((int) s.number("caravan.http.port", 8080)));
        r.bind("apiAuth", new BearerAuth(token));
        r.bind("apiJsonBodies", new JsonBodies());
        Redrive redrive = new Redrive(keeper, store, audit, clock, context.createProducerTemplate());
        r.bind("redrive", redrive);
        r.bind("assetApi", new AssetApi(store, audit, redrive, outbox));
        r.bind("playbackApi", new PlaybackApi(store, new PlaybackSigner(signingKeys, clock, s.text("caravan.delivery.cookieDomain", null)),
                audit, clock, deliveryDomain, s.number("caravan.delivery.grantTtlSeconds", 3600), s.number("caravan.delivery.maxGrantTtlSeconds", 86400)));
        r.bind("mediaOrigin", new MediaOrigin(folders, verifier, deliveryDomain, s.text("caravan.delivery.allowedOrigin", null)));
        r.bind("keyServer", new KeyServer(store, contentKeys, verifier, audit, clock, deliveryDomain,
                new ClientRateLimit(s.decimal("caravan.delivery.keyRequestsPerSecond", 20), (int) s.number("caravan.delivery.keyRequestBurst", 40),
                        System::nanoTime), metrics));
        r.bind("keysApi", new KeysApi(masterKeys instanceof MasterKeyFile local ? new KeyRotation(local, store, audit, clock) : null));
        r.bind("webPage", new WebPage());
        r.bind("mediaHeaderFilter", new MediaHeaderFilter());
        r.bind("mediaProcessExecutor", new caravan.ffmpeg.MediaProcessExecutor());
        r.bind("auditLog", audit);
        r.bind("assetStore", store);
        r.bind("outbox", outbox);
        r.bind("dataFolders", folders);

        // readiness (/observe/health/ready): the pipeline's dependencies, asked afresh on every request
        org.apache.camel.health.HealthCheckRegistry health = org.apache.camel.health.HealthCheckRegistry.get(context);
        health.register(new StoreCheck(store));
        health.register(new ToolsCheck(tools, s.number("caravan.health.toolsRecheckMillis", 60_000)));
        health.register(new InboxCheck(folders.inbox()));
        health.register(new DiskSpaceCheck(folders.root(), s.number("caravan.health.minFreeBytes", 1L << 30)));

        Path managementUsers = Path.of(s.text("caravan.management.usersFile", folders.root().resolve("management-users.properties").toString()));
        if (ManagementUsers.createIfAbsent(managementUsers)) {
            LOG.info("Management port accounts (Jolokia): generated in {}", managementUsers);
        }
        ManagementCors.allow(context, s.text("caravan.management.hawtioOrigin", null));
        if (s.flag("caravan.management.authenticateAll", false)) {
            ManagementLogin.requireForAllButLiveness(context, managementUsers);
        }

        Recovery recovery = new Recovery(folders, store, intake, notifier);
        if (onAws) {
            recovery.stopLeftoverProcesses(); // unfinished assets come back through their SQS messages
        } else {
            recovery.reconcile();
        }
        r.bind("recovery", recovery);
        context.addService(store);
        folders.restrictTopLevel(); // key files, the database's -wal and -shm, written during this start
    }
}
