package caravan.userroutes;

import caravan.Settings;

import java.nio.file.Path;

/**
 * The operator's YAML routes.
 *
 * @param folder     where the {@code *.yaml} route files are (relative to the working directory, like {@code config/})
 * @param scanMillis how often the folder is checked for added, changed and removed files
 * @param queueSize  events waiting for the user routes at most; more are dropped for them (and counted)
 */
public record UserRouteSettings(Path folder, long scanMillis, int queueSize) {
    public static UserRouteSettings from(Settings s) {
        return new UserRouteSettings(Path.of(s.text("caravan.routes.folder")), s.wholeAtLeast("caravan.routes.scanMillis", 100),
                s.intAtLeast("caravan.routes.queueSize", 1));
    }
}
