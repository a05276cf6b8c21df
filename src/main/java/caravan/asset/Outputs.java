package caravan.asset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Everything published for an asset besides its ladder. Every path is relative to the asset's published folder
 * (where {@code master.m3u8} is), and every file is served by the media origin to a grant for the asset only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Outputs(Poster poster, Thumbnails thumbnails, Storyboard storyboard, List<Caption> captions,
                      Download download, List<AudioRendition> audio) {

    public static final Outputs NONE = new Outputs(null, null, null, null, null, null);

    @JsonCreator
    public Outputs {
    }

    public Outputs(Poster poster, Thumbnails thumbnails, Storyboard storyboard, List<Caption> captions, Download download) {
        this(poster, thumbnails, storyboard, captions, download, null);
    }

    /**
     * A representative picture in two sizes. {@code from} is {@code frame} (a picture of the video, taken at
     * {@code atSeconds}) or {@code waveform} (for audio-only uploads).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Poster(String from, Double atSeconds, Image large, Image small) {
    }

    public record Image(String path, int width, int height) {
    }

    /** One JPEG every {@code intervalSeconds}; {@code vtt} maps each time range to its picture. */
    public record Thumbnails(String vtt, double intervalSeconds, int count, int width, int height) {
    }

    /**
     * Small pictures every {@code intervalSeconds} tiled into sprite sheets ({@code columns} per row); {@code vtt}
     * maps each time range to {@code sprite.jpg#xywh=x,y,w,h}, as players use for previews on the scrub bar.
     */
    public record Storyboard(String vtt, List<String> sprites, double intervalSeconds, int count, int tileWidth,
                             int tileHeight, int columns) {
    }

    /**
     * A WebVTT caption track in the master playlist's SUBTITLES group. {@code origin} is {@code sidecar} (a file
     * dropped beside the video) or {@code embedded} (a text track in the upload). {@code sdh}: captions for the deaf
     * and hard of hearing (a sidecar named {@code NAME.<lang>.sdh.vtt}), marked so in the master playlist.
     */
    public record Caption(String language, String name, String origin, String playlist, String vtt, int cues, boolean sdh) {
        @JsonCreator
        public Caption {
        }

        public Caption(String language, String name, String origin, String playlist, String vtt, int cues) {
            this(language, name, origin, playlist, vtt, cues, false);
        }
    }

    /**
     * An audio track of the upload published as its own rendition: a media playlist in the master's AUDIO group (a
     * video's variants carry no sound and play with one of these), encoded once. {@code track} is the upload's audio
     * stream ({@code 0:a:N}); {@code language} a BCP 47 tag ({@code und} when unknown); {@code name} what a player's
     * menu shows; {@code describesVideo}: an audio description, marked so in the master.
     */
    public record AudioRendition(String playlist, int track, String language, String name, boolean isDefault, int channels,
                                 boolean describesVideo) {
        /** The rendition's folder in the published folder. */
        public String folder() {
            return playlist.substring(0, playlist.indexOf('/'));
        }
    }

    /** A progressive MP4 (moov first) of one rendition, for offline viewing. */
    public record Download(String path, String rendition, long bytes) {
    }

    public static Outputs orNone(Outputs outputs) {
        return outputs == null ? NONE : outputs;
    }

    public Outputs withPoster(Poster p) {
        return new Outputs(p, thumbnails, storyboard, captions, download, audio);
    }

    public Outputs withThumbnails(Thumbnails t) {
        return new Outputs(poster, t, storyboard, captions, download, audio);
    }

    public Outputs withStoryboard(Storyboard s) {
        return new Outputs(poster, thumbnails, s, captions, download, audio);
    }

    public Outputs withCaptions(List<Caption> c) {
        return new Outputs(poster, thumbnails, storyboard, c == null ? null : List.copyOf(c), download, audio);
    }

    public Outputs withDownload(Download d) {
        return new Outputs(poster, thumbnails, storyboard, captions, d, audio);
    }

    public Outputs withAudio(List<AudioRendition> a) {
        return new Outputs(poster, thumbnails, storyboard, captions, download, a == null || a.isEmpty() ? null : List.copyOf(a));
    }
}
