package caravan.cost;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;

/**
 * The cost counters, in Prometheus naming once scraped, registered at zero for every stage and engine at start
 * (as {@code caravan.ops.PipelineMetrics} does), so {@code rate()} works before the first asset:
 * <ul>
 *   <li>{@code caravan_cost_cpu_seconds_total{stage,engine}}: CPU-seconds of the child processes, by stage, labelled
 *       with the asset's transcode engine</li>
 *   <li>{@code caravan_cost_bytes_written_total{stage}}: bytes the child processes wrote</li>
 *   <li>{@code caravan_cost_bytes_served_total}: bytes the local media origin sent</li>
 *   <li>{@code caravan_cost_mediaconvert_normalized_minutes_total}: MediaConvert normalized minutes (an estimate)</li>
 * </ul>
 */
public final class CostMetrics {
    /** The stages whose processes are counted from the start; another stage's series appears with its first run. */
    static final List<String> STAGES = List.of("probe", "loudness", "transcode", "captions", "download", "outputs", "quality");
    static final List<String> ENGINES = List.of("ffmpeg", "mediaconvert");

    private final MeterRegistry registry;
    private final Counter served;
    private final Counter mediaConvertMinutes;

    public CostMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String stage : STAGES) {
            for (String engine : ENGINES) {
                cpu(stage, engine);
            }
            written(stage);
        }
        // no base unit: "bytes" is in the name already (a unit would be appended: _bytes_served_bytes_total)
        served = Counter.builder("caravan.cost.bytes.served")
                .description("Bytes the local media origin sent").register(registry);
        mediaConvertMinutes = Counter.builder("caravan.cost.mediaconvert.normalized.minutes")
                .description("MediaConvert normalized minutes of finished jobs (an estimate from the job's outputs)")
                .register(registry);
    }

    public void processRan(String stage, String engine, double cpuSeconds, long bytesWritten) {
        cpu(stage, engine).increment(cpuSeconds);
        written(stage).increment(bytesWritten);
    }

    public void served(long bytes) {
        served.increment(bytes);
    }

    public void mediaConvertMinutes(double minutes) {
        mediaConvertMinutes.increment(minutes);
    }

    private Counter cpu(String stage, String engine) {
        // the unit is in the name already: "seconds" as base unit would make it caravan_cost_cpu_seconds_seconds_total
        return Counter.builder("caravan.cost.cpu.seconds").description("CPU-seconds of the media tools' processes, by stage")
                .tags("stage", stage, "engine", engine).register(registry);
    }

    private Counter written(String stage) {
        return Counter.builder("caravan.cost.bytes.written")
                .description("Bytes the media tools' processes wrote, by stage").tag("stage", stage).register(registry);
    }
}
