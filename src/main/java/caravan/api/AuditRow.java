package caravan.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** One audited action on an asset (an answer of the API, and its response model in the OpenAPI document). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One audited action on an asset")
public record AuditRow(@Schema(requiredMode = REQUIRED, description = "When, in milliseconds since the epoch") long atMillis,
                       @Schema(requiredMode = REQUIRED) String assetId,
                       @Schema(requiredMode = REQUIRED, description = "Who: api, a viewer, a grant's key-pair id, the pipeline") String actor,
                       @Schema(requiredMode = REQUIRED, description = "What, e.g. playback-grant, key-fetch, retry") String action,
                       @Schema(requiredMode = REQUIRED, description = "granted, denied, done...") String outcome,
                       @Schema(description = "The client's address, where there was one") String remote,
                       String detail) {
}
