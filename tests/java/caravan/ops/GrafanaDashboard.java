package caravan.ops;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Grafana dashboard file, read for its PromQL: every {@code expr} and the metric names each one selects. */
final class GrafanaDashboard {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan");

    private final List<String> expressions;

    private GrafanaDashboard(List<String> expressions) {
        this.expressions = expressions;
    }

    static GrafanaDashboard read(Path file) throws IOException {
        List<String> exprs = new ArrayList<>();
        collect(Json.MAPPER.readTree(file.toFile()), exprs);
        return new GrafanaDashboard(exprs);
    }

    private static void collect(JsonNode node, List<String> exprs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                    exprs.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), exprs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, exprs));
        }
    }

    List<String> expressions() {
        return expressions;
    }

    /** Names of the series the expressions select: identifiers that are not functions, keywords, labels or durations. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            String bare = expr.replaceAll("\\{[^}]*}", "")          // label matchers
                    .replaceAll("\\[[^]]*]", "")                     // range selectors
                    .replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", "")  // grouping labels
                    .replaceAll("\"[^\"]*\"", "");                   // string literals
            Matcher m = IDENTIFIER.matcher(bare);
            while (m.find()) {
                String id = m.group();
                int next = m.end();
                while (next < bare.length() && bare.charAt(next) == ' ') {
                    next++;
                }
                boolean function = next < bare.length() && bare.charAt(next) == '(';
                boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
                if (!function && !number && !KEYWORDS.contains(id.toLowerCase())) {
                    names.add(id);
                }
            }
        }
        return names;
    }
}
