package caravan;

import org.apache.camel.CamelContext;

import java.util.Arrays;
import java.util.List;

/** Typed access to Caravan's properties; a bad value stops the start with the property's name and what it expects. */
public final class Settings {
    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    public String text(String key, String def) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(def);
    }

    /** A setting that must be given, e.g. an AWS resource name in the AWS profile. */
    public String required(String key) {
        String v = text(key, null);
        if (v == null) {
            throw new IllegalArgumentException("Setting " + key + " is required here (see docs/aws.md)");
        }
        return v;
    }

    public long number(String key, long def) {
        String v = text(key, null);
        try {
            return v == null ? def : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a whole number (got '" + v + "')");
        }
    }

    public double decimal(String key, double def) {
        String v = text(key, null);
        try {
            return v == null ? def : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a number (got '" + v + "')");
        }
    }

    public boolean flag(String key, boolean def) {
        String v = text(key, null);
        if (v == null) {
            return def;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Setting " + key + " must be true or false (got '" + v + "')");
        }
        return Boolean.parseBoolean(v);
    }

    public List<String> list(String key) {
        String v = text(key, "");
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
