package caravan.ffmpeg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An argument whose value is a secret (CMAF's content key, in the muxer's options): the command line camel-exec holds,
 * and logs when a tool fails, carries only a reference to an owner-only file; {@link MediaProcessExecutor} puts the
 * file's text in its place as it starts the process. (The value is still in the running process's arguments: ffmpeg
 * reads muxer options from its command line only.)
 */
public final class SecretFileArgument {
    private static final String PREFIX = "caravan-secret-file:";

    private SecretFileArgument() {
    }

    /** The argument that stands for {@code file}'s text. */
    public static String of(Path file) {
        return PREFIX + file.toAbsolutePath();
    }

    /** The arguments with every reference replaced by its file's text (trailing line ends dropped). */
    static List<String> resolve(List<String> arguments) {
        List<String> out = new ArrayList<>(arguments.size());
        for (String a : arguments) {
            if (a.startsWith(PREFIX)) {
                try {
                    out.add(Files.readString(Path.of(a.substring(PREFIX.length())), StandardCharsets.UTF_8).stripTrailing());
                } catch (IOException e) {
                    throw new UncheckedIOException("A secret argument's file is missing", e);
                }
            } else {
                out.add(a);
            }
        }
        return out;
    }
}
