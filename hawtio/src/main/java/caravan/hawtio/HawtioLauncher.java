package caravan.hawtio;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar caravan-hawtio.jar --jolokia URL --users FILE [--port 8090] [--host 127.0.0.1] [--war FILE]}:
 * starts Hawtio pointed at the Caravan whose Jolokia is at URL, and says how to sign in. {@code ./caravan hawtio}
 * runs it with the values of the local Caravan.
 */
public final class HawtioLauncher {
    private static final List<String> OPTIONS = List.of("--jolokia", "--users", "--port", "--host", "--war");

    private HawtioLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        CaravanJolokia caravan = new CaravanJolokia(
                URI.create(options.getOrDefault("--jolokia", "http://localhost:9876/observe/jolokia")),
                Path.of(options.getOrDefault("--users", "data/management-users.properties")));
        Path war = options.containsKey("--war") ? Path.of(options.get("--war")) : besideThisJar("hawtio.war");
        String host = options.getOrDefault("--host", "127.0.0.1");
        int port = Integer.parseInt(options.getOrDefault("--port", "8090"));

        HawtioConsole console = HawtioConsole.start(war, host, port, caravan);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                console.close();
            } catch (Exception ignored) {
                // the JVM is going away
            }
        }));
        String user = caravan.account().map(CaravanJolokia.Account::user).orElse("caravan");
        System.out.println();
        System.out.println("Hawtio for Caravan: open " + console.url());
        System.out.println("  " + caravan.check());
        System.out.println("  Sign in as '" + user + "' with the password in " + caravan.usersFile() + ":");
        System.out.println("    sed -n 's/^user\\." + user + " = \\([^,]*\\),.*/\\1/p' " + caravan.usersFile());
        System.out.println("  Ctrl-C stops Hawtio (Caravan keeps running).");
        Thread.currentThread().join();
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            }
            if (!OPTIONS.contains(name) || value == null) {
                throw new IllegalArgumentException("usage: --jolokia URL --users FILE [--port N] [--host ADDRESS] [--war FILE]"
                        + " (not understood: " + args[i] + ")");
            }
            options.put(name, value);
        }
        return options;
    }

    private static Path besideThisJar(String name) throws Exception {
        Path code = Path.of(HawtioLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return code.getParent().resolve(name);
    }
}
