package caravan.imports;

import java.util.List;

/**
 * A dry run's answer: what the manifest holds and what importing it would take, before anything is encoded.
 * CPU figures come from a short measured encode on this machine ({@link Calibration}); MediaConvert minutes follow
 * AWS's normalisation per output (SD 1, HD 2, UHD 4, doubled above 30 fps); money comes from the price table, an
 * assumption the operator edits ({@code config/prices.json}).
 */
public record ImportEstimate(int lines, int probed, int rejected, int unreadable, List<ImportStatus.BadLine> problems,
                             double totalHours, long sourceBytes, Calibration calibration, double projectedCpuHours,
                             double projectedCpuCost, double mediaConvertNormalizedMinutes, double mediaConvertCost,
                             long projectedBytesStored, String currency, List<Finish> timeToFinish) {

    /** The measured encode: media seconds of one source through the configured ladder, and the CPU it took. */
    public record Calibration(int line, double mediaSeconds, double cpuSeconds, double wallSeconds,
                              double cpuSecondsPerMediaSecond, double wallSecondsPerMediaSecond) {
    }

    /** The hours to encode everything with this many workers (each as fast as this machine). */
    public record Finish(int workers, double hours) {
    }
}
