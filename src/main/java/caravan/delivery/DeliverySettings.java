package caravan.delivery;

import caravan.Settings;

import java.nio.file.Path;

/**
 * How media, keys and playback grants are served.
 *
 * @param domain                CDN domain for grant URLs and key URIs, or null to serve from Caravan itself
 * @param cookieDomain          {@code Domain} of the grant cookies, or null for host-only cookies
 * @param privateKeyFile        the grant-signing RSA private key (PEM; generated if absent)
 * @param publicKeyFile         its public key (PEM)
 * @param keyPairId             CloudFront key-pair id, or null to derive it from the public key
 * @param allowedOrigin         the one browser origin allowed to fetch media with credentials, or null
 * @param grantTtlSeconds       default grant lifetime
 * @param maxGrantTtlSeconds    largest grant lifetime
 * @param keyRotationSegments   0: one content key per asset; N: a new key every N segments
 * @param keyRequestsPerSecond  key requests per second per client address; 0: no limit
 * @param keyRequestBurst       key requests at once per client address
 */
public record DeliverySettings(String domain, String cookieDomain, Path privateKeyFile, Path publicKeyFile, String keyPairId,
                               String allowedOrigin, long grantTtlSeconds, long maxGrantTtlSeconds, int keyRotationSegments,
                               double keyRequestsPerSecond, int keyRequestBurst) {

    public static DeliverySettings from(Settings s) {
        int rotation = s.intAtLeast("caravan.delivery.keyRotationSegments", 0);
        if (rotation == 1) {
            throw Settings.problem("caravan.delivery.keyRotationSegments", "must be 0 (one content key per asset) or 2 and more"
                    + " (a new key every that many segments), not 1");
        }
        return new DeliverySettings(s.optional("caravan.delivery.domain").orElse(null),
                s.optional("caravan.delivery.cookieDomain").orElse(null),
                Path.of(s.text("caravan.delivery.privateKeyFile")), Path.of(s.text("caravan.delivery.publicKeyFile")),
                s.optional("caravan.delivery.keyPairId").orElse(null), s.optional("caravan.delivery.allowedOrigin").orElse(null),
                s.wholeAtLeast("caravan.delivery.grantTtlSeconds", 1), s.wholeAtLeast("caravan.delivery.maxGrantTtlSeconds", 1),
                rotation, s.decimalAtLeast("caravan.delivery.keyRequestsPerSecond", 0),
                s.intAtLeast("caravan.delivery.keyRequestBurst", 0));
    }

    /** Where key URIs point: the CDN, or empty for paths on Caravan itself. */
    public String keyUriBase() {
        return domain == null ? "" : "https://" + domain;
    }
}
