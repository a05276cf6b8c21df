package caravan.keys;

import caravan.Settings;

import java.nio.file.Path;

/** The local master key file (embedded profile; the cloud profile uses KMS). */
public record KeySettings(Path masterKeyFile) {

    public static KeySettings from(Settings s) {
        return new KeySettings(Path.of(s.text("caravan.keys.masterKeyFile")));
    }
}
