package caravan.chunking;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A chunk's message on the work queue: read back as sent, told apart from the queue's other messages, bad ones refused. */
class ChunkWorkTest {

    @Test
    void aWorkItemReadsBackAsItWasSent() throws IOException {
        ChunkWork w = new ChunkWork("a1b2c3", 3, 7, false);
        assertThat(ChunkWork.isWork(w.toJson())).isTrue();
        assertThat(ChunkWork.parse(w.toJson())).isEqualTo(w);
        ChunkWork audio = new ChunkWork("a1b2c3", 3, 8, true);
        assertThat(ChunkWork.parse(audio.toJson())).isEqualTo(audio);
        assertThat(ChunkWork.isAudio(audio.toJson())).isTrue();
        assertThat(ChunkWork.isAudio(w.toJson())).isFalse();
    }

    @Test
    void s3EventsAndMediaConvertEventsAreNotWorkItems() {
        assertThat(ChunkWork.isWork("{\"Records\":[{\"eventSource\":\"aws:s3\"}]}")).isFalse();
        assertThat(ChunkWork.isWork("{\"source\":\"aws.mediaconvert\",\"detail\":{}}")).isFalse();
        assertThat(ChunkWork.isWork(null)).isFalse();
    }

    @Test
    void aMessageWithoutAssetRunAndItemIsRefused() {
        assertThatThrownBy(() -> ChunkWork.parse("{\"caravanChunk\":{\"asset\":\"x\"}}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ChunkWork.parse("{\"caravanChunk\":{\"asset\":1,\"run\":1,\"item\":0}}")).isInstanceOf(IOException.class);
    }
}
