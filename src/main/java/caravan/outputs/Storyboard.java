package caravan.outputs;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.asset.Outputs;
import caravan.store.AssetStore;
import org.apache.camel.Header;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * The storyboard: the small tiles the transcode pass took every N seconds, laid out left to right and top to bottom
 * on sprite sheets of at most {@value #COLUMNS}×{@value #ROWS} tiles ({@code storyboard/sprite_001.jpg}, ...), and
 * {@code storyboard/storyboard.vtt}, whose cues point at each tile as {@code sprite_001.jpg#xywh=x,y,w,h}.
 * Sheets are sized to the tiles they hold, so every region lies inside its sheet.
 */
public final class Storyboard {
    static final int COLUMNS = 10;
    static final int ROWS = 10;
    static final String VTT = "storyboard.vtt";

    private final OutputFolders files;
    private final AssetStore store;
    private final double intervalSeconds;

    public Storyboard(OutputFolders files, AssetStore store, double intervalSeconds) {
        this.files = files;
        this.store = store;
        this.intervalSeconds = intervalSeconds;
    }

    public void write(@Header(ASSET_ID) String id) throws IOException {
        List<Path> tiles = Thumbnails.list(files.storyboardTiles(id), "tile_*.jpg");
        if (tiles.isEmpty()) {
            return;
        }
        double duration = store.find(id).orElseThrow().getProbe().durationSeconds();
        int count = 0;
        while (count < tiles.size() && PreviewVtt.range(count, intervalSeconds, duration) != null) {
            count++;
        }
        Path folder = files.published(id).resolve(OutputFolders.STORYBOARD);
        DataFolders.deleteTree(folder);
        Files.createDirectories(folder);
        BufferedImage first = Pictures.read(tiles.get(0));
        int w = first.getWidth();
        int h = first.getHeight();
        int perSheet = COLUMNS * ROWS;
        List<String> sprites = new ArrayList<>();
        List<PreviewVtt.Cue> cues = new ArrayList<>();
        for (int sheetStart = 0; sheetStart < count; sheetStart += perSheet) {
            int inSheet = Math.min(perSheet, count - sheetStart);
            int columns = Math.min(COLUMNS, count);
            int rows = (inSheet + columns - 1) / columns;
            String name = String.format(Locale.ROOT, "sprite_%03d.jpg", sprites.size() + 1);
            BufferedImage sheet = new BufferedImage(columns * w, rows * h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = sheet.createGraphics();
            try {
                for (int i = 0; i < inSheet; i++) {
                    int x = i % columns * w;
                    int y = i / columns * h;
                    g.drawImage(Pictures.scaled(Pictures.read(tiles.get(sheetStart + i)), w, h), x, y, null);
                    double[] range = PreviewVtt.range(sheetStart + i, intervalSeconds, duration);
                    cues.add(new PreviewVtt.Cue(range[0], range[1], name + "#xywh=" + x + "," + y + "," + w + "," + h));
                }
            } finally {
                g.dispose();
            }
            Pictures.writeJpeg(sheet, folder.resolve(name));
            sprites.add(OutputFolders.STORYBOARD + "/" + name);
        }
        Files.writeString(folder.resolve(VTT), PreviewVtt.of(cues), StandardCharsets.UTF_8);
        Outputs.Storyboard storyboard = new Outputs.Storyboard(OutputFolders.STORYBOARD + "/" + VTT, List.copyOf(sprites),
                intervalSeconds, count, w, h, Math.min(COLUMNS, count));
        store.update(id, a -> a.setOutputs(Outputs.orNone(a.getOutputs()).withStoryboard(storyboard)));
    }
}
