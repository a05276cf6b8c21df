package caravan.api;

import caravan.Settings;

/**
 * The business HTTP port (API, web page, media origin, key server) and the API token.
 *
 * @param httpPort the port
 * @param token    the configured bearer token, or null to use (or generate) the one in the data folder
 */
public record ApiSettings(int httpPort, String token) {

    public static ApiSettings from(Settings s) {
        return new ApiSettings(s.port("caravan.http.port"), s.optional("caravan.api.token").orElse(null));
    }

    @Override
    public String toString() {
        return "ApiSettings[httpPort=" + httpPort + ", token=" + (token == null ? "generated" : "configured") + "]";
    }
}
