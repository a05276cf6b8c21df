package caravan.delivery;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one range of bytes a {@code Range} header asks for (RFC 9110 section 14.2), against a file of a known size,
 * in {@code long} arithmetic so files over 2 GB have ranges too. {@code bytes=a-b}, {@code bytes=a-} and the suffix
 * form {@code bytes=-n} are understood; anything else (several ranges, another unit, a number that does not fit a
 * long, a start beyond the file) cannot be satisfied, and the origin answers 416 with {@code bytes *}{@code /size}.
 */
record ByteRange(long start, long length) {
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    long end() {
        return start + length - 1;
    }

    /** {@code Content-Range} of a 206 answer. */
    String contentRange(long size) {
        return "bytes " + start + "-" + end() + "/" + size;
    }

    /** The range the header asks for, within {@code size}; empty when it cannot be satisfied. */
    static Optional<ByteRange> parse(String header, long size) {
        Matcher r = RANGE.matcher(header.trim().toLowerCase(Locale.ROOT));
        if (!r.matches() || (r.group(1).isEmpty() && r.group(2).isEmpty())) {
            return Optional.empty();
        }
        long first = number(r.group(1));
        long last = number(r.group(2));
        if (first == -2 || last == -2) {
            return Optional.empty();
        }
        if (first == -1) {
            // bytes=-n: the last n bytes (all of them if the file is shorter)
            long n = Math.min(last, size);
            return n <= 0 ? Optional.empty() : Optional.of(new ByteRange(size - n, n));
        }
        if (first >= size || (last != -1 && last < first)) {
            return Optional.empty();
        }
        long end = last == -1 ? size - 1 : Math.min(last, size - 1);
        return Optional.of(new ByteRange(first, end - first + 1));
    }

    /** -1 for an absent number, -2 for one that does not fit a long. */
    private static long number(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLong) {
            return -2;
        }
    }
}
