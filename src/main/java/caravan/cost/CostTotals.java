package caravan.cost;

import caravan.asset.AssetCost;

import java.util.Map;
import java.util.TreeMap;

/** The sum of several assets' {@link AssetCost}, and how many there were. */
public record CostTotals(int assets, double cpuSeconds, Map<String, Double> cpuSecondsByStage,
                         Map<String, Double> wallSecondsByStage, long bytesRead, long bytesWritten, long bytesStoredMedia,
                         long bytesStoredArchive, long bytesServed, double mediaConvertNormalizedMinutes) {

    public static final CostTotals NONE = new CostTotals(0, 0, Map.of(), Map.of(), 0, 0, 0, 0, 0, 0);

    public CostTotals plus(AssetCost c) {
        AssetCost cost = AssetCost.of(c);
        return new CostTotals(assets + 1, cpuSeconds + cost.cpuSeconds(), sum(cpuSecondsByStage, cost.cpuSecondsByStage()),
                sum(wallSecondsByStage, cost.wallSecondsByStage()), bytesRead + cost.bytesRead(),
                bytesWritten + cost.bytesWritten(), bytesStoredMedia + cost.bytesStored().media(),
                bytesStoredArchive + cost.bytesStored().archive(), bytesServed + cost.bytesServed(),
                mediaConvertNormalizedMinutes + (cost.mediaConvertNormalizedMinutes() == null ? 0 : cost.mediaConvertNormalizedMinutes()));
    }

    public CostTotals plus(CostTotals other) {
        return new CostTotals(assets + other.assets, cpuSeconds + other.cpuSeconds, sum(cpuSecondsByStage, other.cpuSecondsByStage),
                sum(wallSecondsByStage, other.wallSecondsByStage), bytesRead + other.bytesRead, bytesWritten + other.bytesWritten,
                bytesStoredMedia + other.bytesStoredMedia, bytesStoredArchive + other.bytesStoredArchive,
                bytesServed + other.bytesServed, mediaConvertNormalizedMinutes + other.mediaConvertNormalizedMinutes);
    }

    private static Map<String, Double> sum(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> s = new TreeMap<>(a);
        b.forEach((k, v) -> s.merge(k, v, Double::sum));
        return s;
    }
}
