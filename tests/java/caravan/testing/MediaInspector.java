package caravan.testing;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads published outputs back with the real ffprobe, as a player would see them. */
public final class MediaInspector {
    private MediaInspector() {
    }

    public static JsonNode probe(Path file) {
        return probe(file, List.of());
    }

    static JsonNode probe(Path file, List<String> options) {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffprobe());
        cmd.addAll(options);
        cmd.addAll(List.of("-hide_banner", "-v", "error", "-allowed_extensions", "ALL", "-print_format", "json",
                "-show_format", "-show_streams", file.toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return Json.MAPPER.readTree(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Probes an AES-128 encrypted HLS media playlist as an authorised player would: with its key. The playlist is
     * copied with the key URI pointing at a local copy of the key and segment URIs made absolute.
     */
    public static JsonNode probeEncrypted(Path playlist, byte[] key) {
        return probe(decryptable(playlist, key), List.of("-protocol_whitelist", "file,crypto"));
    }

    /**
     * A copy of an AES-128 encrypted HLS media playlist that ffmpeg plays as an authorised player would (with
     * {@code -protocol_whitelist file,crypto}): its key URI points at a local copy of the key, its segment URIs are absolute.
     */
    public static Path decryptable(Path playlist, byte[] key) {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("probe");
            Path keyFile = dir.resolve("key.bin");
            java.nio.file.Files.write(keyFile, key);
            StringBuilder copy = new StringBuilder();
            for (String line : java.nio.file.Files.readAllLines(playlist)) {
                if (line.startsWith("#EXT-X-KEY")) {
                    line = line.replaceAll("URI=\"[^\"]*\"", "URI=\"" + keyFile + "\"");
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    line = playlist.resolveSibling(line).toString();
                }
                copy.append(line).append('\n');
            }
            Path local = dir.resolve("index.m3u8");
            java.nio.file.Files.writeString(local, copy);
            return local;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Probes a published master playlist with everything it refers to (renditions and subtitle groups), as an
     * authorised player would: the asset's folder is copied with each EXT-X-KEY pointing at a local copy of the key.
     */
    public static JsonNode probeMaster(Path publishedFolder, byte[] key) {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("probe-master");
            Path keyFile = dir.resolve("key.bin");
            java.nio.file.Files.write(keyFile, key);
            try (var files = java.nio.file.Files.walk(publishedFolder)) {
                for (Path f : files.toList()) {
                    Path copy = dir.resolve("asset").resolve(publishedFolder.relativize(f).toString());
                    if (java.nio.file.Files.isDirectory(f)) {
                        java.nio.file.Files.createDirectories(copy);
                    } else if (f.toString().endsWith(".m3u8")) {
                        java.nio.file.Files.writeString(copy, java.nio.file.Files.readString(f)
                                .replaceAll("URI=\"/keys/[^\"]*\"", "URI=\"" + keyFile + "\""));
                    } else {
                        java.nio.file.Files.copy(f, copy);
                    }
                }
            }
            return probe(dir.resolve("asset").resolve("master.m3u8"), List.of("-protocol_whitelist", "file,crypto"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static List<JsonNode> streams(JsonNode probe, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : probe.path("streams")) {
            if (type.equals(s.path("codec_type").asText())) {
                out.add(s);
            }
        }
        return out;
    }

    public static JsonNode firstStream(JsonNode probe, String type) {
        for (JsonNode s : probe.path("streams")) {
            if (type.equals(s.path("codec_type").asText())) {
                return s;
            }
        }
        return null;
    }
}
