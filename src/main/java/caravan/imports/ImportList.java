package caravan.imports;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The answer of {@code GET /api/imports}: the newest imports (at most 20), each with its progress. */
@Schema(name = "ImportList")
public record ImportList(List<ImportStatus> items) {
}
