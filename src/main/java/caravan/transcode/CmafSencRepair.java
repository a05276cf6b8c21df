package caravan.transcode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Mends the sample encryption boxes ffmpeg 8.0's MP4 muxer writes into the second and later fragments of a
 * common-encrypted stream. Its {@code senc} (and {@code saiz}) keep every earlier fragment's per-sample entries (IV and
 * subsample map) in front of the current fragment's: fragment 2 of a 150-sample first fragment lists 200 entries for
 * its 50 samples, so a player reads the first fragment's IVs for it and decrypts garbage (measured: ffmpeg's own
 * {@code -decryption_key} and Chromium fail from the second segment on). The current fragment's entries are the last
 * {@code trun.sample_count} ones: this drops the ones before, and shrinks the boxes around them ({@code saiz},
 * {@code senc}, {@code traf}, {@code moof}), the {@code trun} data offset into {@code mdat} and the {@code sidx}
 * reference size by what was dropped. The {@code saio} offset, to the first entry, is unchanged. A fragment whose
 * counts already agree is left alone, so a fixed ffmpeg makes this a no-op.
 */
final class CmafSencRepair {
    private CmafSencRepair() {
    }

    /** Mends one segment file in place (written whole beside it, then renamed over it). */
    static void repair(Path segment) throws IOException {
        byte[] before = Files.readAllBytes(segment);
        byte[] after = repair(before);
        if (after != before) {
            Path temporary = segment.resolveSibling(segment.getFileName() + ".tmp");
            Files.write(temporary, after);
            Files.move(temporary, segment, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The segment's bytes mended, or the same array when nothing needed mending. */
    static byte[] repair(byte[] segment) {
        byte[] b = segment;
        boolean changed = true;
        while (changed) { // one traf at a time: the offsets after it move
            changed = false;
            List<Box> top = boxes(b, 0, b.length);
            for (Box moof : top) {
                if (!moof.type.equals("moof")) {
                    continue;
                }
                for (Box traf : boxes(b, moof.start + 8, moof.end())) {
                    if (traf.type.equals("traf")) {
                        byte[] mended = mend(b, top, moof, traf);
                        if (mended != null) {
                            b = mended;
                            changed = true;
                            break;
                        }
                    }
                }
                if (changed) {
                    break;
                }
            }
        }
        return b;
    }

    private static byte[] mend(byte[] b, List<Box> top, Box moof, Box traf) {
        Box trun = null;
        Box senc = null;
        Box saiz = null;
        for (Box c : boxes(b, traf.start + 8, traf.end())) {
            switch (c.type) {
                case "trun" -> trun = c;
                case "senc" -> senc = c;
                case "saiz" -> saiz = c;
                default -> { }
            }
        }
        if (trun == null || senc == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int samples = buf.getInt(trun.start + 12);
        int sencFlags = buf.getInt(senc.start + 8) & 0xFFFFFF;
        int entries = buf.getInt(senc.start + 12);
        int extra = entries - samples;
        if (extra <= 0) {
            return null;
        }
        int p = senc.start + 16;
        for (int e = 0; e < extra; e++) {
            p += 8; // ffmpeg's IVs are 8 bytes (tenc's default per-sample IV size)
            if ((sencFlags & 2) != 0) {
                p += 2 + 6 * (buf.getShort(p) & 0xFFFF);
            }
        }
        int sencCut = p - (senc.start + 16);
        int saizCut = 0;
        int saizCount = -1;
        if (saiz != null) {
            int flags = buf.getInt(saiz.start + 8) & 0xFFFFFF;
            saizCount = saiz.start + 12 + ((flags & 1) != 0 ? 8 : 0) + 1;
            boolean table = (b[saizCount - 1] & 0xFF) == 0;
            saizCut = table ? extra : 0;
        }
        int removed = sencCut + saizCut;
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length - removed);
        // the two cuts, in file order: senc's leading entries, then (after senc) saiz's leading sizes
        int sencFrom = senc.start + 16;
        int saizFrom = saiz == null ? -1 : saizCount + 4;
        out.write(b, 0, sencFrom);
        if (saiz != null && saizFrom > sencFrom) {
            out.write(b, sencFrom + sencCut, saizFrom - (sencFrom + sencCut));
            out.write(b, saizFrom + saizCut, b.length - (saizFrom + saizCut));
        } else {
            out.write(b, sencFrom + sencCut, b.length - (sencFrom + sencCut));
        }
        byte[] n = out.toByteArray();
        ByteBuffer nb = ByteBuffer.wrap(n);
        nb.putInt(senc.start, senc.size - sencCut);
        nb.putInt(senc.start + 12, samples);
        if (saiz != null) {
            int saizStart = saiz.start - (saiz.start > senc.start ? sencCut : 0);
            int countAt = saizCount - (saiz.start > senc.start ? sencCut : 0);
            nb.putInt(saizStart, saiz.size - saizCut);
            nb.putInt(countAt, samples);
        }
        nb.putInt(traf.start, traf.size - removed);
        nb.putInt(moof.start, moof.size - removed);
        int trunStart = trun.start - (trun.start > senc.start ? sencCut : 0) - (saiz != null && trun.start > saiz.start ? saizCut : 0);
        if ((nb.getInt(trunStart + 8) & 1) != 0) {
            nb.putInt(trunStart + 16, nb.getInt(trunStart + 16) - removed);
        }
        for (Box sidx : top) {
            if (sidx.type.equals("sidx") && sidx.start < moof.start) {
                int version = n[sidx.start + 8] & 0xFF;
                int at = sidx.start + 12 + 8 + (version == 0 ? 8 : 16);
                int references = nb.getShort(at + 2) & 0xFFFF;
                if (references == 1) {
                    int ref = nb.getInt(at + 4);
                    nb.putInt(at + 4, (ref & 0x80000000) | ((ref & 0x7FFFFFFF) - removed));
                }
            }
        }
        return n;
    }

    record Box(String type, int start, int size) {
        int end() {
            return start + size;
        }
    }

    static List<Box> boxes(byte[] b, int from, int to) {
        List<Box> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int at = from;
        while (at + 8 <= to) {
            int size = buf.getInt(at);
            if (size < 8 || at + size > to) {
                break; // 64-bit sizes and truncated boxes are not ffmpeg's fragments: left alone
            }
            out.add(new Box(new String(b, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1), at, size));
            at += size;
        }
        return out;
    }
}
