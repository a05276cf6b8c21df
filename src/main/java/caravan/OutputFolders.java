package caravan;


import java.nio.file.Path;

/**
 * Where the outputs' files are. Intermediate files (poster candidates, storyboard tiles, quality statistics) are in
 * the asset's work folder and never published; finished ones are in the folder that is published ({@code hls/}).
 */
public record OutputFolders(DataFolders folders) {
    public static final String POSTER = "poster.jpg";
    public static final String POSTER_SMALL = "poster-small.jpg";
    public static final String THUMBNAILS = "thumbnails";
    public static final String STORYBOARD = "storyboard";
    public static final String CAPTIONS = "captions";
    /** The quality statistics' folder, relative to the work folder (the transcode pass runs there). */
    public static final String QUALITY = "quality";

    public Path published(String assetId) {
        return folders.transcodeOutput(assetId);
    }

    public Path posterCandidates(String assetId) {
        return folders.workDir(assetId).resolve("poster-candidates");
    }

    public Path waveform(String assetId) {
        return posterCandidates(assetId).resolve("waveform.png");
    }

    public Path storyboardTiles(String assetId) {
        return folders.workDir(assetId).resolve("storyboard-tiles");
    }

    public Path qualityStats(String assetId) {
        return folders.workDir(assetId).resolve(QUALITY);
    }

    public Path embeddedCaptions(String assetId) {
        return folders.workDir(assetId).resolve("embedded-captions");
    }

    public Path clearDownload(String assetId) {
        return folders.workDir(assetId).resolve("download.ts");
    }
}
