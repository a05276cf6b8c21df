package caravan.transcode;

import caravan.delivery.KeySystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Finishes what ffmpeg's {@code dash} muxer wrote for a CMAF ladder, so the one set of encrypted segments plays by
 * both manifests:
 * <ul>
 *   <li>every segment's sample encryption mended ({@link CmafSencRepair}), every init segment given a {@code pssh}
 *       naming the KID ({@link CmafPssh});</li>
 *   <li>the HLS media playlists named after their rendition ({@code <rung>.m3u8}, {@code audio.m3u8}, as the rest of
 *       the pipeline names renditions), marked VOD and independent, without the muxer's wall-clock
 *       {@code EXT-X-PROGRAM-DATE-TIME}, and with the key system's {@code EXT-X-KEY} before {@code EXT-X-MAP};</li>
 *   <li>the master pointing at them, with a full HEVC {@code CODECS} string (the muxer writes a bare {@code hvc1});</li>
 *   <li>the MPD's adaptation sets with {@code ContentProtection}: the common-encryption scheme with
 *       {@code cenc:default_KID}, and the key system's own element with its licence URL.</li>
 * </ul>
 */
final class CmafManifests {
    static final String AUDIO = "audio";

    private CmafManifests() {
    }

    static void finish(Path out, LadderPlan plan, byte[] kid, KeySystem keySystem, String licenceUrl) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".m4s")).sorted().toList()) {
                CmafSencRepair.repair(segment);
            }
        }
        List<String> names = new ArrayList<>(plan.rungs().stream().map(LadderPlan.PlannedRung::name).toList());
        if (plan.audio()) {
            names.add(AUDIO);
        }
        for (int i = 0; i < names.size(); i++) {
            CmafPssh.add(out.resolve("init-" + i + ".mp4"), kid);
        }
        String master = Files.readString(out.resolve(CmafCommand.MASTER), StandardCharsets.UTF_8);
        String keyTag = keySystem.hlsKey(kid, licenceUrl);
        for (int i = 0; i < names.size(); i++) {
            Path written = out.resolve("media_" + i + ".m3u8");
            String media = mediaPlaylist(Files.readString(written, StandardCharsets.UTF_8), keyTag);
            Files.writeString(out.resolve(names.get(i) + ".m3u8"), media, StandardCharsets.UTF_8);
            Files.delete(written);
            master = master.replace("media_" + i + ".m3u8", names.get(i) + ".m3u8");
            if (i < plan.rungs().size() && Ladder.HEVC.equals(plan.ladder().codecOf(names.get(i)))) {
                master = withHevcCodec(master, names.get(i) + ".m3u8", CmafCodecs.hevc(Files.readAllBytes(out.resolve("init-" + i + ".mp4"))));
            }
        }
        Files.writeString(out.resolve(CmafCommand.MASTER), withMeasuredBandwidth(master(master, plan), out), StandardCharsets.UTF_8);
        Path mpd = out.resolve(CmafCommand.MPD);
        String manifest = Files.readString(mpd, StandardCharsets.UTF_8);
        for (int i = 0; i < plan.rungs().size(); i++) {
            if (Ladder.HEVC.equals(plan.ladder().codecOf(plan.rungs().get(i).name()))) {
                manifest = manifest.replace("<Representation id=\"" + i + "\" mimeType=\"video/mp4\" codecs=\"hvc1\"",
                        "<Representation id=\"" + i + "\" mimeType=\"video/mp4\" codecs=\""
                                + CmafCodecs.hevc(Files.readAllBytes(out.resolve("init-" + i + ".mp4"))) + "\"");
            }
        }
        Files.writeString(mpd, protectedMpd(manifest, kid, keySystem, licenceUrl), StandardCharsets.UTF_8);
    }

    static String mediaPlaylist(String written, String keyTag) {
        List<String> out = new ArrayList<>();
        for (String line : written.split("\n")) {
            if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME")) {
                continue;
            }
            if (line.startsWith("#EXT-X-MAP")) {
                out.add(keyTag);
            }
            out.add(line);
            if (line.startsWith("#EXT-X-TARGETDURATION")) {
                out.add("#EXT-X-PLAYLIST-TYPE:VOD");
                out.add("#EXT-X-INDEPENDENT-SEGMENTS");
            }
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * The audio rendition named and marked for players ({@code AUTOSELECT}); a sound-only asset, whose muxer master
     * lists the audio rendition and no variant, gets the audio playlist as its one variant.
     */
    static String master(String written, LadderPlan plan) {
        String m = written.replaceAll("GROUP-ID=\"group_A1\"", "GROUP-ID=\"" + AUDIO + "\"")
                .replaceAll("AUDIO=\"group_A1\"", "AUDIO=\"" + AUDIO + "\"")
                .replaceAll("NAME=\"audio_\\d+\",DEFAULT=YES", "NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES");
        if (!plan.video() && plan.audio() && !m.contains("#EXT-X-STREAM-INF")) {
            long bandwidth = plan.ladder().audio().bitrateKbps() * 1000L;
            List<String> lines = new ArrayList<>();
            for (String line : m.split("\n")) {
                if (!line.startsWith("#EXT-X-MEDIA:")) {
                    lines.add(line);
                }
            }
            lines.add("#EXT-X-STREAM-INF:BANDWIDTH=" + bandwidth + ",CODECS=\"mp4a.40.2\"");
            lines.add(AUDIO + ".m3u8");
            m = String.join("\n", lines);
        }
        return m.endsWith("\n") ? m : m + "\n";
    }

    /**
     * {@code BANDWIDTH} and {@code AVERAGE-BANDWIDTH} of every variant measured on its segments as published, plus
     * its audio rendition's (a player fetches both): the muxer writes the nominal bit rates and no average.
     */
    static String withMeasuredBandwidth(String master, Path out) throws IOException {
        long[] audio = plan(out, AUDIO + ".m3u8");
        String[] lines = master.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("#EXT-X-STREAM-INF:")) {
                long[] video = plan(out, lines[i + 1].strip());
                boolean withAudio = lines[i].contains("AUDIO=\"");
                long peak = video[0] + (withAudio ? audio[0] : 0);
                long average = video[1] + (withAudio ? audio[1] : 0);
                lines[i] = lines[i].replaceFirst("(?<![A-Z-])BANDWIDTH=\\d+", "BANDWIDTH=" + peak + ",AVERAGE-BANDWIDTH=" + average);
            }
        }
        return String.join("\n", lines);
    }

    /** Peak and average bits per second of a media playlist's segments; zeros when it is absent. */
    private static long[] plan(Path out, String playlist) throws IOException {
        Path file = out.resolve(playlist);
        if (!Files.isRegularFile(file)) {
            return new long[]{0, 0};
        }
        double peak = 0;
        double bits = 0;
        double seconds = 0;
        double duration = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("#EXTINF:")) {
                duration = Double.parseDouble(line.substring(8).split(",")[0]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                long size = Files.size(out.resolve(line.strip()));
                bits += size * 8.0;
                seconds += duration;
                peak = Math.max(peak, duration > 0 ? size * 8.0 / duration : 0);
            }
        }
        return new long[]{Math.round(peak), seconds > 0 ? Math.round(bits / seconds) : 0};
    }

    static String withHevcCodec(String master, String playlist, String codec) {
        String[] lines = master.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("#EXT-X-STREAM-INF:") && lines[i + 1].strip().equals(playlist)) {
                lines[i] = lines[i].replace("CODECS=\"hvc1,", "CODECS=\"" + codec + ",").replace("CODECS=\"hvc1\"", "CODECS=\"" + codec + "\"");
            }
        }
        return String.join("\n", lines);
    }

    static String protectedMpd(String mpd, byte[] kid, KeySystem keySystem, String licenceUrl) {
        String withNamespaces = mpd.replaceFirst("<MPD ", "<MPD xmlns:cenc=\"urn:mpeg:cenc:2013\" xmlns:dashif=\"https://dashif.org/CPS\" ");
        String protection = "\n\t\t\t<ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cenc\" cenc:default_KID=\""
                + uuid(kid) + "\" />\n\t\t\t" + keySystem.mpdContentProtection(licenceUrl);
        return withNamespaces.replaceAll("(<AdaptationSet [^>]*>)", "$1" + protection.replace("$", "\\$"));
    }

    /** A KID as the MPD writes it: a UUID, lower case with dashes. */
    static String uuid(byte[] kid) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(kid);
        return new UUID(b.getLong(), b.getLong()).toString().toLowerCase(Locale.ROOT);
    }
}
