package caravan;

import org.apache.camel.CamelContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to Caravan's properties. Every setting has its one default in {@code application.properties} (or
 * {@code application-aws.properties} for the aws profile), never here: a key with no value at all is a bug, and a bad
 * value stops the start with the property's name, the environment variable that sets it, and what it expects.
 */
public final class Settings {
    /** The files that ship with Caravan; their {@code {{env:NAME:...}}} lines say which variable sets which key. */
    static final List<String> SHIPPED = List.of("application.properties", "application-aws.properties");
    private static final Pattern ENV_LINE = Pattern.compile("^\\s*(caravan\\.[\\w.]+)\\s*=\\s*\\{\\{env:([A-Za-z0-9_]+)");
    private static final Map<String, String> ENVIRONMENT = environmentNames();

    private final Function<String, Optional<String>> lookup;
    private final Set<String> read = new LinkedHashSet<>();

    public Settings(CamelContext context) {
        this(key -> context.getPropertiesComponent().resolveProperty(key));
    }

    /** Settings over any lookup, e.g. a {@code Properties} in a test; an absent key is {@link Optional#empty()}. */
    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /**
     * The environment variable that sets {@code key}: the name the shipped properties files give it
     * ({@code {{env:CARAVAN_MASTER_KEY_FILE:...}}}), else the name derived from the key ({@link #derivedVariable}).
     * Every {@code caravan.*} setting has one; other keys (Camel's own) have none here.
     */
    public static Optional<String> environmentVariable(String key) {
        String named = ENVIRONMENT.get(key);
        if (named != null) {
            return Optional.of(named);
        }
        return key.startsWith("caravan.") ? Optional.of(derivedVariable(key)) : Optional.empty();
    }

    /** {@code caravan.ingest.pollMillis} → {@code CARAVAN_INGEST_POLL_MILLIS}: words split at dots and capitals. */
    public static String derivedVariable(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** The keys read so far, in order (what Caravan reads must each have a default in the shipped files). */
    public Set<String> keysRead() {
        return Set.copyOf(read);
    }

    /** A setting that must have a value (its default, or the operator's). */
    public String text(String key) {
        return optional(key).orElseThrow(() -> problem(key, "must be given (it has no value)"));
    }

    /** A setting whose empty value means "none" (e.g. no CDN domain); the key itself must still be declared. */
    public Optional<String> optional(String key) {
        read.add(key);
        Optional<String> raw;
        try {
            raw = lookup.apply(key);
        } catch (IllegalArgumentException e) {
            throw problem(key, "cannot be read: a placeholder in its value does not resolve");
        }
        if (raw.isEmpty() && ENVIRONMENT.containsKey(key)) {
            // {{env:CARAVAN_TABLE}}: the profile's file asks the environment, which has no such variable
            throw problem(key, "must be given (it has no value)");
        }
        if (raw.isEmpty()) {
            throw new IllegalStateException("Setting " + key + " has no default: add it, with a comment, to application.properties");
        }
        return raw.map(String::trim).filter(s -> !s.isEmpty());
    }

    /** A whole number from {@code min} up. */
    public long wholeAtLeast(String key, long min) {
        return wholeBetween(key, min, Long.MAX_VALUE);
    }

    /** A whole number from {@code min} to {@code max}. */
    public long wholeBetween(String key, long min, long max) {
        String v = text(key);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw problem(key, "must be a whole number (got '" + v + "')");
        }
        if (n < min || n > max) {
            throw problem(key, "must be " + range(min, max) + " (got " + n + ")");
        }
        return n;
    }

    /** A whole number that fits an int, from {@code min} up. */
    public int intAtLeast(String key, int min) {
        return (int) wholeBetween(key, min, Integer.MAX_VALUE);
    }

    /** A TCP port. */
    public int port(String key) {
        return (int) wholeBetween(key, 1, 65535);
    }

    /** A number (fractions allowed) from {@code min} up. */
    public double decimalAtLeast(String key, double min) {
        String v = text(key);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw problem(key, "must be a number (got '" + v + "')");
        }
        if (!(d >= min) || Double.isInfinite(d)) {
            throw problem(key, "must be a number of at least " + (min == Math.rint(min) ? String.valueOf((long) min) : String.valueOf(min))
                    + " (got " + v + ")");
        }
        return d;
    }

    public boolean flag(String key) {
        String v = text(key);
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw problem(key, "must be true or false (got '" + v + "')");
        }
        return Boolean.parseBoolean(v);
    }

    /** A comma-separated list; empty for none. */
    public List<String> list(String key) {
        return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** One of a few words. */
    public String choice(String key, String... allowed) {
        String v = text(key);
        if (!Arrays.asList(allowed).contains(v)) {
            throw problem(key, "must be " + String.join(" or ", allowed) + " (got '" + v + "')");
        }
        return v;
    }

    /** An error about {@code key}: "Setting caravan.x (environment CARAVAN_X) " + what is wrong. */
    public static IllegalArgumentException problem(String key, String what) {
        return new IllegalArgumentException("Setting " + named(key) + " " + what);
    }

    /** {@code caravan.x (environment CARAVAN_X)}, or the key alone when no variable sets it. */
    public static String named(String key) {
        return environmentVariable(key).map(env -> key + " (environment " + env + ")").orElse(key);
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "a whole number of at least " + min;
        }
        return "a whole number from " + min + " to " + max;
    }

    private static Map<String, String> environmentNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String file : SHIPPED) {
            for (String line : shippedText(file).split("\n")) {
                Matcher m = ENV_LINE.matcher(line);
                if (m.find()) {
                    names.put(m.group(1), m.group(2));
                }
            }
        }
        return Map.copyOf(names);
    }

    /** The text of a properties file that ships in the jar. */
    static String shippedText(String file) {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }
}
