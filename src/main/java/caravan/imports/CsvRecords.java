package caravan.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by commas, a field in double quotes may hold commas, line breaks and doubled
 * quotes ({@code ""}). Each record knows the line it starts on, so a problem is reported where the operator sees it.
 * Line ends may be CRLF or LF; an empty line is no record.
 */
final class CsvRecords {
    /** One record: its fields, the (1-based) line it starts on, and whether its quoting was broken. */
    record Row(int line, List<String> fields, boolean unterminatedQuote) {
    }

    private CsvRecords() {
    }

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int startLine = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || !field.isEmpty() || !fields.isEmpty()) {
                    fields.add(field.toString());
                    rows.add(new Row(startLine, List.copyOf(fields), false));
                }
                fields.clear();
                field.setLength(0);
                fieldStarted = false;
                line++;
                startLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
            i++;
        }
        if (quoted || fieldStarted || !field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            rows.add(new Row(startLine, List.copyOf(fields), quoted));
        }
        return rows;
    }

    /** A field as a CSV cell: quoted when it needs to be; a leading = + - @ is defused for spreadsheets. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.matches("[^,\"\r\n]*") ? v : "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
