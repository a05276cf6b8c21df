package caravan.ops.health;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * A readiness check of one thing the pipeline depends on. It is asked afresh on every health request, so a repaired
 * dependency turns the check UP again by itself. Not a liveness check: restarting Caravan would not fix a full disk.
 */
abstract class DependencyCheck extends AbstractHealthCheck {
    DependencyCheck(String id) {
        super("caravan", id);
    }

    /** Null when the dependency works; otherwise what is wrong, in words an operator can act on. */
    protected abstract String problem() throws Exception;

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem;
        try {
            problem = problem();
        } catch (Exception e) {
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem);
        }
    }
}
