package caravan.outputs;

import caravan.OutputFolders;
import caravan.asset.Asset;
import caravan.asset.Outputs;
import caravan.asset.Outputs.Image;
import caravan.asset.Outputs.Poster;
import caravan.store.AssetStore;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * The poster: of the candidates the transcode pass took across the video, the sharpest that is neither dark nor
 * blank (so a black or fading start is skipped), published at the top rung's size and at a small size for lists.
 * If every candidate is dark or blank, the brightest, most contrasted one. An audio-only upload gets its waveform.
 */
public final class PosterPicker {
    private static final Logger LOG = LoggerFactory.getLogger(PosterPicker.class);
    static final int SMALL_BOX = 320;
    static final Color WAVEFORM_BACKGROUND = new Color(0x0f, 0x17, 0x2a);

    private final OutputFolders files;
    private final AssetStore store;

    public PosterPicker(OutputFolders files, AssetStore store) {
        this.files = files;
        this.store = store;
    }

    public void pick(@Header(ASSET_ID) String id) throws IOException {
        Path published = files.published(id);
        Poster poster;
        if (Files.isRegularFile(files.waveform(id))) {
            BufferedImage large = Pictures.onBackground(Pictures.read(files.waveform(id)), WAVEFORM_BACKGROUND);
            Pictures.writeJpeg(large, published.resolve(OutputFolders.POSTER));
            poster = new Poster("waveform", null, image(OutputFolders.POSTER, large), small(large, published));
        } else {
            List<Path> candidates = candidates(files.posterCandidates(id));
            if (candidates.isEmpty()) {
                return;
            }
            int best = best(candidates);
            BufferedImage large = Pictures.read(candidates.get(best));
            Files.copy(candidates.get(best), published.resolve(OutputFolders.POSTER), StandardCopyOption.REPLACE_EXISTING);
            Asset asset = store.find(id).orElseThrow();
            double duration = asset.getProbe().durationSeconds();
            double at = duration / OutputsPlanner.POSTER_CANDIDATES * best; // the first frame of its twelfth of the video
            poster = new Poster("frame", Math.round(at * 1000) / 1000.0, image(OutputFolders.POSTER, large), small(large, published));
            LOG.debug("Poster of asset {}: candidate {} of {} at {} s", id, best + 1, candidates.size(), at);
        }
        Poster chosen = poster;
        store.update(id, a -> a.setOutputs(Outputs.orNone(a.getOutputs()).withPoster(chosen)));
    }

    /** The index of the best candidate: the sharpest usable one, or failing that the brightest and most contrasted. */
    static int best(List<Path> candidates) throws IOException {
        int best = -1;
        double bestSharpness = -1;
        int fallback = 0;
        double fallbackScore = -1;
        List<FrameScore> scores = scores(candidates);
        for (int i = 0; i < candidates.size(); i++) {
            FrameScore score = scores.get(i);
            if (score.usable() && score.sharpness() > bestSharpness) {
                best = i;
                bestSharpness = score.sharpness();
            }
            if (score.meanLuma() + score.contrast() > fallbackScore) {
                fallback = i;
                fallbackScore = score.meanLuma() + score.contrast();
            }
        }
        return best >= 0 ? best : fallback;
    }

    /** The candidates' scores, decoded and measured on every core (a dozen 720p JPEGs). */
    private static List<FrameScore> scores(List<Path> candidates) throws IOException {
        try {
            return candidates.parallelStream().map(c -> {
                try {
                    return FrameScore.of(Pictures.read(c));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Image small(BufferedImage large, Path published) throws IOException {
        int[] size = OutputsPlanner.fit(large.getWidth(), large.getHeight(), SMALL_BOX);
        BufferedImage small = Pictures.scaled(large, size[0], size[1]);
        Pictures.writeJpeg(small, published.resolve(OutputFolders.POSTER_SMALL));
        return image(OutputFolders.POSTER_SMALL, small);
    }

    private static Image image(String path, BufferedImage picture) {
        return new Image(path, picture.getWidth(), picture.getHeight());
    }

    static List<Path> candidates(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "candidate_*.jpg")) {
            files.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
