package caravan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Assets as an aligned text table: id, status, progress, name, and the error or the renditions. */
final class AssetTable {
    private static final int NAME_WIDTH = 40;

    private AssetTable() {
    }

    static String of(List<JsonNode> assets) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "STATUS", "PROGRESS", "NAME", "DETAIL"});
        for (JsonNode a : assets) {
            rows.add(new String[]{a.path("id").asText(), a.path("status").asText(), a.path("progress").asInt() + "%",
                    clip(name(a)), detail(a).replaceAll("\\p{Cntrl}", "?")});
        }
        int[] width = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static String name(JsonNode asset) {
        JsonNode title = asset.path("metadata").path("title");
        return title.isTextual() && !title.asText().isBlank() ? title.asText() : asset.path("source").path("name").asText();
    }

    static String detail(JsonNode asset) {
        if (asset.has("error")) {
            return asset.path("error").path("code").asText() + ": " + asset.path("error").path("message").asText();
        }
        if (asset.has("duplicateOf")) {
            return "same content as " + asset.path("duplicateOf").asText();
        }
        List<String> names = new ArrayList<>();
        asset.path("renditions").forEach(r -> names.add(r.path("name").asText()));
        return String.join(" ", names);
    }

    // a name is data from a file or sidecar: shown on one line, control characters replaced
    private static String clip(String name) {
        String flat = name.replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= NAME_WIDTH ? flat : flat.substring(0, NAME_WIDTH - 1) + "…";
    }
}
