package caravan.hawtio;

import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The Caravan that Hawtio is pointed at: its Jolokia URL on the management port and the accounts file Caravan
 * generated ({@code user.NAME = PASSWORD,ROLE}). The password stays in that file and in the operator's head: Hawtio
 * asks for it when it connects, and the launcher only uses it to say whether Caravan answers.
 */
public record CaravanJolokia(URI url, Path usersFile) {
    private static final String USER_PREFIX = "user.";

    public CaravanJolokia {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("Caravan's Jolokia URL must be http(s)://host:port/path, not " + url);
        }
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** The first account in the accounts file, if the file can be read. */
    public Optional<Account> account() {
        if (usersFile == null || !Files.isReadable(usersFile)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(usersFile, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return p.stringPropertyNames().stream().filter(k -> k.startsWith(USER_PREFIX)).sorted().findFirst()
                .map(k -> new Account(k.substring(USER_PREFIX.length()), p.getProperty(k).split(",")[0].trim()));
    }

    /** One sentence for the terminal: does Caravan's Jolokia answer this account? */
    public String check() {
        Optional<Account> account = account();
        if (account.isEmpty()) {
            return "No account found in " + usersFile + ": Caravan writes it on its first start (./caravan run).";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString().replaceAll("/*$", "") + "/version"))
                .header("Authorization", account.get().basic()).timeout(Duration.ofSeconds(5)).build();
        try {
            int status = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return switch (status) {
                case 200 -> "Caravan's Jolokia answers at " + url + ".";
                case 401 -> "Caravan at " + url + " refuses the password in " + usersFile + ": was the file changed "
                        + "after Caravan started? Restart Caravan to load it.";
                default -> "Caravan at " + url + " answered HTTP " + status + ": is this Caravan's management port?";
            };
        } catch (ConnectException e) {
            return "Nothing answers at " + url + " yet: start Caravan (./caravan run); Hawtio connects once it is up.";
        } catch (IOException e) {
            return "Cannot reach " + url + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted while checking " + url;
        }
    }

    public record Account(String user, String password) {
        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Account[" + user + "]";
        }
    }
}
