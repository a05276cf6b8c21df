package caravan.delivery;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Checks a CloudFront custom-policy grant the way CloudFront does: the key-pair id is ours, the RSA-SHA1 signature
 * over the policy verifies with our public key, the time is within the policy's window, and the requested URL
 * matches the policy's resource ({@code *} any characters, {@code ?} one). Only the verdict leaves this class.
 */
public final class PolicyVerifier {
    private final SigningKeys keys;
    private final Clock clock;

    public PolicyVerifier(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    public enum Verdict { GRANTED, MISSING, WRONG_KEY_PAIR, BAD_SIGNATURE, EXPIRED, NOT_YET_VALID, OTHER_RESOURCE, MALFORMED }

    public Verdict verify(String policyB64, String signatureB64, String keyPairId, String url) {
        if (policyB64 == null || signatureB64 == null || keyPairId == null) {
            return Verdict.MISSING;
        }
        if (!keys.keyPairId().equals(keyPairId)) {
            return Verdict.WRONG_KEY_PAIR;
        }
        byte[] policy;
        try {
            policy = CloudFrontBase64.decode(policyB64);
            Signature rsa = Signature.getInstance("SHA1withRSA");
            rsa.initVerify(keys.publicKey());
            rsa.update(policy);
            if (!rsa.verify(CloudFrontBase64.decode(signatureB64))) {
                return Verdict.BAD_SIGNATURE;
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Verdict.BAD_SIGNATURE;
        }
        try {
            JsonNode statement = Json.MAPPER.readTree(new String(policy, StandardCharsets.UTF_8)).path("Statement").path(0);
            JsonNode condition = statement.path("Condition");
            long now = clock.millis() / 1000;
            JsonNode until = condition.path("DateLessThan").path("AWS:EpochTime");
            if (!until.canConvertToLong() || now >= until.asLong()) {
                return until.canConvertToLong() ? Verdict.EXPIRED : Verdict.MALFORMED;
            }
            JsonNode from = condition.path("DateGreaterThan").path("AWS:EpochTime");
            if (!from.isMissingNode() && now < from.asLong()) {
                return Verdict.NOT_YET_VALID;
            }
            String resource = statement.path("Resource").asText(null);
            if (resource == null || !matches(resource, url)) {
                return Verdict.OTHER_RESOURCE;
            }
            return Verdict.GRANTED;
        } catch (java.io.IOException e) {
            return Verdict.MALFORMED;
        }
    }

    static boolean matches(String resource, String url) {
        StringBuilder regex = new StringBuilder();
        for (char c : resource.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(url).matches();
    }
}
