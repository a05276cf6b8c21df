package caravan.userroutes;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.NoErrorHandlerBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator's routes: every {@code *.yaml} file in the routes folder (Camel's YAML DSL), loaded at start and again
 * whenever a file is added, changed or removed ({@link #scan}, called on a schedule). Each file stands alone: a file
 * that does not parse or whose routes cannot start is refused with its line and a code ({@link RouteFileProblem}),
 * its routes are not running, and everything else (the pipeline, the other files) goes on. Camel Main's own route
 * reloading is not used: it is meant for development, and a failed reload there removes every route, the pipeline's
 * included.
 */
public final class UserRouteFolder {
    private static final Logger LOG = LoggerFactory.getLogger(UserRouteFolder.class);

    private record Seen(FileTime modified, long size) {
    }

    private final CamelContext context;
    private final Path folder;
    private final Runnable refused;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Map<Path, List<String>> routeIds = new HashMap<>();
    private final Map<String, RouteFileProblem> problems = new LinkedHashMap<>();

    /** @param refused called once per refused file version (a counter) */
    public UserRouteFolder(CamelContext context, Path folder, Runnable refused) {
        this.context = context;
        this.folder = folder;
        this.refused = refused;
    }

    public Path folder() {
        return folder;
    }

    /** The files refused at their current version, by file name. */
    public synchronized Map<String, RouteFileProblem> problems() {
        return Map.copyOf(problems);
    }

    /** The ids of the routes running from each file, by file name. */
    public synchronized Map<String, List<String>> loaded() {
        return routeIds.entrySet().stream().collect(Collectors.toMap(e -> name(e.getKey()), e -> List.copyOf(e.getValue())));
    }

    /** Loads what is new or changed since the last scan and removes the routes of files that are gone. */
    public synchronized void scan() {
        Map<Path, Seen> now = current();
        for (Path gone : Set.copyOf(seen.keySet())) {
            if (!now.containsKey(gone)) {
                seen.remove(gone);
                problems.remove(name(gone));
                removeRoutesOf(gone);
                LOG.info("User routes: {} removed; its routes stopped", name(gone));
            }
        }
        for (Map.Entry<Path, Seen> file : now.entrySet()) {
            if (!Objects.equals(seen.get(file.getKey()), file.getValue())) {
                seen.put(file.getKey(), file.getValue());
                load(file.getKey());
            }
        }
    }

    private Map<Path, Seen> current() {
        Map<Path, Seen> files = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    files.put(p, new Seen(Files.getLastModifiedTime(p), Files.size(p)));
                } catch (IOException e) {
                    // removed while listing: gone
                }
            }
        } catch (IOException e) {
            LOG.warn("User routes: cannot list the routes folder ({}); trying again at the next scan", e.getClass().getSimpleName());
        }
        return files;
    }

    private void load(Path file) {
        removeRoutesOf(file);
        List<RouteDefinition> definitions;
        try {
            definitions = parse(file);
        } catch (Exception e) {
            refuse(file, e);
            return;
        }
        List<String> before = context.getRoutes().stream().map(Route::getRouteId).toList();
        try {
            ((ModelCamelContext) context).addRouteDefinitions(definitions);
        } catch (Exception e) {
            // some routes of the file may have started before another failed: none of the file runs
            context.getRoutes().stream().map(Route::getRouteId).filter(id -> !before.contains(id)).toList().forEach(this::remove);
            refuse(file, e);
            return;
        }
        List<String> ids = context.getRoutes().stream().map(Route::getRouteId).filter(id -> !before.contains(id)).toList();
        routeIds.put(file, ids);
        problems.remove(name(file));
        LOG.info("User routes: {} loaded: {}", name(file), ids);
    }

    private List<RouteDefinition> parse(Path file) throws Exception {
        Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file.toAbsolutePath());
        List<RouteDefinition> definitions = new ArrayList<>();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource))) {
            if (!(builder instanceof RouteBuilder routes)) {
                throw new IllegalArgumentException("only routes are allowed here");
            }
            routes.configureRoutes(context);
            definitions.addAll(routes.getRouteCollection().getRoutes());
            if (!routes.getRestCollection().getRests().isEmpty()) {
                throw new IllegalArgumentException("only routes are allowed here (no rest)");
            }
        }
        for (RouteDefinition route : definitions) {
            if (route.getErrorHandler() == null && route.getErrorHandlerRef() == null) {
                // a failure goes back to Caravan, which logs it with a code and without the exception's message (an
                // endpoint URL there may be a secret), and counts it; Camel's default handler would log it all
                route.setErrorHandlerFactory(new NoErrorHandlerBuilder());
            }
        }
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("the file defines no route");
        }
        return definitions;
    }

    private void refuse(Path file, Exception e) {
        RouteFileProblem problem = RouteFileProblem.of(name(file), e);
        problems.put(name(file), problem);
        refused.run();
        LOG.error(problem.sentence());
    }

    private void removeRoutesOf(Path file) {
        List<String> ids = routeIds.remove(file);
        if (ids != null) {
            ids.forEach(this::remove);
        }
    }

    private void remove(String routeId) {
        try {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
        } catch (Exception e) {
            LOG.warn("User routes: could not remove route {}: {}", routeId, e.getMessage());
        }
    }

    private String name(Path file) {
        return folder.getFileName() == null ? file.getFileName().toString() : folder.getFileName() + "/" + file.getFileName();
    }
}
