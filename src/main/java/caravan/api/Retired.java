package caravan.api;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The outcome of retiring key versions (an answer of the API, and its response model in the OpenAPI document). */
@Schema(description = "Master key versions removed, and those kept because stored data keys still use them")
public record Retired(@Schema(requiredMode = REQUIRED) String activeKeyId,
                      @Schema(requiredMode = REQUIRED) List<String> retired,
                      @Schema(requiredMode = REQUIRED, description = "Key id to the number of data keys it still wraps") Map<String, Integer> inUse) {
}
