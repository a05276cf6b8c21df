package caravan.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** One asset as labelled lines, for {@code ./caravan show}. */
final class AssetDescription {
    private AssetDescription() {
    }

    static String of(JsonNode a) {
        StringBuilder out = new StringBuilder();
        line(out, "id", a.path("id").asText());
        line(out, "name", AssetTable.name(a));
        line(out, "status", a.path("status").asText() + (a.path("status").asText().equals("READY") ? "" : " (" + a.path("progress").asInt() + "%)"));
        if (a.has("source")) {
            line(out, "source", a.path("source").path("name").asText() + ", " + Sizes.human(a.path("source").path("size").asLong()));
        }
        if (a.has("probe")) {
            JsonNode p = a.path("probe");
            line(out, "media", p.path("container").asText() + ", " + p.path("durationSeconds").asDouble() + " s"
                    + (p.has("video") ? ", " + p.path("video").path("width").asInt() + "x" + p.path("video").path("height").asInt() : ", audio only"));
        }
        StringBuilder renditions = new StringBuilder();
        a.path("renditions").forEach(r -> renditions.append(renditions.length() == 0 ? "" : ", ").append(r.path("name").asText())
                .append(r.has("bandwidth") ? " " + r.path("bandwidth").asLong() / 1000 + " kb/s" : ""));
        if (renditions.length() > 0) {
            line(out, "renditions", renditions.toString());
        }
        if (a.has("error")) {
            line(out, "error", a.path("error").path("code").asText() + ": " + a.path("error").path("message").asText());
        }
        if (a.has("duplicateOf")) {
            line(out, "duplicate of", a.path("duplicateOf").asText());
        }
        for (String time : new String[]{"createdAt", "readyAt"}) {
            if (a.has(time)) {
                line(out, time.equals("createdAt") ? "received" : "ready", a.path(time).asText());
            }
        }
        a.path("warnings").forEach(w -> line(out, "warning", w.path("code").asText() + ": " + w.path("message").asText()));
        if (a.path("status").asText().equals("READY")) {
            line(out, "play", "./caravan play " + a.path("id").asText());
        } else if (a.path("status").asText().equals("FAILED")) {
            line(out, "retry", "./caravan retry " + a.path("id").asText());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-13s %s%n", label + ":", value.replaceAll("\\p{Cntrl}", "?")));
    }
}
