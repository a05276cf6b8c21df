package caravan.transcode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;

/**
 * Adds a {@code pssh} box for the W3C Common SystemID ({@code 1077efec-c0b2-4d02-ace3-3c1e52e2fb4b}, version 1, the
 * asset's KID) to an init segment's {@code moov}. ffmpeg writes the {@code tenc} box but no {@code pssh}, and a
 * browser fires the {@code encrypted} event, whose init data players hand to the CDM, only for {@code pssh} boxes:
 * without one hls.js 1.7.4 never asks for a ClearKey licence and the video waits for its key (measured in Chromium).
 * The Common SystemID's box names the KID for any key system that reads it (ClearKey does).
 */
final class CmafPssh {
    static final byte[] COMMON_SYSTEM_ID = HexFormat.of().parseHex("1077efecc0b24d02ace33c1e52e2fb4b");

    private CmafPssh() {
    }

    static void add(Path init, byte[] kid) throws IOException {
        byte[] before = Files.readAllBytes(init);
        byte[] after = withPssh(before, kid);
        Path temporary = init.resolveSibling(init.getFileName() + ".tmp");
        Files.write(temporary, after);
        Files.move(temporary, init, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static byte[] withPssh(byte[] init, byte[] kid) {
        List<CmafSencRepair.Box> top = CmafSencRepair.boxes(init, 0, init.length);
        CmafSencRepair.Box moov = top.stream().filter(b -> b.type().equals("moov")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no moov box in the init segment"));
        ByteBuffer pssh = ByteBuffer.allocate(52);
        pssh.putInt(52).put("pssh".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0x01000000) // version 1, no flags
                .put(COMMON_SYSTEM_ID).putInt(1).put(kid).putInt(0);
        ByteBuffer out = ByteBuffer.allocate(init.length + 52);
        out.put(init, 0, moov.end()).put(pssh.array()).put(init, moov.end(), init.length - moov.end());
        out.putInt(moov.start(), moov.size() + 52);
        return out.array();
    }
}
