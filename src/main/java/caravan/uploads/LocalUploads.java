package caravan.uploads;

import caravan.CrashPoints;
import caravan.DataFolders;
import caravan.asset.Json;
import caravan.keys.SecretFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Local uploads (tus, {@link TusEndpoint}): each one a folder {@code <data>/uploads/<id>/} of its owner's only, with
 * {@code upload.json} (name, size, expiry), the sidecar when there is one, and {@code data}, the bytes received so far
 * (its length is the upload's offset, so an upload survives a restart). Nothing of it is in the inbox until the last
 * byte has arrived; then the sidecar and the file land there ({@link InboxLanding}) and the folder goes. An upload
 * nobody finishes is deleted once it expires ({@link #sweep}).
 */
public final class LocalUploads implements UploadTarget {
    private static final Logger LOG = LoggerFactory.getLogger(LocalUploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID = "u[0-9a-f]{32}";
    public static final String PATH = "/api/uploads/";

    private final Path root;
    private final InboxLanding landing;
    private final UploadSettings settings;
    private final Clock clock;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** An upload under way. */
    public record Upload(String id, String name, long size, Instant expiresAt, Path folder) {
        public Path data() {
            return folder.resolve("data");
        }

        Path sidecar() {
            return folder.resolve("sidecar.json");
        }

        public long offset() throws IOException {
            return Files.size(data());
        }
    }

    public LocalUploads(DataFolders folders, UploadSettings settings, Clock clock) {
        this.root = folders.root().resolve("uploads");
        this.landing = new InboxLanding(folders.inbox());
        this.settings = settings;
        this.clock = clock;
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            DataFolders.restrict(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the uploads folder under the data folder", e);
        }
    }

    public long maxFileBytes() {
        return settings.maxFileBytes();
    }

    @Override
    public UploadTicket open(UploadRequest request) {
        String id = newId();
        Path folder = root.resolve(id);
        Instant expires = clock.instant().plusSeconds(settings.expirySeconds());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (request.sidecar() != null) {
                SecretFiles.writeOwnerOnly(folder.resolve("sidecar.json"), request.sidecarBytes());
            }
            SecretFiles.writeOwnerOnly(folder.resolve("data"), new byte[0]);
            ObjectNode state = Json.MAPPER.createObjectNode().put("name", request.name()).put("size", request.size())
                    .put("expiresAt", expires.toString());
            // written last: a folder without it is a creation that did not finish, and the sweep removes it
            SecretFiles.writeOwnerOnly(folder.resolve("upload.json"), Json.MAPPER.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create an upload", e);
        }
        LOG.info("Upload {} opened ({} bytes)", id, request.size());
        return new UploadTicket(id, "tus", PATH + id, null, null, null, null, request.externalId(), request.size(),
                expires.toString(), null);
    }

    @Override
    public UploadTicket complete(String id, Map<Integer, String> etags) {
        throw new UploadRefused(409, "NOT_HERE", "Local uploads use tus (PATCH to the upload's URL); there is nothing to complete.");
    }

    /** The upload, unless the id is malformed, unknown, or expired. */
    public Optional<Upload> find(String id) {
        return stored(id).filter(upload -> upload.expiresAt().isAfter(clock.instant()));
    }

    /** The upload as stored, expired or not (a complete one is landed whatever its expiry). */
    private Optional<Upload> stored(String id) {
        if (id == null || !id.matches(ID)) {
            return Optional.empty();
        }
        Path folder = root.resolve(id);
        Path state = folder.resolve("upload.json");
        if (!Files.isRegularFile(state, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            var node = Json.MAPPER.readTree(state.toFile());
            Upload upload = new Upload(id, node.path("name").asText(), node.path("size").asLong(),
                    Instant.parse(node.path("expiresAt").asText()), folder);
            return Optional.of(upload);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Takes the upload for one PATCH at a time; false while another holds it. */
    public boolean hold(String id) {
        return busy.add(id);
    }

    public void release(String id) {
        busy.remove(id);
    }

    /**
     * Once every byte is there: the sidecar, then the file, into the inbox; the upload's folder goes. The name chosen in
     * the inbox is written down first ({@code landing}), so that a crash between the two moves is finished under the
     * same name ({@link #landFinished}): the sidecar already in the inbox is the video's, never left alone there.
     */
    public String land(Upload upload) throws IOException {
        Path marker = upload.folder().resolve("landing");
        String name = Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)
                ? Files.readString(marker, StandardCharsets.UTF_8).strip() : landing.choose(upload.name());
        SecretFiles.writeOwnerOnly(marker, name.getBytes(StandardCharsets.UTF_8));
        if (Files.exists(upload.sidecar(), LinkOption.NOFOLLOW_LINKS)) {
            landing.landSidecar(name, upload.sidecar());
            CrashPoints.reached(CrashPoints.UPLOAD_SIDECAR_LANDED);
        }
        landing.landVideo(name, upload.data());
        DataFolders.deleteTree(upload.folder());
        LOG.info("Upload {} complete: in the inbox, taken from there by the pipeline", upload.id());
        return name;
    }

    /**
     * Lands every upload that has all its bytes but is not in the inbox: one whose last PATCH was stored when the
     * process stopped before landing it, or whose landing a crash cut between the sidecar and the video. Run when
     * Caravan starts and with every sweep; returns how many landed.
     */
    public int landFinished() throws IOException {
        int landed = 0;
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.toList()) {
                String id = folder.getFileName().toString();
                if (!id.matches(ID) || !hold(id)) {
                    continue;
                }
                try {
                    Optional<Upload> upload = stored(id);
                    if (upload.isPresent() && (Files.exists(folder.resolve("landing"), LinkOption.NOFOLLOW_LINKS)
                            || upload.get().offset() == upload.get().size())) {
                        land(upload.get());
                        landed++;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Upload {} has all its bytes but could not be landed in the inbox; tried again at the next sweep", id, e);
                } finally {
                    release(id);
                }
            }
        }
        return landed;
    }

    /** tus termination: the upload and its bytes are deleted. */
    public boolean delete(String id) throws IOException {
        Optional<Upload> upload = find(id);
        if (upload.isEmpty() || !hold(id)) {
            return false;
        }
        try {
            DataFolders.deleteTree(upload.get().folder());
        } finally {
            release(id);
        }
        LOG.info("Upload {} deleted by its client", id);
        return true;
    }

    /** Deletes expired uploads (and creations that never finished); returns how many went. */
    public int sweep() throws IOException {
        landFinished();
        int swept = 0;
        Instant now = clock.instant();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.toList()) {
                String id = folder.getFileName().toString();
                if (!id.matches(ID) || busy.contains(id) || find(id).isPresent()) {
                    continue;
                }
                boolean unfinishedCreation = !Files.exists(folder.resolve("upload.json"));
                if (unfinishedCreation && Files.getLastModifiedTime(folder).toInstant().plusSeconds(60).isAfter(now)) {
                    continue; // being created right now
                }
                DataFolders.deleteTree(folder);
                swept++;
                LOG.info("Upload {} expired unfinished; deleted", id);
            }
        }
        return swept;
    }

    private static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "u" + HexFormat.of().formatHex(b);
    }
}
