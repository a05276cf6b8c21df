package caravan.asset;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an asset cost to make and keep, as measured (docs/costs.md). Every run through the pipeline adds to it: a
 * retried asset's figures include the failed runs' work, which was spent too.
 *
 * @param cpuSeconds                    CPU-seconds of all the child processes (ffprobe, ffmpeg) run for the asset
 * @param cpuSecondsByStage             the same, by stage ({@code probe}, {@code loudness}, {@code transcode}, ...)
 * @param wallSecondsByStage            wall-clock seconds those processes ran, by stage
 * @param bytesRead                     bytes of the files the processes were given as input
 * @param bytesWritten                  bytes of the files the processes wrote
 * @param bytesStored                   bytes kept: the published folder ({@code media}), the kept source and sidecar ({@code archive})
 * @param mediaConvertNormalizedMinutes a MediaConvert job's normalized minutes (an estimate from its outputs), or null
 * @param bytesServed                   bytes the local media origin sent for the asset (flushed periodically)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetCost(double cpuSeconds, Map<String, Double> cpuSecondsByStage, Map<String, Double> wallSecondsByStage,
                        long bytesRead, long bytesWritten, Stored bytesStored, Double mediaConvertNormalizedMinutes,
                        long bytesServed) {

    /** Bytes kept for the asset. */
    public record Stored(long media, long archive) {
        public static final Stored NONE = new Stored(0, 0);
    }

    public AssetCost {
        cpuSecondsByStage = sorted(cpuSecondsByStage);
        wallSecondsByStage = sorted(wallSecondsByStage);
        bytesStored = bytesStored == null ? Stored.NONE : bytesStored;
    }

    public static AssetCost none() {
        return new AssetCost(0, Map.of(), Map.of(), 0, 0, Stored.NONE, null, 0);
    }

    public static AssetCost of(AssetCost cost) {
        return cost == null ? none() : cost;
    }

    /** This cost plus one child process's run in {@code stage}. */
    public AssetCost plusProcess(String stage, double cpu, double wall, long read, long written) {
        return new AssetCost(millis(cpuSeconds + millis(cpu)), plus(cpuSecondsByStage, stage, cpu),
                plus(wallSecondsByStage, stage, wall), bytesRead + read, bytesWritten + written, bytesStored,
                mediaConvertNormalizedMinutes, bytesServed);
    }

    public AssetCost withStored(Stored stored) {
        return new AssetCost(cpuSeconds, cpuSecondsByStage, wallSecondsByStage, bytesRead, bytesWritten, stored,
                mediaConvertNormalizedMinutes, bytesServed);
    }

    public AssetCost plusMediaConvertMinutes(double minutes) {
        double before = mediaConvertNormalizedMinutes == null ? 0 : mediaConvertNormalizedMinutes;
        return new AssetCost(cpuSeconds, cpuSecondsByStage, wallSecondsByStage, bytesRead, bytesWritten, bytesStored,
                millis(before + minutes), bytesServed);
    }

    public AssetCost plusServed(long bytes) {
        return new AssetCost(cpuSeconds, cpuSecondsByStage, wallSecondsByStage, bytesRead, bytesWritten, bytesStored,
                mediaConvertNormalizedMinutes, bytesServed + bytes);
    }

    private static Map<String, Double> plus(Map<String, Double> byStage, String stage, double seconds) {
        Map<String, Double> sum = new TreeMap<>(byStage);
        sum.merge(stage, millis(seconds), (a, b) -> millis(a + b));
        return sum;
    }

    /** Stages in name order, so the record and its JSON read the same every time. */
    private static Map<String, Double> sorted(Map<String, Double> byStage) {
        return Collections.unmodifiableMap(new TreeMap<>(byStage == null ? Map.of() : byStage));
    }

    /** Kept to the millisecond (the clock-tick precision of the measurement is 10 ms anyway). */
    private static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
