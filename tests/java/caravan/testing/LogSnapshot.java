package caravan.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.util.ArrayList;
import java.util.List;

/** A consistent copy of what a ListAppender caught so far, while the application may still be logging. */
public final class LogSnapshot {
    private LogSnapshot() {
    }

    public static List<ILoggingEvent> of(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) { // AppenderBase appends under this lock
            return new ArrayList<>(appender.list);
        }
    }
}
