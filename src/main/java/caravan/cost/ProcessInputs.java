package caravan.cost;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a media tool's command line gives it to read: the files after {@code -i} (ffmpeg), or, with no {@code -i},
 * the {@code file:} arguments that exist before it runs (ffprobe's input). The pipeline names every path itself
 * with a {@code file:} prefix, so these are the asset's own files; their sizes are the bytes the stage read.
 */
public final class ProcessInputs {
    private ProcessInputs() {
    }

    public static long bytes(List<String> args) {
        Set<Path> inputs = new LinkedHashSet<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if ("-i".equals(args.get(i))) {
                path(args.get(i + 1), inputs);
            }
        }
        if (inputs.isEmpty()) {
            args.stream().filter(a -> a.startsWith("file:")).forEach(a -> path(a, inputs));
        }
        long sum = 0;
        for (Path p : inputs) {
            try {
                sum += Files.size(p);
            } catch (java.io.IOException e) {
                // gone: nothing read from it
            }
        }
        return sum;
    }

    private static void path(String arg, Set<Path> inputs) {
        String name = arg.startsWith("file:") ? arg.substring("file:".length()) : arg;
        if (name.isEmpty() || name.contains("://")) {
            return;
        }
        try {
            Path p = Path.of(name).toAbsolutePath().normalize();
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                inputs.add(p);
            }
        } catch (RuntimeException e) {
            // not a path (a filter graph, a format name)
        }
    }
}
