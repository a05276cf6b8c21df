package caravan.ops;

import caravan.Settings;

import java.nio.file.Path;

/**
 * The management port (health, metrics, Jolokia).
 *
 * @param port            its port (read by camel-main)
 * @param host            the address it listens on (read by camel-main)
 * @param usersFile       the Jolokia accounts (generated if absent)
 * @param hawtioOrigin    the Hawtio page allowed to call it from a browser, or null
 * @param authenticateAll true: everything but liveness needs an account
 */
public record ManagementSettings(int port, String host, Path usersFile, String hawtioOrigin, boolean authenticateAll) {

    public static ManagementSettings from(Settings s) {
        return new ManagementSettings(s.port("caravan.management.port"), s.text("caravan.management.host"),
                Path.of(s.text("caravan.management.usersFile")), s.optional("caravan.management.hawtioOrigin").orElse(null),
                s.flag("caravan.management.authenticateAll"));
    }
}
