package caravan.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A stream of any length sealed in segments of 64 KiB, each AES-256-GCM with a fresh nonce and with its index and
 * whether it is the last one in the associated data: a segment cannot be dropped, repeated, reordered or the stream
 * cut short without {@link #open} failing. Memory stays at two segments whatever the size.
 */
final class SealedStream {
    static final int SEGMENT = 64 * 1024;
    private static final int NONCE = 12;
    private static final int TAG = 16;

    private SealedStream() {
    }

    static void seal(byte[] key, String associatedData, InputStream in, OutputStream out) throws IOException {
        byte[] current = in.readNBytes(SEGMENT);
        for (long index = 0; ; index++) {
            byte[] next = current.length == SEGMENT ? in.readNBytes(SEGMENT) : new byte[0];
            boolean last = next.length == 0;
            byte[] nonce = Aead.nonce();
            out.write(nonce);
            out.write(Aead.encrypt(key, nonce, current, segment(associatedData, index, last)));
            if (last) {
                return;
            }
            current = next;
        }
    }

    /** Writes the plaintext as it is verified, segment by segment; on a {@link KeyException} discard what was written. */
    static void open(byte[] key, String associatedData, InputStream in, OutputStream out) throws IOException {
        int sealedSegment = NONCE + SEGMENT + TAG;
        byte[] current = in.readNBytes(sealedSegment);
        for (long index = 0; ; index++) {
            byte[] next = current.length == sealedSegment ? in.readNBytes(sealedSegment) : new byte[0];
            boolean last = next.length == 0;
            if (current.length < NONCE + TAG) {
                throw new KeyException("The sealed data is cut short");
            }
            out.write(Aead.decrypt(key, Arrays.copyOf(current, NONCE), Arrays.copyOfRange(current, NONCE, current.length),
                    segment(associatedData, index, last)));
            if (last) {
                return;
            }
            current = next;
        }
    }

    private static String segment(String associatedData, long index, boolean last) {
        return associatedData + ":" + index + (last ? ":last" : ":more");
    }
}
