package caravan.imports;

import caravan.asset.ProbeSummary;
import caravan.cost.PriceTable;
import caravan.ffmpeg.BoundedProcess;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.probe.ProbeCommand;
import caravan.probe.ProbeReport;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dry run: probes every good line's source (ffprobe, as the pipeline does; an S3 object over a presigned GET,
 * reading its headers with range requests), encodes a few seconds of the first one to measure this machine (an S3
 * object is fetched for that, then deleted), and projects the whole import: hours, CPU-hours and
 * their price, MediaConvert normalized minutes and their price, bytes stored (the ladder's bitrates over each
 * source's duration, plus the kept sources), and the time to finish with 1 to 16 workers. Nothing is recorded.
 */
public final class DryRun implements ImportEstimator {
    private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);
    private static final int[] WORKERS = {1, 2, 4, 8, 16};
    private static final long PROBE_MILLIS = 60_000;
    /** An S3-only manifest is calibrated on its first object up to this size, fetched to the scratch folder and deleted. */
    private static final long CALIBRATION_DOWNLOAD_MAX = 2L << 30;

    private final FfmpegTools tools;
    private final UntrustedInput untrusted;
    private final Ladder ladder;
    private final PriceTable prices;
    private final long calibrationSeconds;
    private final Path scratch;
    private final Supplier<S3Client> s3;
    private final Supplier<S3Presigner> presigner;

    public DryRun(FfmpegTools tools, UntrustedInput untrusted, Ladder ladder, PriceTable prices, long calibrationSeconds, Path scratch,
                  Supplier<S3Client> s3, Supplier<S3Presigner> presigner) {
        this.presigner = presigner;
        this.tools = tools;
        this.untrusted = untrusted;
        this.ladder = ladder;
        this.prices = prices;
        this.calibrationSeconds = calibrationSeconds;
        this.scratch = scratch;
        this.s3 = s3;
    }

    @Override
    public ImportEstimate estimate(Manifest manifest) throws Exception {
        List<ImportStatus.BadLine> problems = new ArrayList<>();
        manifest.problems().forEach(p -> problems.add(new ImportStatus.BadLine(p.line(), p.code().name(), p.reason())));
        double seconds = 0;
        long sourceBytes = 0;
        long ladderBytes = 0;
        double normalizedMinutes = 0;
        int probed = 0;
        int unreadable = 0;
        ImportEstimate.Calibration calibration = null;
        for (ManifestLine line : manifest.lines()) {
            ImportSource source = line.source();
            long bytes;
            ProbeSummary probe;
            if (source.isS3()) {
                try {
                    bytes = s3.get().headObject(b -> b.bucket(source.bucket()).key(source.objectKey())).contentLength();
                } catch (RuntimeException e) {
                    unreadable++;
                    problems.add(new ImportStatus.BadLine(line.line(), "SOURCE_MISSING", "The S3 object could not be found or read."));
                    continue;
                }
                probe = probe(ProbeCommand.arguments(signedGet(source), untrusted));
            } else {
                bytes = Files.size(source.local());
                probe = probe(ProbeCommand.arguments(source.local(), untrusted));
            }
            if (probe == null) {
                unreadable++;
                problems.add(new ImportStatus.BadLine(line.line(), "UNREADABLE_MEDIA", "ffprobe could not read the source as media."));
                continue;
            }
            probed++;
            sourceBytes += bytes;
            seconds += probe.durationSeconds();
            LadderPlan plan = LadderPlanner.plan(probe, ladder);
            long kbps = (plan.audio() ? ladder.audio().bitrateKbps() * Math.max(1, plan.rungs().size()) : 0)
                    + plan.rungs().stream().mapToLong(LadderPlan.PlannedRung::videoKbps).sum();
            ladderBytes += Math.round(kbps * 1000d / 8d * probe.durationSeconds());
            normalizedMinutes += normalizedMinutes(plan, probe.durationSeconds());
            if (calibration == null && probe.durationSeconds() > 0 && (!source.isS3() || bytes <= CALIBRATION_DOWNLOAD_MAX)) {
                Path copy = null;
                try {
                    Path local = source.local();
                    if (source.isS3()) { // an S3 library: the first object small enough is fetched to measure this machine
                        copy = Files.createTempFile(Files.createDirectories(scratch), "dry-run-", ".source");
                        Files.delete(copy);
                        s3.get().getObject(b -> b.bucket(source.bucket()).key(source.objectKey()), copy);
                        local = copy;
                    }
                    calibration = Calibration.measure(line.line(), local, probe, ladder, tools, untrusted, calibrationSeconds, scratch);
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.warn("Dry run: the calibration encode of line {} failed ({}); trying the next source", line.line(), e.getMessage());
                } finally {
                    if (copy != null) {
                        Files.deleteIfExists(copy);
                    }
                }
            }
        }
        problems.sort(java.util.Comparator.comparingInt(ImportStatus.BadLine::line));
        double cpuSeconds = calibration == null ? 0 : seconds * calibration.cpuSecondsPerMediaSecond();
        List<ImportEstimate.Finish> finish = new ArrayList<>();
        for (int n : WORKERS) {
            double wall = calibration == null ? 0 : seconds * calibration.wallSecondsPerMediaSecond() / n;
            finish.add(new ImportEstimate.Finish(n, Math.round(wall / 3600d * 100_000d) / 100_000d));
        }
        double minutes = Calibration.round(normalizedMinutes);
        return new ImportEstimate(manifest.total(), probed, manifest.problems().size(), unreadable, problems,
                Math.round(seconds / 3600d * 100_000d) / 100_000d, sourceBytes, calibration, Math.round(cpuSeconds / 3600d * 100_000d) / 100_000d,
                money(prices.cpu(cpuSeconds)), minutes, money(prices.mediaConvert(minutes)), ladderBytes + sourceBytes,
                prices.currency(), finish);
    }

    /**
     * MediaConvert bills each output by the minute, normalized: SD (under 720 lines) 1, HD (720 to 1080) 2, UHD 4,
     * doubled above 30 frames a second; an audio-only output counts as SD.
     */
    static double normalizedMinutes(LadderPlan plan, double seconds) {
        double minutes = seconds / 60d;
        if (!plan.video()) {
            return minutes;
        }
        double fps = plan.frameRate() > 30.5 ? 2 : 1;
        double total = 0;
        for (LadderPlan.PlannedRung r : plan.rungs()) {
            int lines = Math.min(r.width(), r.height());
            total += minutes * (lines < 720 ? 1 : lines <= 1080 ? 2 : 4) * fps;
        }
        return total;
    }

    /** A GET of the object, signed for a few minutes: ffprobe reads its headers with range requests, not the whole object. */
    private java.net.URI signedGet(ImportSource source) {
        try {
            return presigner.get().presignGetObject(b -> b.signatureDuration(java.time.Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(source.bucket()).key(source.objectKey()))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private ProbeSummary probe(List<String> arguments) {
        List<String> cmd = new ArrayList<>(tools.ffprobe());
        cmd.addAll(arguments);
        try {
            BoundedProcess.Result r = BoundedProcess.run(cmd, PROBE_MILLIS);
            if (r.exitValue() != 0 || r.timedOut()) {
                return null;
            }
            ProbeSummary probe = ProbeReport.parse(r.stdoutText());
            return probe.durationSeconds() > 0 ? probe : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static double money(double v) {
        return Math.round(v * 10000d) / 10000d;
    }
}
