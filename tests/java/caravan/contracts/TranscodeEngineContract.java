package caravan.contracts;

import caravan.DataFolders;
import caravan.testing.Pipeline;
import caravan.archive.LocalSourceKeeper;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.AssetWarning;
import caravan.asset.Outputs;
import caravan.asset.Rendition;
import caravan.asset.SourceFile;
import caravan.database.SqliteDatabase;
import caravan.delivery.ContentKeys;
import caravan.failure.FailureRecorder;
import caravan.ffmpeg.MediaProcessExecutor;
import caravan.ffmpeg.UntrustedInput;
import caravan.keys.MasterKeyFile;
import caravan.notify.Notifier;
import caravan.notify.SqliteOutbox;
import caravan.probe.MediaLimits;
import caravan.probe.ProbeStage;
import caravan.publish.MasterPlaylist;
import caravan.store.AssetStore;
import caravan.store.SqliteAssetStore;
import caravan.testing.TestClips;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import caravan.transcode.TranscodeEngine;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static caravan.asset.ExchangeNames.ASSET_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link TranscodeEngine} must do for the pipeline route, the publisher and the asset API, given the same
 * ladder plan (a real clip probed by the real ffprobe): the asset is TRANSCODING from {@code prepare} on, a new run
 * starts without the previous run's outputs and warnings, a finished job lets publishing proceed with one rendition per
 * planned rung (name, size, bandwidth, codecs and playlist, as the publisher records them from the master playlist), a
 * failed job fails the asset with the code TRANSCODE_FAILED and a message without server paths, and a retried asset
 * gets a job of its own.
 * <p>
 * An implementation test says how the engine is made, what its route does between prepare and finish, how a job is
 * made to fail, and where the master playlist it made is read.
 */
@Pipeline
public abstract class TranscodeEngineContract {
    protected static final String FORMATS = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mpeg,mp3,aac,wav,flac,ogg,avi,mxf";
    protected static final MediaLimits LIMITS = new MediaLimits(3600, 9_437_184, 1L << 30);

    @TempDir
    protected Path root;
    protected DataFolders folders;
    protected AssetStore store;
    protected Ladder ladder;
    protected ContentKeys contentKeys;
    protected UntrustedInput untrusted;
    protected CamelContext camel;
    protected ProducerTemplate template;
    protected TranscodeEngine engine;
    private SqliteDatabase db;

    protected abstract TranscodeEngine newEngine() throws Exception;

    /** What the engine's route does between {@code prepare} and {@code finish}. */
    protected abstract void between(Exchange exchange) throws Exception;

    /** The job of this run of {@code asset} will fail, for the engine's own reason. */
    protected abstract void jobWillFail(Asset asset) throws Exception;

    /** The master playlist the engine made for the asset, where the publisher reads it. */
    protected abstract String masterPlaylist(String assetId) throws Exception;

    @BeforeEach
    void open() throws Exception {
        folders = DataFolders.create(root.resolve("data"));
        db = new SqliteDatabase(folders.database());
        store = new SqliteAssetStore(db, Clock.systemUTC());
        ladder = Ladder.load(Path.of("config/ladder.json"));
        contentKeys = new ContentKeys(store, MasterKeyFile.openOrCreate(root.resolve("master.key")));
        untrusted = new UntrustedInput(FORMATS, LIMITS.maxPixels());
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("mediaProcessExecutor", new MediaProcessExecutor());
        camel.start();
        template = camel.createProducerTemplate();
        engine = newEngine();
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
        db.close();
    }

    @Test
    void theAssetIsTranscodingFromPrepareOnAndFinishedJobLetsPublishingProceed() throws Exception {
        Asset asset = probed("a1", "week 1/lecture.mp4", TestClips.landscape(3));
        Exchange exchange = exchange("a1");

        engine.prepare(exchange);
        assertThat(store.find("a1").orElseThrow()).satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AssetStatus.TRANSCODING);
            assertThat(a.getProgress()).isZero();
        });
        between(exchange);
        engine.finish(exchange);

        Asset done = store.find("a1").orElseThrow();
        assertThat(done.getStatus()).as("the publisher takes it from here").isEqualTo(AssetStatus.TRANSCODING);
        assertThat(done.getError()).isNull();
        assertThat(asset.getRun()).isEqualTo(1);
    }

    @Test
    void everyPlannedRungIsMadeWithWhatThePublisherRecords() throws Exception {
        Asset asset = probed("a1", "lecture.mp4", TestClips.landscape(3));
        LadderPlan plan = LadderPlanner.plan(asset.getProbe(), ladder);

        run("a1");

        List<Rendition> renditions = MasterPlaylist.renditions(masterPlaylist("a1"));
        assertThat(renditions).extracting(Rendition::name, Rendition::width, Rendition::height)
                .containsExactlyElementsOf(plan.rungs().stream().map(r -> tuple(r.name(), r.width(), r.height())).toList());
        assertThat(renditions).allSatisfy(r -> {
            assertThat(r.bandwidth()).isPositive();
            assertThat(r.codecs()).startsWith("avc1.").contains("mp4a.40.2");
            assertThat(r.playlist()).endsWith(".m3u8").doesNotContain("..").doesNotStartWith("/");
        });
        assertThat(renditions).extracting(Rendition::bandwidth).as("highest rung first").isSortedAccordingTo((x, y) -> Long.compare(y, x));
    }

    @Test
    void aNewRunStartsWithoutThePreviousRunsOutputsAndWarnings() throws Exception {
        probed("a1", "lecture.mp4", TestClips.landscape(3));
        store.update("a1", a -> {
            a.setOutputs(Outputs.NONE.withThumbnails(new Outputs.Thumbnails("thumbnails/thumbnails.vtt", 10, 1, 320, 180)));
            a.setWarnings(List.of(new AssetWarning(AssetWarning.DOWNLOAD_FAILED, "from the run before")));
        });

        engine.prepare(exchange("a1"));

        assertThat(store.find("a1").orElseThrow()).satisfies(a -> {
            assertThat(a.getOutputs() == null ? null : a.getOutputs().thumbnails()).as("the previous run's outputs").isNull();
            assertThat(a.getWarnings()).isNull();
        });
    }

    @Test
    void aFailedJobFailsTheAssetWithTheTranscodeFailedCodeAndNoServerPath() throws Exception {
        Asset asset = probed("a1", "lecture.mp4", TestClips.landscape(3));
        jobWillFail(asset);
        Exchange exchange = exchange("a1");

        Throwable thrown = catchThrowable(() -> {
            engine.prepare(exchange);
            between(exchange);
            engine.finish(exchange);
        });
        assertThat(thrown).isNotNull();
        recordFailure(exchange, thrown);

        Asset failed = store.find("a1").orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(failed.getError().code()).isEqualTo("TRANSCODE_FAILED");
        assertThat(failed.getError().message()).isNotBlank().doesNotContain(root.toString());
    }

    /** As {@code Redrive} puts a failed asset back: same asset, next run. */
    @Test
    void aRetriedAssetGetsAJobOfItsOwn() throws Exception {
        Asset asset = probed("a1", "lecture.mp4", TestClips.landscape(3));
        Path clip = TestClips.landscape(3);
        jobWillFail(asset);
        Exchange first = exchange("a1");
        Throwable thrown = catchThrowable(() -> {
            engine.prepare(first);
            between(first);
            engine.finish(first);
        });
        recordFailure(first, thrown);
        Files.createDirectories(folders.workDir("a1"));
        Files.copy(clip, folders.source("a1"), StandardCopyOption.REPLACE_EXISTING);
        store.update("a1", a -> {
            a.setStatus(AssetStatus.RECEIVED);
            a.setError(null);
            a.setProgress(0);
            a.setKeptAt(null);
            a.setRun(a.getRun() + 1);
        });

        run("a1");

        assertThat(store.find("a1").orElseThrow().getStatus()).isEqualTo(AssetStatus.TRANSCODING);
        assertThat(MasterPlaylist.renditions(masterPlaylist("a1"))).extracting(Rendition::name)
                .containsExactly("480p", "360p", "240p");
    }

    /** Runs the engine as its route does: prepare, (the process,) finish. */
    protected void run(String id) throws Exception {
        Exchange exchange = exchange(id);
        engine.prepare(exchange);
        between(exchange);
        engine.finish(exchange);
    }

    /** The upload in the work folder, probed by the real ffprobe as the probe route does it. */
    protected Asset probed(String id, String name, Path clip) throws Exception {
        Files.createDirectories(folders.workDir(id));
        Files.copy(clip, folders.source(id), StandardCopyOption.REPLACE_EXISTING);
        store.create(Asset.received(id, new SourceFile(name, Files.size(clip), null), Instant.now(), Instant.now()));
        ProbeStage probe = new ProbeStage(folders, store, TestClips.tools(), LIMITS, untrusted, false);
        Exchange exchange = exchange(id);
        probe.prepare(exchange);
        exec(exchange);
        probe.record(exchange);
        return store.find(id).orElseThrow();
    }

    /** What camel-exec does in a route: runs the command the stage put in the headers. */
    protected void exec(Exchange exchange) throws Exception {
        Exchange done = template.send("exec:media?commandExecutor=#mediaProcessExecutor", exchange);
        if (done.getException() != null) {
            throw done.getException();
        }
    }

    protected Exchange exchange(String id) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(ASSET_ID, id);
        return exchange;
    }

    /** As the dead-letter channel does it: the failure is recorded with its code, the source kept. */
    private void recordFailure(Exchange exchange, Throwable cause) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        Notifier notifier = new Notifier(new SqliteOutbox(db), List.of(), Clock.systemUTC(), () -> { });
        new FailureRecorder(store, new LocalSourceKeeper(folders), notifier, Clock.systemUTC()).record(exchange);
    }
}
