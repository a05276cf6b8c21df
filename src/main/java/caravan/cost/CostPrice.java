package caravan.cost;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@link CostTotals} priced with the {@link PriceTable}: CPU (and by stage), MediaConvert minutes, bytes served, and
 * a month of keeping what is stored (media and archive). {@code total} is their sum: what making, serving and one
 * month of storing these assets cost.
 */
public record CostPrice(double cpu, Map<String, Double> cpuByStage, double mediaConvert, double delivery,
                        double storagePerMonth, double total) {

    public static CostPrice of(CostTotals t, PriceTable prices) {
        Map<String, Double> byStage = new TreeMap<>();
        t.cpuSecondsByStage().forEach((stage, seconds) -> byStage.put(stage, prices.cpu(seconds)));
        double cpu = prices.cpu(t.cpuSeconds());
        double mc = prices.mediaConvert(t.mediaConvertNormalizedMinutes());
        double delivery = prices.delivery(t.bytesServed());
        double storage = prices.storage(t.bytesStoredMedia() + t.bytesStoredArchive(), 1);
        return new CostPrice(cpu, byStage, mc, delivery, storage, cpu + mc + delivery + storage);
    }
}
