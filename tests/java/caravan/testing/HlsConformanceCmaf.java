package caravan.testing;

import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.MediaType;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@link HlsConformance}'s rules for CMAF (fragmented MP4) playlists, kept apart from the MPEG-TS ones: every segment
 * has its {@code EXT-X-MAP} init segment in the folder, {@code EXT-X-VERSION} at least 6, common encryption signalled
 * as {@code SAMPLE-AES-CTR}; segments are read as a player reads them (init segment + segment, decrypted with the
 * licensed key by ffmpeg's {@code -decryption_key}); {@code CODECS} for HEVC ({@code hvc1}) and AV1 ({@code av01})
 * matched against the stream; a variant's bit rates include its audio rendition (demuxed audio).
 */
final class HlsConformanceCmaf {
    private HlsConformanceCmaf() {
    }

    /** A fragmented MP4 playlist: its first segment has an {@code EXT-X-MAP}. */
    static boolean isCmaf(MediaPlaylist p) {
        return !p.mediaSegments().isEmpty() && p.mediaSegments().get(0).segmentMap().isPresent();
    }

    /** The init segment that applies to {@code s}: the last {@code EXT-X-MAP} at or before it. */
    static Optional<String> initOf(MediaPlaylist p, MediaSegment s) {
        Optional<String> map = Optional.empty();
        for (MediaSegment m : p.mediaSegments()) {
            if (m.segmentMap().isPresent()) {
                map = Optional.of(m.segmentMap().get().uri());
            }
            if (m == s) {
                break;
            }
        }
        return map;
    }

    /** The tag rules of a CMAF media playlist. */
    static void mediaRules(HlsConformance c, Path file, MediaPlaylist p, String where) {
        if (!isCmaf(p)) {
            return;
        }
        if (p.version().orElse(0) < 6) {
            c.fail("VERSION", where, "EXT-X-MAP in a media playlist needs EXT-X-VERSION 6 or more");
        }
        for (MediaSegment s : p.mediaSegments()) {
            Optional<String> init = initOf(p, s);
            if (!s.uri().endsWith(".m4s") && !s.uri().endsWith(".mp4")) {
                c.fail("EXT-X-MAP", where + " " + s.uri(), "a segment of a fragmented MP4 playlist that is not .m4s or .mp4");
            }
            if (init.isEmpty() || !Files.isRegularFile(file.resolveSibling(init.get()).normalize())) {
                c.fail("EXT-X-MAP", where + " " + s.uri(), "its init segment " + init.orElse("(none)") + " is not in the folder");
            }
            s.segmentKey().filter(k -> !"NONE".equals(k.method().toString()) && !"SAMPLE-AES-CTR".equals(k.method().toString())
                    && !"SAMPLE_AES_CTR".equals(k.method().name())).ifPresent(k ->
                    c.fail("EXT-X-KEY", where + " " + s.uri(), "common encryption (cenc) is METHOD=SAMPLE-AES-CTR, not " + k.method()));
        }
    }

    /** The segment's clear media, as its init segment + the segment decrypted with {@code key}, in a temporary file. */
    static Path clear(Path playlistFile, MediaPlaylist playlist, MediaSegment s, byte[] key) throws IOException {
        Path init = playlistFile.resolveSibling(initOf(playlist, s).orElseThrow()).normalize();
        Path joined = Files.createTempFile("conformance-cmaf", ".mp4");
        Path out = Files.createTempFile("conformance-cmaf", ".mkv");
        try {
            byte[] head = Files.readAllBytes(init);
            byte[] body = Files.readAllBytes(playlistFile.resolveSibling(s.uri()).normalize());
            byte[] both = new byte[head.length + body.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(body, 0, both, head.length, body.length);
            Files.write(joined, both);
            List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
            cmd.addAll(List.of("-nostdin", "-v", "error", "-y"));
            if (key != null) {
                cmd.addAll(List.of("-decryption_key", HexFormat.of().formatHex(key)));
            }
            cmd.addAll(List.of("-i", "file:" + joined, "-map", "0", "-c", "copy", "-copyts", "-f", "matroska", "file:" + out));
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("cannot read " + s.uri() + " with its init segment: " + err.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(joined);
        }
    }

    /**
     * The RFC 6381 CODECS entry a video stream needs, as a pattern: H.264's {@code avc1.PPCCLL}
     * ({@link HlsConformanceMedia#avc1}); HEVC's {@code hvc1.<profile>.<compatibility>.<tier><level>[.<constraints>]};
     * AV1's {@code av01.<profile>.<level><tier>.<bit depth>[.<mono>.<subsampling>.<primaries>.<transfer>.<matrix>.<range>]};
     * profile and level as ffprobe reports them.
     */
    static Pattern videoCodec(String codec, String profile, int level) {
        return switch (codec == null ? "" : codec) {
            case "hevc" -> {
                String p = switch (profile == null ? "" : profile) {
                    case "Main" -> "1";
                    case "Main 10" -> "2";
                    default -> null;
                };
                yield p == null ? null : Pattern.compile("hvc1\\.[ABC]?" + p + "\\.[0-9A-F]+\\.[LH]" + level + "(\\.[0-9A-F]{2})*");
            }
            case "av1" -> {
                String p = switch (profile == null ? "" : profile) {
                    case "Main" -> "0";
                    case "High" -> "1";
                    case "Professional" -> "2";
                    default -> null;
                };
                yield p == null ? null : Pattern.compile(String.format(Locale.ROOT,
                        "av01\\.%s\\.%02d[MH]\\.(08|10|12)(\\.[01]\\.[01]{2}[0-3]\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.[01])?", p, level));
            }
            default -> HlsConformanceMedia.avc1(profile, level);
        };
    }

    /** How many streams a variant's CODECS should list: its own, plus the audio of its AUDIO group. */
    static int declaredStreams(Variant v, HlsConformanceMedia.Streams s) {
        return (s.hasVideo() ? 1 : 0) + (s.audioCodec() != null || v.audio().isPresent() ? 1 : 0);
    }
}
