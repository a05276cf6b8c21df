package caravan.wiring;

import java.io.PrintStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ./caravan config}: every setting's effective value and where it came from (default, file, environment,
 * system property), by {@link SettingLayers}' one rule. Secrets (tokens, secrets, passwords) are never printed, only
 * whether they are set; webhook URLs show only their scheme and host (a chat webhook's path is its secret).
 */
public final class ConfigReport {
    private static final Pattern SECRET = Pattern.compile("(?i).*(token|secret|password)$");

    private ConfigReport() {
    }

    public static void main(String[] args) throws Exception {
        print(SettingLayers.ofThisProcess(), System.out);
    }

    public static void print(SettingLayers layers, PrintStream out) throws Exception {
        Map<String, SettingLayers.Layered> all = layers.effective();
        out.println("# profile " + layers.profile() + "; rule: default < file < environment < system property (docs/configuration.md)");
        int width = all.keySet().stream().mapToInt(String::length).max().orElse(10);
        for (SettingLayers.Layered l : all.values()) {
            String value = shown(l.key(), layers.resolve(l.raw(), all));
            out.printf("%-" + width + "s  %-40s  %s%n", l.key(), value, l.source());
        }
    }

    static String shown(String key, String value) {
        if (value == null) {
            return "(not set)";
        }
        if (value.isBlank()) {
            return "(empty)";
        }
        if (SECRET.matcher(key).matches()) {
            return "******** (set)";
        }
        if (key.endsWith(".urls")) {
            return Arrays.stream(value.split(",")).map(String::trim).map(ConfigReport::hostOnly).collect(Collectors.joining(","));
        }
        return value;
    }

    private static String hostOnly(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/…";
        } catch (IllegalArgumentException e) {
            return "(set)";
        }
    }
}
