package caravan.cli;

import caravan.asset.AssetStatus;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code ./caravan <command>}: asks the running Caravan (its API and health) and answers in sentences and tables.
 * Run as {@code java -cp target/caravan.jar caravan.cli.CaravanCli <command> ...}; the {@code caravan} script
 * dispatches here. Exit status 0 done, 1 refused or failed, 2 a usage error.
 */
public final class CaravanCli {
    static final String HELP = """
            Caravan: drop videos in, get encrypted HLS out.

            usage: ./caravan <command> [arguments]

              run                      build (if needed) and start Caravan
              status                   health, inbox backlog, running and failed assets
              list [--status S]        every asset as a table (S: RECEIVED PROBING TRANSCODING PUBLISHING READY FAILED DUPLICATE)
              show <id>                one asset in full
              ingest FILE...           copy files safely into the inbox (hidden name, flushed, then renamed)
              play <id> [--ttl SECS]   print a signed URL any HLS player opens: ffplay "$(./caravan play <id>)"
              retry <id>               put a FAILED asset through the pipeline again
              import [--dry-run] [--detach] MANIFEST
                                       bulk import (CSV source,external_id,metadata or .jsonl): progress bar, report
                                       beside the manifest; --dry-run: estimate hours, CPU, cost, storage, time only
              rotate-key               a new master key version; every stored data key re-wrapped
              retire-key [keyId]       remove master key versions no stored data key uses
              costs [--from X --to Y]  what the assets finished in a period cost, priced (default: the last 30 days)
              open-sidecar <id> <sealed file> <output file>   decrypt a sidecar kept only in encrypted form
              hawtio                   start Hawtio pointed at the running Caravan
              config                   every setting's effective value and where it came from, secrets masked
              aws synth                write the AWS stack's template (infra/cdk.out/Caravan.template.json)
              test [--fast]            run the test suite
              version                  this Caravan's version
              --help                   this text

            The commands find Caravan through the variables it runs with: CARAVAN_HTTP_PORT (8080),
            CARAVAN_MANAGEMENT_PORT (9876), CARAVAN_DATA (./data), and CARAVAN_API_TOKEN (or the api-token file
            in CARAVAN_DATA). docs/cli.md has more.
            """;
    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,40}");

    private final CliEnvironment env;
    private final ApiClient api;
    private final PrintStream out;
    private final PrintStream err;

    private CaravanCli(CliEnvironment env, PrintStream out, PrintStream err) {
        this.env = env;
        this.api = new ApiClient(env);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "--help" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        try {
            if (List.of("--help", "-h", "help").contains(command)) {
                out.print(HELP);
                return 0;
            }
            if (command.equals("version") || command.equals("--version")) {
                out.println("Caravan " + version());
                return 0;
            }
            new CaravanCli(CliEnvironment.from(environment), out, err).dispatch(command, rest);
            return 0;
        } catch (CliFailure failure) {
            err.println("caravan: " + failure.getMessage());
            return failure.exitStatus;
        }
    }

    private void dispatch(String command, List<String> args) throws CliFailure {
        switch (command) {
            case "status" -> status(args);
            case "list" -> list(args);
            case "show" -> show(args);
            case "ingest" -> ingest(args);
            case "play" -> play(args);
            case "retry" -> retry(args);
            case "import" -> new ImportCommand(api, out, java.time.Duration.ofSeconds(1)).run(args);
            case "rotate-key" -> rotateKey(args);
            case "retire-key" -> retireKey(args);
            case "costs" -> out.print(CostTable.of(api.get(CostTable.path(args))));
            default -> throw CliFailure.usage("'" + command + "' is not a command. ./caravan --help lists them.");
        }
    }

    private void status(List<String> args) throws CliFailure {
        expect(args, 0, "status");
        HttpResponse<String> health = api.management("/observe/health");
        List<JsonNode> assets = allAssets();
        out.println("Caravan on " + env.apiBase() + ": " + HealthSummary.of(health));
        out.println("Inbox: " + InboxBacklog.describe(env.inbox()));
        Map<String, Long> counts = new java.util.TreeMap<>();
        assets.forEach(a -> counts.merge(a.path("status").asText(), 1L, Long::sum));
        List<JsonNode> running = assets.stream().filter(a -> !isOutcome(a)).toList();
        List<JsonNode> failed = assets.stream().filter(a -> a.path("status").asText().equals("FAILED")).toList();
        out.println("Assets: " + assets.size() + (counts.isEmpty() ? "" : " (" + String.join(", ",
                counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()) + ")"));
        out.println("Running: " + running.size());
        if (!running.isEmpty()) {
            out.print(indent(AssetTable.of(running)));
        }
        out.println("Failed: " + failed.size() + (failed.isEmpty() ? "" : " (./caravan retry <id> tries one again)"));
        if (!failed.isEmpty()) {
            out.print(indent(AssetTable.of(failed)));
        }
    }

    private void list(List<String> args) throws CliFailure {
        String status = null;
        if (args.size() == 2 && args.get(0).equals("--status")) {
            status = args.get(1).toUpperCase(Locale.ROOT);
            String wanted = status;
            if (Arrays.stream(AssetStatus.values()).noneMatch(s -> s.name().equals(wanted))) {
                throw CliFailure.usage("--status must be one of " + Arrays.toString(AssetStatus.values()).replaceAll("[\\[\\],]", "") + ".");
            }
        } else {
            expect(args, 0, "list [--status S]");
        }
        String filter = status;
        List<JsonNode> assets = allAssets().stream().filter(a -> filter == null || a.path("status").asText().equals(filter)).toList();
        if (assets.isEmpty()) {
            out.println(filter == null ? "No assets yet: ./caravan ingest FILE puts one in the inbox." : "No " + filter + " assets.");
            return;
        }
        out.print(AssetTable.of(assets));
    }

    private void show(List<String> args) throws CliFailure {
        expect(args, 1, "show <id>");
        out.print(AssetDescription.of(api.get("/api/assets/" + id(args.get(0)))));
    }

    private void ingest(List<String> args) throws CliFailure {
        if (args.isEmpty()) {
            throw CliFailure.usage("usage: ./caravan ingest FILE...");
        }
        InboxCopy copy = new InboxCopy(env.inbox(), err);
        int done = 0;
        for (String file : args) {
            Path queued = copy.copy(Path.of(file));
            done++;
            out.println("Queued " + queued.getFileName() + " in the inbox; Caravan takes it within seconds (./caravan list shows it).");
        }
        if (done > 1) {
            out.println(done + " files queued.");
        }
    }

    private void play(List<String> args) throws CliFailure {
        String body = "{}";
        if (args.size() == 3 && args.get(1).equals("--ttl")) {
            try {
                body = "{\"ttlSeconds\": " + Long.parseLong(args.get(2)) + "}";
            } catch (NumberFormatException e) {
                throw CliFailure.usage("--ttl takes a number of seconds.");
            }
        } else {
            expect(args, 1, "play <id> [--ttl SECONDS]");
        }
        JsonNode grant = api.post("/api/assets/" + id(args.get(0)) + "/playback", body);
        // the URL alone on stdout, so ffplay "$(./caravan play <id>)" works; the sentence on stderr
        out.println(grant.path("masterUrl").asText());
        err.println("Signed playback URL for " + grant.path("assetId").asText() + ", valid until " + grant.path("expiresAt").asText()
                + "; ffplay, VLC or any HLS player opens it (keep it private: it is the grant).");
    }

    private void retry(List<String> args) throws CliFailure {
        expect(args, 1, "retry <id>");
        JsonNode asset = api.post("/api/assets/" + id(args.get(0)) + "/retry", "{}");
        out.println("Asset " + asset.path("id").asText() + " (" + AssetTable.name(asset).replaceAll("\\p{Cntrl}", "?")
                + ") goes through the pipeline again from its kept source; it is " + asset.path("status").asText() + " now.");
    }

    private void rotateKey(List<String> args) throws CliFailure {
        expect(args, 0, "rotate-key");
        JsonNode r = api.post("/api/keys/rotate", "{}");
        int n = r.path("assetsRewrapped").asInt();
        out.println("Master key rotated: " + r.path("activeKeyId").asText() + " is the active version now; " + n
                + " stored data key" + (n == 1 ? " was" : "s were") + " re-wrapped with it.");
    }

    private void retireKey(List<String> args) throws CliFailure {
        if (args.size() > 1) {
            throw CliFailure.usage("usage: ./caravan retire-key [keyId]");
        }
        String query = args.isEmpty() ? "" : "?keyId=" + URLEncoder.encode(args.get(0), StandardCharsets.UTF_8);
        JsonNode r = api.post("/api/keys/retire" + query, "{}");
        List<String> retired = new ArrayList<>();
        r.path("retired").forEach(k -> retired.add(k.asText()));
        List<String> kept = new ArrayList<>();
        r.path("inUse").fields().forEachRemaining(e -> kept.add(e.getKey() + " (" + e.getValue().asInt() + " data keys)"));
        out.println((retired.isEmpty() ? "No master key version retired" : "Retired " + String.join(", ", retired))
                + "; " + r.path("activeKeyId").asText() + " is active" + (kept.isEmpty() ? "." : "; still in use: " + String.join(", ", kept) + "."));
    }

    private List<JsonNode> allAssets() throws CliFailure {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = api.get("/api/assets?limit=200" + (after == null ? "" : "&after=" + after));
            page.path("items").forEach(all::add);
            after = page.hasNonNull("next") ? page.path("next").asText() : null;
        } while (after != null);
        return all;
    }

    private static boolean isOutcome(JsonNode asset) {
        return List.of("READY", "FAILED", "DUPLICATE").contains(asset.path("status").asText());
    }

    private static String id(String given) throws CliFailure {
        if (!ID.matcher(given).matches()) {
            throw CliFailure.usage("'" + given.replaceAll("\\p{Cntrl}", "?") + "' is not an asset id (lower-case letters and digits; ./caravan list shows them).");
        }
        return given;
    }

    private static void expect(List<String> args, int count, String usage) throws CliFailure {
        if (args.size() != count) {
            throw CliFailure.usage("usage: ./caravan " + usage);
        }
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    static String version() {
        try (InputStream in = CaravanCli.class.getResourceAsStream("/META-INF/maven/io.caravan/caravan/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "(unknown version)");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "(development build, not from the packaged jar)";
    }
}
