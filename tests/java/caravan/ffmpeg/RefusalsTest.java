package caravan.ffmpeg;

import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stderr lines are real ffprobe/ffmpeg 8.0.1 output on hostile inputs (paths shortened). */
class RefusalsTest {
    private static final String WHITELIST = "'mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mpeg,mp3,aac,wav,flac,ogg,avi,mxf'";

    private static RejectedInput refusal(String stderr) {
        return Refusals.in(stderr).orElseThrow(() -> new AssertionError("no refusal found in: " + stderr));
    }

    @Test
    void aListOfOtherFilesIsAPlaylistNotMedia() {
        RejectedInput r = refusal("[concat @ 0x562bbe1ec180] Format not on whitelist " + WHITELIST + "\n"
                + "file:/data/work/a1/source: Invalid argument\n");

        assertThat(r.code()).isEqualTo(ErrorCode.PLAYLIST_NOT_MEDIA);
        assertThat(r.getMessage()).startsWith("The file is an ffconcat list").contains("Upload the video or audio file itself");
        assertThat(refusal("[dash @ 0x5564499c6180] Format not on whitelist " + WHITELIST).getMessage()).contains("DASH manifest");
        assertThat(refusal("[sdp @ 0x556d87361180] Format not on whitelist " + WHITELIST).code()).isEqualTo(ErrorCode.PLAYLIST_NOT_MEDIA);
    }

    @Test
    void aNestedUrlStoppedByTheProtocolWhitelistIsAPlaylistNotMedia() {
        RejectedInput r = refusal("[concat @ 0x55] Protocol 'subfile' not on whitelist 'file'!\n");

        assertThat(r.code()).isEqualTo(ErrorCode.PLAYLIST_NOT_MEDIA);
        assertThat(r.getMessage()).contains("'subfile:'");
    }

    @Test
    void anyOtherDemuxerOffTheListIsAFormatNotAllowedAndNamed() {
        RejectedInput r = refusal("[gif @ 0x5645c3ac9080] Format not on whitelist " + WHITELIST + "\nfile:/x: Invalid argument\n");

        assertThat(r.code()).isEqualTo(ErrorCode.FORMAT_NOT_ALLOWED);
        assertThat(r.getMessage()).contains("'gif'").contains("Convert it to MP4").doesNotContain("/x");
        assertThat(refusal("[png_pipe @ 0x55c609fcb080] Format not on whitelist " + WHITELIST).getMessage()).contains("'png_pipe'");
    }

    @Test
    void aPictureTheDecoderRefusedIsOverThePixelLimit() {
        RejectedInput r = refusal("[mjpeg @ 0x55c0d8b83740] [IMGUTILS @ 0x7fccf272a810] Picture size 8192x8192 exceeds specified"
                + " max pixel count 9437184, see the documentation if you wish to increase it\n"
                + "[vist#0:0/mjpeg @ 0x55c0d8b74980] [dec:mjpeg @ 0x55c0d8b82440] Error submitting packet to decoder: Invalid argument\n");

        assertThat(r.code()).isEqualTo(ErrorCode.PIXEL_LIMIT);
        assertThat(r.getMessage()).isEqualTo("The file contains a 8192x8192 picture (67108864 pixels); the limit is 9437184 pixels.");
    }

    @Test
    void ordinaryDamageIsNotARefusal() {
        assertThat(Refusals.in("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55] moov atom not found\nfile:/x: Invalid data found when processing input\n"))
                .isEmpty();
        assertThat(Refusals.in("")).isEmpty();
        assertThat(Refusals.in(null)).isEmpty();
    }
}
