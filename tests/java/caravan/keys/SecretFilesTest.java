package caravan.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void createsARandomSecretOnceAndReturnsItAfterwards() throws Exception {
        Path file = dir.resolve("secrets/webhook-secret");

        String first = SecretFiles.readOrCreate(file);
        String second = SecretFiles.readOrCreate(file);

        assertThat(second).isEqualTo(first);
        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(32);
        assertThat(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void eachNewFileGetsADifferentSecret() throws Exception {
        assertThat(SecretFiles.readOrCreate(dir.resolve("a"))).isNotEqualTo(SecretFiles.readOrCreate(dir.resolve("b")));
    }

    @Test
    void anExistingSecretIsReadTrimmed() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "operator-chosen-token\n");

        assertThat(SecretFiles.readOrCreate(file)).isEqualTo("operator-chosen-token");
    }

    @Test
    void writeOwnerOnlyReplacesContentAndLeavesNoTempFile() throws Exception {
        Path file = dir.resolve("secret.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        SecretFiles.writeOwnerOnly(file, "new".getBytes());

        assertThat(file).hasContent("new");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(dir.resolve("secret.json.tmp")).doesNotExist();
    }
}
