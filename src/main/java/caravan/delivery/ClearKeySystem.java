package caravan.delivery;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * W3C ClearKey (Encrypted Media Extensions, section 9.1): the browser's CDM asks with
 * {@code {"kids":["<base64url KID>"],"type":"temporary"}} and is answered with
 * {@code {"keys":[{"kty":"oct","kid":"<base64url KID>","k":"<base64url key>"}],"type":"temporary"}}, base64url
 * without padding. Only the asset's own KID is answered; a request for other KIDs gets an empty key list.
 */
public final class ClearKeySystem implements KeySystem {
    public static final String NAME = "org.w3.clearkey";
    public static final String SYSTEM_ID = "e2719d58-a985-b3c9-781a-b030af78d30e";
    private static final int MAX_KIDS = 16;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String systemId() {
        return SYSTEM_ID;
    }

    @Override
    public String mpdContentProtection(String licenceUrl) {
        return "<ContentProtection schemeIdUri=\"urn:uuid:" + SYSTEM_ID + "\" value=\"ClearKey1.0\">"
                + "<dashif:Laurl>" + xml(licenceUrl) + "</dashif:Laurl></ContentProtection>";
    }

    /**
     * What hls.js 1.7.4 takes for ClearKey: {@code KEYFORMAT="org.w3.clearkey"}, a {@code SAMPLE-AES-CTR} method (CENC
     * 'cenc', AES-CTR) and the KID as the first 16 bytes of a base64 {@code data:} URI (its
     * {@code LevelKey.getDecryptData}); the licence URL is the player's configuration ({@code drmSystems}), not the tag's.
     * No {@code KEYID} attribute: hls.js reads one, but it is no HLS attribute and strict playlist parsers refuse it.
     */
    @Override
    public String hlsKey(byte[] kid, String licenceUrl) {
        return "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,KEYFORMAT=\"" + NAME + "\",KEYFORMATVERSIONS=\"1\",URI=\"data:text/plain;base64,"
                + Base64.getEncoder().encodeToString(kid) + "\"";
    }

    @Override
    public Licence licence(byte[] body, byte[] kid, byte[] key) throws BadLicenceRequest {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadLicenceRequest("The licence request is not JSON: send {\"kids\":[\"<base64url key id>\"],\"type\":\"temporary\"}.");
        }
        JsonNode kids = request == null ? null : request.get("kids");
        if (kids == null || !kids.isArray() || kids.isEmpty() || kids.size() > MAX_KIDS) {
            throw new BadLicenceRequest("The licence request needs \"kids\": a list of 1 to " + MAX_KIDS + " base64url key ids.");
        }
        String type = request.path("type").asText("temporary");
        if (!type.equals("temporary")) {
            throw new BadLicenceRequest("Only \"temporary\" licences are issued (got \"" + type.replaceAll("[^A-Za-z0-9-]", "") + "\").");
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode keys = answer.putArray("keys");
        for (JsonNode k : kids) {
            byte[] asked;
            try {
                asked = Base64.getUrlDecoder().decode(k.asText(""));
            } catch (IllegalArgumentException e) {
                throw new BadLicenceRequest("A key id in the licence request's \"kids\" is not base64url.");
            }
            if (Arrays.equals(asked, kid)) {
                keys.addObject().put("kty", "oct").put("kid", base64Url(kid)).put("k", base64Url(key));
                break;
            }
        }
        answer.put("type", "temporary");
        return new Licence("application/json", answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
