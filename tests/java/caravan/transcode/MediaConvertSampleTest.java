package caravan.transcode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the worker reads of a finished MediaConvert job: the windows quality is sampled in, just the segments that
 * cover each, the frame-capture rates, and a master it can rewrite as often as a finish runs again.
 */
class MediaConvertSampleTest {

    @Test
    void threeTwoSecondWindowsSpreadOverTheVideoAndFewerInAShortOne() {
        assertThat(SampleWindows.across(60).starts()).containsExactly(9.0, 29.0, 49.0);
        assertThat(SampleWindows.across(60).seconds()).isEqualTo(2.0);
        assertThat(SampleWindows.across(3).starts()).containsExactly(0.0);
        assertThat(SampleWindows.across(1).seconds()).isEqualTo(1.0);
    }

    @Test
    void aWindowIsReadFromJustTheSegmentsThatCoverIt() {
        SegmentTimeline t = SegmentTimeline.of("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:METHOD=AES-128,URI=\"/keys/a\"\n"
                + "#EXTINF:6.000,\nm_00001.ts\n#EXTINF:6.000,\nm_00002.ts\n#EXTINF:6.000,\nm_00003.ts\n#EXTINF:2.5,\nm_00004.ts\n#EXT-X-ENDLIST\n");
        assertThat(t.uris()).containsExactly("m_00001.ts", "m_00002.ts", "m_00003.ts", "m_00004.ts");
        assertThat(t.cover(1, 2)).isEqualTo(new SegmentTimeline.Cover(0, 0, 1.0));
        assertThat(t.cover(5, 2)).isEqualTo(new SegmentTimeline.Cover(0, 1, 5.0));
        assertThat(t.cover(12, 2)).isEqualTo(new SegmentTimeline.Cover(2, 2, 0.0));
        assertThat(t.cover(18.5, 2)).isEqualTo(new SegmentTimeline.Cover(3, 3, 0.5));
    }

    @Test
    void capturesComeEveryIntervalFromZeroAndCoverTheVideo() {
        FrameCapture thumbs = FrameCapture.every(FrameCapture.THUMBNAIL, 320, 180, 10, 95);
        assertThat(thumbs.fpsNumerator()).isEqualTo(1000);
        assertThat(thumbs.fpsDenominator()).isEqualTo(10_000);
        assertThat(thumbs.maxCaptures()).isEqualTo(10);
        assertThat(FrameCapture.every(FrameCapture.TILE, 160, 90, 5, 10).maxCaptures()).isEqualTo(2);
    }

    @Test
    void aRewrittenMasterLosesItsSubtitlesGroupSoItIsAddedOnlyOnce() {
        String mediaConvert = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360\nmaster_360p.m3u8\n";
        String rewritten = "#EXTM3U\n#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\",NAME=\"English\",LANGUAGE=\"en\",URI=\"captions/en/index.m3u8\"\n"
                + "\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,SUBTITLES=\"captions\"\nmaster_360p.m3u8\n";
        assertThat(MediaConvertMaster.withoutSubtitles(rewritten)).isEqualTo(mediaConvert);
        assertThat(MediaConvertMaster.withoutSubtitles(mediaConvert)).isEqualTo(mediaConvert);
    }
}
