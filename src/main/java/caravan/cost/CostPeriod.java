package caravan.cost;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The period a cost report covers, {@code [from, to)}: each end an ISO-8601 instant ({@code 2026-11-01T00:00:00Z})
 * or a date in UTC ({@code 2026-11-01}: from its start; as {@code to}, up to its end, so the day is included).
 * Without {@code to}, now (to the next whole second, so an asset READY this very second is in); without {@code from},
 * 30 days before {@code to}.
 */
public record CostPeriod(Instant from, Instant to) {
    public static final Duration DEFAULT_LENGTH = Duration.ofDays(30);

    public CostPeriod {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to.");
        }
    }

    /** @throws IllegalArgumentException with a sentence for the caller, when an end is not a date or instant */
    public static CostPeriod parse(String from, String to, Clock clock) {
        Instant end = blank(to) ? clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1) : instant("to", to, true);
        Instant start = blank(from) ? end.minus(DEFAULT_LENGTH) : instant("from", from, false);
        return new CostPeriod(start, end);
    }

    public boolean contains(Instant t) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    private static Instant instant(String name, String text, boolean endOfDay) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                LocalDate day = LocalDate.parse(t);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 date (2026-11-01) or instant (2026-11-01T00:00:00Z).");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
