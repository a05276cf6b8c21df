package caravan.imports;

import caravan.asset.ProbeSummary;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import caravan.transcode.TranscodeCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures what encoding costs on this machine: the first {@code seconds} of one source through the configured
 * ladder, with the pipeline's own command ({@link TranscodeCommand}), the CPU time taken from the ffmpeg process's
 * own accounting (user + system, all its threads), read until it exits.
 */
final class Calibration {
    private Calibration() {
    }

    static ImportEstimate.Calibration measure(int line, Path source, ProbeSummary probe, Ladder ladder, FfmpegTools tools,
                                              UntrustedInput untrusted, long seconds, Path scratch) throws IOException, InterruptedException {
        LadderPlan plan = LadderPlanner.plan(probe, ladder);
        Path out = Files.createTempDirectory(scratch, "calibration-");
        try {
            List<String> args = new ArrayList<>(TranscodeCommand.arguments(plan, source, out, out.resolve("progress.txt"), untrusted));
            args.addAll(args.indexOf("-i"), List.of("-t", String.valueOf(seconds)));
            List<String> cmd = new ArrayList<>(tools.ffmpeg());
            cmd.addAll(args);
            long started = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(out.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.resolve("ffmpeg.log").toFile()).start();
            Duration cpu = Duration.ZERO;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(120, seconds * 30));
            while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
                cpu = p.toHandle().info().totalCpuDuration().orElse(cpu);
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("The calibration encode took too long");
                }
            }
            double wall = (System.nanoTime() - started) / 1e9;
            if (p.exitValue() != 0) {
                throw new IOException("The calibration encode failed (exit " + p.exitValue() + ")");
            }
            double media = Math.min(seconds, probe.durationSeconds());
            double cpuSeconds = cpu.toNanos() / 1e9;
            return new ImportEstimate.Calibration(line, round(media), round(cpuSeconds), round(wall),
                    round(cpuSeconds / media), round(wall / media));
        } finally {
            caravan.DataFolders.deleteTree(out);
        }
    }

    static double round(double v) {
        return Math.round(v * 1000d) / 1000d;
    }
}
