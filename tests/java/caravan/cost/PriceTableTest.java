package caravan.cost;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PriceTableTest {
    @TempDir
    Path dir;

    @Test
    void theShippedTableLoadsAndPricesEachUnit() {
        PriceTable table = PriceTable.load(Path.of("config/prices.json"));

        assertThat(table.currency()).isEqualTo("USD");
        assertThat(table.cpu(7200)).isCloseTo(2 * table.cpuHour(), within(1e-12));
        assertThat(table.storage(2_000_000_000L, 3)).isCloseTo(6 * table.storageGbMonth(), within(1e-12));
        assertThat(table.delivery(500_000_000L)).isCloseTo(table.deliveryGb() / 2, within(1e-12));
        assertThat(table.mediaConvert(10)).isCloseTo(10 * table.mediaConvertNormalizedMinute(), within(1e-12));
    }

    @Test
    void aBadTableNamesEveryBadFieldAndTheSetting() throws Exception {
        Path file = Files.writeString(dir.resolve("prices.json"), "{\"currency\": \"dollars\", \"cpuHour\": -1, \"storageGbMonth\": \"free\","
                + " \"deliveryGb\": 0.08}");

        assertThatThrownBy(() -> PriceTable.load(file))
                .hasMessageContaining(PriceTable.FILE).hasMessageContaining("currency").hasMessageContaining("cpuHour")
                .hasMessageContaining("storageGbMonth").hasMessageContaining("mediaConvertNormalizedMinute")
                .hasMessageNotContaining("deliveryGb:");
        assertThatThrownBy(() -> PriceTable.load(dir.resolve("missing.json"))).hasMessageContaining(PriceTable.FILE);
    }
}
