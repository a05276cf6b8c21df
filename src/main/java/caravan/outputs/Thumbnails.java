package caravan.outputs;

import caravan.OutputFolders;
import caravan.asset.Outputs;
import caravan.store.AssetStore;
import org.apache.camel.Header;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * The thumbnails the transcode pass wrote (one every N seconds, {@code thumbnails/thumb_00001.jpg} at 0 s) get an
 * index, {@code thumbnails/thumbnails.vtt}, that maps each time range to its picture.
 */
public final class Thumbnails {
    static final String VTT = "thumbnails.vtt";

    private final OutputFolders files;
    private final AssetStore store;
    private final double intervalSeconds;

    public Thumbnails(OutputFolders files, AssetStore store, double intervalSeconds) {
        this.files = files;
        this.store = store;
        this.intervalSeconds = intervalSeconds;
    }

    public void index(@Header(ASSET_ID) String id) throws IOException {
        Path folder = files.published(id).resolve(OutputFolders.THUMBNAILS);
        List<Path> pictures = list(folder, "thumb_*.jpg");
        if (pictures.isEmpty()) {
            Files.deleteIfExists(folder);
            return;
        }
        double duration = store.find(id).orElseThrow().getProbe().durationSeconds();
        List<PreviewVtt.Cue> cues = new ArrayList<>();
        for (int k = 0; k < pictures.size(); k++) {
            double[] range = PreviewVtt.range(k, intervalSeconds, duration);
            if (range == null) {
                Files.delete(pictures.get(k));
                continue;
            }
            cues.add(new PreviewVtt.Cue(range[0], range[1], pictures.get(k).getFileName().toString()));
        }
        Files.writeString(folder.resolve(VTT), PreviewVtt.of(cues), StandardCharsets.UTF_8);
        BufferedImage first = Pictures.read(pictures.get(0));
        Outputs.Thumbnails thumbnails = new Outputs.Thumbnails(OutputFolders.THUMBNAILS + "/" + VTT, intervalSeconds,
                cues.size(), first.getWidth(), first.getHeight());
        store.update(id, a -> a.setOutputs(Outputs.orNone(a.getOutputs()).withThumbnails(thumbnails)));
    }

    static List<Path> list(Path folder, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, glob)) {
            files.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
