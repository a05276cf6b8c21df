package caravan.api;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The outcome of a key rotation (an answer of the API, and its response model in the OpenAPI document). */
@Schema(description = "A new master key version; every stored data key re-wrapped with it")
public record Rotated(@Schema(requiredMode = REQUIRED) String activeKeyId, @Schema(requiredMode = REQUIRED) int assetsRewrapped) {
}
