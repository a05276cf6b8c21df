package caravan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the running Caravan is, read from the environment variables an operator sets for {@code ./caravan run}:
 * {@code CARAVAN_HTTP_PORT} (8080), {@code CARAVAN_MANAGEMENT_PORT} (9876), {@code CARAVAN_DATA} (./data), and the
 * token from {@code CARAVAN_API_TOKEN} or the data folder's {@code api-token}. Every error names the variable to set.
 */
record CliEnvironment(String apiBase, String managementBase, Path data, String tokenVariable) {

    static CliEnvironment from(Map<String, String> env) throws CliFailure {
        String port = port(env, "CARAVAN_HTTP_PORT", "8080");
        String management = port(env, "CARAVAN_MANAGEMENT_PORT", "9876");
        Path data = Path.of(env.getOrDefault("CARAVAN_DATA", "").isBlank() ? "./data" : env.get("CARAVAN_DATA"));
        return new CliEnvironment("http://127.0.0.1:" + port, "http://127.0.0.1:" + management, data,
                env.getOrDefault("CARAVAN_API_TOKEN", ""));
    }

    private static String port(Map<String, String> env, String name, String fallback) throws CliFailure {
        String value = env.getOrDefault(name, "").isBlank() ? fallback : env.get(name).trim();
        try {
            int p = Integer.parseInt(value);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CliFailure(name + " must be a port number from 1 to 65535; it is '" + value + "'.");
        }
    }

    /** The API token: CARAVAN_API_TOKEN, else the one Caravan generated in the data folder. */
    String token() throws CliFailure {
        if (!tokenVariable.isBlank()) {
            return tokenVariable.trim();
        }
        Path file = data.resolve("api-token");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new CliFailure("No API token: set CARAVAN_API_TOKEN to Caravan's token, or CARAVAN_DATA to the data folder "
                    + "that holds api-token (now " + data + ").");
        }
    }

    Path inbox() {
        return data.resolve("inbox");
    }
}
