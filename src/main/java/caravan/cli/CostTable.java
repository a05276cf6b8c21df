package caravan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** {@code ./caravan costs [--from X] [--to Y]}: the period's costs ({@code GET /api/costs}) as sentences and a table by stage. */
final class CostTable {
    static final String USAGE = "costs [--from DATE|INSTANT] [--to DATE|INSTANT]";

    private CostTable() {
    }

    /** The API path for the command's arguments. */
    static String path(List<String> args) throws CliFailure {
        List<String> query = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (!(option.equals("--from") || option.equals("--to")) || i + 1 >= args.size()) {
                throw CliFailure.usage("usage: ./caravan " + USAGE + " (dates like 2026-11-01, or instants like 2026-11-01T00:00:00Z)");
            }
            query.add(option.substring(2) + "=" + URLEncoder.encode(args.get(i + 1), StandardCharsets.UTF_8));
        }
        return "/api/costs" + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    static String of(JsonNode r) {
        String currency = r.path("currency").asText();
        JsonNode all = r.path("all");
        JsonNode price = r.path("price");
        StringBuilder s = new StringBuilder();
        s.append("Costs from ").append(r.path("from").asText()).append(" to ").append(r.path("to").asText())
                .append(" (prices in ").append(currency).append(", from the price table)\n");
        s.append("Assets: ").append(r.at("/ready/assets").asInt()).append(" READY, ").append(r.at("/failed/assets").asInt())
                .append(" FAILED; ").append(fixed(r.path("contentHours").asDouble(), 3)).append(" hours of content\n\n");
        s.append(String.format(Locale.ROOT, "%-14s %10s %10s %12s%n", "stage", "CPU-s", "wall-s", "price"));
        for (Iterator<String> it = all.path("cpuSecondsByStage").fieldNames(); it.hasNext(); ) {
            String stage = it.next();
            s.append(String.format(Locale.ROOT, "%-14s %10.3f %10.3f %12.6f%n", stage, all.path("cpuSecondsByStage").path(stage).asDouble(),
                    all.path("wallSecondsByStage").path(stage).asDouble(), price.path("cpuByStage").path(stage).asDouble()));
        }
        s.append(String.format(Locale.ROOT, "%-14s %10.3f %10s %12.6f%n%n", "all", all.path("cpuSeconds").asDouble(), "",
                price.path("cpu").asDouble()));
        s.append("Bytes: read ").append(Sizes.human(all.path("bytesRead").asLong()))
                .append(", written ").append(Sizes.human(all.path("bytesWritten").asLong()))
                .append(", stored ").append(Sizes.human(all.path("bytesStoredMedia").asLong())).append(" media + ")
                .append(Sizes.human(all.path("bytesStoredArchive").asLong())).append(" archive")
                .append(", served ").append(Sizes.human(all.path("bytesServed").asLong())).append('\n');
        s.append("MediaConvert: ").append(fixed(all.path("mediaConvertNormalizedMinutes").asDouble(), 1))
                .append(" normalized minutes (an estimate)\n");
        s.append("Price: CPU ").append(fixed(price.path("cpu").asDouble(), 4))
                .append(" + MediaConvert ").append(fixed(price.path("mediaConvert").asDouble(), 4))
                .append(" + delivery ").append(fixed(price.path("delivery").asDouble(), 4))
                .append(" + storage ").append(fixed(price.path("storagePerMonth").asDouble(), 4)).append(" a month = ")
                .append(fixed(price.path("total").asDouble(), 4)).append(' ').append(currency);
        JsonNode perHour = r.path("pricePerContentHour");
        s.append(perHour.isNumber() ? "; " + fixed(perHour.asDouble(), 4) + " " + currency + " per hour of content" : "").append('\n');
        return s.toString();
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
