package caravan.delivery;

import caravan.keys.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The RSA key pair that signs playback grants, as CloudFront's trusted key groups use: PEM files (PKCS#8 private,
 * X.509 public) and a key-pair id. Generated on first local start (private key 0600); in production the public
 * key is uploaded to CloudFront and its id configured here.
 */
public record SigningKeys(String keyPairId, PrivateKey privateKey, PublicKey publicKey) {
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    public static SigningKeys openOrCreate(Path privatePem, Path publicPem, String configuredId) {
        try {
            if (!Files.exists(privatePem)) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KeyPair kp = g.generateKeyPair();
                SecretFiles.writeOwnerOnly(privatePem, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
                Files.write(publicPem, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
                LOG.info("Generated a playback signing key pair: {} (public key {})", privatePem, publicPem);
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey priv = rsa.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
            PublicKey pub = rsa.generatePublic(new X509EncodedKeySpec(der(publicPem)));
            String id = configuredId == null || configuredId.isBlank() ? derivedId(pub) : configuredId;
            LOG.info("Playback grants are signed with key-pair id {}", id);
            return new SigningKeys(id, priv, pub);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot load the playback signing keys (" + privatePem + ", " + publicPem + "): "
                    + e.getClass().getSimpleName());
        }
    }

    /** A stable id for a generated key: "K" and the first 13 hex digits of the public key's SHA-256, as CloudFront ids look. */
    static String derivedId(PublicKey key) throws GeneralSecurityException {
        return "K" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 13).toUpperCase();
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] der(Path pem) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    @Override
    public String toString() {
        return "SigningKeys[" + keyPairId + "]";
    }
}
