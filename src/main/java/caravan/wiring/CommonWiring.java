package caravan.wiring;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.SecretStrength;
import caravan.api.AssetApi;
import caravan.api.BearerAuth;
import caravan.api.BusinessHttpEngine;
import caravan.api.JsonBodies;
import caravan.api.KeysApi;
import caravan.api.PlaybackApi;
import caravan.api.WebPage;
import caravan.audit.AuditLog;
import caravan.captions.CaptionStage;
import caravan.complexity.ComplexityStage;
import caravan.complexity.PerTitleSettings;
import caravan.database.SqliteDatabase;
import caravan.delivery.ClientRateLimit;
import caravan.delivery.ContentKeys;
import caravan.delivery.DeliverySettings;
import caravan.delivery.KeyServer;
import caravan.delivery.MediaHeaderFilter;
import caravan.delivery.MediaOrigin;
import caravan.delivery.PlaybackSigner;
import caravan.delivery.PolicyVerifier;
import caravan.delivery.SigningKeys;
import caravan.failure.FailureRecorder;
import caravan.failure.Redrive;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.ingest.InboxFilter;
import caravan.ingest.InboxWatch;
import caravan.ingest.Intake;
import caravan.ingest.Recovery;
import caravan.ingest.UndecodableNames;
import caravan.keys.FieldSealer;
import caravan.keys.KeyRotation;
import caravan.keys.MasterKeyFile;
import caravan.keys.SecretFiles;
import caravan.loudness.LoudnessSettings;
import caravan.loudness.LoudnessStage;
import caravan.metadata.MetadataStage;
import caravan.metadata.SidecarReader;
import caravan.notify.Notifier;
import caravan.notify.Outbox;
import caravan.notify.WebhookDispatcher;
import caravan.notify.WebhookSecretFile;
import caravan.notify.WebhookSigner;
import caravan.ops.AssetMdc;
import caravan.ops.ManagementCors;
import caravan.ops.ManagementLogin;
import caravan.ops.ManagementUsers;
import caravan.ops.MeteredAssetStore;
import caravan.ops.MeteredOutbox;
import caravan.ops.OwnerOnlyAssetFiles;
import caravan.ops.PipelineMetrics;
import caravan.cost.CostMetrics;
import caravan.cost.CostSettings;
import caravan.cost.ProcessCosts;
import caravan.cost.ServedBytes;
import caravan.ops.RoutingMetrics;
import caravan.ops.Tracing;
import caravan.ops.health.DiskSpaceCheck;
import caravan.ops.health.InboxCheck;
import caravan.ops.health.StoreCheck;
import caravan.ops.health.ToolsCheck;
import caravan.outputs.DownloadStage;
import caravan.outputs.OutputSettings;
import caravan.outputs.OutputsPlanner;
import caravan.outputs.PosterPicker;
import caravan.outputs.Storyboard;
import caravan.outputs.Thumbnails;
import caravan.poll.WakeablePoll;
import caravan.probe.ProbeStage;
import caravan.publish.Publisher;
import caravan.quality.QualityStage;
import caravan.store.AssetStore;
import caravan.transcode.Ladder;
import caravan.transcode.ProgressTracker;
import caravan.transcode.IFramePlaylists;
import caravan.transcode.SegmentDecryption;
import caravan.transcode.SegmentEncryption;
import caravan.transcode.TranscodeEngine;
import caravan.transcode.TranscodeSettings;
import caravan.transcode.TranscodeStage;
import caravan.uploads.LocalUploads;
import caravan.uploads.S3Uploads;
import caravan.uploads.TusEndpoint;
import caravan.uploads.UploadSettings;
import caravan.uploads.UploadTarget;
import caravan.uploads.UploadsApi;
import caravan.userroutes.UserRouteCounters;
import caravan.userroutes.UserRouteFeed;
import caravan.userroutes.UserRouteFolder;
import caravan.userroutes.UserRouteSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline both profiles share: its stages, the API, delivery, notify and monitoring, bound by the names the
 * routes use. The profile supplies the backends and its own stages.
 */
public final class CommonWiring {
    private static final Logger LOG = LoggerFactory.getLogger(CommonWiring.class);
    private final CaravanSettings settings;
    private final ProfileWiring profile;

    public CommonWiring(CaravanSettings settings, ProfileWiring profile) {
        this.settings = settings;
        this.profile = profile;
    }

    public void bind(CamelContext context) throws Exception {
        Registry r = context.getRegistry();
        Clock clock = Clock.systemUTC();
        TranscodeSettings transcode = settings.transcode();
        DeliverySettings delivery = settings.delivery();

        DataFolders folders = DataFolders.create(settings.data());
        Ladder ladder = Ladder.load(transcode.ladderFile());
        caravan.transcode.CmafSettings packaging = caravan.transcode.CmafSettings.from(new caravan.Settings(context), transcode.engine(), ladder);
        FfmpegTools tools = FfmpegTools.resolve(transcode.ffmpegPath(), transcode.ffprobePath());
        LOG.info("Data in {}; {}", folders.root(), tools.version());

        SqliteDatabase db = new SqliteDatabase(folders.database());
        Backends backends = profile.backends(context, folders, db, clock);
        AuditLog audit = backends.audit();
        PipelineMetrics metrics = new PipelineMetrics(PipelineMetrics.registryOf(context), transcode.engine(), backends.records(), folders);
        AssetStore store = new OwnerOnlyAssetFiles(new MeteredAssetStore(backends.records(), metrics, folders), folders);
        Outbox outbox = new MeteredOutbox(backends.outbox(), metrics);
        context.getManagementStrategy().addEventNotifier(new RoutingMetrics(metrics, store));
        CostMetrics costMetrics = new CostMetrics(PipelineMetrics.registryOf(context));
        context.getManagementStrategy().addEventNotifier(new ProcessCosts(store, folders, costMetrics, transcode.engine()));
        CostSettings.from(new caravan.Settings(context)); // checked at start: the flush timer reads it as a placeholder
        ServedBytes servedBytes = new ServedBytes(store, costMetrics);
        context.addService(servedBytes);
        r.bind("servedBytes", servedBytes);
        r.bind("costMetrics", costMetrics);
        context.getCamelContextExtension().addInterceptStrategy(new AssetMdc());
        Tracing.start(context, settings.tracing());
        List<String> subscribers = new ArrayList<>(settings.webhooks().urls());
        subscribers.addAll(backends.extraSubscribers());
        outbox.releaseInFlight(clock.millis());
        WakeablePoll outboxWatch = new WakeablePoll("webhook outbox", settings.webhooks().pollMillis());
        r.bind("outboxWatch", outboxWatch);
        UserRouteCounters userRouteCounters = new UserRouteCounters(PipelineMetrics.registryOf(context));
        UserRouteFeed userRouteFeed = new UserRouteFeed(context.createProducerTemplate(), userRouteCounters::dropped, userRouteCounters::failed);
        r.bind("userRouteFeed", userRouteFeed);
        r.bind("userRouteFolder", new UserRouteFolder(context, UserRouteSettings.from(new caravan.Settings(context)).folder(),
                userRouteCounters::refused));
        Notifier notifier = new Notifier(outbox, subscribers, clock, outboxWatch::wake, userRouteFeed);

        FieldSealer sealer = new FieldSealer(backends.masterKeys());
        ContentKeys contentKeys = new ContentKeys(store, backends.masterKeys());
        SigningKeys signingKeys = SigningKeys.openOrCreate(delivery.privateKeyFile(), delivery.publicKeyFile(), delivery.keyPairId());
        PolicyVerifier verifier = new PolicyVerifier(signingKeys, clock);

        UntrustedInput untrusted = new UntrustedInput(settings.limits().formats(), settings.limits().media().maxPixels());
        ProgressTracker progress = new ProgressTracker(store, transcode.progressMillis());
        context.addService(progress);

        // what each measured unit costs (GET /api/costs, ./caravan import --dry-run): a bad table stops the start
        caravan.cost.PriceTable prices = caravan.cost.PriceTable.from(new caravan.Settings(context));
        r.bind("priceTable", prices);
        r.bind("costApi", new caravan.api.CostApi(store, prices, clock));
        Intake intake = new Intake(folders, store, notifier, clock);
        r.bind("inboxFilter", new InboxFilter());
        r.bind("inboxWatch", new InboxWatch(folders.inbox(), settings.ingest().pollMillis()));
        r.bind("intake", intake);
        r.bind("undecodableNames", new UndecodableNames(folders.inbox()));
        SidecarReader sidecarReader = new SidecarReader(settings.ingest().sidecarMaxBytes());
        MetadataStage metadataStage = new MetadataStage(folders, store, sidecarReader, sealer);
        r.bind("metadataStage", metadataStage);
        r.bind("probeStage", new ProbeStage(folders, store, tools, settings.limits().media(), untrusted, settings.limits().linkDuplicates()));
        SegmentEncryption encryption = new SegmentEncryption(folders, contentKeys, delivery.keyUriBase(), delivery.keyRotationSegments());
        OutputSettings outputSettings = settings.outputs().checkedAgainst(ladder);
        OutputFolders outputFiles = new OutputFolders(folders);
        OutputsPlanner outputsPlanner = new OutputsPlanner(outputFiles, outputSettings, settings.quality());
        LoudnessStage loudness = new LoudnessStage(folders, store, tools, untrusted, ladder.audio(),
                LoudnessSettings.from(new caravan.Settings(context)), transcode.minTimeoutMillis(), transcode.timeoutPerMediaSecond());
        r.bind("loudnessStage", loudness);
        r.bind("complexityStage", new ComplexityStage(folders, store, tools, untrusted, ladder,
                PerTitleSettings.from(new caravan.Settings(context)), transcode.minTimeoutMillis(), transcode.timeoutPerMediaSecond()));
        r.bind("transcodeStage", new TranscodeStage(folders, store, tools, ladder, progress, encryption, untrusted,
                transcode.minTimeoutMillis(), transcode.timeoutPerMediaSecond(), outputsPlanner, loudness, transcode.audioMaxTracks(), packaging.cmaf()
                ? new caravan.transcode.CmafPackaging(folders, contentKeys, store, new caravan.delivery.ClearKeySystem(), delivery.keyUriBase()) : null));
        SegmentDecryption clearSegments = new SegmentDecryption(contentKeys);
        long outputTimeout = transcode.minTimeoutMillis();
        r.bind("iFramePlaylists", new IFramePlaylists(folders, tools, contentKeys, encryption, outputTimeout));
        r.bind("posterPicker", new PosterPicker(outputFiles, store));
        r.bind("thumbnails", new Thumbnails(outputFiles, store, outputSettings.thumbnailSeconds()));
        r.bind("storyboard", new Storyboard(outputFiles, store, outputSettings.storyboardSeconds()));
        r.bind("captionStage", new CaptionStage(folders, outputFiles, store, tools, untrusted, clearSegments, outputTimeout));
        r.bind("downloadStage", new DownloadStage(folders, outputFiles, store, tools, clearSegments, ladder,
                outputSettings.downloadRung(), outputTimeout));
        QualityStage qualityStage = new QualityStage(outputFiles, store, ladder, settings.quality());
        r.bind("qualityStage", qualityStage);
        profile.bindStages(context, new Shared(folders, store, notifier, clock, settings.limits(), metadataStage, ladder, contentKeys,
                new Shared.Outputs(tools, untrusted, outputSettings, outputsPlanner, settings.quality(), qualityStage, outputTimeout)));
        // a long video in chunks, on any worker (routes.ChunkRoutes); the profile says where items queue, read and wait
        r.bind("chunkedTranscode", new caravan.chunking.ChunkedTranscode(folders, store, tools, ladder, progress, encryption,
                outputsPlanner, loudness, caravan.chunking.ChunkingSettings.from(new caravan.Settings(context)), backends.chunks(),
                r.lookupByNameAndType("chunkSource", caravan.chunking.ChunkSource.class),
                r.lookupByNameAndType("chunkOutputs", caravan.chunking.ChunkOutputs.class),
                new caravan.chunking.ChunkedTranscode.Limits(transcode.minTimeoutMillis(), transcode.timeoutPerMediaSecond(),
                        transcode.audioMaxTracks(), packaging.cmaf() || !TranscodeEngine.FFMPEG.equals(transcode.engine()))));
        r.bind("publisher", new Publisher(folders, backends.target(), backends.keeper(), store, notifier, clock));
        r.bind("failureRecorder", new FailureRecorder(store, backends.keeper(), notifier, clock));

        String secret = settings.webhooks().secret();
        if (secret != null) {
            SecretStrength.checkWebhookSecret(secret);
        } else {
            Path secretFile = folders.root().resolve("webhook-secret");
            secret = WebhookSecretFile.readOrCreate(secretFile);
            LOG.info(WebhookSecretFile.isOldStyle(secret)
                    ? "Webhook signing secret: {} (old style, without whsec_: signing with its text; docs/webhooks.md says how to switch)"
                    : "Webhook signing secret: {}", secretFile);
        }
        r.bind("webhookDispatcher", new WebhookDispatcher(outbox, new WebhookSigner(secret), clock,
                settings.webhooks().retryBaseMillis(), settings.webhooks().maxRetryDelayMillis(), settings.webhooks().maxRounds(),
                settings.webhooks().leaseMillis()));

        String token = settings.api().token();
        if (token != null) {
            SecretStrength.checkApiToken(token);
        } else {
            Path tokenFile = folders.root().resolve("api-token");
            token = SecretFiles.readOrCreate(tokenFile);
            LOG.info("API token: see {}", tokenFile);
        }
        BusinessHttpEngine httpEngine = new BusinessHttpEngine(settings.api().httpPort());
        r.bind("platform-http-engine", httpEngine);
        UploadTarget uploadTarget = r.lookupByNameAndType("uploadTarget", UploadTarget.class);
        r.bind("uploadsApi", new UploadsApi(uploadTarget, sidecarReader, UploadSettings.from(new caravan.Settings(context))));
        if (uploadTarget instanceof LocalUploads local) {
            r.bind("localUploads", local);
            httpEngine.mount(new TusEndpoint(local, token));
        }
        r.bind("apiAuth", new BearerAuth(token));
        r.bind("apiJsonBodies", new JsonBodies());
        Redrive redrive = new Redrive(backends.keeper(), store, audit, clock, context.createProducerTemplate());
        r.bind("redrive", redrive);
        r.bind("assetApi", new AssetApi(store, audit, redrive, outbox));
        r.bind("playbackApi", new PlaybackApi(store, new PlaybackSigner(signingKeys, clock, delivery.cookieDomain()),
                audit, clock, delivery.domain(), delivery.grantTtlSeconds(), delivery.maxGrantTtlSeconds()));
        r.bind("mediaOrigin", new MediaOrigin(folders, verifier, delivery.domain(), delivery.allowedOrigin(), servedBytes));
        r.bind("keyServer", new KeyServer(store, contentKeys, verifier, audit, clock, delivery.domain(),
                new ClientRateLimit(delivery.keyRequestsPerSecond(), delivery.keyRequestBurst(), System::nanoTime), metrics));
        caravan.imports.Imports imports = backends.imports();
        // an import's waiting lines keep their metadata sealed under the version active when it was posted
        r.bind("keysApi", new KeysApi(backends.masterKeys() instanceof MasterKeyFile local
                ? new KeyRotation(local, store, audit, clock, imports) : null));
        r.bind("webPage", new WebPage(uploadTarget instanceof S3Uploads s3Uploads ? s3Uploads.origin() : null));
        r.bind("mediaHeaderFilter", new MediaHeaderFilter());
        r.bind("mediaProcessExecutor", new caravan.ffmpeg.MediaProcessExecutor());
        r.bind("auditLog", audit);
        r.bind("assetStore", store);
        r.bind("outbox", outbox);
        r.bind("dataFolders", folders);

        // readiness (/observe/health/ready): the pipeline's dependencies, asked afresh on every request
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(new StoreCheck(store));
        health.register(new ToolsCheck(tools, settings.health().toolsRecheckMillis()));
        health.register(new InboxCheck(folders.inbox()));
        health.register(new DiskSpaceCheck(folders.root(), settings.health().minFreeBytes()));

        Path managementUsers = settings.management().usersFile();
        if (ManagementUsers.createIfAbsent(managementUsers)) {
            LOG.info("Management port accounts (Jolokia): generated in {}", managementUsers);
        }
        ManagementCors.allow(context, settings.management().hawtioOrigin());
        if (settings.management().authenticateAll()) {
            ManagementLogin.requireForAllButLiveness(context, managementUsers);
        }

        ImportWiring.bind(context, settings, folders, imports, store, sealer, notifier, clock, tools, untrusted, ladder, prices);

        Recovery recovery = new Recovery(folders, store, intake, notifier);
        profile.recover(recovery);
        r.bind("recovery", recovery);
        context.addService(store);
        folders.restrictTopLevel(); // key files, the database's -wal and -shm, written during this start
    }
}
