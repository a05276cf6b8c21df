package caravan.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** One webhook delivery (an answer of the API, and its response model in the OpenAPI document). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One webhook delivery")
public record DeliveryState(@Schema(requiredMode = REQUIRED, description = "The webhook-id header the receiver sees") String webhookId,
                            @Schema(requiredMode = REQUIRED, description = "The event type, e.g. asset.ready") String type,
                            @Schema(requiredMode = REQUIRED, description = "The receiver's URL") String target,
                            @Schema(requiredMode = REQUIRED, description = "Where the delivery stands") String state,
                            @Schema(requiredMode = REQUIRED) int attempts,
                            String lastError) {
}
