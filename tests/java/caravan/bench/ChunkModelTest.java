package caravan.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** P7's model: fitted to a one-worker run it gives that run back, and it lays the items on the slots as a pool does. */
class ChunkModelTest {
    /** One worker: dispatch at 2 s, two 10 s chunks of 10 s each, the audio in 1 s, READY at 30 s; 1 s between items. */
    private static final ChunkModel MODEL = ChunkModel.fit(2, List.of(
            new ChunkModel.Item(1, 10, 14, 24), new ChunkModel.Item(0, 10, 3, 13), new ChunkModel.Item(-1, 20, 25, 26)), 30, 20);

    @Test
    void theFitReadsEachCostOffTheRun() {
        assertThat(MODEL.preSeconds()).isEqualTo(2);
        assertThat(MODEL.chunkPerMediaSecond()).isEqualTo(1.0);
        assertThat(MODEL.gapSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(MODEL.audioPerMediaSecond()).isCloseTo(0.05, within(1e-9));
        assertThat(MODEL.postSeconds()).isEqualTo(4);
    }

    @Test
    void oneSlotGivesBackTheRunItWasFittedTo() {
        assertThat(MODEL.project(20, 2, 10, 1, false)).isCloseTo(30, within(1e-9));
    }

    @Test
    void moreSlotsRunTheItemsAtOnceUntilOneChunkIsTheFloor() {
        // two slots: the chunks at once (11 s each), the audio after one of them (2 s)
        assertThat(MODEL.project(20, 2, 10, 2, false)).isCloseTo(2 + 13 + 4, within(1e-9));
        // enough slots for every item: one chunk's time
        assertThat(MODEL.project(20, 2, 10, 3, false)).isCloseTo(2 + 11 + 4, within(1e-9));
        assertThat(MODEL.project(20, 2, 10, 64, false)).isCloseTo(2 + 11 + 4, within(1e-9));
    }

    @Test
    void anAudioItemLongerThanAChunkQueuedLastIsTheTail() {
        // six 10 s chunks and 30 s of audio, nothing else, on six slots
        ChunkModel longAudio = new ChunkModel(0, 1, 0, 0.5, 0, 60);
        assertThat(longAudio.project(60, 2, 10, 6, false)).isCloseTo(10 + 30, within(1e-9));
        assertThat(longAudio.project(60, 2, 10, 6, false, true)).isCloseTo(30, within(1e-9));
    }

    @Test
    void aLongerVideoHasMoreChunksAndOptionallyLongerFixedCosts() {
        // 60 s: six chunks of 10 s and 3 s of audio on one slot
        assertThat(MODEL.project(60, 2, 10, 1, false)).isCloseTo(2 + 6 * 11 + 4 + 4, within(1e-9));
        // the time before and after the items grown three times with the duration
        assertThat(MODEL.project(60, 2, 10, 1, true)).isCloseTo(3 * (2 + 4) + 6 * 11 + 4, within(1e-9));
    }
}
