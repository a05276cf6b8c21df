package caravan.userroutes;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a route file was refused, in words an operator can act on: the file's name (never its server path), the line
 * (1-based) where YAML or the Camel YAML DSL found the problem when it can tell, and what is wrong.
 */
public record RouteFileProblem(String file, OptionalInt line, String what) {
    /** The code on every log line about a refused route file. */
    public static final String CODE = "USER_ROUTE_REFUSED";

    public static RouteFileProblem of(String file, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
                String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
                return new RouteFileProblem(file, mark.map(m -> OptionalInt.of(m.getLine() + 1)).orElse(OptionalInt.empty()),
                        withoutPaths(problem));
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return new RouteFileProblem(file, OptionalInt.empty(), withoutPaths(what));
    }

    /** {@code USER_ROUTE_REFUSED: config/routes/x.yaml line 4: <what>; the file's routes are not running}. */
    public String sentence() {
        return CODE + ": route file " + file + (line.isPresent() ? " line " + line.getAsInt() : "") + ": " + what
                + " (the file is not loaded; fix it and save it again)";
    }

    // a message may name the file by its absolute location (file:/srv/...): keep only what follows the last slash
    private static String withoutPaths(String text) {
        if (text == null) {
            return "cannot be read";
        }
        return text.replaceAll("file:(/[^\\s,:]*/)+", "").replaceAll("(?<![\\w.])/(?:[^\\s/,:]+/)+([^\\s/,:]+)", "$1").trim();
    }
}
