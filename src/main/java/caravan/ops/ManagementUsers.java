package caravan.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The accounts allowed on the protected part of the management port (Jolokia), in Vert.x's properties format
 * ({@code user.NAME = PASSWORD,ROLE}). Created on first start with one account, {@code caravan}, and a random
 * password, readable by its owner only. An operator may edit it or point {@code CARAVAN_MANAGEMENT_USERS_FILE}
 * at their own.
 */
public final class ManagementUsers {
    public static final String DEFAULT_USER = "caravan";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ManagementUsers() {
    }

    /** Returns true if the file was created now. */
    public static boolean createIfAbsent(Path file) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, "# Accounts for Caravan's management port (Jolokia): user.NAME = PASSWORD,ROLE\n"
                + "user." + DEFAULT_USER + " = " + password + ",operator\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
