package caravan.wiring;

import caravan.Settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Caravan's one rule for settings, lowest first: the built-in defaults ({@code application.properties}, then
 * {@code application-<profile>.properties}) &lt; the operator's files ({@code config/caravan*.properties}, then
 * {@code config/application-<profile>*.properties}, each folder's files in name order) &lt; environment variables (each
 * setting's one name, {@link Settings#environmentVariable}) &lt; system properties ({@code -Dcaravan.x=...}).
 * {@link Caravan#main} applies the two upper layers over Camel's, and {@link ConfigReport} shows the outcome.
 */
public final class SettingLayers {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

    /** One setting's effective (unresolved) text and where it came from: default, file X, environment X, system property. */
    public record Layered(String key, String raw, String source) {
    }

    private final Map<String, String> environment;
    private final Properties system;
    private final Path configDir;
    private final String profile;

    public SettingLayers(Map<String, String> environment, Properties system) {
        this.environment = environment;
        this.system = system;
        this.configDir = Path.of(environment.getOrDefault("CARAVAN_CONFIG_DIR", "config"));
        String p = system.getProperty("camel.main.profile", environment.getOrDefault("CARAVAN_PROFILE", ""));
        this.profile = p.isBlank() ? "local" : p.trim();
    }

    public static SettingLayers ofThisProcess() {
        return new SettingLayers(System.getenv(), System.getProperties());
    }

    public String profile() {
        return profile;
    }

    /** Every {@code caravan.*} setting, by key, with the layer that decides it. */
    public Map<String, Layered> effective() throws IOException {
        Map<String, Layered> out = new TreeMap<>();
        put(out, classpath("application.properties"), "default");
        if (!"local".equals(profile)) {
            put(out, classpath("application-" + profile + ".properties"), "default (application-" + profile + ".properties)");
        }
        for (Path file : files()) {
            put(out, read(file), "file " + file);
        }
        for (String key : List.copyOf(out.keySet())) {
            Settings.environmentVariable(key).filter(environment::containsKey)
                    .ifPresent(var -> out.put(key, new Layered(key, environment.get(var), "environment " + var)));
            if (system.getProperty(key) != null) {
                out.put(key, new Layered(key, system.getProperty(key), "system property " + key));
            }
        }
        return out;
    }

    /** The settings an environment variable or system property decides: what {@link Caravan} lays over Camel's files. */
    public Map<String, String> overrides() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        effective().values().stream().filter(l -> l.source().startsWith("environment ") || l.source().startsWith("system property "))
                .forEach(l -> out.put(l.key(), l.raw()));
        return out;
    }

    /** The value Caravan will use: placeholders ({@code {{key}}}, {@code {{env:NAME:default}}}) resolved; null when none. */
    public String resolve(String raw, Map<String, Layered> all) {
        return resolve(raw, all, 0);
    }

    private String resolve(String raw, Map<String, Layered> all, int depth) {
        if (raw == null || depth > 10) {
            return raw;
        }
        String text = raw;
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String inner = m.group(1);
            String value;
            if (inner.startsWith("env:")) {
                String spec = inner.substring(4);
                int colon = spec.indexOf(':');
                String name = colon < 0 ? spec : spec.substring(0, colon);
                value = environment.containsKey(name) ? environment.get(name) : colon < 0 ? null : spec.substring(colon + 1);
            } else {
                Layered ref = all.get(inner);
                value = ref == null ? system.getProperty(inner) : resolve(ref.raw(), all, depth + 1);
            }
            if (value == null) {
                return null;
            }
            text = text.substring(0, m.start()) + value + text.substring(m.end());
            m = PLACEHOLDER.matcher(text);
        }
        return text;
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String glob : List.of("caravan*.properties", "application-" + profile + "*.properties")) {
            if (!Files.isDirectory(configDir)) {
                continue;
            }
            List<Path> matched = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(configDir, glob)) {
                dir.forEach(matched::add);
            }
            matched.sort(null);
            out.addAll(matched);
        }
        return out;
    }

    private static void put(Map<String, Layered> out, Properties p, String source) {
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("caravan.")) {
                out.put(key, new Layered(key, p.getProperty(key), source));
            }
        }
    }

    private static Properties classpath(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = SettingLayers.class.getClassLoader().getResourceAsStream(name)) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }
}
