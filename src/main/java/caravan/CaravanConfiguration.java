package caravan;

import caravan.api.AssetApi;
import caravan.api.BearerAuth;
import caravan.api.BusinessHttpEngine;
import caravan.failure.FailureRecorder;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.ingest.InboxFilter;
import caravan.ingest.Intake;
import caravan.ingest.Recovery;
import caravan.ingest.UndecodableNames;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.keys.SecretFiles;
import caravan.metadata.MetadataStage;
import caravan.metadata.SidecarReader;
import caravan.notify.Notifier;
import caravan.notify.SqliteOutbox;
import caravan.notify.WebhookDispatcher;
import caravan.notify.WebhookSigner;
import caravan.probe.MediaLimits;
import caravan.probe.ProbeStage;
import caravan.publish.Publisher;
import caravan.store.SqliteAssetStore;
import caravan.store.SqliteDatabase;
import caravan.transcode.Ladder;
import caravan.transcode.ProgressTracker;
import caravan.transcode.TranscodeStage;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

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

        SqliteDatabase db = new SqliteDatabase(folders.database());
        SqliteAssetStore store = new SqliteAssetStore(db, clock);
        SqliteOutbox outbox = new SqliteOutbox(db);
        Notifier notifier = new Notifier(outbox, s.list("caravan.webhook.urls"), clock);

        Path masterKeyFile = Path.of(s.text("caravan.keys.masterKeyFile", folders.root().resolve("master.key").toString()));
        FieldSealer sealer = new FieldSealer(MasterKeyFile.openOrCreate(masterKeyFile));

        String formats = s.text("caravan.probe.formats", "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mpeg,mp3,aac,wav,flac,ogg,avi,mxf");
        MediaLimits limits = new MediaLimits(s.decimal("caravan.limits.maxDurationSeconds", 4 * 3600),
                s.number("caravan.limits.maxPixels", 4096L * 2304), s.number("caravan.limits.maxFileBytes", 50L << 30));
        UntrustedInput untrusted = new UntrustedInput(formats, limits.maxPixels());
        ProgressTracker progress = new ProgressTracker(store, s.number("caravan.transcode.progressMillis", 1000));
        context.addService(progress);

        Intake intake = new Intake(folders, store, notifier, clock);
        r.bind("inboxFilter", new InboxFilter(clock, s.number("caravan.ingest.sidecarWaitMillis", 2000)));
        r.bind("intake", intake);
        r.bind("undecodableNames", new UndecodableNames(folders.inbox()));
        r.bind("metadataStage", new MetadataStage(folders, store, new SidecarReader(s.number("caravan.sidecar.maxBytes", 1 << 20)), sealer));
        r.bind("probeStage", new ProbeStage(folders, store, tools, limits, untrusted, s.flag("caravan.duplicates.link", true)));
        r.bind("transcodeStage", new TranscodeStage(folders, store, tools, ladder, progress, untrusted,
                s.number("caravan.transcode.minTimeoutSeconds", 600) * 1000, s.decimal("caravan.transcode.timeoutPerMediaSecond", 10)));
        r.bind("publisher", new Publisher(folders, store, notifier, clock));
        r.bind("failureRecorder", new FailureRecorder(folders, store, notifier, clock));

        String secret = s.text("caravan.webhook.secret", null);
        if (secret == null) {
            Path secretFile = folders.root().resolve("webhook-secret");
            secret = SecretFiles.readOrCreate(secretFile);
            LOG.info("Webhook signing secret: generated in {}", secretFile);
        }
        r.bind("webhookDispatcher", new WebhookDispatcher(outbox, new WebhookSigner(secret), clock,
                s.number("caravan.webhook.retryBaseMillis", 30_000), (int) s.number("caravan.webhook.maxRounds", 8)));

        String token = s.text("caravan.api.token", null);
        if (token == null) {
            Path tokenFile = folders.root().resolve("api-token");
            token = SecretFiles.readOrCreate(tokenFile);
            LOG.info("API token: see {}", tokenFile);
        }
        r.bind("platform-http-engine", new BusinessHttpEngine((int) s.number("caravan.http.port", 8080)));
        r.bind("apiAuth", new BearerAuth(token));
        r.bind("assetApi", new AssetApi(store));
        r.bind("assetStore", store);
        r.bind("outbox", outbox);
        r.bind("dataFolders", folders);

        Recovery recovery = new Recovery(folders, store, intake, notifier);
        recovery.reconcile();
        r.bind("recovery", recovery);
        context.addService(store);
    }
}
