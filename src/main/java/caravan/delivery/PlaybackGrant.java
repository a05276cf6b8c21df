package caravan.delivery;

import java.time.Instant;
import java.util.List;

/** A viewer's right to play one asset until {@code expiresAt}: a signed master URL and the three signed cookies. */
public record PlaybackGrant(String assetId, String masterUrl, Instant expiresAt, List<String> setCookieHeaders) {
}
