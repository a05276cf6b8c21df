package caravan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./caravan import [--dry-run] [--detach] MANIFEST}: posts the manifest to the running Caravan, prints its bad
 * lines, then a progress bar with the ETA until every line has its outcome (unless {@code --detach}), and writes the
 * report beside the manifest. With {@code --dry-run}, prints the estimate as a table and imports nothing.
 */
final class ImportCommand {
    private static final int BAR = 30;
    private final ApiClient api;
    private final PrintStream out;
    private final Duration pollEvery;

    ImportCommand(ApiClient api, PrintStream out, Duration pollEvery) {
        this.api = api;
        this.out = out;
        this.pollEvery = pollEvery;
    }

    void run(List<String> args) throws CliFailure {
        boolean dryRun = args.contains("--dry-run");
        boolean detach = args.contains("--detach");
        List<String> files = args.stream().filter(a -> !a.equals("--dry-run") && !a.equals("--detach")).toList();
        if (files.size() != 1 || files.get(0).startsWith("--")) {
            throw CliFailure.usage("usage: ./caravan import [--dry-run] [--detach] MANIFEST (.csv, or .jsonl for JSON Lines)");
        }
        Path manifest = Path.of(files.get(0));
        byte[] body;
        try {
            body = Files.readAllBytes(manifest);
        } catch (IOException e) {
            throw new CliFailure("Cannot read the manifest " + manifest + " (" + e.getClass().getSimpleName() + ").");
        }
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = name.endsWith(".jsonl") || name.endsWith(".ndjson") ? "application/x-ndjson" : "text/csv";
        if (dryRun) {
            out.println("Dry run: probing every source and encoding a few seconds of the first to measure this machine...");
            out.print(EstimateTable.of(post("/api/imports?dryRun=true", type, body, Duration.ofHours(2))));
            return;
        }
        JsonNode status = post("/api/imports", type, body, Duration.ofMinutes(10));
        String id = status.path("id").asText();
        out.println("Import " + id + ": " + status.path("lines").asInt() + " lines, " + status.path("rejected").asInt() + " rejected.");
        printProblems(status.path("problems"));
        if (detach) {
            out.println("Running in Caravan; follow it with GET /api/imports/" + id + " (or run this command again: the same"
                    + " manifest continues the same import).");
            return;
        }
        boolean terminal = System.console() != null;
        String last = "";
        while (!status.path("finished").asBoolean()) {
            String bar = bar(status);
            String counts = bar.substring(0, bar.indexOf("ETA"));
            if (terminal) {
                out.print("\r" + bar);
            } else if (!counts.equals(last)) {
                out.println(bar); // a log, not a screen: a line when the counts change, not every second
            }
            last = counts;
            out.flush();
            try {
                Thread.sleep(pollEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure("Interrupted; the import goes on in Caravan.");
            }
            status = api.get("/api/imports/" + id);
        }
        out.println((terminal ? "\r" : "") + bar(status));
        Path report = manifest.toAbsolutePath().resolveSibling(stem(manifest) + ".report.csv");
        try {
            Files.writeString(report, api.text("/api/imports/" + id + "/report.csv"));
        } catch (IOException e) {
            throw new CliFailure("The import finished, but its report could not be written beside the manifest; it is at GET /api/imports/"
                    + id + "/report.csv.");
        }
        out.println("Done: " + status.path("done").asInt() + " READY, " + status.path("failed").asInt() + " FAILED, "
                + status.path("skipped").asInt() + " already imported, " + status.path("rejected").asInt() + " rejected. Report: "
                + report + " (also GET /api/imports/" + id + "/report.csv).");
    }

    private JsonNode post(String path, String type, byte[] body, Duration timeout) throws CliFailure {
        try {
            return api.post(path, type, body, timeout);
        } catch (CliFailure f) {
            if (f.getMessage() != null && f.getMessage().contains("(BODY_TOO_LARGE)")) {
                throw new CliFailure("The manifest (" + body.length + " bytes) is larger than Caravan's HTTP port accepts: raise"
                        + " camel.server.maxBodySize in config/caravan.properties (e.g. camel.server.maxBodySize=16777216) and"
                        + " restart Caravan, or split the manifest.");
            }
            throw f;
        }
    }

    private void printProblems(JsonNode problems) {
        for (JsonNode p : problems) {
            out.println("  line " + p.path("line").asInt() + ": " + p.path("code").asText() + ": " + p.path("reason").asText());
        }
    }

    static String bar(JsonNode s) {
        int lines = s.path("lines").asInt();
        int finished = lines - s.path("remaining").asInt();
        int filled = lines == 0 ? BAR : finished * BAR / lines;
        String eta = s.hasNonNull("etaSeconds") ? duration(s.path("etaSeconds").asLong()) : "estimating";
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + finished + "/" + lines + "  "
                + s.path("done").asInt() + " ready, " + s.path("failed").asInt() + " failed, " + s.path("skipped").asInt()
                + " skipped, " + s.path("inPipeline").asInt() + " in the pipeline  " + String.format(Locale.ROOT, "%.2f", s.path("hoursEncoded").asDouble())
                + " h encoded  ETA " + eta;
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? seconds / 3600 + "h" + String.format(Locale.ROOT, "%02d", seconds % 3600 / 60) + "m"
                : seconds >= 60 ? seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s" : seconds + "s";
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n;
    }
}
