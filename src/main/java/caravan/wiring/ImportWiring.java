package caravan.wiring;

import caravan.CloudClients;
import caravan.DataFolders;
import caravan.Settings;
import caravan.cost.PriceTable;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.imports.DryRun;
import caravan.imports.ImportApi;
import caravan.imports.ImportFeeder;
import caravan.imports.ImportSealing;
import caravan.imports.ImportSettings;
import caravan.imports.ItemIntake;
import caravan.imports.LiveLane;
import caravan.imports.ManifestReader;
import caravan.imports.SourceFetcher;
import caravan.imports.Imports;
import caravan.imports.BacklogGate;
import caravan.imports.BacklogIntake;
import caravan.imports.BacklogQueue;
import caravan.imports.BacklogSettings;
import caravan.imports.LineDispatch;
import caravan.keys.FieldSealer;
import caravan.metadata.SidecarReader;
import caravan.notify.Notifier;
import caravan.store.AssetStore;
import caravan.transcode.Ladder;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Bulk imports: the manifest API ({@code importApi}) and the backlog lane: locally {@code importFeeder} hands waiting
 * lines to the pipeline's queue; on AWS lines go on the backlog queue, taken by {@code backlogIntake} through
 * {@code backlogGate} (only while the worker is idle and the live queue empty), and {@code importFeeder} only settles.
 */
final class ImportWiring {
    private ImportWiring() {
    }

    static void bind(CamelContext context, CaravanSettings settings, DataFolders folders, Imports imports, AssetStore store,
                     FieldSealer sealer, Notifier notifier, Clock clock, FfmpegTools tools, UntrustedInput untrusted, Ladder ladder,
                     PriceTable prices) {
        ImportSettings s = ImportSettings.from(new Settings(context));
        ImportSealing sealing = new ImportSealing(sealer);
        Supplier<S3Client> s3 = once(() -> CloudClients.fromEnvironment().s3()); // made on the first s3:// source only
        ItemIntake intake = new ItemIntake(folders, store, imports, sealing, new SourceFetcher(s3), notifier, clock);
        LineDispatch dispatch = LineDispatch.POLLED;
        if (settings.cloud() == null) {
            LiveLane lane = new LiveLane(context, folders.inbox(), settings.transcode().workers(), s.liveHoldMillis(), clock);
            context.getRegistry().bind("importFeeder", new ImportFeeder(imports, intake, store, lane::freeWorkers, clock));
        } else {
            context.getRegistry().bind("importFeeder", new ImportFeeder(imports, intake, store, () -> 0, clock, s.settleMillis()));
            BacklogSettings backlog = BacklogSettings.from(new Settings(context));
            dispatch = LineDispatch.UNAVAILABLE;
            if (backlog.queue() != null) {
                SqsClient sqs = context.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
                dispatch = new BacklogQueue(sqs, backlog.queue());
                context.getRegistry().bind("backlogGate", new BacklogGate(context, sqs, settings.cloud().queue(), settings.transcode().workers()));
                context.getRegistry().bind("backlogIntake", new BacklogIntake(imports, intake, store, clock, settings.cloud().leaseSeconds() * 1000));
            }
        }
        long sidecarMax = settings.ingest().sidecarMaxBytes();
        ManifestReader reader = new ManifestReader(folders.root(), s.sourceFolders(), new SidecarReader(sidecarMax), sidecarMax);
        DryRun dryRun = new DryRun(tools, untrusted, ladder, prices, s.calibrationSeconds(), folders.work(), s3,
                once(() -> CloudClients.fromEnvironment().s3Presigner()));
        context.getRegistry().bind("importApi", new ImportApi(imports, reader, sealing, dryRun, clock, dispatch));
    }

    /** {@code make}'s value, made on the first call only. */
    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }
}
