package caravan.transcode;

import caravan.asset.Outputs.AudioRendition;
import caravan.delivery.KeySystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finishes what ffmpeg's {@code dash} muxer wrote for a CMAF ladder, so the one set of encrypted segments plays by
 * both manifests:
 * <ul>
 *   <li>every segment's sample encryption mended ({@link CmafSencRepair}), every init segment given a {@code pssh}
 *       naming the KID ({@link CmafPssh});</li>
 *   <li>the HLS media playlists named after their rendition ({@code <rung>.m3u8}; {@code audio.m3u8},
 *       {@code audio2.m3u8}, ... one per audio track, as {@link #renditions} names them), marked VOD and independent, without the muxer's wall-clock
 *       {@code EXT-X-PROGRAM-DATE-TIME}, and with the key system's {@code EXT-X-KEY} before {@code EXT-X-MAP};</li>
 *   <li>the master pointing at them, with a full HEVC {@code CODECS} string (the muxer writes a bare {@code hvc1}) and
 *       every audio track an {@code EXT-X-MEDIA} rendition with its language, name and default;</li>
 *   <li>the MPD's adaptation sets with {@code ContentProtection}: the common-encryption scheme with
 *       {@code cenc:default_KID}, and the key system's own element with its licence URL; each audio adaptation set
 *       (its {@code lang} written by the muxer) with a {@code Label} (the rendition's name) and a {@code Role}
 *       (DASH-IF IOP: {@code main} for the default track, else {@code description}, {@code commentary} or
 *       {@code alternate}).</li>
 * </ul>
 */
final class CmafManifests {
    static final String AUDIO = "audio";
    private static final Pattern MEDIA_URI = Pattern.compile("URI=\"([^\"]+)\"");

    private CmafManifests() {
    }

    /**
     * The audio renditions as CMAF publishes them: each track's playlist {@code <folder>.m3u8} beside the rungs'
     * ({@code audio/index.m3u8} becomes {@code audio.m3u8}, {@code audio2/index.m3u8} {@code audio2.m3u8}), the name
     * publishing's master edits and the asset's outputs record.
     */
    static List<AudioRendition> renditions(List<AudioRendition> planned) {
        return planned.stream().map(t -> t.playlist().contains("/") ? new AudioRendition(t.folder() + ".m3u8", t.track(), t.language(),
                t.name(), t.isDefault(), t.channels(), t.describesVideo()) : t).toList();
    }

    /** What a DASH {@code Role} (urn:mpeg:dash:role:2011) calls a track, per the DASH-IF IOP. */
    static String role(AudioRendition t, boolean commentary) {
        return t.isDefault() ? "main" : t.describesVideo() ? "description" : commentary ? "commentary" : "alternate";
    }

    /**
     * {@code tracks}: the audio renditions in the order the command encoded them (CMAF-named, {@link #renditions});
     * {@code roles}: each one's DASH role, in the same order.
     */
    static void finish(Path out, LadderPlan plan, List<AudioRendition> tracks, List<String> roles, byte[] kid, KeySystem keySystem,
                       String licenceUrl) throws IOException {
        List<AudioRendition> audio = !plan.audio() ? List.of() : tracks.isEmpty() ? renditions(AudioRenditions.firstTrack(plan)) : tracks;
        try (Stream<Path> files = Files.list(out)) {
            for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".m4s")).sorted().toList()) {
                CmafSencRepair.repair(segment);
            }
        }
        List<String> names = new ArrayList<>(plan.rungs().stream().map(LadderPlan.PlannedRung::name).toList());
        audio.forEach(t -> names.add(t.playlist().substring(0, t.playlist().length() - ".m3u8".length())));
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
        List<String> audioPlaylists = audio.stream().map(AudioRendition::playlist).toList();
        Files.writeString(out.resolve(CmafCommand.MASTER), withMeasuredBandwidth(master(master, plan, audio), out, audioPlaylists),
                StandardCharsets.UTF_8);
        Path mpd = out.resolve(CmafCommand.MPD);
        String manifest = Files.readString(mpd, StandardCharsets.UTF_8);
        for (int i = 0; i < plan.rungs().size(); i++) {
            if (Ladder.HEVC.equals(plan.ladder().codecOf(plan.rungs().get(i).name()))) {
                manifest = manifest.replace("<Representation id=\"" + i + "\" mimeType=\"video/mp4\" codecs=\"hvc1\"",
                        "<Representation id=\"" + i + "\" mimeType=\"video/mp4\" codecs=\""
                                + CmafCodecs.hevc(Files.readAllBytes(out.resolve("init-" + i + ".mp4"))) + "\"");
            }
        }
        for (int j = 0; j < audio.size(); j++) {
            manifest = labelled(manifest, plan.rungs().size() + j, audio.get(j), j < roles.size() ? roles.get(j) : role(audio.get(j), false));
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
     * Every audio rendition named, tagged with its language and marked for players ({@code AUTOSELECT}, the default
     * track {@code DEFAULT=YES}); a sound-only asset, whose muxer master lists the audio rendition and no variant, gets
     * the audio playlist as its one variant.
     */
    static String master(String written, LadderPlan plan, List<AudioRendition> audio) {
        Map<String, AudioRendition> byPlaylist = new HashMap<>();
        audio.forEach(t -> byPlaylist.put(t.playlist(), t));
        List<String> edited = new ArrayList<>();
        for (String line : written.replace("AUDIO=\"group_A1\"", "AUDIO=\"" + AUDIO + "\"").split("\n")) {
            Matcher uri = MEDIA_URI.matcher(line);
            AudioRendition t = line.startsWith("#EXT-X-MEDIA:TYPE=AUDIO") && uri.find() ? byPlaylist.get(uri.group(1)) : null;
            edited.add(t == null ? line : "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"" + AUDIO + "\",LANGUAGE=\"" + quoted(t.language())
                    + "\",NAME=\"" + quoted(t.name()) + "\",DEFAULT=" + (t.isDefault() ? "YES" : "NO") + ",AUTOSELECT=YES,CHANNELS=\""
                    + t.channels() + "\"" + (t.describesVideo() ? ",CHARACTERISTICS=\"public.accessibility.describes-video\"" : "")
                    + ",URI=\"" + t.playlist() + "\"");
        }
        String m = String.join("\n", edited);
        if (!plan.video() && plan.audio() && !m.contains("#EXT-X-STREAM-INF") && !audio.isEmpty()) {
            long bandwidth = plan.ladder().audio().bitrateKbps() * 1000L;
            List<String> lines = new ArrayList<>();
            for (String line : m.split("\n")) {
                if (!line.startsWith("#EXT-X-MEDIA:")) {
                    lines.add(line);
                }
            }
            lines.add("#EXT-X-STREAM-INF:BANDWIDTH=" + bandwidth + ",CODECS=\"mp4a.40.2\"");
            lines.add(audio.get(0).playlist());
            m = String.join("\n", lines);
        }
        return m.endsWith("\n") ? m : m + "\n";
    }

    private static String quoted(String text) {
        return text.replaceAll("[\\p{Cntrl}\"]", " ");
    }

    /** Adaptation set {@code id} given the rendition's name as its {@code Label} and its {@code Role}. */
    static String labelled(String mpd, int id, AudioRendition t, String role) {
        Matcher set = Pattern.compile("<AdaptationSet id=\"" + id + "\" [^>]*>").matcher(mpd);
        if (!set.find()) {
            return mpd;
        }
        String inserted = "\n\t\t\t<Label>" + xml(t.name()) + "</Label>\n\t\t\t<Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\""
                + role + "\" />";
        return mpd.substring(0, set.end()) + inserted + mpd.substring(set.end());
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * {@code BANDWIDTH} and {@code AVERAGE-BANDWIDTH} of every variant measured on its segments as published, plus
     * its audio renditions' (a player fetches both; the largest track's counts): the muxer writes the nominal bit rates and no average.
     */
    static String withMeasuredBandwidth(String master, Path out, List<String> audioPlaylists) throws IOException {
        long[] audio = {0, 0}; // the most demanding track's: a player may choose any of them
        for (String playlist : audioPlaylists) {
            long[] track = plan(out, playlist);
            audio = new long[]{Math.max(audio[0], track[0]), Math.max(audio[1], track[1])};
        }
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
