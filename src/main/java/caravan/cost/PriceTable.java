package caravan.cost;

import caravan.Settings;
import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator pays for each unit Caravan measures ({@code config/prices.json}, setting {@value #FILE}): one
 * CPU-hour of encoding, a GB stored for a month, a GB delivered, a MediaConvert normalized minute. The shipped
 * values are assumptions (public list prices) the operator edits; checked when read, every problem named.
 */
public record PriceTable(String currency, double cpuHour, double storageGbMonth, double deliveryGb,
                         double mediaConvertNormalizedMinute) {
    public static final String FILE = "caravan.cost.prices";
    private static final double GB = 1_000_000_000d;

    public static PriceTable from(Settings settings) {
        return load(Path.of(settings.text(FILE)));
    }

    public static PriceTable load(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw Settings.problem(FILE, "names a price table that cannot be read (" + file + ": "
                    + e.getClass().getSimpleName() + ")");
        }
        List<String> problems = new ArrayList<>();
        String currency = root.path("currency").asText("");
        if (!currency.matches("[A-Z]{3}")) {
            problems.add("currency: must be a three-letter code such as USD (got '" + currency + "')");
        }
        PriceTable table = new PriceTable(currency, price(root, "cpuHour", problems), price(root, "storageGbMonth", problems),
                price(root, "deliveryGb", problems), price(root, "mediaConvertNormalizedMinute", problems));
        if (!problems.isEmpty()) {
            throw Settings.problem(FILE, "price table " + file + ": " + String.join("; ", problems));
        }
        return table;
    }

    /** The price of this many CPU-seconds of encoding. */
    public double cpu(double cpuSeconds) {
        return cpuSeconds / 3600d * cpuHour;
    }

    /** The price of keeping this many bytes for this many months. */
    public double storage(long bytes, double months) {
        return bytes / GB * months * storageGbMonth;
    }

    /** The price of delivering this many bytes to viewers. */
    public double delivery(long bytes) {
        return bytes / GB * deliveryGb;
    }

    /** The price of this many MediaConvert normalized minutes. */
    public double mediaConvert(double normalizedMinutes) {
        return normalizedMinutes * mediaConvertNormalizedMinute;
    }

    private static double price(JsonNode root, String field, List<String> problems) {
        JsonNode n = root.get(field);
        if (n == null || !n.isNumber() || n.asDouble() < 0 || !Double.isFinite(n.asDouble())) {
            problems.add(field + ": must be a number, 0 or more");
            return 0;
        }
        return n.asDouble();
    }
}
