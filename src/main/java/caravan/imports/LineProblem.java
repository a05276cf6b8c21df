package caravan.imports;

import caravan.failure.ErrorCode;

/**
 * A manifest line that will not be imported: its number, the source as the line spelt it (may be empty), a code and a
 * sentence naming what is wrong. The sentence never repeats a metadata value (it may be protected).
 */
public record LineProblem(int line, String source, ErrorCode code, String reason) {
}
