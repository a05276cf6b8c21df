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
        List<String> cmd = new ArrayList<>(TestClips.tools().ffprobe());
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

    public static JsonNode firstStream(JsonNode probe, String type) {
        for (JsonNode s : probe.path("streams")) {
            if (type.equals(s.path("codec_type").asText())) {
                return s;
            }
        }
        return null;
    }
}
