package caravan.wiring;

import caravan.CloudClients;
import caravan.Settings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Camel Main's configuration class: reads and checks every setting once ({@link CaravanSettings}), then binds
 * Caravan's services by name for the routes: the pipeline both profiles share ({@link CommonWiring}) over the
 * backends of the local profile ({@link EmbeddedWiring}) or of the aws profile ({@link CloudWiring}). Nothing else
 * creates them. Every setting is listed, with its default and meaning, in docs/configuration.md.
 */
public class CaravanConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        CaravanSettings settings = CaravanSettings.from(new Settings(context));
        ProfileWiring profile = settings.onCloud()
                ? new CloudWiring(settings.cloud(), settings.mediaConvert(), settings.delivery(), CloudClients.fromEnvironment())
                : new EmbeddedWiring(settings.keys(), settings.ingest());
        new CommonWiring(settings, profile).bind(context);
    }
}
