package caravan.imports;

import caravan.api.ApiResponses;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/imports} (a manifest: CSV or JSON Lines; {@code ?dryRun=true} for an estimate only),
 * {@code GET /api/imports/{id}} (progress) and {@code GET /api/imports/{id}/report.csv} (each line's outcome).
 * The import's id is derived from the manifest's bytes, so posting it again continues the same import and adds nothing.
 */
public final class ImportApi {
    private static final Logger LOG = LoggerFactory.getLogger(ImportApi.class);
    private static final int LIST_LIMIT = 20;
    private final Imports imports;
    private final ManifestReader reader;
    private final ImportSealing sealing;
    private final ImportEstimator estimator;
    private final Clock clock;
    private final LineDispatch dispatch;

    public ImportApi(Imports imports, ManifestReader reader, ImportSealing sealing, ImportEstimator estimator, Clock clock,
                     LineDispatch dispatch) {
        this.imports = imports;
        this.reader = reader;
        this.sealing = sealing;
        this.estimator = estimator;
        this.clock = clock;
        this.dispatch = dispatch;
    }

    public void post(Exchange exchange) throws Exception {
        Optional<ManifestFormat> format = ManifestFormat.ofContentType(exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class));
        boolean dryRun = "true".equalsIgnoreCase(exchange.getIn().getHeader("dryRun", "false", String.class));
        if (format.isEmpty()) {
            ApiResponses.error(exchange, 415, "UNSUPPORTED_MEDIA_TYPE",
                    "Send the manifest as text/csv (header source,external_id,metadata) or application/x-ndjson (JSON Lines).");
            return;
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body == null || body.length == 0) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST", "The manifest is empty.");
            return;
        }
        if (!dryRun && !dispatch.available()) {
            ApiResponses.error(exchange, 503, "IMPORTS_UNAVAILABLE", "Imports on AWS need the backlog queue: set caravan.aws.backlogQueue"
                    + " (CARAVAN_BACKLOG_QUEUE) on the workers; a dry run works without it.");
            return;
        }
        String id = importId(format.get(), body);
        if (!dryRun && imports.find(id).isPresent()) {
            respondQueued(exchange, id); // posted again: lines a crash kept off the backlog queue are sent again
            return;
        }
        Manifest manifest;
        try {
            manifest = reader.read(new String(body, StandardCharsets.UTF_8), format.get());
        } catch (BadManifest e) {
            ApiResponses.error(exchange, 400, "BAD_MANIFEST", e.getMessage());
            return;
        }
        if (dryRun) {
            ApiResponses.json(exchange, 200, estimator.estimate(manifest));
            return;
        }
        List<ImportItem> items = new ArrayList<>();
        for (ManifestLine l : manifest.lines()) {
            items.add(new ImportItem(0, id, l.line(), l.source().key(), l.externalId(), sealing.seal(id, l.line(), l.metadata()),
                    ItemState.QUEUED, null, null, null, null, null, null));
        }
        for (LineProblem p : manifest.problems()) {
            items.add(new ImportItem(0, id, p.line(), p.source() == null ? "" : p.source(), null, null, ItemState.REJECTED, null,
                    p.code().name(), p.reason(), null, null, null));
        }
        items.sort(java.util.Comparator.comparingInt(ImportItem::line));
        if (imports.create(id, clock.millis(), items)) {
            LOG.info("Import {}: {} line(s) queued, {} rejected", id, manifest.lines().size(), manifest.problems().size());
        }
        respondQueued(exchange, id);
    }

    private void respondQueued(Exchange exchange, String id) {
        List<ImportItem> all = imports.items(id);
        dispatch.dispatch(all.stream().filter(i -> i.state() == ItemState.QUEUED).toList());
        ApiResponses.json(exchange, 202, ImportStatus.of(id, all, clock.millis()));
    }

    /** {@code GET /api/imports}: the newest imports with their progress (rejected lines counted, not listed). */
    public void list(Exchange exchange) {
        List<ImportStatus> recent = new ArrayList<>();
        for (String id : imports.newest(LIST_LIMIT)) {
            recent.add(ImportStatus.of(id, imports.items(id), clock.millis()).withoutProblems());
        }
        ApiResponses.json(exchange, 200, new ImportList(recent));
    }

    public void get(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", "", String.class);
        if (imports.find(id).isEmpty()) {
            ApiResponses.error(exchange, 404, "NOT_FOUND", "No import with that id.");
            return;
        }
        ApiResponses.json(exchange, 200, ImportStatus.of(id, imports.items(id), clock.millis()));
    }

    public void report(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", "", String.class);
        if (imports.find(id).isEmpty()) {
            ApiResponses.error(exchange, 404, "NOT_FOUND", "No import with that id.");
            return;
        }
        String csv = ImportReport.csv(imports.items(id));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(csv);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + id + "-report.csv\"");
    }

    /** The same manifest (bytes and type) is the same import. */
    static String importId(ManifestFormat format, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(format.name().getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(body);
            return "imp" + HexFormat.of().formatHex(d.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
