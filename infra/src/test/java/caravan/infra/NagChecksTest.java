package caravan.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** cdk-nag's AWS Solutions and HIPAA Security packs run on every synthesis: no unsuppressed error, and every suppression says why. */
class NagChecksTest {

    @Test
    void noUnsuppressedAwsSolutionsOrHipaaError() {
        List<SynthesisMessage> errors = Annotations.fromStack(SynthesizedApp.stack())
                .findError("*", Match.stringLikeRegexp("(AwsSolutions|HIPAA\\.Security)-.*"));
        assertThat(errors).extracting(m -> m.getId() + ": " + m.getEntry().getData()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySuppressionCarriesAWrittenReason() {
        Map<String, Object> resources = (Map<String, Object>) SynthesizedApp.template().toJSON().get("Resources");
        int suppressions = 0;
        for (Object resource : resources.values()) {
            Map<String, Object> metadata = (Map<String, Object>) ((Map<String, Object>) resource).get("Metadata");
            if (metadata == null || !metadata.containsKey("cdk_nag")) {
                continue;
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) ((Map<String, Object>) metadata.get("cdk_nag")).get("rules_to_suppress")) {
                assertThat((String) rule.get("reason")).as("reason for %s", rule.get("id")).hasSizeGreaterThan(40);
                suppressions++;
            }
        }
        assertThat(suppressions).isPositive();
    }
}
