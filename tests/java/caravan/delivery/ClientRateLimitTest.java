package caravan.delivery;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key server's token bucket, on a clock the test moves: a burst, then the refill rate, per client. */
class ClientRateLimitTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void aClientGetsItsBurstThenOneRequestPerRefillAndIsToldHowLongToWait() {
        ClientRateLimit limit = new ClientRateLimit(0.5, 3, nanos::get);
        assertThat(limit.take("10.0.0.1")).isZero();
        assertThat(limit.take("10.0.0.1")).isZero();
        assertThat(limit.take("10.0.0.1")).isZero();
        assertThat(limit.take("10.0.0.1")).as("seconds to wait for the next token at 0.5/s").isEqualTo(2);
        assertThat(limit.take("10.0.0.2")).as("another client has its own bucket").isZero();

        nanos.addAndGet(2_000_000_000L);
        assertThat(limit.take("10.0.0.1")).isZero();
        assertThat(limit.take("10.0.0.1")).isEqualTo(2);

        nanos.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take("10.0.0.1")).as("a quiet hour refills the burst, no more").isZero();
        }
        assertThat(limit.take("10.0.0.1")).isPositive();
    }

    @Test
    void zeroPerSecondIsNoLimitAndANegativeRateIsRefused() {
        ClientRateLimit off = new ClientRateLimit(0, 0, nanos::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(off.take("10.0.0.1")).isZero();
        }
        assertThatThrownBy(() -> new ClientRateLimit(-1, 40, nanos::get)).hasMessageContaining("caravan.delivery.keyRequestsPerSecond");
    }
}
