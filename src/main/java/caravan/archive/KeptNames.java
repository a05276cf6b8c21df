package caravan.archive;

import java.nio.charset.StandardCharsets;

/** The file name a kept source gets on disk: the user's base name, made safe to store (not to execute). */
public final class KeptNames {
    /** Leaves room under the usual 255-byte limit for the {@code source-} prefix a kept file may get in its folder. */
    static final int MAX_BYTES = 200;
    private static final int MAX_EXTENSION_BYTES = 16;

    private KeptNames() {
    }

    public static String safeFileName(String relativeName) {
        String base = relativeName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = base.replaceAll("[\\x00-\\x1f\\x7f]", "_");
        if (base.isBlank() || base.equals(".") || base.equals("..")) {
            base = "source";
        }
        return fitted(base);
    }

    /** At most {@link #MAX_BYTES} of UTF-8, cut between characters (never inside one), keeping a short extension. */
    static String fitted(String name) {
        if (utf8Length(name) <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && utf8Length(name.substring(dot)) <= MAX_EXTENSION_BYTES ? name.substring(dot) : "";
        int budget = MAX_BYTES - utf8Length(extension);
        StringBuilder stem = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length() - extension.length(); ) {
            int codePoint = name.codePointAt(i);
            int bytes = utf8Length(new String(Character.toChars(codePoint)));
            if (used + bytes > budget) {
                break;
            }
            stem.appendCodePoint(codePoint);
            used += bytes;
            i += Character.charCount(codePoint);
        }
        return stem + extension;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
