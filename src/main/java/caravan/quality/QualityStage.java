package caravan.quality;

import caravan.OutputFolders;
import caravan.asset.Asset;
import caravan.asset.AssetWarning;
import caravan.asset.Rendition;
import caravan.asset.RenditionQuality;
import caravan.publish.MasterPlaylist;
import caravan.publish.MasterPlaylistEdits;
import caravan.store.AssetStore;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Measured quality, recorded per rendition: SSIM and PSNR from the comparison the transcode pass ran, the average
 * and peak bit rate of the segments as published, and bits per pixel. A BANDWIDTH the encoder declared below the
 * measured peak is raised to the peak before the master is published (the declared value is kept on the
 * rendition); a rung whose SSIM is below the floor gets a warning on the asset.
 */
public final class QualityStage {
    private static final Logger LOG = LoggerFactory.getLogger(QualityStage.class);

    private final OutputFolders files;
    private final AssetStore store;
    private final Ladder ladder;
    private final QualitySettings settings;

    public QualityStage(OutputFolders files, AssetStore store, Ladder ladder, QualitySettings settings) {
        this.files = files;
        this.store = store;
        this.ladder = ladder;
        this.settings = settings;
    }

    /** The ffmpeg engine: every segment is on disk beside its playlist. */
    public void record(@Header(ASSET_ID) String id) throws IOException {
        Path published = files.published(id);
        record(id, playlist -> uri -> Files.size(published.resolve(playlist).resolveSibling(uri).normalize()));
    }

    /** Where each media playlist's segments' sizes come from, by the playlist's name in the master. */
    @FunctionalInterface
    public interface PublishedSegments {
        SegmentBitrates.SegmentSizes of(String playlist);
    }

    /**
     * Records the measured quality from the statistics in the asset's quality folder (ffmpeg's stats files, by rung
     * index) and the bit rates of the segments whose sizes {@code segments} gives; raises the master's BANDWIDTH, on
     * disk in the published folder, to each measured peak.
     */
    public void record(String id, PublishedSegments segments) throws IOException {
        Asset asset = store.find(id).orElseThrow();
        LadderPlan plan = LadderPlanner.plan(asset, ladder);
        Path published = files.published(id);
        Path masterFile = published.resolve("master.m3u8");
        String master = Files.readString(masterFile, StandardCharsets.UTF_8);
        Map<String, Long> raised = new LinkedHashMap<>();
        Map<String, RenditionQuality> measured = new LinkedHashMap<>();
        List<AssetWarning> warnings = new ArrayList<>();
        long audioPeak = 0; // a variant's bandwidths cover the audio rendition it plays with: the largest of the group
        long audioAverage = 0;
        for (String uri : MasterPlaylist.audioRenditions(master)) {
            SegmentBitrates audio = SegmentBitrates.of(Files.readString(published.resolve(uri), StandardCharsets.UTF_8), segments.of(uri));
            audioPeak = Math.max(audioPeak, audio.peak());
            audioAverage = Math.max(audioAverage, audio.average());
        }
        Map<String, Long> averages = new LinkedHashMap<>();
        for (Rendition r : MasterPlaylist.renditions(master)) {
            SegmentBitrates rates = SegmentBitrates.of(Files.readString(published.resolve(r.playlist()), StandardCharsets.UTF_8),
                    segments.of(r.playlist()));
            boolean demuxed = audioPeak > 0 && r.width() > 0;
            long peak = rates.peak() + (demuxed ? audioPeak : 0);
            if (r.bandwidth() < peak) {
                raised.put(r.playlist(), peak);
            }
            if (demuxed) { // ffmpeg's AVERAGE-BANDWIDTH leaves the audio group out
                averages.put(r.playlist(), rates.average() + audioAverage);
            }
            Optional<QualityStats> stats = Optional.empty();
            Double bpp = null;
            for (int i = 0; i < plan.rungs().size(); i++) {
                LadderPlan.PlannedRung rung = plan.rungs().get(i);
                if (rung.name().equals(r.name())) {
                    stats = QualityStats.read(files.qualityStats(id).resolve("ssim-" + i + ".log"),
                            files.qualityStats(id).resolve("psnr-" + i + ".log"));
                    long video = rates.average() - (plan.audio() && !demuxed ? plan.ladder().audio().bitrateKbps() * 1000L : 0);
                    bpp = QualityStats.round(Math.max(0, video) / ((double) rung.width() * rung.height() * plan.frameRate()), 4);
                }
            }
            QualityStats q = stats.orElse(null);
            measured.put(r.name(), new RenditionQuality(q == null ? null : q.ssim(), q == null ? null : q.ssimMin(),
                    q == null ? null : q.psnr(), q == null ? null : q.frames(), bpp, rates.average(), rates.peak(), r.bandwidth()));
            if (q != null && q.ssim() < settings.ssimFloor()) {
                warnings.add(new AssetWarning(AssetWarning.QUALITY_BELOW_FLOOR, String.format(Locale.ROOT,
                        "Rendition %s measured SSIM %.4f, below the floor of %.2f: raise its bitrate in the ladder"
                                + " (config/ladder.json).", r.name(), q.ssim(), settings.ssimFloor())));
            }
        }
        if (!raised.isEmpty()) {
            master = MasterPlaylistEdits.withBandwidths(master, raised);
            LOG.info("Asset {}: BANDWIDTH raised to the measured peak for {}", id, raised.keySet());
        }
        master = MasterPlaylistEdits.withAverageBandwidths(master, averages);
        master = MasterPlaylistEdits.withFrameRate(master, plan.video() ? plan.frameRate() : 0); // ffmpeg writes none
        Files.writeString(masterFile, master, StandardCharsets.UTF_8);
        List<Rendition> renditions = MasterPlaylist.renditions(master).stream()
                .map(r -> r.withQuality(measured.get(r.name()))).toList();
        store.update(id, a -> {
            a.setRenditions(renditions);
            for (AssetWarning w : warnings) {
                a.setWarnings(AssetWarning.append(a.getWarnings(), w));
            }
        });
    }
}
