package caravan.failure;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Counts an asset's redeliveries on the exchange, so the failure record can say how many attempts were made. */
public final class AttemptCounter implements Processor {
    public static final String REDELIVERIES = "CaravanRedeliveries";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(REDELIVERIES, redeliveries(exchange) + 1);
    }

    public static int redeliveries(Exchange exchange) {
        return exchange.getProperty(REDELIVERIES, 0, Integer.class);
    }
}
