package caravan.captions;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Language tags for caption tracks: two-letter codes where one exists (files tag tracks {@code eng} or {@code ger},
 * players and the HLS master expect BCP 47 such as {@code en}, {@code de}), and an English name for each.
 */
public final class Languages {
    public static final String UNDETERMINED = "und";
    private static final Pattern TAG = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8}){0,3}", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> TWO_LETTER = new HashMap<>();

    static {
        for (String code : Locale.getISOLanguages()) {
            try {
                TWO_LETTER.put(Locale.forLanguageTag(code).getISO3Language(), code);
            } catch (java.util.MissingResourceException e) {
                // no three-letter code
            }
        }
        // ISO 639-2 bibliographic codes, which Matroska and MP4 files often carry
        String[][] bibliographic = {{"alb", "sq"}, {"arm", "hy"}, {"baq", "eu"}, {"bur", "my"}, {"chi", "zh"}, {"cze", "cs"},
                {"dut", "nl"}, {"fre", "fr"}, {"geo", "ka"}, {"ger", "de"}, {"gre", "el"}, {"ice", "is"}, {"mac", "mk"},
                {"mao", "mi"}, {"may", "ms"}, {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"}, {"tib", "bo"}, {"wel", "cy"}};
        for (String[] pair : bibliographic) {
            TWO_LETTER.put(pair[0], pair[1]);
        }
    }

    private Languages() {
    }

    /** A well-formed tag, shortest form, primary language in lower case; {@code und} if there is none. */
    public static String normalize(String tag) {
        if (tag == null || !TAG.matcher(tag.trim()).matches()) {
            return UNDETERMINED;
        }
        String[] parts = tag.trim().split("-");
        String primary = parts[0].toLowerCase(Locale.ROOT);
        primary = TWO_LETTER.getOrDefault(primary, primary);
        StringBuilder out = new StringBuilder(primary);
        for (int i = 1; i < parts.length; i++) {
            out.append('-').append(parts[i].length() == 2 ? parts[i].toUpperCase(Locale.ROOT) : parts[i].toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** What people call it in English ("English", "Portuguese (Brazil)"), or "Captions" when the language is not known. */
    public static String displayName(String tag) {
        if (UNDETERMINED.equals(tag)) {
            return "Captions";
        }
        String name = Locale.forLanguageTag(tag).getDisplayName(Locale.ENGLISH);
        return name.isBlank() || name.equalsIgnoreCase(tag) ? tag : name.replace('"', '\'');
    }
}
