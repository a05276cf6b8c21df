package caravan.ingest;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the objects created in an S3 event notification, whichever way it arrived: straight from S3 ({@code Records},
 * several per message, keys form-encoded: {@code +} is a space, {@code %2B} a plus), wrapped in an SNS envelope
 * ({@code Message} holding the same JSON), or from EventBridge ({@code detail.object.key}, not encoded). The
 * {@code s3:TestEvent} sent when notifications are enabled, and anything but {@code ObjectCreated:*}, yield nothing.
 */
public final class S3EventParser {
    private S3EventParser() {
    }

    public static List<S3ObjectRef> created(String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return List.of();
        }
        if (root == null) {
            return List.of();
        }
        if (root.has("Type") && root.has("Message") && "Notification".equals(root.path("Type").asText())) {
            return created(root.path("Message").asText());
        }
        List<S3ObjectRef> out = new ArrayList<>();
        if (root.has("detail") && "aws.s3".equals(root.path("source").asText())) {
            if ("Object Created".equals(root.path("detail-type").asText())) {
                JsonNode d = root.path("detail");
                out.add(new S3ObjectRef(d.path("bucket").path("name").asText(), d.path("object").path("key").asText(),
                        d.path("object").path("size").asLong(), etag(d.path("object").path("etag").asText(null)),
                        d.path("object").path("version-id").asText(null)));
            }
            return out;
        }
        for (JsonNode r : root.path("Records")) {
            if (!r.path("eventName").asText().startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode s3 = r.path("s3");
            out.add(new S3ObjectRef(s3.path("bucket").path("name").asText(),
                    URLDecoder.decode(s3.path("object").path("key").asText(), StandardCharsets.UTF_8),
                    s3.path("object").path("size").asLong(), etag(s3.path("object").path("eTag").asText(null)),
                    s3.path("object").path("versionId").asText(null)));
        }
        return out;
    }

    private static String etag(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
