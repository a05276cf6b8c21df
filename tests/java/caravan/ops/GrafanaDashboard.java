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

/**
 * A Grafana dashboard file, read for its PromQL: every {@code expr}, and the series selectors in each one (the metric
 * name with its label matchers).
 */
final class GrafanaDashboard {
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?");
    private static final Pattern LABEL_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan");

    /** One label matcher of a selector: {@code status=~"a|b"}. */
    record LabelMatcher(String label, String op, String value) {
        boolean matches(String actual) {
            String v = actual == null ? "" : actual;
            return switch (op) {
                case "=" -> v.equals(value);
                case "!=" -> !v.equals(value);
                case "=~" -> v.matches(value);
                default -> !v.matches(value);
            };
        }

        /** For {@code =~"a|b|c"} of plain words, each word: a dashboard asking for several values needs each one. */
        List<String> alternatives() {
            return op.equals("=~") && value.matches("[A-Za-z0-9_|]+") ? List.of(value.split("\\|")) : List.of();
        }

        @Override
        public String toString() {
            return label + op + '"' + value + '"';
        }
    }

    /** A series selector: a metric name and its label matchers. */
    record Selector(String metric, List<LabelMatcher> matchers) {
        @Override
        public String toString() {
            return metric + matchers;
        }
    }

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

    /** Names of the series the expressions select. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        selectors().forEach(s -> names.add(s.metric()));
        return names;
    }

    /** Every series selector in the expressions: identifiers that are not functions, keywords, labels or numbers. */
    List<Selector> selectors() {
        List<Selector> selectors = new ArrayList<>();
        for (String expr : expressions) {
            String bare = expr.replaceAll("\\[[^]]*]", "")                         // range selectors
                    .replaceAll("(by|without|on|ignoring)\\s*\\([^)]*\\)", "");    // grouping labels
            Matcher m = SELECTOR.matcher(bare);
            while (m.find()) {
                String id = m.group(1);
                int next = m.end();
                while (next < bare.length() && bare.charAt(next) == ' ') {
                    next++;
                }
                boolean function = m.group(2) == null && next < bare.length() && bare.charAt(next) == '(';
                boolean number = m.start() > 0 && (Character.isDigit(bare.charAt(m.start() - 1)) || bare.charAt(m.start() - 1) == '.');
                if (function || number || KEYWORDS.contains(id.toLowerCase())) {
                    continue;
                }
                List<LabelMatcher> matchers = new ArrayList<>();
                if (m.group(2) != null) {
                    Matcher lm = LABEL_MATCHER.matcher(m.group(2));
                    while (lm.find()) {
                        matchers.add(new LabelMatcher(lm.group(1), lm.group(2), lm.group(3).replace("\\\\", "\\")));
                    }
                }
                selectors.add(new Selector(id, matchers));
            }
        }
        return selectors;
    }
}
