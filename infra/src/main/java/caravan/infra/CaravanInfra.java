package caravan.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.HIPAASecurityChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CliCredentialsStackSynthesizer;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: one stack, checked by cdk-nag's AWS Solutions and HIPAA Security packs on every synthesis, written to
 * {@code cdk.out/Caravan.template.json} (or to the CDK CLI's output folder when the CLI runs it).
 * <p>
 * The account stays open (any account); the region is fixed at synthesis ({@link #region()}).
 * The stack uses the CLI-credentials synthesizer: the template has no bootstrap version rule or parameter and no
 * assets, so it deploys with plain {@code aws cloudformation deploy} into an account that was never bootstrapped,
 * and into moto in the root tests.
 */
public final class CaravanInfra {
    public static final String STACK_ID = "Caravan";

    private CaravanInfra() {
    }

    public static void main(String[] args) {
        String cliOutdir = System.getenv("CDK_OUTDIR");
        App app = cliOutdir != null ? new App()
                : new App(AppProps.builder().outdir(args.length > 0 ? args[0] : "cdk.out").build());
        stack(app);
        app.synth();
    }

    /**
     * The region the template is made for: the load balancer's access logs need the region's Elastic Load Balancing
     * log writer in the log bucket's policy. CDK_DEFAULT_REGION (the CDK CLI's), else AWS_REGION, else us-east-1.
     */
    static String region() {
        for (String name : new String[] {"CDK_DEFAULT_REGION", "AWS_REGION"}) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "us-east-1";
    }

    /** The stack, with the cdk-nag packs applied to the whole app (their findings become annotations at synthesis). */
    public static CaravanStack stack(App app) {
        CaravanStack stack = new CaravanStack(app, STACK_ID, StackProps.builder()
                .stackName("caravan")
                .env(Environment.builder().region(region()).build())
                .synthesizer(CliCredentialsStackSynthesizer.Builder.create().build())
                .build());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).reports(true).build()));
        Aspects.of(app).add(new HIPAASecurityChecks(NagPackProps.builder().verbose(true).reports(true).build()));
        return stack;
    }
}
