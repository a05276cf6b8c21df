package caravan.api;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A playback grant (an answer of the API, and its response model in the OpenAPI document). */
@Schema(description = "A playback grant: the signed master URL (the same grant is also set as three CloudFront-* cookies)")
public record PlaybackGrantAnswer(@Schema(requiredMode = REQUIRED, description = "The asset that plays (a DUPLICATE's original)") String assetId,
                                  @Schema(requiredMode = REQUIRED, description = "master.m3u8 with the grant as query parameters; any HLS player can open it") String masterUrl,
                                  @Schema(requiredMode = REQUIRED, description = "When the grant ends (ISO 8601)", format = "date-time") String expiresAt) {
}
