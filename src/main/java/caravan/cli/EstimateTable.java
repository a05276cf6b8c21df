package caravan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** A dry run's estimate ({@code POST /api/imports?dryRun=true}) as the small table {@code ./caravan import --dry-run} prints. */
final class EstimateTable {
    private EstimateTable() {
    }

    static String of(JsonNode e) {
        StringBuilder t = new StringBuilder();
        String cur = e.path("currency").asText();
        for (JsonNode p : e.path("problems")) {
            t.append("  line ").append(p.path("line").asInt()).append(": ").append(p.path("code").asText()).append(": ")
                    .append(p.path("reason").asText()).append('\n');
        }
        row(t, "lines", e.path("lines").asInt() + " (" + e.path("probed").asInt() + " probed, " + e.path("rejected").asInt()
                + " rejected, " + e.path("unreadable").asInt() + " unreadable)");
        row(t, "media", f("%.2f h", e.path("totalHours").asDouble()) + " in " + Sizes.human(e.path("sourceBytes").asLong()) + " of sources");
        JsonNode c = e.path("calibration");
        if (c.isObject()) {
            row(t, "measured", f("%.1f s of line %d encoded in %.1f s wall, %.1f CPU-s: %.2f CPU-s per media second",
                    c.path("mediaSeconds").asDouble(), c.path("line").asInt(), c.path("wallSeconds").asDouble(),
                    c.path("cpuSeconds").asDouble(), c.path("cpuSecondsPerMediaSecond").asDouble()));
        } else {
            row(t, "measured", "nothing (no readable local source to calibrate on)");
        }
        row(t, "CPU here", f("%.2f CPU-hours", e.path("projectedCpuHours").asDouble()) + " = " + money(e.path("projectedCpuCost").asDouble()) + " " + cur);
        row(t, "MediaConvert", f("%.1f normalized minutes", e.path("mediaConvertNormalizedMinutes").asDouble())
                + " = " + money(e.path("mediaConvertCost").asDouble()) + " " + cur);
        row(t, "stored", Sizes.human(e.path("projectedBytesStored").asLong()) + " (ladder + kept sources)");
        StringBuilder finish = new StringBuilder();
        for (JsonNode w : e.path("timeToFinish")) {
            finish.append(finish.isEmpty() ? "" : ", ").append(w.path("workers").asInt()).append(" worker")
                    .append(w.path("workers").asInt() == 1 ? "" : "s").append(": ").append(ImportCommand.duration(Math.round(w.path("hours").asDouble() * 3600)));
        }
        row(t, "time to finish", finish.toString());
        t.append("Prices: config/prices.json (assumptions: edit them for your contract). Nothing was imported.\n");
        return t.toString();
    }

    private static String money(double v) {
        return f(v > 0 && v < 0.1 ? "%.4f" : "%.2f", v);
    }

    private static void row(StringBuilder t, String name, String value) {
        t.append(String.format(Locale.ROOT, "  %-15s %s%n", name, value));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
