package caravan.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One synthesis shared by every infra test (a synthesis takes tens of seconds): the app as {@code ./caravan aws synth}
 * makes it, written to cdk.out/ (where the root AWS tests pick up Caravan.template.json), with both cdk-nag packs.
 */
final class SynthesizedApp {
    private static CaravanStack stack;
    private static Template template;

    private SynthesizedApp() {
    }

    static synchronized CaravanStack stack() {
        if (stack == null) {
            App app = new App(AppProps.builder().outdir("cdk.out").build());
            stack = CaravanInfra.stack(app);
            app.synth();
        }
        return stack;
    }

    static synchronized Template template() {
        if (template == null) {
            template = Template.fromStack(stack());
        }
        return template;
    }

    static String logicalId(software.constructs.IConstruct construct) {
        return stack().getLogicalId((software.amazon.awscdk.CfnElement) construct.getNode().getDefaultChild());
    }

    /** A resource's properties, by logical id. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(String logicalId) {
        Map<String, Object> resource = (Map<String, Object>) template().toJSON().get("Resources");
        return (Map<String, Object>) ((Map<String, Object>) Objects.requireNonNull(resource.get(logicalId), logicalId)).get("Properties");
    }

    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }
}
