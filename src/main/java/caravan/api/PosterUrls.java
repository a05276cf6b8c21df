package caravan.api;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Signed poster URLs (an answer of the API, and its response model in the OpenAPI document). */
@Schema(description = "Signed URLs of the poster's two sizes")
public record PosterUrls(@Schema(requiredMode = REQUIRED, description = "The small poster") String url,
                         @Schema(requiredMode = REQUIRED, description = "The large poster") String largeUrl,
                         @Schema(requiredMode = REQUIRED, format = "date-time") String expiresAt) {
}
