package caravan.api;

import caravan.asset.AssetView;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** A page of assets in the order asked for (an answer of the API, and its response model in the OpenAPI document). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A page of assets, newest first unless order=oldest, with the library's count per status")
public record AssetPage(@Schema(requiredMode = REQUIRED) List<AssetView> items,
                        @Schema(description = "Pass as ?after= for the next page; absent on the last page") String next,
                        @Schema(requiredMode = REQUIRED, description = "How many assets the whole library has in each status (statuses with none are left out)")
                        java.util.Map<String, Long> counts) {
}
