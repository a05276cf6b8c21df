package caravan.keys;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** AES-256-GCM with a random 96-bit nonce and associated data naming what the ciphertext belongs to. */
public final class Aead {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    private Aead() {
    }

    public static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, String associatedData) {
        return run(Cipher.ENCRYPT_MODE, key, nonce, plaintext, associatedData);
    }

    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, String associatedData) {
        return run(Cipher.DECRYPT_MODE, key, nonce, ciphertext, associatedData);
    }

    private static byte[] run(int mode, byte[] key, byte[] nonce, byte[] input, String associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new KeyException("Encryption failed (wrong key or tampered data)", e);
        }
    }
}
