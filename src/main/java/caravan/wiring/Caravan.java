package caravan.wiring;

import org.apache.camel.main.Main;

/**
 * Starts Caravan: Camel Main with Caravan's configuration; routes come from the {@code routes} package.
 * {@code CARAVAN_PROFILE=aws} selects the AWS profile ({@code application-aws.properties}).
 */
public final class Caravan {
    private Caravan() {
    }

    public static void main(String[] args) throws Exception {
        String profile = System.getenv("CARAVAN_PROFILE");
        if (profile != null && !profile.isBlank()) {
            // read before application.properties, so that application-<profile>.properties is layered over it
            System.setProperty("camel.main.profile", profile.trim());
        }
        Main main = new Main(Caravan.class);
        main.configure().addConfiguration(CaravanConfiguration.class);
        // one rule for every setting (SettingLayers): an environment variable or -D wins over config/ files
        SettingLayers.ofThisProcess().overrides().forEach(main::addOverrideProperty);
        main.run(args);
    }
}
