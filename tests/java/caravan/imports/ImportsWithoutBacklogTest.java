package caravan.imports;

import caravan.asset.Json;
import caravan.database.SqliteDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On AWS without a backlog queue no worker would ever feed an import's lines: the manifest is refused with a code
 * and a sentence naming the setting, and nothing is recorded (so nothing waits forever).
 */
class ImportsWithoutBacklogTest {
    @TempDir
    Path dir;

    @Test
    void aManifestIsRefusedWithImportsUnavailableAndNothingIsRecorded() throws Exception {
        SqliteImports imports = new SqliteImports(new SqliteDatabase(dir.resolve("caravan.db")));
        ManifestReader reader = new ManifestReader(dir, List.of(), new caravan.metadata.SidecarReader(65_536), 65_536);
        ImportApi api = new ImportApi(imports, reader, null, manifest -> null, Clock.systemUTC(), LineDispatch.UNAVAILABLE);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/csv");
        exchange.getIn().setBody("source,external_id,metadata\ns3://old/a.mp4,LEC-1,\n".getBytes(StandardCharsets.UTF_8));

        api.post(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        JsonNode problem = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        assertThat(problem.path("code").asText()).isEqualTo("IMPORTS_UNAVAILABLE");
        assertThat(problem.path("detail").asText()).contains("caravan.aws.backlogQueue", "CARAVAN_BACKLOG_QUEUE");
        assertThat(imports.newest(10)).isEmpty();
    }
}
