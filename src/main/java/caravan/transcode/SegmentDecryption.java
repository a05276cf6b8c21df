package caravan.transcode;

import caravan.delivery.ContentKeys;

import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an asset's own AES-128 segments back in clear, as an authorised player would (RFC 8216: the key of the
 * last {@code #EXT-X-KEY}, its IV or else the segment's media sequence number), for the outputs made from the
 * encoded ladder: the MP4 download and the captions' timestamp map. Each segment is read with the key its tag names
 * ({@code /keys/<id>} is key 0, {@code /keys/<id>/<n>} key n when keys rotate, see {@link SegmentEncryption}); the
 * keys are held only while reading.
 */
public final class SegmentDecryption {
    private static final Pattern IV = Pattern.compile("IV=0[xX]([0-9A-Fa-f]{1,32})");
    private static final Pattern URI = Pattern.compile("URI=\"[^\"]*/keys/([a-z0-9]+)(?:/([1-9][0-9]{0,8}))?\"");

    private final ContentKeys keys;

    public SegmentDecryption(ContentKeys keys) {
        this.keys = keys;
    }

    /** One segment of a media playlist: its file, and the IV (null if clear) and content key number it is encrypted with. */
    record Segment(Path file, byte[] iv, int key) {
    }

    /** Every segment of {@code playlist}, decrypted, one after the other, into {@code out}. */
    public void copyClear(String assetId, Path playlist, OutputStream out) throws IOException {
        Map<Integer, byte[]> held = new HashMap<>();
        try {
            for (Segment s : segments(assetId, playlist)) {
                try (InputStream in = open(s, held.computeIfAbsent(s.key(), n -> keys.contentKey(assetId, n)))) {
                    in.transferTo(out);
                }
            }
        } finally {
            held.values().forEach(k -> Arrays.fill(k, (byte) 0));
        }
    }

    /** Segments {@code from} to {@code to} (inclusive, counted from 0) of {@code playlist}, decrypted, into {@code out}. */
    public void copyClear(String assetId, Path playlist, int from, int to, OutputStream out) throws IOException {
        List<Segment> all = segments(assetId, playlist);
        Map<Integer, byte[]> held = new HashMap<>();
        try {
            for (Segment s : all.subList(Math.max(0, from), Math.min(all.size(), to + 1))) {
                try (InputStream in = open(s, held.computeIfAbsent(s.key(), n -> keys.contentKey(assetId, n)))) {
                    in.transferTo(out);
                }
            }
        } finally {
            held.values().forEach(k -> Arrays.fill(k, (byte) 0));
        }
    }

    /** The first {@code max} bytes of the playlist's first segment, decrypted (fewer if it is shorter). */
    public byte[] firstSegmentHead(String assetId, Path playlist, int max) throws IOException {
        List<Segment> segments = segments(assetId, playlist);
        if (segments.isEmpty()) {
            return new byte[0];
        }
        byte[] key = keys.contentKey(assetId, segments.get(0).key());
        try (InputStream in = open(segments.get(0), key)) {
            return in.readNBytes(max);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    static List<Segment> segments(String assetId, Path playlist) throws IOException {
        List<Segment> out = new ArrayList<>();
        long sequence = 0;
        boolean encrypted = false;
        byte[] explicitIv = null;
        int key = 0;
        for (String raw : Files.readAllLines(playlist, StandardCharsets.UTF_8)) {
            String line = raw.trim();
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("#EXT-X-KEY:")) {
                encrypted = !line.contains("METHOD=NONE");
                Matcher m = IV.matcher(line);
                explicitIv = m.find() ? iv(new BigInteger(m.group(1), 16)) : null;
                if (encrypted) {
                    Matcher uri = URI.matcher(line);
                    if (!uri.find() || !uri.group(1).equals(assetId)) {
                        throw new IOException("Not a key of asset " + assetId + " in " + playlist.getFileName() + ": " + line);
                    }
                    key = uri.group(2) == null ? 0 : Integer.parseInt(uri.group(2));
                }
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                Path file = playlist.resolveSibling(line).normalize();
                if (!file.startsWith(playlist.getParent())) {
                    throw new IOException("Segment outside its playlist's folder: " + line);
                }
                out.add(new Segment(file, encrypted ? (explicitIv != null ? explicitIv : iv(BigInteger.valueOf(sequence))) : null, key));
                sequence++;
            }
        }
        return out;
    }

    private static byte[] iv(BigInteger value) {
        byte[] iv = new byte[16];
        byte[] b = value.toByteArray();
        int n = Math.min(b.length, 16);
        System.arraycopy(b, b.length - n, iv, 16 - n, n);
        return iv;
    }

    private static InputStream open(Segment s, byte[] key) throws IOException {
        InputStream in = Files.newInputStream(s.file());
        if (s.iv() == null) {
            return in;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(s.iv()));
            return new CipherInputStream(in, cipher);
        } catch (GeneralSecurityException e) {
            in.close();
            throw new IOException("Cannot decrypt " + s.file().getFileName() + ": " + e.getMessage(), e);
        }
    }
}
