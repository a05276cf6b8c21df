package caravan.imports;

import java.util.List;

/**
 * The end report: one CSV row per manifest line with its outcome (READY, FAILED, SKIPPED_ALREADY_IMPORTED, REJECTED,
 * or PENDING while it is on its way), the asset it became (or was found to be) and the error code and sentence.
 */
final class ImportReport {
    static final String HEADER = "line,source,external_id,outcome,asset_id,error_code,reason";

    private ImportReport() {
    }

    static String csv(List<ImportItem> items) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (ImportItem i : items) {
            String outcome = i.state().isOutcome() ? i.state().name() : "PENDING";
            out.append(i.line()).append(',').append(CsvRecords.cell(i.source())).append(',').append(CsvRecords.cell(i.externalId()))
                    .append(',').append(outcome).append(',').append(CsvRecords.cell(i.assetId())).append(',')
                    .append(CsvRecords.cell(i.errorCode())).append(',').append(CsvRecords.cell(i.reason())).append("\r\n");
        }
        return out.toString();
    }
}
