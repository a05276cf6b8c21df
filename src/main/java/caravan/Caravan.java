package caravan;

import org.apache.camel.main.Main;

/** Starts Caravan: Camel Main with Caravan's configuration; routes come from the {@code routes} package. */
public final class Caravan {
    private Caravan() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(Caravan.class);
        main.configure().addConfiguration(CaravanConfiguration.class);
        main.run(args);
    }
}
