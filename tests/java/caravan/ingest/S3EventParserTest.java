package caravan.ingest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shape in which an S3 upload notification reaches the queue. */
class S3EventParserTest {
    private static final String RECORDS = """
            {"Records": [
              {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "ingest"},
                "object": {"key": "week+1/a%2Bb+c.mp4", "size": 1234, "eTag": "\\"abc\\"", "versionId": "v1"}}},
              {"eventName": "ObjectRemoved:Delete", "s3": {"bucket": {"name": "ingest"}, "object": {"key": "gone.mp4"}}},
              {"eventName": "ObjectCreated:CompleteMultipartUpload", "s3": {"bucket": {"name": "ingest"},
                "object": {"key": "big%C3%BC.mov", "size": 99, "eTag": "def-2"}}}
            ]}""";

    @Test
    void severalRecordsWithFormEncodedKeysAndOnlyCreations() {
        List<S3ObjectRef> created = S3EventParser.created(RECORDS);
        assertThat(created).extracting(S3ObjectRef::key).containsExactly("week 1/a+b c.mp4", "bigü.mov");
        assertThat(created.get(0).eTag()).isEqualTo("abc");
        assertThat(created.get(0).idempotencyKey()).isEqualTo("ingest/week 1/a+b c.mp4#v1");
        assertThat(created.get(1).idempotencyKey()).isEqualTo("ingest/bigü.mov#def-2");
        assertThat(created.get(0).size()).isEqualTo(1234);
    }

    @Test
    void theTestEventAndNonJsonYieldNothing() {
        assertThat(S3EventParser.created("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"ingest\"}")).isEmpty();
        assertThat(S3EventParser.created("not json")).isEmpty();
        assertThat(S3EventParser.created("")).isEmpty();
    }

    @Test
    void theSameEventInsideAnSnsEnvelope() {
        String envelope = "{\"Type\": \"Notification\", \"MessageId\": \"m1\", \"TopicArn\": \"arn:aws:sns:us-east-1:1:t\","
                + " \"Message\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(RECORDS) + "}";
        assertThat(S3EventParser.created(envelope)).extracting(S3ObjectRef::key).containsExactly("week 1/a+b c.mp4", "bigü.mov");
    }

    @Test
    void theEventBridgeShapeWhoseKeyIsNotEncoded() {
        String event = """
                {"version": "0", "id": "e1", "detail-type": "Object Created", "source": "aws.s3",
                 "detail": {"bucket": {"name": "ingest"}, "object": {"key": "week 1/a+b.mp4", "size": 5, "etag": "e5",
                 "version-id": "v9"}, "reason": "PutObject"}}""";
        List<S3ObjectRef> created = S3EventParser.created(event);
        assertThat(created).singleElement().satisfies(ref -> {
            assertThat(ref.key()).isEqualTo("week 1/a+b.mp4");
            assertThat(ref.idempotencyKey()).isEqualTo("ingest/week 1/a+b.mp4#v9");
        });
        assertThat(S3EventParser.created(event.replace("Object Created", "Object Deleted"))).isEmpty();
    }
}
