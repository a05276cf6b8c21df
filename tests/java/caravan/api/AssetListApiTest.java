package caravan.api;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.SourceFile;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asset list of a library as a migration leaves it: a store of generated assets in every outcome, listed through
 * the API by status, searched by title, source name and id, paged in both orders, with counts per status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class AssetListApiTest {
    private static final int ASSETS = 600;
    private static final AssetStatus[] OUTCOMES = {AssetStatus.READY, AssetStatus.READY, AssetStatus.FAILED, AssetStatus.DUPLICATE};
    private static final String[] COURSES = {"Cardiology", "Neurology", "Pediatrics", "Oncology", "Radiology"};

    @TempDir
    static Path data;
    CaravanApp app;

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(data, Map.of());
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < ASSETS; i++) {
            Instant at = t0.plusSeconds(60L * i);
            Asset a = Asset.received("gen" + i, new SourceFile("library/" + COURSES[i % 5].toLowerCase() + "/lecture-" + i + ".mp4", 1000, null),
                    at.minusSeconds(1), at);
            a.setStatus(OUTCOMES[i % OUTCOMES.length]);
            a.getMetadata().put("title", COURSES[i % 5] + " lecture " + i);
            app.store().create(a);
        }
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theStatusFilterReturnsOnlyThatStatusAcrossEveryPage() throws Exception {
        List<JsonNode> failed = all("status=FAILED");

        assertThat(failed).hasSize(ASSETS / OUTCOMES.length)
                .allSatisfy(a -> assertThat(a.path("status").asText()).isEqualTo("FAILED"));
        List<JsonNode> settled = all("status=failed,duplicate");
        assertThat(settled).hasSize(ASSETS / 2).extracting(a -> a.path("status").asText()).containsOnly("FAILED", "DUPLICATE");
    }

    @Test
    void searchFindsTitlesSourceNamesAndIdsInAnyCase() throws Exception {
        assertThat(all("q=" + enc("CARDIOLOGY lecture 1"))).extracting(a -> a.path("id").asText())
                .as("every title with 'cardiology lecture 1' in it").allSatisfy(id -> {
                    int n = Integer.parseInt(id.substring(3));
                    assertThat(n % 5).isZero();
                    assertThat(String.valueOf(n)).startsWith("1");
                }).isNotEmpty();
        assertThat(all("q=" + enc("lecture-599.mp4"))).extracting(a -> a.path("id").asText()).containsExactly("gen599");
        assertThat(all("q=gen42")).extracting(a -> a.path("id").asText()).contains("gen42", "gen420");
        assertThat(all("q=" + enc("oncology") + "&status=READY")).isNotEmpty().allSatisfy(a -> {
            assertThat(a.path("status").asText()).isEqualTo("READY");
            assertThat(a.path("metadata").path("title").asText()).startsWith("Oncology");
        });
        assertThat(all("q=" + enc("dermatology"))).isEmpty();
    }

    @Test
    void pagesInBothOrdersCoverTheLibraryOnceWithCountsPerStatus() throws Exception {
        List<String> newest = all("order=newest").stream().map(a -> a.path("id").asText()).toList();
        List<String> oldest = all("order=oldest").stream().map(a -> a.path("id").asText()).toList();

        assertThat(newest).hasSize(ASSETS).doesNotHaveDuplicates().startsWith("gen599", "gen598");
        List<String> reversed = new ArrayList<>(newest);
        java.util.Collections.reverse(reversed);
        assertThat(oldest).containsExactlyElementsOf(reversed);
        JsonNode first = page("limit=5");
        assertThat(first.path("counts").path("READY").asLong()).isEqualTo(ASSETS / 2);
        assertThat(first.path("counts").path("FAILED").asLong()).isEqualTo(ASSETS / 4);
        assertThat(first.path("counts").path("DUPLICATE").asLong()).isEqualTo(ASSETS / 4);
    }

    @Test
    void aBadFilterIsRefusedWithACode() throws Exception {
        for (String query : List.of("status=SHINY", "order=sideways", "q=" + "x".repeat(201), "limit=0")) {
            HttpResponse<String> r = app.get("/api/assets?" + query, app.token());
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).as(query).contains("BAD_REQUEST");
        }
    }

    private List<JsonNode> all(String query) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String after = null;
        for (int guard = 0; guard < 100; guard++) {
            JsonNode page = page(query + "&limit=100" + (after == null ? "" : "&after=" + after));
            page.path("items").forEach(item -> {
                assertThat(seen.add(item.path("id").asText())).as("listed twice: %s", item.path("id")).isTrue();
                items.add(item);
            });
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return items;
            }
            after = page.path("next").asText();
        }
        throw new AssertionError("the list never ended");
    }

    private JsonNode page(String query) throws Exception {
        HttpResponse<String> r = app.get("/api/assets?" + query, app.token());
        assertThat(r.statusCode()).as("%s: %s", query, r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
