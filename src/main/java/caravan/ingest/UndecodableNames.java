package caravan.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renames inbox entries whose names are not valid UTF-8 (a Latin-1 {@code caf\xE9.mp4} from an old system).
 * Java, and so Camel's file consumer, lists such a file under a lossy name it cannot open: it would sit in the
 * inbox forever without an asset. The new name keeps every readable character and shows each undecodable byte as
 * {@code %XX} ({@code caf%E9.mp4}; {@code caf%E9-2.mp4} if that is taken), then the file is taken like any other.
 * Uploads still being written (hidden or partial names) are left alone until they are renamed by their uploader.
 */
public final class UndecodableNames {
    private static final Logger LOG = LoggerFactory.getLogger(UndecodableNames.class);
    private final Path inbox;
    private final Set<Path> failed = ConcurrentHashMap.newKeySet();

    public UndecodableNames(Path inbox) {
        this.inbox = inbox;
    }

    /** Returns how many entries were renamed. */
    public int repair() throws IOException {
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        List<Path> undecodable = new ArrayList<>();
        Files.walkFileTree(inbox, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(inbox) && isInProgress(dir)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!isInProgress(file) && !openableByName(file)) {
                    undecodable.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (!dir.equals(inbox) && !openableByName(dir)) {
                    undecodable.add(dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        int renamed = 0;
        for (Path entry : undecodable) {
            try {
                Files.move(entry, freeName(entry));
                renamed++;
            } catch (IOException | InvalidPathException e) {
                if (failed.add(entry)) {
                    LOG.warn("Could not rename an inbox entry whose name is not valid UTF-8: {}", e.getClass().getSimpleName());
                }
            }
        }
        if (renamed > 0) {
            LOG.warn("Renamed {} inbox entr{} whose name was not valid UTF-8 (undecodable bytes are now %XX)",
                    renamed, renamed == 1 ? "y" : "ies");
        }
        return renamed;
    }

    private static boolean isInProgress(Path entry) {
        String name = entry.getFileName().toString();
        return name.startsWith(".") || InboxFilter.isPartial(name);
    }

    /** Whether the name Java decoded from the directory leads back to this entry (it does not for undecodable bytes). */
    private static boolean openableByName(Path entry) {
        try {
            return Files.exists(entry.resolveSibling(entry.getFileName().toString()), LinkOption.NOFOLLOW_LINKS);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The readable name, or {@code name-2.ext}, {@code name-3.ext}... if it is taken: an upload is never overwritten. */
    private static Path freeName(Path entry) {
        String name = readableName(entry);
        Path target = entry.resolveSibling(name);
        int dot = name.lastIndexOf('.');
        for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
            target = entry.resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n);
        }
        return target;
    }

    /** The entry's name with valid UTF-8 kept and every other byte written as %XX. */
    static String readableName(Path entry) {
        return readableName(rawName(entry));
    }

    static String readableName(byte[] raw) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length + 1);
        StringBuilder name = new StringBuilder();
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            name.append(out.flip());
            out.clear();
            if (!result.isError()) {
                break;
            }
            for (int i = 0; i < result.length(); i++) {
                name.append(String.format("%%%02X", in.get() & 0xff));
            }
        }
        return name.toString();
    }

    /** The name's bytes as stored on disk: a path's URI escapes each of them that is not plain ASCII. */
    private static byte[] rawName(Path entry) {
        String uriPath = entry.toAbsolutePath().toUri().getRawPath();
        if (uriPath.endsWith("/")) {
            uriPath = uriPath.substring(0, uriPath.length() - 1);
        }
        String escaped = uriPath.substring(uriPath.lastIndexOf('/') + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '%' && i + 2 < escaped.length()) {
                bytes.write(Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }
}
