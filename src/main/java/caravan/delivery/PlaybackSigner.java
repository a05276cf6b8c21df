package caravan.delivery;

import software.amazon.awssdk.services.cloudfront.CloudFrontUtilities;
import software.amazon.awssdk.services.cloudfront.cookie.CookiesForCustomPolicy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues playback grants exactly as CloudFront expects them, using the AWS SDK's {@link CloudFrontUtilities}: a
 * custom policy whose resource is the asset's folder ({@code <base>/media/<id>/*}), signed cookies scoped to that
 * folder and to the asset's key URL, and a signed master URL for clients that cannot keep cookies.
 */
public final class PlaybackSigner {
    public static final String POLICY = "CloudFront-Policy";
    public static final String SIGNATURE = "CloudFront-Signature";
    public static final String KEY_PAIR_ID = "CloudFront-Key-Pair-Id";

    private final SigningKeys keys;
    private final Clock clock;
    private final CloudFrontUtilities cloudFront = CloudFrontUtilities.create();
    private final String cookieDomain;

    public PlaybackSigner(SigningKeys keys, Clock clock, String cookieDomain) {
        this.keys = keys;
        this.clock = clock;
        this.cookieDomain = cookieDomain;
    }

    public static String assetResource(String base, String assetId) {
        return base + "/media/" + assetId + "/*";
    }

    public PlaybackGrant grant(String base, String assetId, long ttlSeconds, boolean secure) {
        Instant expires = clock.instant().plusSeconds(ttlSeconds);
        String resource = assetResource(base, assetId);
        String master = base + "/media/" + assetId + "/master.m3u8";
        CookiesForCustomPolicy cookies = cloudFront.getCookiesForCustomPolicy(b -> b.resourceUrl(resource)
                .privateKey(keys.privateKey()).keyPairId(keys.keyPairId()).expirationDate(expires));
        String signedMaster = cloudFront.getSignedUrlWithCustomPolicy(b -> b.resourceUrl(master).resourceUrlPattern(resource)
                .privateKey(keys.privateKey()).keyPairId(keys.keyPairId()).expirationDate(expires)).url();
        String policy = value(cookies.policyHeaderValue());
        String signature = value(cookies.signatureHeaderValue());
        List<String> setCookies = new ArrayList<>();
        for (String path : List.of("/media/" + assetId + "/", "/keys/" + assetId)) {
            for (String[] c : new String[][]{{POLICY, policy}, {SIGNATURE, signature}, {KEY_PAIR_ID, keys.keyPairId()}}) {
                setCookies.add(c[0] + "=" + c[1] + "; Path=" + path + "; Max-Age=" + ttlSeconds + "; HttpOnly; SameSite=Lax"
                        + (secure ? "; Secure" : "") + (cookieDomain == null ? "" : "; Domain=" + cookieDomain));
            }
        }
        return new PlaybackGrant(assetId, signedMaster, expires, List.copyOf(setCookies));
    }

    /**
     * A signed URL for one published file of an asset (a poster shown in a list), valid for {@code ttlSeconds}: its
     * policy covers that file only, and it needs no cookies, so an {@code <img>} can load it from the CDN.
     */
    public String signedFileUrl(String base, String assetId, String path, long ttlSeconds) {
        Instant expires = clock.instant().plusSeconds(ttlSeconds);
        String url = base + "/media/" + assetId + "/" + path;
        return cloudFront.getSignedUrlWithCustomPolicy(b -> b.resourceUrl(url).resourceUrlPattern(url)
                .privateKey(keys.privateKey()).keyPairId(keys.keyPairId()).expirationDate(expires)).url();
    }

    private static String value(String header) {
        return header.substring(header.indexOf('=') + 1);
    }
}
