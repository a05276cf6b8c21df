package caravan.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CARAVAN_QUEUE takes the queue's name or its URL, as the stack's outputs give it. */
class QueueNameTest {

    @Test
    void aNameIsTakenAsItIs() {
        assertThat(QueueName.of("caravan-ingest")).isEqualTo("caravan-ingest");
        assertThat(QueueName.of(" caravan_ingest-2 ")).isEqualTo("caravan_ingest-2");
        assertThat(QueueName.of("caravan-ingest.fifo")).isEqualTo("caravan-ingest.fifo");
    }

    @Test
    void aQueueUrlGivesItsName() {
        assertThat(QueueName.of("https://sqs.us-east-1.amazonaws.com/123456789012/caravan-ingest")).isEqualTo("caravan-ingest");
        assertThat(QueueName.of("https://sqs.eu-west-1.amazonaws.com/123456789012/caravan-ingest/")).isEqualTo("caravan-ingest");
        assertThat(QueueName.of("http://127.0.0.1:5000/123456789012/caravan-ingest.fifo")).isEqualTo("caravan-ingest.fifo");
    }

    @Test
    void anArnIsLeftToTheConsumer() {
        assertThat(QueueName.of("arn:aws:sqs:us-east-1:123456789012:caravan-ingest"))
                .isEqualTo("arn:aws:sqs:us-east-1:123456789012:caravan-ingest");
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        for (String bad : new String[]{"", "https://sqs.us-east-1.amazonaws.com/", "caravan ingest", "https://sqs.us-east-1.amazonaws.com/1/bad%20name"}) {
            assertThatThrownBy(() -> QueueName.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("caravan.aws.queue (CARAVAN_QUEUE)");
        }
    }
}
