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
import caravan.imports.SqliteImports;
import caravan.keys.FieldSealer;
import caravan.metadata.SidecarReader;
import caravan.notify.Notifier;
import caravan.store.AssetStore;
import caravan.transcode.Ladder;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.util.function.Supplier;

/** Bulk imports: the manifest API ({@code importApi}) and the backlog lane ({@code importFeeder}). */
final class ImportWiring {
    private ImportWiring() {
    }

    static void bind(CamelContext context, CaravanSettings settings, DataFolders folders, SqliteImports imports, AssetStore store,
                     FieldSealer sealer, Notifier notifier, Clock clock, FfmpegTools tools, UntrustedInput untrusted, Ladder ladder,
                     PriceTable prices) {
        ImportSettings s = ImportSettings.from(new Settings(context));
        ImportSealing sealing = new ImportSealing(sealer);
        Supplier<S3Client> s3 = new Supplier<>() { // made on the first s3:// source only
            private S3Client client;

            @Override
            public synchronized S3Client get() {
                if (client == null) {
                    client = CloudClients.fromEnvironment().s3();
                }
                return client;
            }
        };
        ItemIntake intake = new ItemIntake(folders, store, imports, sealing, new SourceFetcher(s3), notifier, clock);
        LiveLane lane = new LiveLane(context, folders.inbox(), settings.transcode().workers(), s.liveHoldMillis(), clock);
        context.getRegistry().bind("importFeeder", new ImportFeeder(imports, intake, store, lane, clock));
        long sidecarMax = settings.ingest().sidecarMaxBytes();
        ManifestReader reader = new ManifestReader(folders.root(), s.sourceFolders(), new SidecarReader(sidecarMax), sidecarMax);
        DryRun dryRun = new DryRun(tools, untrusted, ladder, prices, s.calibrationSeconds(), folders.work(), s3);
        context.getRegistry().bind("importApi", new ImportApi(imports, reader, sealing, dryRun, clock));
    }
}
