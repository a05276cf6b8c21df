package caravan.api;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** How many given-up deliveries go out again (an answer of the API, and its response model in the OpenAPI document). */
@Schema(description = "How many given-up deliveries go out again")
public record Resent(@Schema(requiredMode = REQUIRED) int resent) {
}
