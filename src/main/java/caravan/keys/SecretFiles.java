package caravan.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files that hold secrets: created with mode 0600 before any byte is written. */
public final class SecretFiles {
    private SecretFiles() {
    }

    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The secret stored in {@code file}, or a new random one (256 bits, URL-safe base64) written there first. */
    public static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
            writeOwnerOnly(file, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return Files.readString(file).trim();
    }
}
