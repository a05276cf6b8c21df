package caravan.api;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** An asset's audit trail (an answer of the API, and its response model in the OpenAPI document). */
@Schema(description = "The asset's audit trail, oldest first")
public record AuditTrail(@Schema(requiredMode = REQUIRED) List<AuditRow> items) {
}
