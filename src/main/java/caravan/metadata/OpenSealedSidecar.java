package caravan.metadata;

import caravan.DataFolders;
import caravan.database.SqliteDatabase;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.store.SqliteAssetStore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/**
 * The operator's way back to a sidecar Caravan kept only in encrypted form ({@link SealedSidecar}), on the machine
 * that holds the data folder (local profile: the master key file and the database):
 * <pre>
 * java -cp target/caravan.jar caravan.metadata.OpenSealedSidecar &lt;data folder&gt; &lt;asset id&gt; &lt;sealed file&gt; &lt;output file&gt;
 * </pre>
 * The master key file is {@code CARAVAN_MASTER_KEY_FILE} if set, else {@code <data folder>/master.key}. The output
 * (the sidecar in clear: it may hold protected values) is created with mode 0600 and never replaces a file.
 */
public final class OpenSealedSidecar {
    private static final String USAGE = "usage: OpenSealedSidecar <data folder> <asset id> <sealed file> <output file>";

    private OpenSealedSidecar() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException(USAGE);
        }
        DataFolders folders = new DataFolders(Path.of(args[0]).toAbsolutePath().normalize());
        if (!Files.exists(folders.database())) {
            throw new IllegalArgumentException("No Caravan database at " + folders.database());
        }
        String keyFile = System.getenv("CARAVAN_MASTER_KEY_FILE");
        MasterKeyFile keys = MasterKeyFile.open(keyFile == null || keyFile.isBlank() ? folders.root().resolve("master.key") : Path.of(keyFile));
        Path output = Path.of(args[3]);
        try (SqliteAssetStore store = new SqliteAssetStore(new SqliteDatabase(folders.database()), Clock.systemUTC())) {
            try (OutputStream out = Files.newOutputStream(Files.createFile(output,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), StandardOpenOption.WRITE)) {
                new SealedSidecar(store, new FieldSealer(keys)).open(args[1], Path.of(args[2]), out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(output); // nothing unverified is left behind
                throw e;
            }
        }
        System.err.println("Opened the sealed sidecar of " + args[1] + " into " + output + " (mode 0600; it may hold protected values)");
    }
}
