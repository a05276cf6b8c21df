package caravan.infra;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static caravan.infra.SynthesizedApp.logicalId;
import static caravan.infra.SynthesizedApp.properties;
import static org.assertj.core.api.Assertions.assertThat;

/** The web page can PUT uploads into the ingest bucket from its own origins only, and read the ETags of the parts. */
@SuppressWarnings("unchecked")
class UploadCorsTest {
    private final CaravanStack stack = SynthesizedApp.stack();

    @Test
    void theIngestBucketTakesPutsFromThePagesOriginsOnlyAndExposesTheEtag() {
        Map<String, Object> cors = (Map<String, Object>) properties(logicalId(stack.storage.ingest)).get("CorsConfiguration");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) cors.get("CorsRules");
        assertThat(rules).hasSize(1);
        Map<String, Object> rule = rules.get(0);
        assertThat(rule.get("AllowedMethods")).isEqualTo(List.of("PUT"));
        assertThat(rule.get("ExposedHeaders")).isEqualTo(List.of("ETag"));
        assertThat(rule.get("AllowedOrigins").toString()).contains("DeliveryDomainName").contains("OriginDomainName")
                .doesNotContain("*");
        assertThat(properties(logicalId(stack.storage.output))).doesNotContainKey("CorsConfiguration");
    }
}
