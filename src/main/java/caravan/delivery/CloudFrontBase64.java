package caravan.delivery;

import java.util.Base64;

/** CloudFront's URL-safe base64: standard base64 with '+' → '-', '=' → '_', '/' → '~'. */
public final class CloudFrontBase64 {
    private CloudFrontBase64() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes).replace('+', '-').replace('=', '_').replace('/', '~');
    }

    public static byte[] decode(String text) {
        return Base64.getDecoder().decode(text.replace('-', '+').replace('_', '=').replace('~', '/'));
    }
}
