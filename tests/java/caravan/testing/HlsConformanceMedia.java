package caravan.testing;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What {@link HlsConformance} needs from the media itself, read as an authorised player reads it: a segment is
 * decrypted (AES-128-CBC, the IV from its {@code EXT-X-KEY} or else its media sequence number) and probed with the
 * bundled ffprobe.
 */
final class HlsConformanceMedia {
    private HlsConformanceMedia() {
    }

    /** The streams of a segment as the decoder sees them. {@code profile} and {@code level} are H.264's. */
    record Streams(String videoCodec, String profile, int level, int width, int height, double frameRate,
                   String audioCodec, String audioProfile, boolean closedCaptions) {
        boolean hasVideo() {
            return videoCodec != null;
        }
    }

    /** How a segment's video starts: its first packet's key flag and presentation time, its first frame's type. */
    record Start(boolean keyPacket, double pts, boolean keyFrame, String pictType) {
        boolean isIdr() {
            return keyPacket && keyFrame && "I".equals(pictType);
        }
    }

    /** The segment's clear bytes in a temporary file (deleted by the caller); the file itself when not encrypted. */
    static Path clear(Path segment, byte[] key, String ivHex, long sequence) throws IOException {
        if (key == null) {
            return segment;
        }
        byte[] iv = ivHex != null ? HexFormat.of().parseHex(ivHex.replaceFirst("^0[xX]", ""))
                : toSixteenBytes(BigInteger.valueOf(sequence));
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            Path out = Files.createTempFile("conformance", ".ts");
            Files.write(out, aes.doFinal(Files.readAllBytes(segment)));
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + segment.getFileName() + " with its key: " + e.getMessage(), e);
        }
    }

    private static byte[] toSixteenBytes(BigInteger n) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[16];
        System.arraycopy(raw, Math.max(0, raw.length - 16), out, Math.max(0, 16 - raw.length), Math.min(16, raw.length));
        return out;
    }

    static Streams streams(Path clearSegment) {
        JsonNode probe = ffprobe(clearSegment, "-show_entries",
                "stream=codec_type,codec_name,profile,level,width,height,r_frame_rate,closed_captions");
        String videoCodec = null;
        String profile = null;
        int level = 0;
        int width = 0;
        int height = 0;
        double fps = 0;
        String audioCodec = null;
        String audioProfile = null;
        boolean closedCaptions = false;
        for (JsonNode s : probe.path("streams")) {
            if ("video".equals(s.path("codec_type").asText()) && videoCodec == null) {
                videoCodec = s.path("codec_name").asText();
                profile = s.path("profile").asText();
                level = s.path("level").asInt();
                width = s.path("width").asInt();
                height = s.path("height").asInt();
                fps = rate(s.path("r_frame_rate").asText());
                closedCaptions = s.path("closed_captions").asInt() == 1; // CEA-608/708 in the H.264 SEI
            } else if ("audio".equals(s.path("codec_type").asText()) && audioCodec == null) {
                audioCodec = s.path("codec_name").asText();
                audioProfile = s.path("profile").asText();
            }
        }
        return new Streams(videoCodec, profile, level, width, height, fps, audioCodec, audioProfile, closedCaptions);
    }

    /** The first video packet and frame of a segment, or null when it has no video. */
    static Start videoStart(Path clearSegment) {
        JsonNode probe = ffprobe(clearSegment, "-select_streams", "v:0", "-read_intervals", "%+#1",
                "-show_entries", "packet=pts_time,flags:frame=key_frame,pict_type");
        JsonNode packet = null;
        JsonNode frame = null;
        for (JsonNode entry : probe.path("packets_and_frames")) { // ffprobe's array when both are asked for
            if ("packet".equals(entry.path("type").asText()) && packet == null) {
                packet = entry;
            } else if ("frame".equals(entry.path("type").asText()) && frame == null) {
                frame = entry;
            }
        }
        if (packet == null) {
            return null;
        }
        return new Start(packet.path("flags").asText().startsWith("K"), packet.path("pts_time").asDouble(),
                frame != null && frame.path("key_frame").asInt() == 1, frame == null ? "none" : frame.path("pict_type").asText());
    }

    /**
     * H.264's {@code avc1.PPCCLL} as a pattern: profile_idc and level_idc as ffprobe reports them; the constraint
     * flags byte (CC) is not matched, as ffprobe's profile name does not carry all of it.
     */
    static java.util.regex.Pattern avc1(String profile, int level) {
        String p = switch (profile == null ? "" : profile) {
            case "Constrained Baseline", "Baseline" -> "42";
            case "Main" -> "4d";
            case "High" -> "64";
            case "High 10" -> "6e";
            case "High 4:2:2" -> "7a";
            default -> null;
        };
        return p == null ? null : java.util.regex.Pattern.compile(String.format(Locale.ROOT, "avc1\\.%s[0-9a-fA-F]{2}%02x", p, level),
                java.util.regex.Pattern.CASE_INSENSITIVE);
    }

    static double rate(String fraction) {
        String[] parts = fraction.split("/");
        try {
            double n = Double.parseDouble(parts[0]);
            double d = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
            return d == 0 ? 0 : n / d;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonNode ffprobe(Path file, String... options) {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffprobe());
        cmd.addAll(List.of("-hide_banner", "-v", "error", "-print_format", "json"));
        cmd.addAll(List.of(options));
        cmd.add("file:" + file.toAbsolutePath());
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return Json.MAPPER.readTree(out.isBlank() ? "{}" : out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
