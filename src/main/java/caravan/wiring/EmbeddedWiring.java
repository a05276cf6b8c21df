package caravan.wiring;

import caravan.DataFolders;
import caravan.archive.LocalSourceKeeper;
import caravan.audit.AuditLog;
import caravan.audit.SqliteAuditLog;
import caravan.database.SqliteDatabase;
import caravan.ingest.InboxLatePairing;
import caravan.ingest.IngestSettings;
import caravan.ingest.Recovery;
import caravan.keys.KeySettings;
import caravan.keys.MasterKeyFile;
import caravan.notify.SqliteOutbox;
import caravan.publish.FolderTarget;
import caravan.store.SqliteAssetStore;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.util.List;

/** The local profile: uploads in the inbox folder, SQLite, a master key file, sources and HLS in the data folder. */
public final class EmbeddedWiring implements ProfileWiring {
    private final KeySettings keys;
    private final IngestSettings ingest;

    public EmbeddedWiring(KeySettings keys, IngestSettings ingest) {
        this.keys = keys;
        this.ingest = ingest;
    }

    @Override
    public Backends backends(CamelContext context, DataFolders folders, SqliteDatabase db, Clock clock) {
        AuditLog audit = new SqliteAuditLog(db);
        return new Backends(audit, new SqliteAssetStore(db, clock, audit), MasterKeyFile.openOrCreate(keys.masterKeyFile()),
                new LocalSourceKeeper(folders), new FolderTarget(folders), new SqliteOutbox(db), List.of(),
                new caravan.imports.SqliteImports(db), new caravan.chunking.SqliteChunkLedger(db));
    }

    @Override
    public void bindStages(CamelContext context, Shared shared) {
        // a video in chunks: its items join the worker pool's queue, their files stay in the asset's work folder
        context.getRegistry().bind("chunkQueue", new caravan.chunking.LocalChunkQueue(context.createProducerTemplate(), "seda:pipeline",
                "seda:chunk-audio"));
        context.getRegistry().bind("chunkSource", (caravan.chunking.ChunkSource) asset -> {
            java.nio.file.Path source = shared.folders().source(asset.getId());
            return new caravan.chunking.ChunkSource.Input(shared.outputs().untrusted().options(),
                    caravan.ffmpeg.UntrustedInput.path(source), caravan.ffmpeg.UntrustedInput.path(source));
        });
        context.getRegistry().bind("chunkOutputs", caravan.chunking.ChunkOutputs.LOCAL);
        context.getRegistry().bind("latePairing", new InboxLatePairing(shared.folders(), shared.store(), shared.metadataStage(),
                shared.clock(), ingest.stableMillis()));
        // POST /api/uploads: tus uploads in the data folder, landing in the inbox when complete
        context.getRegistry().bind("uploadTarget", new caravan.uploads.LocalUploads(shared.folders(),
                caravan.uploads.UploadSettings.from(new caravan.Settings(context)), shared.clock()));
    }

    @Override
    public void recover(Recovery recovery) {
        recovery.reconcile();
    }
}
