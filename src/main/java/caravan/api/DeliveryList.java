package caravan.api;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** An asset's webhook deliveries (an answer of the API, and its response model in the OpenAPI document). */
@Schema(description = "Every event of the asset and where each delivery stands")
public record DeliveryList(@Schema(requiredMode = REQUIRED) List<DeliveryState> items) {
}
