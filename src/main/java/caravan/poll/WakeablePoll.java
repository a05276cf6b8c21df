package caravan.poll;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A polling consumer's scheduler that polls as soon as it is told there is work ({@link #wake()}), and otherwise
 * every {@code intervalMillis} as a safety net. Polls never overlap, and wakes that arrive during a poll are
 * folded into one more poll after it. Use it as a route consumer's {@code scheduler}.
 */
public class WakeablePoll extends ServiceSupport implements ScheduledPollConsumerScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(WakeablePoll.class);

    private final String name;
    private final long intervalMillis;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private CamelContext camelContext;
    private volatile Runnable task;
    private volatile ScheduledExecutorService executor;

    public WakeablePoll(String name, long intervalMillis) {
        this.name = name;
        this.intervalMillis = intervalMillis;
    }

    /** Polls now (or right after the poll in progress). */
    public void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && wakePending.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    wakePending.set(false);
                    poll();
                });
            } catch (RejectedExecutionException stopping) {
                wakePending.set(false);
            }
        }
    }

    @Override
    public void onInit(Consumer consumer) {
        // nothing to prepare: the consumer hands over its poll task next
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public synchronized void startScheduler() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Caravan " + name + " poll");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::poll, 0, intervalMillis, TimeUnit.MILLISECONDS);
        schedulerStarted();
    }

    @Override
    public boolean isSchedulerStarted() {
        return executor != null;
    }

    /** Called once the poll thread runs; a subclass starts what wakes it. */
    protected void schedulerStarted() {
    }

    /** Called before the poll thread stops. */
    protected void schedulerStopping() {
    }

    private void poll() {
        Runnable current = task;
        if (current == null) {
            return;
        }
        try {
            current.run();
        } catch (RuntimeException e) {
            LOG.warn("The {} poll failed; it runs again at the next wake or in {} ms", name, intervalMillis, e);
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        schedulerStopping();
        executor = null;
        running.shutdown();
        if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
            running.shutdownNow();
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
