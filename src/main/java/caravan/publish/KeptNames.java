package caravan.publish;

/** The file name a kept source gets on disk: the user's base name, made safe to store (not to execute). */
public final class KeptNames {
    private KeptNames() {
    }

    public static String safeFileName(String relativeName) {
        String base = relativeName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        base = base.replaceAll("[\\x00-\\x1f]", "_");
        if (base.isBlank() || base.equals(".") || base.equals("..")) {
            base = "source";
        }
        if (base.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 200) {
            base = base.substring(0, 100);
        }
        return base;
    }
}
