package caravan.imports;

import caravan.asset.Asset;
import caravan.asset.Json;
import caravan.store.AssetBusy;
import caravan.store.AssetStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * On AWS, one message of the backlog queue: the line it names, read from the shared table, and what this worker does
 * with it. A QUEUED line is claimed (one worker wins) and fed as locally ({@link ItemIntake}); a line whose worker is
 * gone (its message came back: FEEDING, or IN_PIPELINE with an asset that has had no update for the lease) is taken
 * over under the asset id it already has, its source brought into this worker again, and run: one asset per line,
 * however often the message is delivered. A line still in another worker's hands leaves its message to come back
 * ({@link AssetBusy}); a line with an outcome is done. Returns the asset id to run now, or null.
 */
public final class BacklogIntake {
    private static final Logger LOG = LoggerFactory.getLogger(BacklogIntake.class);

    private final Imports imports;
    private final ItemIntake intake;
    private final AssetStore store;
    private final Clock clock;
    private final long leaseMillis;

    /** {@code leaseMillis}: how long a line or its asset must go without an update before another worker takes it over. */
    public BacklogIntake(Imports imports, ItemIntake intake, AssetStore store, Clock clock, long leaseMillis) {
        this.imports = imports;
        this.intake = intake;
        this.store = store;
        this.clock = clock;
        this.leaseMillis = leaseMillis;
    }

    public String accept(String body) throws IOException {
        JsonNode message = Json.MAPPER.readTree(body);
        String importId = message.path("importId").asText("");
        int line = message.path("line").asInt(-1);
        Optional<ImportItem> found = imports.item(importId, line);
        if (found.isEmpty()) {
            LOG.warn("A backlog message names no import line (import {}, line {}); dropped", importId.length() > 40 ? "?" : importId, line);
            return null;
        }
        ImportItem item = found.get();
        long now = clock.millis();
        switch (item.state()) {
            case QUEUED -> {
                return intake.feed(item).orElse(null);
            }
            case FEEDING -> {
                if (item.fedAt() != null && now - item.fedAt() < leaseMillis) {
                    throw new AssetBusy(item.assetId());
                }
                if (!imports.reclaim(item, now)) {
                    throw new AssetBusy(item.assetId()); // another worker took it over just now
                }
                ImportItem mine = imports.item(importId, line).orElseThrow();
                if (store.find(item.assetId()).isEmpty()) {
                    LOG.info("Import {} line {}: feeding again as asset {} (its worker is gone)", importId, line, item.assetId());
                    return intake.feed(mine).orElse(null);
                }
                imports.inPipeline(mine);
                return resume(mine);
            }
            case IN_PIPELINE -> {
                return resume(item);
            }
            default -> {
                return null; // an outcome: done already
            }
        }
    }

    /** The line's asset, run here again unless it has an outcome or another worker updated it within the lease. */
    private String resume(ImportItem item) throws IOException {
        Optional<Asset> asset = store.find(item.assetId());
        if (asset.isEmpty() || asset.get().getStatus().isOutcome()) {
            return null; // settled by the import feeder
        }
        if (asset.get().getUpdatedAt() != null && clock.millis() - asset.get().getUpdatedAt().toEpochMilli() < leaseMillis) {
            throw new AssetBusy(item.assetId());
        }
        intake.bringBack(item);
        LOG.info("Import {} line {}: resuming asset {} ({}) after its worker was gone", item.importId(), item.line(), item.assetId(),
                asset.get().getStatus());
        return item.assetId();
    }
}
