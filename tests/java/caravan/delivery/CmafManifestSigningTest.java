package caravan.delivery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Players that cannot keep cookies get CMAF manifests whose URIs carry the grant: the HLS init segments, not the
 * ClearKey {@code data:} URI (which carries the KID itself); the DASH segment templates, XML-escaped; and the MPD is
 * served as {@code application/dash+xml}, fMP4 as {@code video/mp4}.
 */
class CmafManifestSigningTest {
    private static final String GRANT = "Policy=p~1&Signature=s_2&Key-Pair-Id=K";

    @Test
    void hlsMediaPlaylistSignsInitAndSegmentsButNotTheDataUri() {
        String playlist = String.join("\n", "#EXTM3U", "#EXT-X-VERSION:6",
                "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,KEYFORMAT=\"org.w3.clearkey\",KEYFORMATVERSIONS=\"1\",URI=\"data:text/plain;base64,ASNFZ4mrze8BI0VniavN7w==\"",
                "#EXT-X-MAP:URI=\"init-0.mp4\"", "#EXTINF:6.000000,", "seg-0-00001.m4s", "#EXT-X-ENDLIST");
        String signed = PlaylistRewriter.withQuery(playlist, GRANT);
        assertThat(signed).contains("URI=\"data:text/plain;base64,ASNFZ4mrze8BI0VniavN7w==\"", "URI=\"init-0.mp4?" + GRANT + "\"",
                "seg-0-00001.m4s?" + GRANT);
    }

    @Test
    void mpdSegmentTemplatesCarryTheGrantXmlEscaped() {
        String mpd = "<MPD mediaPresentationDuration=\"PT7.0S\"><Period><AdaptationSet><Representation id=\"0\">"
                + "<SegmentTemplate timescale=\"12800\" initialization=\"init-$RepresentationID$.mp4\" media=\"seg-$RepresentationID$-$Number%05d$.m4s\" startNumber=\"1\"/>"
                + "</Representation></AdaptationSet></Period></MPD>";
        String signed = PlaylistRewriter.mpdWithQuery(mpd, GRANT);
        String escaped = "Policy=p~1&amp;Signature=s_2&amp;Key-Pair-Id=K";
        assertThat(signed).contains("initialization=\"init-$RepresentationID$.mp4?" + escaped + "\"",
                "media=\"seg-$RepresentationID$-$Number%05d$.m4s?" + escaped + "\"", "mediaPresentationDuration=\"PT7.0S\"");
    }

    @Test
    void cmafFilesHaveTheirContentTypes() {
        assertThat(MediaOrigin.contentType("manifest.mpd")).isEqualTo("application/dash+xml");
        assertThat(MediaOrigin.contentType("init-0.mp4")).isEqualTo("video/mp4");
        assertThat(MediaOrigin.contentType("seg-0-00001.m4s")).isEqualTo("video/mp4");
    }
}
