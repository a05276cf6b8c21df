package caravan.notify;

import caravan.notify.Outbox.Delivery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Outbox} promises, run against each one: once per asset, type and run; one delivery per URL;
 * leases that keep two pollers (two workers) off the same delivery until they run out; retries, giving up, resend.
 */
abstract class OutboxContract {
    static final long T0 = 1_700_000_000_000L;
    static final String HOOK_A = "https://a.example/hook";
    static final String HOOK_B = "https://b.example/hook";

    protected Outbox outbox;

    /** A fresh, empty outbox. */
    protected abstract Outbox newOutbox();

    /** The same outbox as another worker (or a restarted one) sees it. */
    protected abstract Outbox sameOutboxElsewhere();

    @BeforeEach
    void open() {
        outbox = newOutbox();
    }

    static Event event(String id, String assetId, String type, long at) {
        return new Event(id, assetId, type, 1, at, "{\"id\":\"" + id + "\",\"assetId\":\"" + assetId + "\",\"type\":\"" + type + "\"}");
    }

    Delivery only(String assetId, String url) {
        return outbox.deliveries(assetId).stream().filter(d -> d.url().equals(url)).findFirst().orElseThrow();
    }

    @Test
    void eachAssetEmitsEachEventTypeOnce() {
        assertThat(outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A))).isTrue();
        assertThat(outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A))).isFalse();
        assertThat(outbox.record(event("evt_2", "asset1", Event.READY, T0 + 5), List.of(HOOK_A, HOOK_B)))
                .as("same asset and type under a new event id").isFalse();

        assertThat(outbox.deliveries("asset1")).singleElement()
                .satisfies(d -> assertThat(d.eventId()).isEqualTo("evt_1"));
        assertThat(outbox.record(event("evt_3", "asset1", Event.FAILED, T0), List.of(HOOK_A))).as("another type").isTrue();
        assertThat(outbox.record(event("evt_4", "asset2", Event.READY, T0), List.of(HOOK_A))).as("another asset").isTrue();
    }

    @Test
    void oneDeliveryPerUrlCarryingTheEvent() {
        Event e = event("evt_1", "asset1", Event.RECEIVED, T0);
        outbox.record(e, List.of(HOOK_B, HOOK_A));

        List<Delivery> ds = outbox.deliveries("asset1");

        assertThat(ds).extracting(Delivery::url).containsExactly(HOOK_A, HOOK_B);
        assertThat(ds).allSatisfy(d -> {
            assertThat(d.eventId()).isEqualTo("evt_1");
            assertThat(d.assetId()).isEqualTo("asset1");
            assertThat(d.type()).isEqualTo(Event.RECEIVED);
            assertThat(d.payload()).isEqualTo(e.payload());
            assertThat(d.createdAt()).isEqualTo(T0);
            assertThat(d.state()).isEqualTo("PENDING");
            assertThat(d.attempts()).isZero();
            assertThat(d.lastError()).isNull();
        });
        assertThat(outbox.deliveries("other-asset")).isEmpty();
    }

    @Test
    void claimLeasesDueDeliveries() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A, HOOK_B));
        outbox.record(event("evt_2", "asset2", Event.READY, T0 + 60_000), List.of(HOOK_A));

        assertThat(outbox.claimDue(T0 - 1, 10, 30_000)).as("nothing due yet").isEmpty();

        List<Delivery> claimed = outbox.claimDue(T0, 10, 30_000);
        assertThat(claimed).extracting(Delivery::eventId, Delivery::url)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("evt_1", HOOK_A),
                        org.assertj.core.groups.Tuple.tuple("evt_1", HOOK_B));
        assertThat(outbox.claimDue(T0, 10, 30_000)).as("leased: a second poll at the same time gets none").isEmpty();
        assertThat(outbox.claimDue(T0 + 29_999, 10, 30_000)).as("still leased").isEmpty();
        assertThat(outbox.claimDue(T0 + 30_000, 10, 30_000)).as("lease expired: taken again")
                .extracting(Delivery::eventId).containsOnly("evt_1").hasSize(2);
    }

    @Test
    void claimRespectsTheLimit() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A, HOOK_B));

        assertThat(outbox.claimDue(T0, 1, 30_000)).hasSize(1);
        assertThat(outbox.claimDue(T0, 1, 30_000)).hasSize(1);
        assertThat(outbox.claimDue(T0, 1, 30_000)).isEmpty();
    }

    @Test
    void deliveredIsFinal() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A, HOOK_B));
        Delivery d = outbox.claimDue(T0, 10, 30_000).stream().filter(x -> x.url().equals(HOOK_A)).findFirst().orElseThrow();

        outbox.delivered(d, T0 + 100);

        assertThat(only("asset1", HOOK_A).state()).isEqualTo("DELIVERED");
        assertThat(only("asset1", HOOK_A).attempts()).isEqualTo(1);
        assertThat(only("asset1", HOOK_B).state()).as("the other URL is unaffected: still in flight").isEqualTo("SENDING");
        assertThat(outbox.claimDue(T0 + 1_000_000, 10, 30_000)).extracting(Delivery::url).containsExactly(HOOK_B);
    }

    @Test
    void failedAttemptIsRetriedAtTheGivenTime() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A));
        Delivery d = outbox.claimDue(T0, 10, 30_000).get(0);

        outbox.attemptFailed(d, "HTTP 503", T0 + 120_000);

        Delivery after = only("asset1", HOOK_A);
        assertThat(after.state()).isEqualTo("PENDING");
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lastError()).isEqualTo("HTTP 503");
        assertThat(outbox.claimDue(T0 + 119_999, 10, 30_000)).as("not before the retry time").isEmpty();
        List<Delivery> retry = outbox.claimDue(T0 + 120_000, 10, 30_000);
        assertThat(retry).singleElement().satisfies(r -> assertThat(r.attempts()).isEqualTo(1));

        outbox.attemptFailed(retry.get(0), "HTTP 500", T0 + 600_000);
        assertThat(only("asset1", HOOK_A).attempts()).isEqualTo(2);
        assertThat(only("asset1", HOOK_A).lastError()).isEqualTo("HTTP 500");
    }

    @Test
    void givenUpAttemptIsFailedAndNeverClaimedAgain() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A));
        Delivery d = outbox.claimDue(T0, 10, 30_000).get(0);

        outbox.attemptFailed(d, "HTTP 410", -1);

        Delivery after = only("asset1", HOOK_A);
        assertThat(after.state()).isEqualTo("FAILED");
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.lastError()).isEqualTo("HTTP 410");
        assertThat(outbox.claimDue(Long.MAX_VALUE / 2, 10, 30_000)).isEmpty();
    }

    @Test
    void deliveredSuccessClearsThePreviousError() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A));
        outbox.attemptFailed(outbox.claimDue(T0, 10, 1000).get(0), "timeout", T0 + 10);
        outbox.delivered(outbox.claimDue(T0 + 10, 10, 1000).get(0), T0 + 20);

        Delivery d = only("asset1", HOOK_A);
        assertThat(d.state()).isEqualTo("DELIVERED");
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.lastError()).isNull();
    }

    @Test
    void recordsAreSeenByAnotherWorker() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A));
        Outbox other = sameOutboxElsewhere();

        assertThat(other.deliveries("asset1")).singleElement().satisfies(d -> assertThat(d.state()).isEqualTo("PENDING"));
        assertThat(other.record(event("evt_9", "asset1", Event.READY, T0), List.of(HOOK_A))).isFalse();
        assertThat(other.record(new Event("evt_10", "asset1", Event.READY, 2, T0, "{}"), List.of(HOOK_A)))
                .as("a retry of the asset starts a new run, with its own events").isTrue();
    }

    /**
     * Sequential on purpose: racing two pollers would test the emulator, and moto's conditional writes are not
     * atomic under concurrent requests (DynamoDB's are); the claim's condition is what this checks.
     */
    @Test
    void twoWorkersPollingAtTheSameTimeNeverHoldTheSameDelivery() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            urls.add("https://r" + i + ".example/hook");
        }
        outbox.record(event("evt_1", "asset1", Event.READY, T0), urls);
        Outbox other = sameOutboxElsewhere();

        List<String> byA = outbox.claimDue(T0, 12, 30_000).stream().map(Delivery::url).toList();
        List<String> byB = other.claimDue(T0, 50, 30_000).stream().map(Delivery::url).toList();

        assertThat(byA).hasSize(12);
        assertThat(byB).as("no delivery held by both").hasSize(8).doesNotContainAnyElementsOf(byA);
        assertThat(outbox.claimDue(T0 + 1, 50, 30_000)).isEmpty();
    }

    @Test
    void aDeliveryWhoseWorkerDiedIsTakenByAnotherWhenItsLeaseRunsOut() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A));
        assertThat(outbox.claimDue(T0, 10, 60_000)).hasSize(1);
        Outbox other = sameOutboxElsewhere();

        assertThat(other.claimDue(T0 + 59_999, 10, 60_000)).as("leased by the first worker").isEmpty();
        assertThat(other.claimDue(T0 + 60_000, 10, 60_000)).singleElement()
                .satisfies(d -> assertThat(d.eventId()).as("the same webhook-id").isEqualTo("evt_1"));
    }

    @Test
    void resendPutsGivenUpDeliveriesBackInLineWithAFreshRoundCount() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A, HOOK_B));
        for (Delivery d : outbox.claimDue(T0, 10, 30_000)) {
            if (d.url().equals(HOOK_A)) {
                outbox.attemptFailed(d, "HTTP 410", -1);
            } else {
                outbox.delivered(d, T0 + 1);
            }
        }

        assertThat(outbox.resend("asset1", T0 + 5_000)).isEqualTo(1);

        assertThat(only("asset1", HOOK_A).state()).isEqualTo("PENDING");
        assertThat(only("asset1", HOOK_A).attempts()).isZero();
        assertThat(only("asset1", HOOK_B).state()).as("a delivered one stays delivered").isEqualTo("DELIVERED");
        assertThat(outbox.claimDue(T0 + 5_000, 10, 30_000)).singleElement()
                .satisfies(d -> assertThat(d.eventId()).isEqualTo("evt_1"));
        assertThat(outbox.resend("asset1", T0 + 6_000)).as("nothing given up any more").isZero();
    }
}
