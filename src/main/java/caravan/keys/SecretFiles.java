package caravan.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that hold secrets: created with mode 0600 before any byte is written, and durably replaced (a power
 * loss leaves either the old content or the new, never an empty or partial file, and never loses the rename).
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** Temporary file in the same folder, written and forced to disk, renamed over {@code file}, then the folder forced. */
    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path tmp = temporaryOf(file);
        Files.deleteIfExists(tmp);
        try {
            try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceFolder(folder);
    }

    /** Deletes {@code file} (if there) so that the deletion itself survives a power loss. */
    public static void deleteDurably(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            forceFolder(file.toAbsolutePath().getParent());
        }
    }

    /** Forces a folder's entries (names created, renamed, deleted) to disk. */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Where {@link #writeOwnerOnly} stages the new content; one left behind is from a write that never finished. */
    static Path temporaryOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
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
